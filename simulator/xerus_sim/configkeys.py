"""Configuration keys shared by raw and bulk configuration files (protocol 9.3).

Each key maps a text value (as written in a file) to a place in
``device.state``. Outlet keys use 1-based labels; the state lists outlets
0-based. ``validate`` returns a reason string for the first bad item,
``apply`` validates everything first and then writes all items under
``device.lock`` before one ``device.save()``.
"""

import ipaddress
import re
from dataclasses import dataclass
from typing import Any, Callable

SECRET_KEYS = frozenset({"snmp.v2c.read_community", "snmp.v2c.write_community"})

PDU_STARTUP = ["on", "off", "lastknown"]
OUTLET_STARTUP = ["on", "off", "lastknown", "pdudefault"]

PDU_DEFAULTS = {"name": "", "startupState": 2, "cycleDelay": 10, "inRushGuardDelay": 200,
                "outletPowerStateSequence": [], "powerOnDelay": 0,
                "suspendTripCauseOutlets": False, "inhibitRelayControl": False}
OUTLET_DEFAULTS = {"name": "", "startupState": 3, "usePduCycleDelay": True, "cycleDelay": 10,
                   "nonCritical": False, "sequenceDelay": 0}
SNMP_DEFAULTS = {"v2enable": False, "v3enable": False, "readComm": "public", "writeComm": "private",
                 "sysContact": "", "sysName": "", "sysLocation": ""}

_HOST_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_DIGITS = re.compile(r"[0-9]{1,10}")


class ConfigValueError(ValueError):
    """An item that cannot be applied; str() is the reason (never contains a secret value)."""


@dataclass(frozen=True)
class KeySpec:
    name: str
    read: Callable[[Any], str]            # device -> text
    parse: Callable[[Any, str], Any]      # (device, text) -> value, raises ConfigValueError
    write: Callable[[Any, Any], None]     # (device, value) -> None, lock held

    @property
    def secret(self):
        return self.name in SECRET_KEYS


# ---- value syntaxes --------------------------------------------------------

def _text(limit):
    def parse(_device, text):
        if len(text) > limit:
            raise ConfigValueError(f"longer than {limit} characters")
        if any(ord(c) < 32 or ord(c) == 127 for c in text):
            raise ConfigValueError("contains control characters")
        return text
    return parse


def _integer(low, high):
    def parse(_device, text):
        if not _DIGITS.fullmatch(text):
            raise ConfigValueError(f"not an integer in {low}..{high}")
        value = int(text)
        if not low <= value <= high:
            raise ConfigValueError(f"{value} is outside {low}..{high}")
        return value
    return parse


def _boolean(_device, text):
    if text not in ("true", "false"):
        raise ConfigValueError("must be true or false")
    return text == "true"


def _choice(names):
    def parse(_device, text):
        if text not in names:
            raise ConfigValueError("must be one of " + "|".join(names))
        return names.index(text)
    return parse


def _outlet_sequence(device, text):
    if text == "":
        return []
    labels = [item.strip() for item in text.split(",")]
    if not all(_DIGITS.fullmatch(label) for label in labels):
        raise ConfigValueError("must be a comma list of outlet labels")
    numbers = [int(label) - 1 for label in labels]
    if sorted(numbers) != list(range(outlet_count(device))):
        raise ConfigValueError("must list every outlet label exactly once")
    return numbers


def _hostname(_device, text):
    if not _HOST_LABEL.fullmatch(text):
        raise ConfigValueError("not a host name label")
    return text


def _ipv4_interface(_device, text):
    if not re.fullmatch(r"[0-9.]+/[0-9]{1,2}", text):
        raise ConfigValueError("must be a.b.c.d/prefix")
    try:
        ipaddress.IPv4Interface(text)
    except ValueError:
        raise ConfigValueError("must be a.b.c.d/prefix") from None
    return text


def _ipv4_or_empty(_device, text):
    if text == "":
        return ""
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        raise ConfigValueError("not an IPv4 address") from None
    return text


def _ip_list(_device, text):
    """Normalised comma list (state keeps the text form)."""
    if text == "":
        return ""
    servers = [item.strip() for item in text.split(",")]
    for server in servers:
        try:
            ipaddress.ip_address(server)
        except ValueError:
            raise ConfigValueError("must be a comma list of IP addresses") from None
    return ",".join(servers)


