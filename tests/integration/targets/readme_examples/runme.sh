#!/usr/bin/env bash
# The README's first playbook exactly as a reader copies it: the simulator command, the inventory and the
# playbook are taken from README.md, the commands run as written (only `.venv/bin/` resolved through PATH)
# with HOME in a scratch folder (the README keeps the simulator's state in ~/xerus-sim). Two runs: the
# second one must report changed=0 for every PDU. The README's fleet uses 127.0.0.1-3, port 8443: a
# simulator already running there (for example one started from the README) makes this target fail.
set -eu
PY="${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python3)}"
HERE="$PWD"
ROOT="${PWD%%/tests/output/.tmp/*}"
[ "$ROOT" != "$PWD" ] || ROOT="$(cd ../../../.. && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/xerus-readme.XXXXXX")"
sim_pid=""
cleanup() {
    if [ -n "$sim_pid" ]; then
        kill -TERM "$sim_pid" 2>/dev/null || true
        wait "$sim_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/home" "$work/project"
"$PY" readme.py extract "$ROOT/README.md" "$work/project" >"$work/commands.json"
readme_value() { "$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/commands.json" "$1"; }
as_written() { local line; line="$(readme_value "$1")"; echo "${line#.venv/bin/}"; }
echo "README files: $(readme_value files)"

export HOME="$work/home"
export PATH="$(dirname "$PY"):$PATH"
cd "$work/project"
echo "+ $(readme_value simulator)"
bash -c "exec $(as_written simulator)" >"$work/devices.jsonl" 2>"$work/simulator.log" &
sim_pid=$!
"$PY" "$HERE/../setup_xerus_sim/simctl.py" wait-ready --pid "$sim_pid" --devices "$work/devices.jsonl" \
    --count "$(readme_value fleet)" --sim-log "$work/simulator.log" --access-log "$work/access.log" \
    --tools "$HERE/../setup_xerus_sim" --out "$work/vars.json"
# the "ca" of every device line is the file the README's playbook names
"$PY" - "$work/devices.jsonl" "$HOME/xerus-sim/fleet-ca.pem" <<'PY'
import json, sys
cas = {json.loads(line)["ca"] for line in open(sys.argv[1]) if line.strip()}
assert cas == {sys.argv[2]}, cas
PY

echo "+ $(readme_value inventory)"
bash -c "$(as_written inventory)" | tee "$work/graph.txt"
grep -q '@xerus:' "$work/graph.txt"
[ "$(grep -c -- '--PX3-5190R-XEM' "$work/graph.txt")" -ge "$(readme_value fleet)" ]

for run in 1 2; do
    echo "+ $(readme_value playbook)   (run $run)"
    if ! bash -c "$(as_written playbook)" >"$work/run-$run.log" 2>&1; then
        cat "$work/run-$run.log"
        exit 1
    fi
    tail -n "$(( $(readme_value fleet) + 2 ))" "$work/run-$run.log"
done
"$PY" "$HERE/readme.py" recap "$work/run-1.log" "$(readme_value fleet)"
"$PY" "$HERE/readme.py" recap "$work/run-2.log" "$(readme_value fleet)" --unchanged
backups=$(find backups -name '*.cfg' -perm 0600 | wc -l)
[ "$backups" -eq "$(readme_value fleet)" ] || { echo "expected $(readme_value fleet) backups (0600), found $backups" >&2; exit 1; }
echo "README example: $(readme_value fleet) PDUs, two runs, the second unchanged, $backups backups"
