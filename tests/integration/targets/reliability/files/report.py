# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build the reliability REPORT.md from the verdict lines; exit 1 when any cell failed.

report.py --results JSONL --secrets JSON --fleet JSON --seconds N --broken "names" --out REPORT.md
"""

import argparse
import json
import os
import sys

MODULES = ["outlet", "info", "cert", "firmware", "bulkcfg", "bulkcfg_export", "rawcfg", "rawcfg_export", "inventory"]
FAULTS = [
    "none",
    "refuse",
    "wrong_cert",
    "delay",
    "http500",
    "http503",
    "rpc_error",
    "drop_mid_body",
    "reboot_mid_call",
    "truncate_download",
    "wrong_credentials",
    "update_fails",
]


def load_lines(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_json(path):
    if not path or not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def cell_text(lines):
    if not lines:
        return "-"
    verdict = "FAIL" if any(line["verdict"] == "fail" for line in lines) else "pass"
    outcomes = "/".join(line["outcome"][0] for line in lines)
    return f"{verdict} ({outcomes})"


def matrix(lines):
    rows = ["| module | " + " | ".join(FAULTS) + " |", "|---" * (len(FAULTS) + 1) + "|"]
    for module in MODULES:
        cells = [
            cell_text([row for row in lines if row["module"] == module and row["fault"] == fault]) for fault in FAULTS
        ]
        rows.append(f"| {module} | {' | '.join(cells)} |")
    return rows


def fleet_text(fleet):
    if fleet is None:
        return "not run"
    return f"{fleet['failures']} of {fleet['devices']} devices ({fleet['seconds']:.1f} s, forks {fleet['forks']})"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", required=True)
    parser.add_argument("--secrets", required=True)
    parser.add_argument("--fleet")
    parser.add_argument("--seconds", type=int, default=0)
    parser.add_argument("--broken", default="")
    parser.add_argument("--listener", help="JSON of the listener on a port no task names")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    lines = load_lines(args.results)
    faults = [row for row in lines if row["variant"] in ("fail", "retry", "base")]
    bad = [row for row in lines if row["variant"] == "bad"]
    failing = [row for row in lines if row["verdict"] == "fail"]
    secrets = load_json(args.secrets) or {"found": ["secrets check did not run"]}
    fleet = load_json(args.fleet)
    broken = args.broken.split()
    listener = load_json(args.listener) or {"connections": "not run", "bytes": "not run"}
    leaked = listener["connections"] != 0 or listener["bytes"] != 0
    tracebacks = secrets.get("tracebacks", [])
    out = [
        "# Reliability matrix (issue 13)",
        "",
        "Cell: pass/FAIL, then the outcome of each run of that cell (f = failed cleanly, c = changed, o = ok);",
        "a fault is tried once until cleared and, when it can be counted, once for a single request (retry path).",
        "",
    ]
    out += matrix(faults)
    cells = {(row["module"], row["fault"]) for row in faults if row["fault"] != "none"}
    failing_cells = {(row["module"], row["fault"]) for row in failing if row["variant"] != "bad"}
    out += ["", "Bad inputs:", "", "| module | case | verdict | message |", "|---|---|---|---|"]
    out += [
        f"| {row['module']} | {row['case']} | {row['verdict']} | {row['msg'][:110].replace('|', '/')} |" for row in bad
    ]
    out += [
        "",
        "## Counts",
        "",
        f"- fault cells tried: {len(cells)} (runs: {len(faults)}), failing cells: {len(failing_cells)}",
        f"- bad inputs tried: {len(bad)}, failing: {len([row for row in bad if row['verdict'] == 'fail'])}",
        f"- secrets found: {len(secrets['found'])} ({secrets.get('secrets_checked')} secret values, "
        f"{secrets.get('files_scanned')} files scanned, {secrets.get('exports_with_secrets_0600')} exports hold "
        "secrets with mode 0600)",
        f"- listener on a port no task names (malformed host rows aim at it): {listener['connections']} "
        f"connections, {listener['bytes']} bytes",
        f"- logs with a Python traceback: {len(tracebacks)}",
        f"- fleet failures: {fleet_text(fleet)}",
        f"- matrix wall time: {int(args.seconds)} s",
    ]
    if broken:
        out.append(f"- playbooks that did not run to their end: {', '.join(broken)}")
    if failing or secrets["found"] or leaked or tracebacks:
        out += ["", "## Failures", ""]
        out += [
            f"- {row['module']}/{row['case']} ({row['fault']}, outcome {row['outcome']}): "
            f"{'; '.join(row['problems'])} -- msg: {row['msg'][:200]}"
            for row in failing
        ]
        for found in secrets["found"]:
            out.append(f"- secret {found['secret']} in {found['file']}" if isinstance(found, dict) else f"- {found}")
        out += [f"- a Python traceback in {name}" for name in tracebacks]
        if leaked:
            out.append(
                f"- the listener on a port no task names received {listener['connections']} connections, "
                f"{listener['bytes']} bytes"
            )
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write("\n".join(out) + "\n")
    fleet_failed = fleet is not None and fleet["failures"]
    return 1 if failing or secrets["found"] or broken or fleet_failed or leaked or tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