def _render(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


# ---- state access ----------------------------------------------------------

def outlet_count(device):
    outlets = device.state.get("outlets")
    return len(outlets) if outlets else device.outlet_count


def _section(device, name, defaults):
    section = device.state.setdefault(name, {})
    for key, value in defaults.items():
        section.setdefault(key, value)
    return section


def _net_defaults(device):
    prefix = 8 if str(device.host).startswith("127.") else 24
    return {"hostname": "px-" + str(device.serial).lower(), "ipv4_method": "static",
            "ipv4_address": f"{device.host}/{prefix}", "ipv4_gateway": "", "dns_servers": ""}


def _outlet_settings(device, index):
    outlets = device.state.setdefault("outlets", [])
    while len(outlets) <= index:
        outlets.append({})
    settings = outlets[index].setdefault("settings", {})
    for key, value in OUTLET_DEFAULTS.items():
        settings.setdefault(key, value)
    return settings


def _field(section_of, field, to_text=_render):
    def read(device):
        return to_text(section_of(device)[field])

    def write(device, value):
        section_of(device)[field] = value
    return read, write


def _pdu(device):
    return _section(device, "pdu_settings", PDU_DEFAULTS)


def _inlet(device):
    return _section(device, "inlet_settings", {"name": ""})


def _snmp(device):
    return _section(device, "snmp", SNMP_DEFAULTS)


def _net(device):
    return _section(device, "net", _net_defaults(device))


def _dns_text(value):
    return value if isinstance(value, str) else ",".join(value)


def _key(name, section_of, field, parse, to_text=_render):
    read, write = _field(section_of, field, to_text)
    return KeySpec(name, read, parse, write)


def _device_keys():
    return [
        _key("pdu.name", _pdu, "name", _text(64)),
        _key("pdu.startup_state", _pdu, "startupState", _choice(PDU_STARTUP), lambda v: PDU_STARTUP[v]),
        _key("pdu.cycle_delay", _pdu, "cycleDelay", _integer(1, 3600)),
        _key("pdu.inrush_guard_delay", _pdu, "inRushGuardDelay", _integer(100, 100000)),
        _key("pdu.power_on_delay", _pdu, "powerOnDelay", _integer(0, 3600)),
        _key("pdu.outlet_sequence", _pdu, "outletPowerStateSequence", _outlet_sequence,
             lambda v: ",".join(str(n + 1) for n in v)),
        _key("pdu.suspend_trip_cause_outlets", _pdu, "suspendTripCauseOutlets", _boolean),
        _key("pdu.inhibit_relay_control", _pdu, "inhibitRelayControl", _boolean),
        _key("inlet.1.name", _inlet, "name", _text(64)),
        _key("net.hostname", _net, "hostname", _hostname),
        _key("net.ipv4.method", _net, "ipv4_method", _choice_text(["dhcp", "static"])),
        _key("net.ipv4.address", _net, "ipv4_address", _ipv4_interface),
        _key("net.ipv4.gateway", _net, "ipv4_gateway", _ipv4_or_empty),
        _key("net.dns.servers", _net, "dns_servers", _ip_list, _dns_text),
        _key("snmp.v2c.enabled", _snmp, "v2enable", _boolean),
        _key("snmp.v3.enabled", _snmp, "v3enable", _boolean),
        _key("snmp.v2c.read_community", _snmp, "readComm", _text(64)),
        _key("snmp.v2c.write_community", _snmp, "writeComm", _text(64)),
        _key("snmp.sys_contact", _snmp, "sysContact", _text(255)),
        _key("snmp.sys_name", _snmp, "sysName", _text(255)),
        _key("snmp.sys_location", _snmp, "sysLocation", _text(255)),
    ]


def _choice_text(names):
    def parse(_device, text):
        if text not in names:
            raise ConfigValueError("must be one of " + "|".join(names))
        return text
    return parse


def _outlet_keys(index):
    label = index + 1

    def section_of(device):
        return _outlet_settings(device, index)
    return [
        _key(f"outlet.{label}.name", section_of, "name", _text(64)),
        _key(f"outlet.{label}.startup_state", section_of, "startupState", _choice(OUTLET_STARTUP),
             lambda v: OUTLET_STARTUP[v]),
        _key(f"outlet.{label}.use_pdu_cycle_delay", section_of, "usePduCycleDelay", _boolean),
        _key(f"outlet.{label}.cycle_delay", section_of, "cycleDelay", _integer(1, 3600)),
        _key(f"outlet.{label}.non_critical", section_of, "nonCritical", _boolean),
        _key(f"outlet.{label}.sequence_delay", section_of, "sequenceDelay", _integer(0, 100000)),
    ]


# ---- public API --------------------------------------------------------------

def key_table(device):
    """Every key of this device, name -> KeySpec (21 device keys + 6 per outlet)."""
    specs = _device_keys()
    for index in range(outlet_count(device)):
        specs.extend(_outlet_keys(index))
    return {spec.name: spec for spec in specs}


def read_all(device):
    """Every key's current text value, sorted by key."""
    with device.lock:
        table = key_table(device)
        return {name: table[name].read(device) for name in sorted(table)}


def parse_items(device, items):
    """[(KeySpec, value)] for (key, text) items; raises ConfigValueError on the first bad one."""
    table = key_table(device)
    parsed = []
    for key, text in _pairs(items):
        spec = table.get(key)
        if spec is None:
            raise ConfigValueError(f"unknown key {key!r}")
        try:
            parsed.append((spec, spec.parse(device, text)))
        except ConfigValueError as exc:
            raise ConfigValueError(f"invalid value for {key}: {exc}") from None
    return parsed


def validate(device, items):
    """None when every (key, text) item is known and valid, else the reason."""
    with device.lock:
        try:
            parse_items(device, items)
        except ConfigValueError as exc:
            return str(exc)
    return None


def apply(device, items):
    """Validate all items, then write them in order under the lock and save once."""
    with device.lock:
        parsed = parse_items(device, items)
        for spec, value in parsed:
            spec.write(device, value)
        device.save()


def _pairs(items):
    return items.items() if isinstance(items, dict) else items
