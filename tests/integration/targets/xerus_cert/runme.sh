#!/usr/bin/env bash
set -eux
# A short web-server restart keeps the target fast; the module's restart_timeout is set per task.
# Two devices, a 4.4 and a 4.0 firmware generation (cert.ServerSSLCert 4.0.1 / 3.0.0): every check runs on both at once.
source ../setup_xerus_sim/start.sh --outlets 2 --cert-restart-ms 300 --fleet 2 --fw-generation 4.4,4.0
pki_root="$(mktemp -d "${TMPDIR:-/tmp}/xerus-cert-pki.XXXXXX")"
log="${pki_root}.vvvv.log"
trap 'rm -rf "${pki_root}" "${log}"; xerus_sim_stop' EXIT

# Every case runs at -vvvv into a log; afterwards no key material or passphrase may be found in it.
set +x
if ! ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" \
        -e "pki_root=${pki_root}" -vvvv "$@" >"${log}" 2>&1; then
    grep -E '^(TASK|fatal|failed|ok|changed|PLAY RECAP)|"msg"|"stderr"|assert' "${log}" | tail -n 80
    echo "playbook failed (full -vvvv log above, filtered)" >&2
    exit 1
fi
tail -n 12 "${log}"
for pki_dir in "${pki_root}"/*/; do
    bash ./check_secrets.sh "${pki_dir%/}" "${log}"
done
test "$(find "${pki_root}" -mindepth 1 -maxdepth 1 -type d | wc -l)" -eq 2
