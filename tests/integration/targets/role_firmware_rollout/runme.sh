#!/usr/bin/env bash
# The playbook xerus.pdu.firmware_rollout (role firmware_rollout) against four simulated PDUs of two firmware
# generations, in batches
# [1, 2, 1]: check mode, a canary that fails its pre-check, a batch that fails (halt, later PDU untouched),
# the resumed rollout, and a run with nothing to change.
set -eux
# A mixed fleet (section 14): pdu0 and pdu2 present the 4.4 generation, pdu1 and pdu3 the 4.0 generation.
source ../setup_xerus_sim/start.sh --fleet 4 --outlets 8 --reboot-seconds 1 --update-seconds 1 --upload-busy-seconds 1 \
    --fw-generation 4.4,4.0
work="$XERUS_SIM_WORK"
simctl=("$XERUS_SIM_PYTHON" "$XERUS_SIM_TOOLS/simctl.py")
common=(-i inventory.yml -e "@${XERUS_SIM_VARS}")
ansible-playbook "${common[@]}" prepare.yml -e "image=$work/px3.bin" "$@"

# run_rollout NAME [ansible-playbook args]: the playbook exits non-zero when the rollout halts, so its
# exit code is recorded and checked by check.yml together with the summary file and the devices.
run_rollout() {
    local name="$1" rc=0
    shift
    "${simctl[@]}" mark >"$work/$name.mark"
    ansible-playbook xerus.pdu.firmware_rollout "${common[@]}" \
        -e "firmware_rollout_image=$work/px3.bin" -e firmware_rollout_version=4.3.0.1-50400 \
        -e "firmware_rollout_backup_dir=$work/backups" -e '{"firmware_rollout_serial": [1, 2]}' \
        -e firmware_rollout_poll_interval=0.3 -e firmware_rollout_reboot_timeout=60 \
        -e "firmware_rollout_summary_file=$work/$name.json" "$@" || rc=$?
    ansible-playbook "${common[@]}" check.yml -e "scenario=$name" -e "rc=$rc" \
        -e "summary_file=$work/$name.json" -e "mark=$(cat "$work/$name.mark")" -e "backup_dir=$work/backups"
}

run_rollout check_mode --check
run_rollout canary_precheck -e '{"firmware_rollout_models": ["PX2"]}'
pdu1="$("$XERUS_SIM_PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["xerus_sim"]["devices"][1]["host"])' \
    "$XERUS_SIM_VARS")"
"${simctl[@]}" fault "$pdu1" update_fails
run_rollout halted_batch
"${simctl[@]}" clear "$pdu1"
run_rollout resumed
run_rollout nothing_to_do
