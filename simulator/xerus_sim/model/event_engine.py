# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The event engine's system entries and SendSnmpTrap rules; event.py serves event.Engine at /event_engine with them.

Vendor IDL (EventEngine.idl, event.Engine 1.0.1 in both generations) for the methods and return codes; vendor
documentation (raritan-json-rpc-doc, devsettings.html and eventengine.html) for the system rule
SystemSnmpTrapRule, whose isEnabled switches SNMP notifications, and the system action SystemSnmpTrapAction of
type SendSnmpTrap, whose string arguments are the notification type and targets.

[modelled] The device has these two system entries and a system event-log pair; the v3 passphrases of a
SendSnmpTrap action are write-only (listActions returns them empty, an empty one in modifyAction keeps the
stored one), like every other passphrase of the IDL.  Invalid SendSnmpTrap arguments are refused with the
JSON-RPC error "Invalid params" naming the argument: the IDL has no return code for them.
"""

import copy
import ipaddress
import re

from xerus_sim.rpc.errors import INVALID_PARAMS, RpcError

SNMP_RULE, SNMP_ACTION = "SystemSnmpTrapRule", "SystemSnmpTrapAction"
SNMP_ACTION_TYPE = "SendSnmpTrap"
SECRET_ARGUMENTS = ("SnmpNotfV3AuthKey", "SnmpNotfV3PrivKey")
NOTIFICATION_TYPES = ("v2Trap", "v2Inform", "v3Trap", "v3Inform")
CHOICES = {
    "SnmpNotfV3SecLevel": ("noAuthNoPriv", "authNoPriv", "authPriv"),
    "SnmpNotfV3AuthProto": ("md5", "sha", "sha224", "sha256", "sha384", "sha512"),
    "SnmpNotfV3PrivProto": ("des", "aes", "aes192", "aes256", "aes192-3des", "aes256-3des"),
}
_DEST = re.compile(r"^(?:\[(?P<v6>[^\]]+)\]|(?P<host>[^:\[\]]+)):(?P<port>\d{1,5}):(?P<community>.*)$", re.S)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _kv(key, value):
    return {"key": key, "value": value}


def _condition(event_id):
    return {"negate": False, "operation": 0, "matchType": 2, "eventId": event_id, "conditions": []}


def default_engine():
    snmp_arguments = [
        _kv("SnmpNotfType", "v2Trap"),
        _kv("SnmpTrapDest1", ""),
        _kv("SnmpTrapDest2", ""),
        _kv("SnmpTrapDest3", ""),
        _kv("SnmpNotfTimeout", "3"),
        _kv("SnmpNotfRetries", "3"),
        _kv("SnmpNotfV3SecName", ""),
        _kv("SnmpNotfV3SecLevel", "noAuthNoPriv"),
        _kv("SnmpNotfV3AuthProto", "md5"),
        _kv("SnmpNotfV3AuthKey", ""),
        _kv("SnmpNotfV3PrivProto", "des"),
        _kv("SnmpNotfV3PrivKey", ""),
    ]
    actions = [
        {
            "id": "SystemEventLogAction",
            "name": "System Event Log Action",
            "isSystem": True,
            "type": "LogEventMessage",
            "arguments": [],
        },
        {
            "id": SNMP_ACTION,
            "name": "System SNMP Notification Action",
            "isSystem": True,
            "type": SNMP_ACTION_TYPE,
            "arguments": snmp_arguments,
        },
    ]
    rules = [
        {
            "id": "SystemEventLogRule",
            "name": "System Event Log Rule",
            "isSystem": True,
            "isEnabled": True,
            "isAutoRearm": True,
            "hasMatched": False,
            "condition": _condition(["**"]),
            "actionIds": ["SystemEventLogAction"],
            "arguments": [],
        },
        {
            "id": SNMP_RULE,
            "name": "System SNMP Notification Rule",
            "isSystem": True,
            "isEnabled": False,
            "isAutoRearm": True,
            "hasMatched": False,
            "condition": _condition(["**"]),
            "actionIds": [SNMP_ACTION],
            "arguments": [],
        },
    ]
    return {"actions": actions, "rules": rules, "next_id": 1}


def engine_of(device):
    if "event_engine" not in device.state:
        device.state["event_engine"] = default_engine()
    return device.state["event_engine"]


def shown(action):
    """An action as listActions returns it: write-only passphrases empty."""
    shown = copy.deepcopy(action)
    for entry in shown["arguments"]:
        if entry["key"] in SECRET_ARGUMENTS:
            entry["value"] = ""
    return shown


def _invalid_argument(key, value):
    raise RpcError(
        INVALID_PARAMS,
        "Invalid params",
        {"path": f"action.arguments[{key}]", "expected": f"a valid {key}", "got": repr(value)},
    )


def _destination_ok(text):
    match = _DEST.match(text)
    if not match or not 1 <= int(match.group("port")) <= 65535 or _CONTROL.search(text):
        return False
    if match.group("v6"):
        try:
            return isinstance(ipaddress.ip_address(match.group("v6")), ipaddress.IPv6Address)
        except ValueError:
            return False
    return True


def check_snmp_arguments(arguments):
    """Raise RpcError for an invalid SendSnmpTrap argument value."""
    values = {entry["key"]: entry["value"] for entry in arguments}
    kind = values.get("SnmpNotfType", "v2Trap")
    if kind not in NOTIFICATION_TYPES:
        _invalid_argument("SnmpNotfType", kind)
    for key in ("SnmpTrapDest1", "SnmpTrapDest2", "SnmpTrapDest3"):
        value = values.get(key, "")
        if value and not _destination_ok(value):
            _invalid_argument(key, value)
    if kind.startswith("v3") and (values.get("SnmpTrapDest2") or values.get("SnmpTrapDest3")):
        _invalid_argument("SnmpTrapDest2", "a second destination (SNMPv3 has one)")
    for key in ("SnmpNotfTimeout", "SnmpNotfRetries"):
        value = values.get(key, "")
        if value and not (value.isdigit() and int(value) <= 3600):
            _invalid_argument(key, value)
    for key, choices in CHOICES.items():
        if values.get(key) and values[key] not in choices:
            _invalid_argument(key, values[key])
    for key in SECRET_ARGUMENTS:
        if values.get(key) and len(values[key]) < 8:
            _invalid_argument(key, "a passphrase shorter than 8 characters")


def merged_arguments(stored, given):
    """The given arguments, with empty write-only passphrases replaced by the stored ones."""
    kept = {entry["key"]: entry["value"] for entry in stored}
    return [
        dict(entry, value=entry["value"] or kept.get(entry["key"], ""))
        if entry["key"] in SECRET_ARGUMENTS
        else dict(entry)
        for entry in given
    ]
