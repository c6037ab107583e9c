#!/usr/bin/env bash
# Reliability and security matrix (issue 13): every module and the inventory under every simulator fault,
# bad inputs, secrets at -vvvv, interrupted exports. Writes tests/output/reliability/REPORT.md and prints it.
# Usage: runme.sh [playbook names...]   (default: all; e.g. `runme.sh outlet info` while iterating)
# RELIABILITY_BAD_SHARDS: how many playbooks run the bad-input table side by side (default 3).
# No `set -x`: the simulator's command line carries the password this target must never print.
set -eu
PY="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
SIM_PASSWORD="Sim-Pass-$("$PY" -c 'import secrets; print(secrets.token_hex(20))')"
# Session tokens are made once before the playbooks start and used by each playbook's first case; on a
# loaded machine that can be more than the simulator's default idle timeout (30 s) later.
TIMINGS=(--reboot-seconds 1 --update-seconds 1 --cert-restart-ms 200 --restore-delay 0.2 --session-timeout 900)
MATRIX=(outlet info cert firmware bulkcfg bulkcfg_export rawcfg rawcfg_export inventory bad_inputs bad_table)
[ "$#" -gt 0 ] && MATRIX=("$@")
# The generated bad-input table runs in shards side by side, each on its own device (files/bad_table.py).
BAD_SHARDS="${RELIABILITY_BAD_SHARDS:-3}"

# The inventory's device announces itself by mDNS, the module devices do not.
source ../setup_xerus_sim/start.sh --fleet 1 --mdns --outlets 4 --password "$SIM_PASSWORD" "${TIMINGS[@]}"
INV_VARS="$XERUS_SIM_VARS"
INV_CONTROL="$XERUS_SIM_CONTROL"
source ../setup_xerus_sim/start.sh --fleet $((9 + BAD_SHARDS)) --outlets 4 --password "$SIM_PASSWORD" "${TIMINGS[@]}"
export XERUS_PASSWORD="$SIM_PASSWORD"
export RELIABILITY_WORK="$XERUS_SIM_WORK/reliability"
export RELIABILITY_RESULTS="$RELIABILITY_WORK/results.jsonl"
# ansible-test runs a copy of the target under <collection>/tests/output/.tmp/: keep the report in the collection.
ROOT="${PWD%%/tests/output/.tmp/*}"
[ "$ROOT" != "$PWD" ] || ROOT="$(cd ../../../.. && pwd)"
OUT="${RELIABILITY_OUT:-$ROOT/tests/output/reliability}"
mkdir -p "$RELIABILITY_WORK"/{logs,images,bulk_export,raw_export,bad} "$OUT"
: >"$RELIABILITY_RESULTS"
START=$(date +%s)

"$PY" files/setup.py --fleet "$XERUS_SIM_VARS" --inventory "$INV_VARS" --inv-control "$INV_CONTROL" \
    --work "$RELIABILITY_WORK" --out "$RELIABILITY_WORK/rel.json" --bad-shards "$BAD_SHARDS"
"$PY" files/session.py --out "$RELIABILITY_WORK/tokens.json" --ca "$RELIABILITY_WORK/ca-bundle.pem" \
    $("$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["rel"]; print(" ".join(sorted(set(r["duts"].values()))))' "$RELIABILITY_WORK/rel.json")
"$PY" files/mkimage.py --dir "$RELIABILITY_WORK/images" --count 30

# A listener on a port no task names: the malformed host rows of the bad-input table aim at it, it must get nothing.
"$PY" files/listener.py --out "$RELIABILITY_WORK/listener.json" >"$RELIABILITY_WORK/listener.port" &
LISTENER_PID=$!
XERUS_SIM_PIDS="${XERUS_SIM_PIDS:-} $LISTENER_PID"     # stopped with the simulators on exit, whatever happens
for _ in $(seq 50); do [ -s "$RELIABILITY_WORK/listener.port" ] && break; sleep 0.1; done

# Bad inputs: unreadable files. Root reads a chmod 000 file anyway (CAP_DAC_OVERRIDE), so as root the bad
# inputs playbook runs without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH (setpriv), which makes mode 000 binding
# again; a directory and a fifo in place of a file are two more ways a path cannot be read as a file.
BAD="$RELIABILITY_WORK/bad"
mkdir -p "$BAD/adir"
mkfifo "$BAD/fifo"
cp "$RELIABILITY_WORK/pki/chain1.pem" "$BAD/unreadable.pem"
cp "$RELIABILITY_WORK/images/fw-0.bin" "$BAD/unreadable.bin"
chmod 000 "$BAD/unreadable.pem" "$BAD/unreadable.bin"
printf '# serial,location\nXEM0000000,nowhere\n' >"$BAD/devices.csv"
"$PY" files/bad_table.py --rel "$RELIABILITY_WORK/rel.json" --listener-port "$(cat "$RELIABILITY_WORK/listener.port")" \
    --shards "$BAD_SHARDS"
NO_DAC=()
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    NO_DAC=(setpriv --bounding-set -dac_override,-dac_read_search --inh-caps -dac_override,-dac_read_search)
fi

# One ansible-playbook per module and per shard of the bad-input table, all at once (each on its own device),
# every one at -vvvv for the secrets check.
declare -A PIDS
run_playbook() {    # run_playbook LOG_NAME PLAYBOOK [ansible-playbook args...]
    local log="$1" playbook="$2" prefix=()
    shift 2
    case "$playbook" in bad_*) prefix=("${NO_DAC[@]}") ;; esac
    "${prefix[@]}" ansible-playbook -i ../setup_xerus_sim/inventory.ini "$playbook.yml" -e "@$RELIABILITY_WORK/rel.json" \
        "$@" -vvvv >"$RELIABILITY_WORK/logs/$log.log" 2>&1 &
    PIDS[$log]=$!
}
for name in "${MATRIX[@]}"; do
    if [ "$name" = bad_table ]; then
        for shard in $(seq 0 $((BAD_SHARDS - 1))); do
            run_playbook "bad_table-$shard" bad_table -e "shard=$shard"
        done
    else
        run_playbook "$name" "$name"
    fi
done
BROKEN=()
for name in "${!PIDS[@]}"; do
    wait "${PIDS[$name]}" || BROKEN+=("$name")
done
for name in "${BROKEN[@]}"; do
    echo "== playbook $name did not run to its end; filtered log:"
    grep -E '^(TASK|fatal|ERROR|PLAY RECAP)|"msg"' "$RELIABILITY_WORK/logs/$name.log" | tail -n 30
done
MATRIX_SECONDS=$(( $(date +%s) - START ))
kill "$LISTENER_PID" 2>/dev/null || true
wait "$LISTENER_PID" 2>/dev/null || true

"$PY" files/scan_secrets.py --work "$RELIABILITY_WORK" --out "$RELIABILITY_WORK/secrets.json" \
    --scan "$RELIABILITY_WORK/logs" --scan "$RELIABILITY_RESULTS" \
    --exports "$RELIABILITY_WORK/bulk_export" --exports "$RELIABILITY_WORK/raw_export" --exports "$RELIABILITY_WORK/bad"
STATUS=0
"$PY" files/report.py --results "$RELIABILITY_RESULTS" --secrets "$RELIABILITY_WORK/secrets.json" \
    --listener "$RELIABILITY_WORK/listener.json" --fleet "$OUT/fleet.json" --seconds "$MATRIX_SECONDS" --broken "${BROKEN[*]:-}" --out "$OUT/REPORT.md" || STATUS=$?
cat "$OUT/REPORT.md"
exit "$STATUS"
