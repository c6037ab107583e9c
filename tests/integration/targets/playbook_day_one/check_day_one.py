# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Judge two runs of playbooks/day_one.yml (their output, up to the PLAY RECAP) and the devices they left behind.

    check_day_one.py --first F --second S --vars VARS --settings device_settings.py --vault VAULT

The first run changed every PDU, the second run changed none and failed nothing; every device holds the
example baseline (read back through the simulator's control server, secrets compared as digests).
"""

import argparse
import hashlib
import json
import re
import subprocess
import sys

import yaml

RECAP_LINE = re.compile(r"^(?P<host>\S+)\s+:\s+(?P<counts>(?:\w+=\d+\s*)+)$")


def stats(path):
    """{host: {ok, changed, unreachable, failed, ...}} from the PLAY RECAP of a run's output."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    recap = text.rsplit("PLAY RECAP", 1)[-1]
    result = {}
    for line in recap.splitlines():
        match = RECAP_LINE.match(line.strip())
        if match:
            counts = dict(item.split("=") for item in match.group("counts").split())
            result[match.group("host")] = {key: int(value) for key, value in counts.items()}
    return result


def digest(text):
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def device_problems(settings_script, control, device, vault):
    shown = json.loads(
        subprocess.run(
            [sys.executable, settings_script, "--control", control, device["host"]],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    snmp, notes, smtp = shown["snmp"], shown["notifications"], shown["smtp"]
    trap = digest(vault["vault_snmp_trap_community"])
    expected = {
        "SNMPv1/v2c on": snmp["v2enable"] is True,
        "read community": snmp["readComm"] == digest(vault["vault_snmp_read_community"]),
        "sys_location": snmp["sysLocation"] == "DC1 hall A",
        "sys_name is the inventory name": snmp["sysName"].startswith("pdu"),
        "notifications on": notes["rule_enabled"] is True,
        "two trap targets": [notes["arguments"][f"SnmpTrapDest{n}"] for n in (1, 2, 3)]
        == [f"192.0.2.10:162:{trap}", f"192.0.2.11:162:{trap}", ""],
        "smtp server": (smtp["host"], smtp["port"], smtp["useTls"]) == ("mail.example.com", 587, True),
        "smtp auth": (smtp["useAuth"], smtp["username"]) == (True, "pdu-mailer"),
        "smtp password": smtp["password"] == digest(vault["vault_smtp_password"]),
    }
    return [f"{device['host']}: {name}" for name, ok in expected.items() if not ok]


def main():
    parser = argparse.ArgumentParser()
    for option in ("--first", "--second", "--vars", "--settings", "--vault"):
        parser.add_argument(option, required=True)
    args = parser.parse_args()
    with open(args.vars, encoding="utf-8") as handle:
        sim = json.load(handle)["xerus_sim"]
    with open(args.vault, encoding="utf-8") as handle:
        vault = yaml.safe_load(handle)
    first, second = stats(args.first), stats(args.second)
    problems = []
    pdus = sorted(host for host in first if host.startswith("pdu"))
    if len(pdus) != len(sim["devices"]):
        problems.append(f"{len(pdus)} PDUs in the run, {len(sim['devices'])} simulated")
    for host in pdus:
        if first[host]["changed"] < 4 or first[host]["failed"] or first[host]["unreachable"]:
            problems.append(f"first run on {host}: {first[host]}")
        if second[host]["changed"] or second[host]["failed"] or second[host]["unreachable"]:
            problems.append(f"second run on {host}: {second[host]}")
    for device in sim["devices"]:
        problems += device_problems(args.settings, sim["control"], device, vault)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(
        f"day one: {len(pdus)} PDUs, first run changed {sum(first[h]['changed'] for h in pdus)} task results, "
        f"second run {sum(second[h]['changed'] for h in pdus)}; {len(problems)} problem(s)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
