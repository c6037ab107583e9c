#!/usr/bin/env bash
set -eux
# A short web-server restart keeps the target fast; the module's restart_timeout is set per task.
# Every check runs on a 4.4 and on a 4.0 firmware generation device (cert.ServerSSLCert 4.0.1 / 3.0.0).
for generation in 4.4 4.0; do
source ../setup_xerus_sim/start.sh --outlets 2 --cert-restart-ms 300 --fw-generation "$generation"
pki_dir="$(mktemp -d "${TMPDIR:-/tmp}/xerus-cert-pki.XXXXXX")"
log="${pki_dir}.vvvv.log"
trap 'rm -rf "${pki_dir}" "${log}"; xerus_sim_stop' EXIT

# Every case runs at -vvvv into a log; afterwards no key material or passphrase may be found in it.
set +x
if ! ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" \
        -e "pki_dir=${pki_dir}" -vvvv "$@" >"${log}" 2>&1; then
    grep -E '^(TASK|fatal|failed|ok|changed|PLAY RECAP)|"msg"|"stderr"|assert' "${log}" | tail -n 80
    echo "playbook failed on a ${generation} device (full -vvvv log above, filtered)" >&2
    exit 1
fi
tail -n 12 "${log}"
bash ./check_secrets.sh "${pki_dir}" "${log}"
rm -rf "${pki_dir}" "${log}"
xerus_sim_stop
set -x
done
