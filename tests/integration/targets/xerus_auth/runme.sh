#!/usr/bin/env bash
set -eux
# Two devices, a 4.4 and a 4.0 firmware generation (auth.LdapManager 5.0.0 / 3.0.1, auth.RadiusManager 4.0.0 /
# 3.0.1): every check runs on both at once.
source ../setup_xerus_sim/start.sh --outlets 2 --fleet 2 --fw-generation 4.4,4.0
log="$(mktemp "${TMPDIR:-/tmp}/xerus-auth.XXXXXX.vvvv.log")"
trap 'rm -f "${log}"; xerus_sim_stop' EXIT

# The secrets come from the environment (never printed by ansible-playbook), fresh on every run.
set +x
XERUS_TEST_BIND_PASSWORD="bind-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
XERUS_TEST_RADIUS_SECRET="radius-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
XERUS_TEST_PROBE_PASSWORD="probe-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export XERUS_TEST_BIND_PASSWORD XERUS_TEST_RADIUS_SECRET XERUS_TEST_PROBE_PASSWORD
if ! ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" -vvvv "$@" \
        >"${log}" 2>&1; then
    grep -E "^(TASK|fatal|failed|ok|changed|PLAY RECAP|\[ERROR\])|\"msg\"|assert" "${log}" | tail -n 80
    echo "playbook failed (full -vvvv log above, filtered)" >&2
    exit 1
fi
tail -n 8 "${log}"
grep -q '"secrets_written"' "${log}" || { echo "the log holds no module results: nothing was checked" >&2; exit 1; }
for name in XERUS_TEST_BIND_PASSWORD XERUS_TEST_RADIUS_SECRET XERUS_TEST_PROBE_PASSWORD; do
    if grep -qF -- "${!name}" "${log}"; then
        echo "LEAK: the -vvvv log contains the value of ${name}" >&2
        exit 1
    fi
done
echo "secrets check: 3 secrets absent from $(wc -l <"${log}") log lines"
