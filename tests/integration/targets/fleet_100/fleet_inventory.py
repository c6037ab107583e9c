# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write an INI inventory with one host per simulated device (fleet_inventory.py --vars VARS --out INI)."""

import argparse
import json


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vars", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.vars, encoding="utf-8") as handle:
        sim = json.load(handle)["xerus_sim"]
    lines = ["[fleet]"]
    lines += [
        f"pdu{index + 1:03d} xerus_host={device['host']} xerus_serial={device['serial']}"
        for index, device in enumerate(sim["devices"])
    ]
    lines += [
        "",
        "[fleet:vars]",
        "ansible_connection=local",
        "ansible_python_interpreter={{ ansible_playbook_python }}",
    ]
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
