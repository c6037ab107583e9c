#!/usr/bin/env bash
# A 100-device simulated fleet: xerus_info and xerus_outlet on every device with forks 20, 0 failures.
# The time is printed (and written to tests/output/reliability/fleet.json for the reliability report), not asserted.
set -eux
source ../setup_xerus_sim/start.sh --fleet 100 --outlets 4
PY="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
# ansible-test runs a copy of the target under <collection>/tests/output/.tmp/: keep the report in the collection.
ROOT="${PWD%%/tests/output/.tmp/*}"
[ "$ROOT" != "$PWD" ] || ROOT="$(cd ../../../.. && pwd)"
OUT="${RELIABILITY_OUT:-$ROOT/tests/output/reliability}"
mkdir -p "$OUT"
INVENTORY="$XERUS_SIM_WORK/fleet.ini"
LOG="$XERUS_SIM_WORK/fleet.log"
"$PY" fleet_inventory.py --vars "$XERUS_SIM_VARS" --out "$INVENTORY"

START=$(date +%s.%N)
STATUS=0
ansible-playbook -i "$INVENTORY" fleet.yml -f 20 -e "@${XERUS_SIM_VARS}" "$@" >"$LOG" 2>&1 || STATUS=$?
SECONDS_TAKEN=$("$PY" -c "import sys; print(round($(date +%s.%N) - $START, 1))")
sed -n '/PLAY RECAP/,$p' "$LOG" | tail -n 5
"$PY" fleet_summary.py --log "$LOG" --devices 100 --forks 20 --seconds "$SECONDS_TAKEN" --out "$OUT/fleet.json"
[ "$STATUS" -eq 0 ] || { grep -E '^(fatal|failed)' "$LOG" | head -n 20; exit 1; }
