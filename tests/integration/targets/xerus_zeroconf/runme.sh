#!/usr/bin/env bash
# xerus_zeroconf inventory: discovery of a 50-device simulated fleet announced by mDNS on the loopback.
# A mixed fleet: every second device presents the 4.0 firmware generation (25 on 4.2.0.5, 25 on 4.0.20.5);
# check_inventory.py compares each host's facts with its own device, so enrichment is proven on both.
set -eux
source ../setup_xerus_sim/start.sh --fleet 50 --mdns --fw-generation 4.4,4.0

PY="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
SIMCTL=("$PY" ../setup_xerus_sim/simctl.py)
CHECK=("$PY" check_inventory.py --sim-vars "$XERUS_SIM_VARS")
WORK="$XERUS_SIM_WORK/zeroconf"
mkdir -p "$WORK"
# A plugin error must fail the run, not become a warning.
export ANSIBLE_INVENTORY_UNPARSED_FAILED=true
export ANSIBLE_VERBOSE_TO_STDERR=false

FIRST="$XERUS_HOST"                               # 127.a.b.1; the fleet is 127.a.b.1 .. 127.a.b.50
SECOND="${FIRST%.1}.2"
# Other tests may announce their own simulators at the same time: keep to this fleet's addresses.
NET="${FIRST%.1}.0/24"

config() {   # config NAME [yaml lines...]: write $WORK/NAME.xerus_zeroconf.yml
    local file="$WORK/$1.xerus_zeroconf.yml"
    shift
    { echo "plugin: xerus.pdu.xerus_zeroconf"; printf '%s\n' "$@"; } >"$file"
    echo "$file"
}

inventory() {   # inventory CONFIG NAME [args]: list into $WORK/NAME.json, log into $WORK/NAME.log
    local cfg="$1" name="$2"
    shift 2
    ansible-inventory -i "$cfg" --list --output "$WORK/$name.json" -vvv "$@" >"$WORK/$name.log" 2>&1 \
        || { cat "$WORK/$name.log"; return 1; }
}

requests_since() { "${SIMCTL[@]}" count --since "$1"; }

# 1. The whole fleet with enrichment, keyed groups by model and firmware, cached in a jsonfile cache.
FULL="$(config full "interfaces: [127.0.0.1]" "networks: [$NET]" "enrich: true" \
    "keyed_groups: [{key: xerus_firmware_version, prefix: fw}, {key: xerus_model, prefix: model}]" \
    "cache: true" "cache_plugin: ansible.builtin.jsonfile" "cache_connection: $WORK/cache" "cache_timeout: 600")"
MARK="$("${SIMCTL[@]}" mark)"
START=$(date +%s%N)
inventory "$FULL" full1
ELAPSED_MS=$(( ($(date +%s%N) - START) / 1000000 ))
"${CHECK[@]}" "$WORK/full1.json" --count 50 --enriched \
    --group xerus_model_px3_5190r=50 --group fw_4_2_0_5_50274=25 --group fw_4_0_20_5_47788=25 --group model_PX3_5190R=50
# one bulk request per device, nothing else
test "$(requests_since "$MARK")" -eq 50
test "$("${SIMCTL[@]}" count --since "$MARK" --path /bulk)" -eq 50
grep -q "mDNS browse found 50 device(s)" "$WORK/full1.log"
# every device of both generations answered every identity call (no unreachable or partly read device)
if grep -qE "could not be read|xerus_zeroconf: [0-9.]+:[0-9]+: " "$WORK/full1.log"; then echo "a device was not fully read"; exit 1; fi
echo "first run (browse + 50 devices read): ${ELAPSED_MS} ms (measured, not asserted: bench figure 8 holds the timing)"

# 2. Second run: from the cache, no mDNS browse, no device request, same inventory.
MARK="$("${SIMCTL[@]}" mark)"
inventory "$FULL" full2
test "$(requests_since "$MARK")" -eq 0
grep -q "using 50 cached device(s), no mDNS browse" "$WORK/full2.log"
if grep -q "mDNS browse of" "$WORK/full2.log"; then echo "second run browsed"; exit 1; fi
"${CHECK[@]}" "$WORK/full2.json" --count 50 --enriched --group xerus_model_px3_5190r=50 \
    --group fw_4_2_0_5_50274=25 --group fw_4_0_20_5_47788=25
