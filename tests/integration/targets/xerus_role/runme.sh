#!/usr/bin/env bash
set -eux
# Two devices, a 4.4 and a 4.0 firmware generation; every check runs on both at once, at -vvvv, and the log
# is then searched for the login password.
source ../setup_xerus_sim/start.sh --fleet 2 --fw-generation 4.4,4.0 --outlets 8
log="${XERUS_SIM_WORK}/xerus_role.log"
set +x
ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" -vvvv "$@" \
    >"${log}" 2>&1 || { tail -n 80 "${log}"; exit 1; }
grep -q '"invocation"' "${log}"
if grep -qF -- "${XERUS_PASSWORD}" "${log}"; then
    echo "the login password appears in the -vvvv log" >&2
    exit 1
fi
