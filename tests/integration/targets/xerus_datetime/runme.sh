#!/usr/bin/env bash
set -eux
# Two devices, a 4.4 and a 4.0 firmware generation (datetime.DateTime 4.0.0 / 3.0.3): every check runs on both at once.
source ../setup_xerus_sim/start.sh --outlets 2 --fleet 2 --fw-generation 4.4,4.0
log="${XERUS_SIM_WORK}/playbook.vvvv.log"
# The whole playbook at -vvvv into a log, which must not hold the password anywhere (module_args, results, diffs).
set +x
if ! ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" -vvvv "$@" >"${log}" 2>&1; then
    grep -E '^(TASK|fatal|failed|ok|changed|PLAY RECAP)|"msg"|assert' "${log}" | tail -n 80
    echo "playbook failed (-vvvv log filtered above)" >&2
    exit 1
fi
set -x
tail -n 5 "${log}"
grep -q 'xerus.pdu.xerus_datetime' "${log}"
! grep -F -q "${XERUS_PASSWORD}" "${log}"
