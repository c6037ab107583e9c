#!/usr/bin/env bash
set -eux
# Two devices, a 4.4 and a 4.0 firmware generation: every check runs on both at once. The playbook runs at
# -vvvv into a log; afterwards none of the SMTP passwords it used may be found in it.
source ../setup_xerus_sim/start.sh --outlets 2 --fleet 2 --fw-generation 4.4,4.0
# The log stays in TMPDIR when the playbook fails (it holds no secret, see the scan below).
log="$(mktemp "${TMPDIR:-/tmp}/xerus_smtp.vvvv.XXXXXX")"
set +x
secrets=(it-Smtp-Pass-3a9d17 it-Smtp-Pass-NEW-c41e08)
# The secrets reach the playbook in a vars file (0600): -vvvv prints extra variables given on the command line.
secret_vars="${XERUS_SIM_WORK}/secrets.yml"
(umask 077 && printf '%s\n' "it_smtp_password: ${secrets[0]}" "it_new_smtp_password: ${secrets[1]}" >"${secret_vars}")
if ! ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" -e "@${secret_vars}" \
        -vvvv "$@" >"${log}" 2>&1; then
    grep -E '^(TASK|fatal|failed|ok|changed|PLAY RECAP|ERROR)|"msg"|assert' "${log}" | tail -n 80
    echo "playbook failed (filtered above; the full -vvvv log: ${log})" >&2
    exit 1
fi
tail -n 8 "${log}"
# The log may name the variables, never their values.
grep -c '"invocation"' "${log}" >/dev/null
for secret in "${secrets[@]}"; do
    if grep -q -F -- "${secret}" "${log}"; then
        echo "a secret (${#secret} characters) appears in the -vvvv log" >&2
        exit 1
    fi
done
echo "secret scan: ${#secrets[@]} secrets looked for in $(wc -l <"${log}") log lines, none found"
rm -f "${log}"
