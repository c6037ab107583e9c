# Sourced by the runme.sh of xerus_snmp and xerus_smtp, after ../setup_xerus_sim/start.sh:
#   scanned_run NAME VARIABLE=SECRET ... [-- ansible-playbook arguments]
# Writes the VARIABLE: SECRET pairs into a vars file (0600; -vvvv would print extra variables given on the
# command line), runs playbook.yml with it at -vvvv into a log, and fails when any SECRET appears in the log.
# The log stays in TMPDIR when the playbook fails (filtered lines are shown); it is removed after a clean scan.
scanned_run() {
    local name="$1" pair log secret_vars
    local -a secrets=()
    shift
    secret_vars="${XERUS_SIM_WORK}/${name}-secrets.yml"
    (umask 077 && : >"${secret_vars}")
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        printf '%s: %s\n' "${1%%=*}" "${1#*=}" >>"${secret_vars}"
        secrets+=("${1#*=}")
        shift
    done
    [ "${1:-}" = "--" ] && shift
    log="$(mktemp "${TMPDIR:-/tmp}/${name}.vvvv.XXXXXX")"
    if ! ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" \
            -e "@${secret_vars}" -vvvv "$@" >"${log}" 2>&1; then
        grep -E '^(TASK|fatal|failed|ok|changed|PLAY RECAP|ERROR)|"msg"|assert' "${log}" | tail -n 80
        echo "playbook failed (filtered above; the full -vvvv log: ${log})" >&2
        return 1
    fi
    tail -n 8 "${log}"
    grep -q '"invocation"' "${log}"
    for secret in "${secrets[@]}"; do
        if grep -q -F -- "${secret}" "${log}"; then
            echo "a secret (${#secret} characters) appears in the -vvvv log ${log}" >&2
            return 1
        fi
    done
    echo "secret scan: ${#secrets[@]} secrets looked for in $(wc -l <"${log}") log lines, none found"
    rm -f "${log}"
}
