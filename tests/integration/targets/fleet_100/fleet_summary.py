# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Count failed/unreachable hosts in a PLAY RECAP and write fleet.json; exit 1 unless all devices passed."""

import argparse
import json
import re
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--devices", type=int, required=True)
    parser.add_argument("--forks", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.log, encoding="utf-8") as handle:
        recap = handle.read().split("PLAY RECAP", 1)[-1]
    hosts = re.findall(r"^(pdu\d+)\s*:\s*ok=(\d+).*?unreachable=(\d+)\s+failed=(\d+)", recap, re.MULTILINE)
    failures = sum(1 for _host, _ok, unreachable, failed in hosts if int(unreachable) or int(failed))
    failures += args.devices - len(hosts)
    summary = {
        "devices": args.devices,
        "hosts_in_recap": len(hosts),
        "failures": failures,
        "seconds": args.seconds,
        "forks": args.forks,
    }
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(summary, out)
    print(f"fleet of {args.devices} devices, forks {args.forks}: {failures} failures, {args.seconds:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
