# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bulk configuration filters and filter profiles (protocol 8.1).

The first filter (in table order) whose rule matches a key owns that key.
Custom profiles live in ``state["bulkcfg"]["profiles"]`` as
``{"name", "description", "types": {filter: FilterType}}``; filters a profile
does not name, and ``noOverride`` filters, take the built-in profile's type.
"""

import re

from xerus_sim.config import keys

WHITELIST, BLACKLIST = 0, 1
BUILTIN = "builtin"
MAX_CUSTOM_PROFILES = 16
MAX_PROFILE_NAME = 32
_PROFILE_NAME = re.compile(r"[A-Za-z0-9_.-]+")

(
    SUCCESS,
    ERR_FILTER_NAME_UNKNOWN,
    ERR_FILTER_TYPE_READONLY,
    ERR_PROFILE_ALREADY_EXISTS,
    ERR_PROFILE_DOES_NOT_EXIST,
    ERR_PROFILE_IS_DEFAULT,
    ERR_PROFILE_IS_BUILTIN,
    ERR_PROFILE_NAME_TOO_LONG,
    ERR_PROFILE_NAME_INVALID,
    ERR_PROFILE_TOO_MANY,
) = range(10)

FILTERS = [
    {
        "name": "device_identity",
        "displayName": "Device name and SNMP system identity",
        "noOverride": False,
        "bulkOnly": True,
        "ruleSpecs": ["pdu.name", "snmp.sys_name", "snmp.sys_location"],
    },
    {
        "name": "network",
        "displayName": "Network settings",
        "noOverride": True,
        "bulkOnly": True,
        "ruleSpecs": ["net.*"],
    },
    {
        "name": "outlet_settings",
        "displayName": "Outlet settings",
        "noOverride": False,
        "bulkOnly": False,
        "ruleSpecs": ["pdu.outlets*"],
    },
    {
        "name": "pdu_settings",
        "displayName": "PDU and inlet settings",
        "noOverride": False,
        "bulkOnly": False,
        "ruleSpecs": ["pdu.*"],
    },
    {
        "name": "snmp_settings",
        "displayName": "SNMP settings",
        "noOverride": False,
        "bulkOnly": False,
        "ruleSpecs": ["snmp.*"],
    },
    {
        "name": "security_settings",
        "displayName": "Security settings and network services",
        "noOverride": False,
        "bulkOnly": False,
        "ruleSpecs": ["security.*", "modbus.*", "proto_listener*"],
    },
    {
        "name": "user_management",
        "displayName": "Users and roles",
        "noOverride": False,
        "bulkOnly": True,
        "ruleSpecs": ["roles*", "users*"],
    },
]
FILTER_NAMES = [f["name"] for f in FILTERS]
BULK_ONLY = frozenset(f["name"] for f in FILTERS if f["bulkOnly"])
BUILTIN_TYPES = {
    "device_identity": BLACKLIST,
    "network": BLACKLIST,
    "outlet_settings": WHITELIST,
    "pdu_settings": WHITELIST,
    "snmp_settings": WHITELIST,
    "security_settings": WHITELIST,
    "user_management": BLACKLIST,
}
_BY_NAME = {f["name"]: f for f in FILTERS}


def _rule_matches(rule, key):
    """A rule ending in ``*`` is a key prefix, any other rule one key (8.1)."""
    if rule.endswith("*"):
        return key.startswith(rule[:-1])
    return key == rule


def owner(key):
    """Name of the filter owning a key in any spelling (None if no rule matches)."""
    key = keys.canonical(key)
    for flt in FILTERS:
        if any(_rule_matches(rule, key) for rule in flt["ruleSpecs"]):
            return flt["name"]
    return None


def effective_types(profile):
    """Full filter -> type map of a stored profile (None = builtin)."""
    types = dict(BUILTIN_TYPES)
    if profile:
        for name, ftype in profile["types"].items():
            if name in types and not _BY_NAME[name]["noOverride"]:
                types[name] = ftype
    return types


def export_filters(profile, backup):
    """Sorted filter names a download includes: WHITELIST ones, plus bulk-only in backup mode."""
    types = effective_types(profile)
    chosen = {name for name, ftype in types.items() if ftype == WHITELIST}
    if backup:
        chosen |= BULK_ONLY
    return sorted(chosen)


def wire_profile(name, description, types):
    return {
        "name": name,
        "description": description,
        "filterNameToTypeMap": [{"key": n, "value": types[n]} for n in FILTER_NAMES],
    }


def builtin_wire():
    return wire_profile(BUILTIN, "Built-in profile", BUILTIN_TYPES)


def stored_to_wire(profile):
    return wire_profile(profile["name"], profile["description"], effective_types(profile))


def check_name(name):
    """Profile-name code: 0, ERR_PROFILE_IS_BUILTIN, _NAME_TOO_LONG or _NAME_INVALID."""
    if name == BUILTIN:
        return ERR_PROFILE_IS_BUILTIN
    if len(name) > MAX_PROFILE_NAME:
        return ERR_PROFILE_NAME_TOO_LONG
    if not _PROFILE_NAME.fullmatch(name):
        return ERR_PROFILE_NAME_INVALID
    return SUCCESS


def check_types(types):
    """Filter-map code: 0, ERR_FILTER_NAME_UNKNOWN or ERR_FILTER_TYPE_READONLY."""
    if any(name not in _BY_NAME for name in types):
        return ERR_FILTER_NAME_UNKNOWN
    for name, ftype in types.items():
        if _BY_NAME[name]["noOverride"] and ftype != BUILTIN_TYPES[name]:
            return ERR_FILTER_TYPE_READONLY
    return SUCCESS
