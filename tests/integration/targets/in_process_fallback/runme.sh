#!/usr/bin/env bash
# The module-process fallback: async (polled and fire-and-forget) and xerus_in_process=false; the path each
# task took is read from the -vvv log, the results from the device.
set -eux
source ../setup_xerus_sim/start.sh --outlets 4
log="${XERUS_SIM_WORK}/fallback.log"
ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" -vvv "$@" >"${log}" 2>&1 \
    || { tail -n 80 "${log}"; exit 1; }
grep 'xerus.pdu.xerus_' "${log}" | grep -o 'running .*' | sort | uniq -c
test "$(grep -c 'xerus_outlet: running as a module process (async)' "${log}")" -eq 2
test "$(grep -c 'xerus_info: running as a module process (xerus_in_process is false)' "${log}")" -eq 1
test "$(grep -c 'xerus_info: running in-process' "${log}")" -eq 1
