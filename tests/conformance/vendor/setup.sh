#!/usr/bin/env bash
# The vendor's other clients for the conformance tests, from Debian's archive (docs/protocol/XERUS-PROTOCOL.md
# section 15): the Python bindings 4.0.20 (python3-raritan-json-rpc) and the Perl bindings with their demo
# scripts (libraritan-rpc-perl), downloaded with apt-get and unpacked into a cache folder (nothing installed
# system-wide); the Perl modules those bindings and the demo use are installed with apt-get when missing.
#
# Prints the cache folder on stdout (the unpacked tree is under <cache>/root).  Idempotent; quick once done.
#   XERUS_VENDOR_CACHE  cache folder (default ~/.cache/xerus-pdu/vendor)
set -euo pipefail

CACHE=${XERUS_VENDOR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xerus-pdu/vendor}
PACKAGES=(python3-raritan-json-rpc libraritan-rpc-perl)
# Perl modules `use`d by the bindings (Raritan::RPC) and the demo scripts, and their Debian packages.
PERL_MODULES=(JSON LWP::UserAgent LWP::Protocol::https HTTP::Request::Common JSON::RPC::Common::Marshal::HTTP
              Error Sys::SigAction)
DEMO_ONLY_PACKAGES=(libsys-sigaction-perl)   # px2_bulk_update_demo.pl's timeout helper

say() { echo "vendor setup: $*" >&2; }

apt_lists_ready() {
    apt-cache show "${PACKAGES[0]}" >/dev/null 2>&1
}

ensure_apt_lists() {
    apt_lists_ready && return 0
    if [ "$(id -u)" = 0 ]; then
        say "apt-get update (package lists missing)"
        apt-get update -qq >&2 || true
    fi
    apt_lists_ready
}

unpack_bindings() {
    local stamp="$CACHE/.unpacked-${PACKAGES[*]// /-}"
    [ -f "$stamp" ] && return 0
    ensure_apt_lists || { say "apt cannot find ${PACKAGES[*]} (no Debian package lists)"; return 1; }
    local download
    download=$(mktemp -d)
    # _apt cannot write into a root-owned mktemp folder; let it.
    chmod 0777 "$download"
    (cd "$download" && apt-get download -q "${PACKAGES[@]}" >&2)
    rm -rf "$CACHE/root"
    mkdir -p "$CACHE/root"
    for deb in "$download"/*.deb; do
        dpkg-deb -x "$deb" "$CACHE/root"
    done
    rm -rf "$download"
    touch "$stamp"
    say "unpacked ${PACKAGES[*]} into $CACHE/root"
}

missing_perl_modules() {
    local module
    for module in "${PERL_MODULES[@]}"; do
        perl -M"$module" -e 1 2>/dev/null || echo "$module"
    done
}

perl_dependency_packages() {
    # What libraritan-rpc-perl itself depends on (perl aside), plus what the demo script uses.
    apt-cache depends --no-recommends --no-suggests libraritan-rpc-perl 2>/dev/null \
        | awk '$1 == "Depends:" && $2 !~ /^<?perl/ {print $2}'
    printf '%s\n' "${DEMO_ONLY_PACKAGES[@]}"
}

install_perl_modules() {
    local missing
    missing=$(missing_perl_modules)
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        say "Perl modules missing and no root apt-get to install them: $(echo $missing)"
        return 0
    fi
    ensure_apt_lists || true
    local packages
    mapfile -t packages < <(perl_dependency_packages | sort -u)
    say "installing Perl modules for the vendor's Perl bindings: ${packages[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
}

mkdir -p "$CACHE"
unpack_bindings
install_perl_modules
echo "$CACHE"
