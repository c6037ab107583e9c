# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Assertions on `ansible-inventory --list` output for the xerus_zeroconf target.

  python check_inventory.py LIST_JSON --sim-vars VARS [--count N] [--enriched] [--names name|serial|address]
                     [--group NAME=COUNT ...] [--var HOST KEY VALUE ...] [--unreachable DEVICE_ADDRESS ...]
Exits 1 with every failed expectation listed.
"""

import argparse
import json
import sys


def plain(value):
    """ansible-core 2.19 writes untrusted strings as {"__ansible_unsafe": "..."}; older versions write plain values."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def group_hosts(inventory, name):
    group = inventory.get(name) or {}
    hosts = set(group.get("hosts", []))
    for child in group.get("children", []):
        hosts |= group_hosts(inventory, child)
    return hosts


def expected_name(device, names):
    return {
        "name": f"{device['model']}-{device['serial']}",
        "serial": device["serial"],
        "address": device["host"],
    }[names]


def check(args):
    with open(args.list_json, encoding="utf-8") as handle:
        inventory = plain(json.load(handle))
    with open(args.sim_vars, encoding="utf-8") as handle:
        devices = {device["host"]: device for device in json.load(handle)["xerus_sim"]["devices"]}
    hostvars = inventory.get("_meta", {}).get("hostvars", {})
    failures = []
    if args.count is not None and len(hostvars) != args.count:
        failures.append(f"expected {args.count} hosts, got {len(hostvars)}: {sorted(hostvars)[:5]}")
    if args.count is not None and len(group_hosts(inventory, "xerus")) != args.count:
        failures.append(f"group xerus has {len(group_hosts(inventory, 'xerus'))} hosts, expected {args.count}")
    for host, hvars in hostvars.items():
        device = devices.get(hvars.get("xerus_host"))
        if device is None:
            failures.append(f"{host}: xerus_host {hvars.get('xerus_host')!r} is not a device of this simulator")
            continue
        if host != expected_name(device, args.names):
            failures.append(f"{host}: expected host name {expected_name(device, args.names)!r}")
        expect = {
            "ansible_host": device["host"],
            "xerus_port": device["port"],
            "xerus_serial": device["serial"],
            "xerus_model": device["model"],
            "xerus_firmware_version": device["firmware_version"],
        }
        if device["host"] in args.unreachable:
            expect["xerus_reachable"] = False
            if "xerus_name" in hvars:
                failures.append(f"{host}: unreachable but has xerus_name")
        elif args.enriched:
            expect.update({"xerus_reachable": True, "xerus_name": ""})
        for key, value in expect.items():
            if hvars.get(key) != value:
                failures.append(f"{host}: {key}={hvars.get(key)!r}, expected {value!r}")
    for item in args.group:
        name, count = item.split("=", 1)
        if len(group_hosts(inventory, name)) != int(count):
            failures.append(f"group {name} has {len(group_hosts(inventory, name))} hosts, expected {count}")
    for host, key, value in args.var:
        actual = hostvars.get(host, {}).get(key)
        if json.dumps(actual) != value and str(actual) != value:
            failures.append(f"{host}: {key}={actual!r}, expected {value}")
    for failure in failures[:40]:
        print("FAIL: " + failure)
    print(f"checked {len(hostvars)} hosts: {'FAILED' if failures else 'ok'}")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("list_json")
    parser.add_argument("--sim-vars", required=True)
    parser.add_argument("--count", type=int)
    parser.add_argument("--enriched", action="store_true")
    parser.add_argument("--names", default="name", choices=["name", "serial", "address"])
    parser.add_argument("--group", action="append", default=[])
    parser.add_argument("--var", nargs=3, action="append", default=[], metavar=("HOST", "KEY", "VALUE"))
    parser.add_argument(
        "--unreachable", action="append", default=[], help="device address expected with xerus_reachable false"
    )
    args = parser.parse_args()
    return check(args)


if __name__ == "__main__":
    sys.exit(main())
