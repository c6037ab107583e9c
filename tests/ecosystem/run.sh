#!/usr/bin/env bash
# Ecosystem checks run by `make test`: execution environment context, changelog
# lint, collection docs lint, Galaxy build + install into a fresh path, and the
# AWX credential type's shape. Run from the repository root with the venv on PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
step() { printf '==> ecosystem: %s\n' "$*"; }

step "ansible-builder create (no network, no container engine)"
ansible-builder create -f execution-environment.yml --context "$work/ee" --output-filename Containerfile >"$work/builder.log" 2>&1 \
    || { cat "$work/builder.log"; exit 1; }
test -s "$work/ee/Containerfile"
grep -q "bindep" "$work/ee/Containerfile"
echo "build context: $(find "$work/ee" -type f | wc -l) files"

step "antsibull-changelog lint"
antsibull-changelog lint

step "ansible-galaxy collection build"
ansible-galaxy collection build --output-path "$work/dist" . >/dev/null
tarball="$(ls "$work"/dist/xerus-pdu-*.tar.gz)"
echo "built $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB)"
if tar -tzf "$tarball" | grep -E '^(simulator|bench|\.venv|\.collections|\.build|tests/output)/'; then
    echo "the tarball holds files that build_ignore should exclude" >&2
    exit 1
fi

step "install into a fresh collections path; ansible-doc lists every module"
ANSIBLE_COLLECTIONS_PATH="$work/installed" ansible-galaxy collection install --force -p "$work/installed" "$tarball" >/dev/null
listed="$(ANSIBLE_COLLECTIONS_PATH="$work/installed" ansible-doc -l xerus.pdu)"
for module in $(python3 -c 'import yaml,sys; print(" ".join(yaml.safe_load(open("meta/runtime.yml"))["action_groups"]["xerus"]))'); do
    grep -q "^xerus.pdu.$module " <<<"$listed" || { echo "ansible-doc -l does not list $module" >&2; exit 1; }
done
ANSIBLE_COLLECTIONS_PATH="$work/installed" ansible-doc -t inventory -l xerus.pdu | grep -q "xerus.pdu.xerus_zeroconf"
echo "$listed"

step "antsibull-docs lint-collection-docs"
antsibull-docs lint-collection-docs --plugin-docs "$work/installed/ansible_collections/xerus/pdu"

step "AWX credential type injects the variables the plugins read"
python3 - <<'PY'
import yaml
ct = yaml.safe_load(open("extensions/awx/credential_type.yml"))
env = ct["injectors"]["env"]
for name in ("XERUS_USERNAME", "XERUS_PASSWORD", "XERUS_TOKEN", "XERUS_VALIDATE_CERTS", "XERUS_CA_PATH"):
    assert name in env, name
secret = {f["id"] for f in ct["inputs"]["fields"] if f.get("secret")}
assert {"password", "token"} <= secret, secret
print("credential type: %d inputs, %d injected variables" % (len(ct["inputs"]["fields"]), len(env)))
PY
