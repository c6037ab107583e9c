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
        cells = [cell_text([l for l in lines if l["module"] == module and l["fault"] == fault]) for fault in FAULTS]
        rows.append("| {} | {} |".format(module, " | ".join(cells)))
    return rows


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
    faults = [l for l in lines if l["variant"] in ("fail", "retry", "base")]
    bad = [l for l in lines if l["variant"] == "bad"]
    failing = [l for l in lines if l["verdict"] == "fail"]
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
    cells = {(l["module"], l["fault"]) for l in faults if l["fault"] != "none"}
    failing_cells = {(l["module"], l["fault"]) for l in failing if l["variant"] != "bad"}
    out += ["", "Bad inputs:", "", "| module | case | verdict | message |", "|---|---|---|---|"]
    out += [
        "| {} | {} | {} | {} |".format(l["module"], l["case"], l["verdict"], l["msg"][:110].replace("|", "/"))
        for l in bad
    ]
    out += [
        "",
        "## Counts",
        "",
        "- fault cells tried: %d (runs: %d), failing cells: %d" % (len(cells), len(faults), len(failing_cells)),
        "- bad inputs tried: %d, failing: %d" % (len(bad), len([l for l in bad if l["verdict"] == "fail"])),
        "- secrets found: %d (%s secret values, %s files scanned, %s exports hold secrets with mode 0600)"
        % (
            len(secrets["found"]),
            secrets.get("secrets_checked"),
            secrets.get("files_scanned"),
            secrets.get("exports_with_secrets_0600"),
        ),
        "- listener on a port no task names (malformed host rows aim at it): {} connections, {} bytes".format(
            listener["connections"], listener["bytes"]
        ),
        "- logs with a Python traceback: %d" % len(tracebacks),
        "- fleet failures: %s"
        % (
            "not run"
            if fleet is None
            else "%d of %d devices (%.1f s, forks %d)"
            % (fleet["failures"], fleet["devices"], fleet["seconds"], fleet["forks"])
        ),
        "- matrix wall time: %d s" % args.seconds,
    ]
    if broken:
        out.append("- playbooks that did not run to their end: {}".format(", ".join(broken)))
    if failing or secrets["found"] or leaked or tracebacks:
        out += ["", "## Failures", ""]
        out += [
            "- {}/{} ({}, outcome {}): {} -- msg: {}".format(
                l["module"], l["case"], l["fault"], l["outcome"], "; ".join(l["problems"]), l["msg"][:200]
            )
            for l in failing
        ]
        for found in secrets["found"]:
            out.append(
                "- secret {} in {}".format(found["secret"], found["file"]) if isinstance(found, dict) else f"- {found}"
            )
        out += [f"- a Python traceback in {name}" for name in tracebacks]
        if leaked:
            out.append(
                "- the listener on a port no task names received {} connections, {} bytes".format(
                    listener["connections"], listener["bytes"]
                )
            )
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write("\n".join(out) + "\n")
    fleet_failed = fleet is not None and fleet["failures"]
    return 1 if failing or secrets["found"] or broken or fleet_failed or leaked or tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
