# Sourced by an integration target's runme.sh after start.sh:
#   source ../setup_xerus_sim/secret_scan.sh
#   xerus_playbook_scanned MODULE [ansible-playbook flags]
# Runs playbook.yml against the simulator at -vvvv into a log in the simulator's work folder; fails when the
# playbook fails (showing the log filtered), when the log does not show MODULE at work, or when it holds the
# connection password anywhere (module_args, results, diffs, warnings). XERUS_SCAN_SECRETS, one secret per
# line, names more values the log must not hold (the task's own secrets, given in a vars file among the flags).

xerus_playbook_scanned() {
    { set +x; } 2>/dev/null  # the scan would print the password it looks for
    local module="$1" log="${XERUS_SIM_WORK}/playbook.vvvv.log"
    shift
    if ! ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" -vvvv "$@" \
            >"${log}" 2>&1; then
        grep -E '^(TASK|fatal|failed|ok|changed|PLAY RECAP)|"msg"|assert' "${log}" | tail -n 80
        echo "playbook failed (-vvvv log filtered above)" >&2
        return 1
    fi
    tail -n 5 "${log}"
    grep -q "${module}" "${log}" || { echo "${module} does not show in the -vvvv log" >&2; return 1; }
    if grep -F -q "${XERUS_PASSWORD}" "${log}"; then
        echo "the -vvvv log holds the connection password" >&2
        return 1
    fi
    local secret
    while IFS= read -r secret; do
        if [ -n "${secret}" ] && grep -F -q -- "${secret}" "${log}"; then
            echo "the -vvvv log holds a secret of the task (${#secret} characters)" >&2
            return 1
        fi
    done <<<"${XERUS_SCAN_SECRETS:-}"
}
