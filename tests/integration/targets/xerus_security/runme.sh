#!/usr/bin/env bash
set -eux
# Two devices, a 4.4 and a 4.0 firmware generation (security.Security 5.0.1 / 5.0.0): every check runs on both at once.
source ../setup_xerus_sim/start.sh --outlets 2 --fleet 2 --fw-generation 4.4,4.0
log="$(mktemp "${TMPDIR:-/tmp}/xerus-security.XXXXXX.vvvv.log")"
trap 'rm -f "${log}"; xerus_sim_stop' EXIT

# The module takes no secret of its own: the connection password must stay out of the -vvvv log.
set +x
if ! ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" -vvvv "$@" \
        >"${log}" 2>&1; then
    grep -E "^(TASK|fatal|failed|ok|changed|PLAY RECAP|\[ERROR\])|\"msg\"|assert" "${log}" | tail -n 80
    echo "playbook failed (full -vvvv log above, filtered)" >&2
    exit 1
fi
tail -n 8 "${log}"
grep -q '"login_blocking"' "${log}" || { echo "the log holds no module results: nothing was checked" >&2; exit 1; }
if grep -qF -- "${XERUS_PASSWORD}" "${log}"; then
    echo "LEAK: the -vvvv log contains the connection password" >&2
    exit 1
fi
echo "secrets check: the connection password is absent from $(wc -l <"${log}") log lines"
