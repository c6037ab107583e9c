#!/usr/bin/env bash
# The role config_backup against three simulated PDUs: first backup, same day again, next day without a change
# (nothing changed, the folder still complete), a changed PDU (only it changed), check mode.
set -eux
# A mixed fleet: pdu1 presents the 4.0 firmware generation's interfaces, pdu0 and pdu2 the 4.4 one.
source ../setup_xerus_sim/start.sh --fleet 3 --outlets 8 --fw-generation 4.4,4.0
work="$XERUS_SIM_WORK"
run() {
    ansible-playbook -i inventory.yml backup.yml -e "@${XERUS_SIM_VARS}" -e "config_backup_dir=$work/backups" "$@"
}
run -e day=2026-11-23 -e '{"expect_changed": ["pdu0", "pdu1", "pdu2"]}'
run -e day=2026-11-23 -e '{"expect_changed": []}'
run -e day=2026-11-24 -e previous_day=2026-11-23 -e '{"expect_changed": []}'
# pdu1's outlet 2 gets a name: only pdu1's backup changes; check mode first, then for real
run -e day=2026-11-25 -e previous_day=2026-11-24 -e '{"expect_changed": ["pdu1"]}' -e rename=true --check
run -e day=2026-11-25 -e previous_day=2026-11-24 -e '{"expect_changed": ["pdu1"]}' -e rename=true
