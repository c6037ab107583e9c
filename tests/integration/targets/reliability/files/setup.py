# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Prepare the reliability run: one device per matrix playbook, test PKI, CA bundle, secret markers.

  setup.py --fleet FLEET_VARS --inventory INV_VARS --inv-control URL --work DIR --out REL_JSON [--bad-shards N]
The fleet has a device per matrix playbook and one per shard of the bad-input table (bad_table_K).
Writes REL_JSON ({"rel": ...}, public facts only) and DIR/markers.json (0600, the secret markers).
"""

import argparse
import json
import os
import secrets
import subprocess
import sys

ROLES = ["outlet", "info", "cert", "firmware", "bulkcfg", "bulkcfg_export", "rawcfg", "rawcfg_export", "bad_inputs"]


def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)["xerus_sim"]


def write_private(path, data):
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(handle, "w") as out:
        json.dump(data, out)


def main():
    parser = argparse.ArgumentParser()
    for flag in ("--fleet", "--inventory", "--inv-control", "--work", "--out"):
        parser.add_argument(flag, required=True)
    parser.add_argument("--bad-shards", type=int, default=1)
    args = parser.parse_args()
    fleet, inventory = load(args.fleet), load(args.inventory)
    roles = ROLES + [f"bad_table_{shard}" for shard in range(args.bad_shards)]
    if len(fleet["devices"]) < len(roles):
        sys.exit(f"the fleet has {len(fleet['devices'])} devices, the matrix needs {len(roles)}")
    duts = {role: device["host"] for role, device in zip(roles, fleet["devices"])}
    duts["inventory"] = inventory["devices"][0]["host"]
    pki_dir = os.path.join(args.work, "pki")
    here = os.path.dirname(os.path.abspath(__file__))
    pki = json.loads(
        subprocess.run(
            [sys.executable, os.path.join(here, "pki.py"), "--dir", pki_dir, "--ip", duts["cert"]],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    bundle = os.path.join(args.work, "ca-bundle.pem")
    with open(bundle, "w", encoding="ascii") as out:
        for path in (fleet["ca_path"], inventory["ca_path"], pki["cas"]):
            with open(path, encoding="ascii") as part:
                out.write(part.read())
    write_private(
        os.path.join(args.work, "markers.json"),
        {
            "community": "Community-" + secrets.token_hex(12),
            "config_password": "CfgPass-" + secrets.token_hex(12),
            "injected_secret": "Injected-" + secrets.token_hex(12),
        },
    )
    inventory_config = os.path.join(args.work, "matrix.xerus_zeroconf.yml")
    with open(inventory_config, "w", encoding="utf-8") as out:
        out.write(
            "plugin: xerus.pdu.xerus_zeroconf\ninterfaces: [127.0.0.1]\n"
            f"networks: [{duts['inventory']}/32]\nhostname_from: address\n"
            "enrich: true\nexpected_count: 1\ntimeout: 4\nsettle: 0.3\n"
        )
    rel = {
        "inventory_config": inventory_config,
        "work": args.work,
        "duts": duts,
        "ca_bundle": bundle,
        "pki": pki,
        "fleet_control": fleet["control"],
        "inv_control": args.inv_control,
        "images": os.path.join(args.work, "images"),
    }
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump({"rel": rel}, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
