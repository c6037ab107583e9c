#!/usr/bin/env bash
# The role cert_rollout against three simulated PDUs in batches of one (serial 1, max_fail_percentage 0):
# per-PDU certificates, the same again (nothing uploaded), a shared fleet certificate with an installation
# failure on the second PDU (the rollout stops, the third PDU gets no request), then the resumed rollout.
set -eux
# A mixed fleet: pdu1 presents the 4.0 firmware generation's interfaces, pdu0 and pdu2 the 4.4 one.
source ../setup_xerus_sim/start.sh --fleet 3 --outlets 2 --cert-restart-ms 300 --fw-generation 4.4,4.0
work="$XERUS_SIM_WORK"
simctl=("$XERUS_SIM_PYTHON" "$XERUS_SIM_TOOLS/simctl.py")
mapfile -t ips < <("$XERUS_SIM_PYTHON" -c \
    'import json, sys; [print(d["host"]) for d in json.load(open(sys.argv[1]))["xerus_sim"]["devices"]]' "$XERUS_SIM_VARS")
mkdir -p "$work/pki"
"$XERUS_SIM_PYTHON" files/pki.py make --dir "$work/pki" --trust "$XERUS_CA_PATH" \
    --ip "${ips[0]}" --ip "${ips[1]}" --ip "${ips[2]}" >"$work/pki/fingerprints.json"
# From now on the connections trust the factory certificates and the new CA.
export XERUS_CA_PATH="$work/pki/trust.pem"

# run NAME CERT EXPECT_RC '{"pdu0": "own|fleet", ...}' '{"pdu0": UPLOADS, ...}'
run() {
    local name="$1" cert="$2" expect_rc="$3" presents="$4" uploads="$5" rc=0 mark
    mark="$("${simctl[@]}" mark)"
    ansible-playbook -i inventory.yml rollout.yml -e "@${XERUS_SIM_VARS}" -e "pki=$work/pki" -e "cert=$cert" || rc=$?
    ansible-playbook -i inventory.yml check.yml -e "@${XERUS_SIM_VARS}" -e "pki=$work/pki" -e "scenario=$name" \
        -e "rc=$rc" -e "expect_rc=$expect_rc" -e "mark=$mark" -e "{\"presents\": $presents, \"uploads\": $uploads}"
}

run per_pdu own 0 '{"pdu0": "own", "pdu1": "own", "pdu2": "own"}' '{"pdu0": 1, "pdu1": 1, "pdu2": 1}'
run per_pdu_again own 0 '{"pdu0": "own", "pdu1": "own", "pdu2": "own"}' '{"pdu0": 0, "pdu1": 0, "pdu2": 0}'
"${simctl[@]}" fault "${ips[1]}" rpc_error method=installPendingKeyPair --count 1
run fleet_halted fleet 2 '{"pdu0": "fleet", "pdu1": "own", "pdu2": "own"}' '{"pdu0": 1, "pdu1": 1, "pdu2": 0}'
"${simctl[@]}" clear "${ips[1]}"
run fleet_resumed fleet 0 '{"pdu0": "fleet", "pdu1": "fleet", "pdu2": "fleet"}' '{"pdu0": 0, "pdu1": 1, "pdu2": 1}'
