# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Print the SNMP, SNMP notification and SMTP settings a simulated device holds, secrets as SHA-256 digests.

    device_settings.py --control URL HOST

The state comes from the simulator's control server (the device's persisted state). Communities,
passphrases and the SMTP password are printed as "sha256:<hex>" (empty ones as ""), so a test can compare
them with ``value | hash('sha256')`` without the secret ever reaching a log.
"""

import argparse
import hashlib
import json
import sys
import urllib.request

SECRET_ARGUMENTS = ("SnmpNotfV3AuthKey", "SnmpNotfV3PrivKey")


def digest(text):
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest() if text else ""


def destination(text):
    """host:port:community with the community as a digest."""
    host_port, separator, community = text.rpartition(":")
    return f"{host_port}{separator}{digest(community)}" if text else ""


def settings(state):
    snmp = dict(state.get("snmp", {}))
    for key in ("readComm", "writeComm"):
        snmp[key] = digest(snmp.get(key, ""))
    engine = state.get("event_engine") or {}
    action = next((item for item in engine.get("actions", []) if item["id"] == "SystemSnmpTrapAction"), None)
    rule = next((item for item in engine.get("rules", []) if item["id"] == "SystemSnmpTrapRule"), None)
    arguments = {}
    for entry in (action or {}).get("arguments", []):
        key, value = entry["key"], entry["value"]
        if key in SECRET_ARGUMENTS:
            value = digest(value)
        elif key.startswith("SnmpTrapDest"):
            value = destination(value)
        arguments[key] = value
    smtp = dict(state.get("smtp", {}))
    smtp["password"] = digest(smtp.get("password", ""))
    return {
        "snmp": snmp,
        "notifications": {"rule_enabled": rule["isEnabled"] if rule else None, "arguments": arguments},
        "smtp": smtp,
        "smtp_tests": state.get("smtp_tests", []),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--control", required=True)
    parser.add_argument("host")
    args = parser.parse_args()
    with urllib.request.urlopen(f"{args.control.rstrip('/')}/devices/{args.host}/state", timeout=10) as answer:
        state = json.load(answer)["state"]
    print(json.dumps(settings(state), indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