cmp "$WORK/full1.json" "$WORK/full2.json"

# 3. --flush-cache reads the network again.
MARK="$("${SIMCTL[@]}" mark)"
inventory "$FULL" full3 --flush-cache
grep -q "mDNS browse found 50 device(s)" "$WORK/full3.log"
test "$(requests_since "$MARK")" -eq 50

# 4. A /32 allow-list keeps one device; hostname_from address; compose and host_vars override the connection defaults.
ONE="$(config one "interfaces: [127.0.0.1]" "networks: [$FIRST/32]" "hostname_from: address" \
    "compose: {ansible_connection: \"'ssh'\", rack: \"'r1'\"}")"
mkdir -p "$WORK/host_vars"
echo "ansible_python_interpreter: /opt/custom/python" >"$WORK/host_vars/$FIRST.yml"
MARK="$("${SIMCTL[@]}" mark)"
inventory "$ONE" one
rm -r "$WORK/host_vars"
"${CHECK[@]}" "$WORK/one.json" --count 1 --names address --var "$FIRST" ansible_connection ssh --var "$FIRST" rack r1 \
    --var "$FIRST" xerus_port 8443 --var "$FIRST" ansible_python_interpreter /opt/custom/python
test "$(requests_since "$MARK")" -eq 0     # no enrichment: no device request

# 5. hostname_from serial, default interfaces (all IPv4 interfaces of the machine, loopback included),
#    no enrichment: model, serial and firmware come from the TXT record; connection defaults are set.
SERIAL="$(config serial "networks: [$NET]" "hostname_from: serial" "expected_count: 50")"
inventory "$SERIAL" serial
SERIAL_HOST="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["xerus_sim"]["devices"][0]["serial"])' "$XERUS_SIM_VARS")"
"${CHECK[@]}" "$WORK/serial.json" --count 50 --names serial --group xerus_model_px3_5190r=50 \
    --var "$SERIAL_HOST" ansible_connection local \
    --var "$SERIAL_HOST" ansible_python_interpreter '{{ ansible_playbook_python }}'

# 6. The connection defaults work: a discovered host runs a task locally without delegate_to.
ansible -i "$SERIAL" "$SERIAL_HOST" -m ansible.builtin.ping

# 7. An unreachable device stays, with xerus_reachable false and a warning; the inventory does not fail.
"${SIMCTL[@]}" fault "$SECOND" refuse
NOCACHE="$(config nocache "interfaces: [127.0.0.1]" "networks: [$NET]" "enrich: true" "expected_count: 50")"
inventory "$NOCACHE" refused
"${SIMCTL[@]}" clear "$SECOND"
"${CHECK[@]}" "$WORK/refused.json" --count 50 --enriched --unreachable "$SECOND"
grep -q "could not be read, kept with xerus_reachable=false" "$WORK/refused.log"

# 8. Wrong credentials: every device unreachable (401), still 50 hosts and no failure; the password is never shown.
XERUS_PASSWORD=not-the-password-4711 inventory "$NOCACHE" unauthorised
if grep -q "not-the-password-4711" "$WORK/unauthorised.log" "$WORK/unauthorised.json"; then echo "password leaked"; exit 1; fi
"$PY" - "$WORK/unauthorised.json" <<'PYEOF'
import json, sys
hostvars = json.load(open(sys.argv[1]))["_meta"]["hostvars"]
assert len(hostvars) == 50 and all(h["xerus_reachable"] is False for h in hostvars.values()), "expected 50 unreachable hosts"
PYEOF

# 9. An empty allow-list match gives an empty inventory after the browse timeout, not an error.
NONE="$(config none "interfaces: [127.0.0.1]" "networks: [192.0.2.250/32]" "timeout: 1.5")"
inventory "$NONE" none
"${CHECK[@]}" "$WORK/none.json" --count 0
