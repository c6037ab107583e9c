#!/usr/bin/env bash
# `make demo`: start a simulated fleet of 10 PDUs with mDNS on loopback, run playbooks/demo.yml through the
# xerus_zeroconf inventory, stop the fleet (also when the demo fails).
# The terminal gets one line per step (callback_plugins/demo_progress.py) and a last line "demo OK" or what
# failed; the full output goes to demo-output/demo.log. The backups stay in demo-output/ (replaced by the
# next run); the simulator's state (TLS keys, firmware images) is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
out="$PWD/demo-output"
work="$out/work"
log="$out/demo.log"
fleet=10
bind=127.0.77.1
started=$SECONDS
stage="preparing demo-output/"

rm -rf "$out"
mkdir -p "$work"
: >"$log"
exec 3>&1 >>"$log" 2>&1         # fd 3: the terminal; everything else: the log
say() { printf '%s\n' "$*" >&3; }

finish() {
    local rc=$? failure=""
    if [ -n "${sim_pid:-}" ] && kill -0 "$sim_pid" 2>/dev/null; then
        kill -TERM "$sim_pid"
        wait "$sim_pid" || true
    fi
    rm -rf "$work"
    if [ "$rc" -eq 0 ]; then
        say "==> stopped the simulated fleet"
        say "demo OK in $(( (SECONDS - started) / 60 ))m$(( (SECONDS - started) % 60 ))s; backups in $out/config-backups and $out/firmware-backups, full log $log"
        return
    fi
    [ -s "$out/failure.json" ] && failure="$(python -c 'import json, sys; f = json.load(open(sys.argv[1]))
print("%s: %s failed in %r: %s" % (f["step"], f["host"], f["task"], f["msg"]))' "$out/failure.json")"
    [ -n "$failure" ] || tail -n 5 "$log" | sed 's/^/    /' >&3
    say "demo FAILED while ${stage}${failure:+: $failure} (exit code $rc); see $log"
}
trap finish EXIT

stage="starting the simulated fleet"
say "==> starting a simulated fleet of $fleet PDUs with mDNS on $bind-$fleet (full log: $log)"
python -m xerus_sim --bind "$bind" --port 8443 --fleet "$fleet" --mdns --outlets 8 \
    --state-dir "$work/state" --access-log "$out/access.log" \
    --reboot-seconds 2 --update-seconds 1 >"$work/devices.jsonl" 2>"$out/simulator.log" &
sim_pid=$!
python tests/integration/targets/setup_xerus_sim/simctl.py wait-ready --pid "$sim_pid" \
    --devices "$work/devices.jsonl" --count "$fleet" --sim-log "$out/simulator.log" \
    --access-log "$out/access.log" --tools "$PWD/tests/integration/targets/setup_xerus_sim" --out "$work/vars.json"

export XERUS_USERNAME=admin XERUS_PASSWORD=legrand XERUS_PORT=8443
export XERUS_CA_PATH="$work/ca-bundle.pem"
export XERUS_SIM_CONTROL XERUS_SIM_ACCESS_LOG="$out/access.log"
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

stage="running playbooks/demo.yml"
say "==> running playbooks/demo.yml through the zeroconf inventory"
# Results (summaries are lists of lines) printed as YAML rather than JSON, in the log.
export ANSIBLE_CALLBACK_RESULT_FORMAT=yaml
export ANSIBLE_CALLBACK_PLUGINS="$PWD/playbooks/callback_plugins" ANSIBLE_CALLBACKS_ENABLED=demo_progress
export XERUS_DEMO_PROGRESS=/dev/fd/3 XERUS_DEMO_FAILURE="$out/failure.json"
ansible-playbook -i "$work/fleet.xerus_zeroconf.yml" playbooks/demo.yml \
    -e "demo_work=$work" -e "demo_output=$out" -e "@$work/vars.json"
stage="stopping the simulated fleet"
