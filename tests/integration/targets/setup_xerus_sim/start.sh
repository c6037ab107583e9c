# Sourced by an integration target's runme.sh:
#   source ../setup_xerus_sim/start.sh [simulator flags, e.g. --outlets 8 --fleet 2]
# Starts a simulator on a random 127.x.y.1 address, waits until every device
# accepts connections, exports XERUS_* for the modules' env fallbacks and
# XERUS_SIM_VARS (a vars file with `xerus_sim`), and stops it when the script exits;
# its work folder (state, TLS keys, logs) is removed then, unless XERUS_SIM_KEEP_WORK=1.
# May be sourced more than once: each call starts another simulator and points
# XERUS_SIM_VARS / XERUS_* at the newest one.
# Firmware generation: --fw-generation 4.0 (or 4.4, or a list cycled over the fleet such as 4.4,4.0) among
# the flags, or XERUS_SIM_GENERATION in the environment when the flags name none; the vars file's devices
# carry their `generation`.

XERUS_SIM_TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
XERUS_SIM_PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python3)}"
XERUS_SIM_PIDS="${XERUS_SIM_PIDS:-}"
XERUS_SIM_WORKS="${XERUS_SIM_WORKS:-}"

xerus_sim_stop() {
    local pid work
    for pid in $XERUS_SIM_PIDS; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in $XERUS_SIM_PIDS; do
        wait "$pid" 2>/dev/null || true
    done
    XERUS_SIM_PIDS=""
    if [ "${XERUS_SIM_KEEP_WORK:-0}" != 1 ]; then
        for work in $XERUS_SIM_WORKS; do
            rm -rf "$work"
        done
    fi
    XERUS_SIM_WORKS=""
}
trap xerus_sim_stop EXIT

xerus_sim_start() {
    local work addr fleet=1 arg prev=""
    for arg in "$@"; do
        [ "$prev" = "--fleet" ] && fleet="$arg"
        prev="$arg"
    done
    case " $* " in
        *" --fw-generation "*) ;;
        *) [ -n "${XERUS_SIM_GENERATION:-}" ] && set -- "$@" --fw-generation "$XERUS_SIM_GENERATION" ;;
    esac
    work="$(mktemp -d "${TMPDIR:-/tmp}/xerus-sim.XXXXXX")"
    XERUS_SIM_WORKS="$XERUS_SIM_WORKS $work"
    addr="127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1)).1"
    "$XERUS_SIM_PYTHON" -m xerus_sim --bind "$addr" --port 8443 \
        --state-dir "$work/state" --access-log "$work/access.log" "$@" \
        >"$work/devices.jsonl" 2>"$work/simulator.log" &
    XERUS_SIM_PIDS="$XERUS_SIM_PIDS $!"
    "$XERUS_SIM_PYTHON" "$XERUS_SIM_TOOLS/simctl.py" wait-ready --pid "$!" \
        --devices "$work/devices.jsonl" --count "$fleet" --sim-log "$work/simulator.log" \
        --access-log "$work/access.log" --tools "$XERUS_SIM_TOOLS" --out "$work/vars.json" || return 1
    export XERUS_SIM_VARS="$work/vars.json"
    export XERUS_SIM_WORK="$work"
    export XERUS_SIM_ACCESS_LOG="$work/access.log"
    export XERUS_SIM_CONTROL="$("$XERUS_SIM_PYTHON" "$XERUS_SIM_TOOLS/simctl.py" get --vars "$work/vars.json" control)"
    export XERUS_HOST="$("$XERUS_SIM_PYTHON" "$XERUS_SIM_TOOLS/simctl.py" get --vars "$work/vars.json" host)"
    export XERUS_PORT=8443
    export XERUS_USERNAME=admin
    export XERUS_PASSWORD=legrand
    export XERUS_CA_PATH="$work/ca-bundle.pem"
    export XERUS_VALIDATE_CERTS=true
}

xerus_sim_start "$@"
