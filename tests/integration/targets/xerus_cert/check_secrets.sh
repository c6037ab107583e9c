#!/usr/bin/env bash
# check_secrets.sh PKI_DIR LOG: fail when the log holds a private key (any base64 line of one) or the passphrase.
# Prints only file names and counts, never the secret it looks for.
set -eu
pki_dir="$1"
log="$2"
grep -q 'fingerprint_sha256' "${log}" || { echo "the log holds no module results: nothing was checked" >&2; exit 1; }
found=0
for marker in '-----BEGIN PRIVATE KEY-----' '-----BEGIN ENCRYPTED PRIVATE KEY-----' \
              '-----BEGIN EC PRIVATE KEY-----' '-----BEGIN RSA PRIVATE KEY-----'; do
    if grep -qF -- "${marker}" "${log}"; then
        echo "LEAK: the log contains a PEM private key block (${marker})" >&2
        found=1
    fi
done
checked=0
for key in "${pki_dir}"/*.key; do
    while IFS= read -r line; do
        case "${line}" in -----*|Proc-Type:*|DEK-Info:*|'') continue ;; esac
        [ "${#line}" -ge 16 ] || continue
        checked=$((checked + 1))
        if grep -qF -- "${line}" "${log}"; then
            echo "LEAK: the log contains a line of $(basename "${key}")" >&2
            found=1
        fi
    done <"${key}"
done
passphrase="$(cat "${pki_dir}/passphrase.txt")"
if grep -qF -- "${passphrase}" "${log}"; then
    echo "LEAK: the log contains the key passphrase" >&2
    found=1
fi
[ "${checked}" -gt 10 ] || { echo "too few key lines checked (${checked})" >&2; exit 1; }
if [ "${found}" -ne 0 ]; then
    echo "secrets check FAILED: key material or the passphrase is in the log" >&2
    exit 1
fi
echo "secrets check: ${checked} key lines and the passphrase absent from $(wc -l <"${log}") log lines"
