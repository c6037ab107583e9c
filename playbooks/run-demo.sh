#!/usr/bin/env bash
# `make demo`: start a simulated fleet of 10 PDUs with mDNS on loopback, run
# playbooks/demo.yml through the xerus_zeroconf inventory, stop the fleet
# (also when the demo fails).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
work="$(mktemp -d "${TMPDIR:-/tmp}/xerus-demo.XXXXXX")"
fleet=10
bind=127.0.77.1

stop_fleet() {
    if [ -n "${sim_pid:-}" ] && kill -0 "$sim_pid" 2>/dev/null; then
        echo "==> stopping the simulated fleet"
        kill -TERM "$sim_pid"; wait "$sim_pid" || true
    fi
    rm -rf "$work"
}
trap stop_fleet EXIT

echo "==> starting a simulated fleet of $fleet PDUs with mDNS on $bind.. (state in $work)"
python -m xerus_sim --bind "$bind" --port 8443 --fleet "$fleet" --mdns --outlets 8 \
    --state-dir "$work/state" --access-log "$work/access.log" \
    --reboot-seconds 2 --update-seconds 1 >"$work/devices.jsonl" 2>"$work/simulator.log" &
sim_pid=$!
python tests/integration/targets/setup_xerus_sim/simctl.py wait-ready --pid "$sim_pid" \
    --devices "$work/devices.jsonl" --count "$fleet" --sim-log "$work/simulator.log" \
    --access-log "$work/access.log" --tools "$PWD/tests/integration/targets/setup_xerus_sim" --out "$work/vars.json"

export XERUS_USERNAME=admin XERUS_PASSWORD=legrand XERUS_PORT=8443
export XERUS_CA_PATH="$work/ca-bundle.pem"
export XERUS_SIM_CONTROL XERUS_SIM_ACCESS_LOG="$work/access.log"
XERUS_SIM_CONTROL="$(python tests/integration/targets/setup_xerus_sim/simctl.py get --vars "$work/vars.json" control)"
cat >"$work/fleet.xerus_zeroconf.yml" <<YAML
plugin: xerus.pdu.xerus_zeroconf
interfaces: [127.0.0.1]
networks: [127.0.77.0/24]
expected_count: $fleet
enrich: true
keyed_groups:
  - key: xerus_firmware_version
    prefix: fw
YAML

echo "==> running playbooks/demo.yml through the zeroconf inventory"
# Results (summaries are lists of lines) printed as YAML rather than JSON.
export ANSIBLE_CALLBACK_RESULT_FORMAT=yaml
ansible-playbook -i "$work/fleet.xerus_zeroconf.yml" playbooks/demo.yml \
    -e "demo_work=$work" -e "@$work/vars.json"
