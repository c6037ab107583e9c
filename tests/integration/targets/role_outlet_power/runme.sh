#!/usr/bin/env bash
# The role outlet_power against three simulated PDUs with 8 outlets: a maintenance power-down of 6 outlets
# refused without confirmation (threshold 4, nothing switched), check mode, confirmed, the same again (no
# change, no confirmation needed), a set only one PDU has (by number and by name), and power back on.
set -eux
# A mixed fleet: pdu1 presents the 4.0 firmware generation's interfaces, pdu0 and pdu2 the 4.4 one.
source ../setup_xerus_sim/start.sh --fleet 3 --outlets 8 --fw-generation 4.4,4.0
# pdu0 has no xerus_port: the role must keep the port of the play's module_defaults
unset XERUS_PORT
run() {
    ansible-playbook -i inventory.yml power.yml -e "@${XERUS_SIM_VARS}" -e outlet_power_confirm_threshold=4 "$@"
}
ansible-playbook -i inventory.yml prepare.yml -e "@${XERUS_SIM_VARS}"
# refused: the play fails on every PDU before anything is switched; check.yml then reads the PDUs back
if run -e scenario=refused -e '{"outlet_power_apply": ["maintenance"]}' -e outlet_power_state=off >"$XERUS_SIM_WORK/refused.log"; then
    echo "the power-down of 6 outlets was not refused" >&2
    exit 1
fi
grep -q 'off on 6 outlets of 3 PDUs (sets maintenance) exceeds outlet_power_confirm_threshold (4); nothing was switched' \
    "$XERUS_SIM_WORK/refused.log"
ansible-playbook -i inventory.yml check.yml -e "@${XERUS_SIM_VARS}" -e scenario=refused
# load guard: outlet 8 of pdu0 draws 12 A; confirmed for the count but not for the load, nothing is switched
simctl() { "$XERUS_SIM_PYTHON" "$XERUS_SIM_TOOLS/simctl.py" "$@"; }
pdu0="$(simctl get --vars "$XERUS_SIM_VARS" host)"
simctl reading "$pdu0" /model/pdu/0/outlet/7/current 12
if run -e scenario=refused -e '{"outlet_power_apply": ["maintenance"]}' -e outlet_power_state=off \
        -e outlet_power_confirm=true -e outlet_power_max_current=5 >"$XERUS_SIM_WORK/loaded.log"; then
    echo "switching off an outlet drawing 12 A was not refused" >&2
    exit 1
fi
grep -q 'outlets drawing more than 5 A would lose power (pdu0: outlets 8); nothing was switched' "$XERUS_SIM_WORK/loaded.log"
ansible-playbook -i inventory.yml check.yml -e "@${XERUS_SIM_VARS}" -e scenario=refused
simctl reading "$pdu0" /model/pdu/0/outlet/7/current none
run -e scenario=check -e '{"outlet_power_apply": ["maintenance"]}' -e outlet_power_state=off -e outlet_power_confirm=true --check
run -e scenario=confirmed -e '{"outlet_power_apply": ["maintenance"]}' -e outlet_power_state=off -e outlet_power_confirm=true \
    -e outlet_power_max_current=5
run -e scenario=again -e '{"outlet_power_apply": ["maintenance"]}' -e outlet_power_state=off
run -e scenario=rack7 -e '{"outlet_power_apply": ["rack7"]}' -e outlet_power_state=off
run -e scenario=back_on -e '{"outlet_power_apply": ["maintenance", "rack7"]}' -e outlet_power_state=on
