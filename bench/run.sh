#!/usr/bin/env bash
# make bench: measure the figures of bench/RESULTS.md against simulated fleets (about 15-25 minutes with the 1000-PDU fleet, at most 45).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${BENCH_PYTHON:-$ROOT/.venv/bin/python}"
if [ ! -x "$PY" ] || [ ! -e "$ROOT/.collections/ansible_collections/xerus/pdu" ]; then
    echo "run 'make bench' (it creates .venv and links the collection into .collections)" >&2
    exit 2
fi
export PATH="$(dirname "$PY"):$PATH"
export PYTHONPATH="$ROOT/simulator${PYTHONPATH:+:$PYTHONPATH}"
export ANSIBLE_COLLECTIONS_PATH="$ROOT/.collections"
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
export ANSIBLE_LOCAL_TEMP="$(mktemp -d "${TMPDIR:-/tmp}/xerus-bench-ansible.XXXXXX")"
export ANSIBLE_REMOTE_TMP="$ANSIBLE_LOCAL_TEMP/remote"

BENCH_PID=""
cleanup() {
    # bench.py stops its simulators on SIGTERM; timeout(1) below signals the whole process group on expiry.
    if [ -n "$BENCH_PID" ] && kill -0 "$BENCH_PID" 2>/dev/null; then
        kill -TERM "$BENCH_PID" 2>/dev/null || true
        wait "$BENCH_PID" 2>/dev/null || true
    fi
    rm -rf "$ANSIBLE_LOCAL_TEMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cd "$ROOT/bench"
timeout --kill-after=20 2700 "$PY" bench.py &
BENCH_PID=$!
wait "$BENCH_PID"
