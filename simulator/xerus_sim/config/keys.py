# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Configuration keys shared by raw and bulk configuration files (protocol 9.2, 9.3).

Keys are written as real devices write them: dotted paths, map instances in
brackets (``proto_listener[http].port``), vector elements numbered from 0
(``pdu.outlets[0].name`` is outlet 1), ``v._s_`` for a vector's size and
``v[N]._c_`` for a string element's content; booleans are ``0`` / ``1``.
Uploads may also use the input form (``v._e_.N``, ``m._e_.name``) and may
leave ``._c_`` out: ``canonical`` maps every spelling to one key.

``read_lines`` gives the download lines in display form. ``validate`` tries
every item on a copy of the state and checks the rules that span keys;
``apply`` validates first, then writes the items and saves once.
"""

import copy
import ipaddress
import re
from dataclasses import dataclass
from typing import Any, Callable

from xerus_sim.model import usermgmt
from xerus_sim.model.state import NET_EXTRA_DEFAULTS

SECRET_KEYS = frozenset({"snmp.v2c.read_community", "snmp.v2c.write_community"})

STARTUP = ["on", "off", "lastknown"]
OUTLET_STARTUP = ["on", "off", "lastknown", "pdudefault"]

PDU_DEFAULTS = {
    "name": "",
    "startupState": 2,
    "cycleDelay": 10,
    "inRushGuardDelay": 200,
    "outletPowerStateSequence": [],
    "powerOnDelay": 0,
    "suspendTripCauseOutlets": False,
    "inhibitRelayControl": False,
}
OUTLET_DEFAULTS = {
    "name": "",
    "startupState": 3,
    "usePduCycleDelay": True,
    "cycleDelay": 10,
    "nonCritical": False,
    "sequenceDelay": 0,
}
SNMP_DEFAULTS = {
    "v2enable": False,
    "v3enable": False,
    "readComm": "public",
    "writeComm": "private",
    "sysContact": "",
    "sysName": "",
    "sysLocation": "",
}
SECURITY_DEFAULTS = {
    "block_time": 10,
    "max_login_fails": 0,
    "failed_login_timeout": 10,
    "idle_timeout": 15,
    "single_login": False,
    "http_redirect": True,
    "hsts": False,
    "pw_strong": False,
    "pw_min_length": 8,
    "pw_max_length": 32,
    "pw_enforce_lower": True,
    "pw_enforce_upper": True,
    "pw_enforce_numeric": True,
    "pw_enforce_special": True,
    "pw_history_depth": 5,
    "pw_aging": False,
    "pw_aging_interval": 60,
    "ssh_password_auth": True,
    "ssh_public_key_auth": True,
}
MODBUS_DEFAULTS = {"tcp_readonly": True}
# proto_listener instances (protocol 9.3 A, net.Services 4.4): name -> (enabled, port)
LISTENER_DEFAULTS = {
    "http": (True, 80),
    "https": (True, 443),
    "modbus": (False, 502),
    "ssh": (True, 22),
    "telnet": (False, 23),
}
# Privileges as the vendor's CLI writes them (9.3); those marked True take outlet labels as arguments.
PRIVILEGES = {name: takes_outlets for name, (_desc, takes_outlets) in usermgmt.PRIVILEGES.items()}
MAX_DNS_SERVERS = 3

_DIGITS = re.compile(r"[0-9]{1,10}")
_INPUT_FORM = re.compile(r"\._e_\.([^.\[\]]+)")
_ELEMENT = re.compile(r"(.+)\[([0-9]{1,4})\]")
_ROLE_KEY = re.compile(r"roles\[([0-9]{1,4})\]\.")


class ConfigValueError(ValueError):
    """An item that cannot be applied; str() is the reason (never contains a secret value)."""


def canonical(key):
    """One spelling per key: ``v._e_.N`` -> ``v[N]``, ``m._e_.name`` -> ``m[name]``, no ``._c_``."""
    key = _INPUT_FORM.sub(lambda found: "[" + found.group(1) + "]", key)
    return key[: -len("._c_")] if key.endswith("._c_") else key


@dataclass(frozen=True)
class KeySpec:
    name: str
    read: Callable[[Any], str]  # device -> text
    parse: Callable[[Any, str], Any]  # (device, text) -> value, raises ConfigValueError
    write: Callable[[Any, Any], None]  # (device, value) -> None, lock held

    @property
    def secret(self):
        return self.name in SECRET_KEYS


@dataclass(frozen=True)
class VectorSpec:
    """A vector: ``name._s_`` and elements ``name[N]`` (``name[N]._c_`` for string elements)."""

    name: str
    read: Callable[[Any], list]  # device -> [text]
    parse: Callable[[Any, list], Any]  # (device, [text]) -> value, raises ConfigValueError
    write: Callable[[Any, Any], None]
    strings: bool = True  # shown with ._c_
    max_size: int = 64


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
    if text not in ("0", "1"):
        raise ConfigValueError("must be 0 or 1")
    return text == "1"


def _choice(names, as_index=True):
    def parse(_device, text):
        if text not in names:
            raise ConfigValueError("must be one of " + "|".join(names))
        return names.index(text) if as_index else text

    return parse


def _ipv4(_device, text):
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        raise ConfigValueError("not an IPv4 address") from None
    return text


def _ipv4_or_empty(device, text):
    return "" if text == "" else _ipv4(device, text)


def _ipv6_or_empty(_device, text):
    if text == "":
        return ""
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        raise ConfigValueError("not an IPv6 address") from None
    return text


def _texts(limit):
    def parse(device, texts):
        return [_text(limit)(device, text) for text in texts]

    return parse


def _privileges(device, texts):
    labels = {str(number + 1) for number in range(outlet_count(device))}
    for text in texts:
        name, sep, args = text.partition(":")
        if name not in PRIVILEGES or bool(sep) != PRIVILEGES[name]:
            raise ConfigValueError("unknown privilege or missing arguments")
        if sep and not set(args.split(",")) <= labels:
            raise ConfigValueError("privilege arguments must be outlet labels")
    return list(texts)


def _role_ids(device, texts):
    known = set(_accounts(device)["roles"])
    if not all(_DIGITS.fullmatch(text) and text in known for text in texts):
        raise ConfigValueError("must list ids of existing roles")
    return [int(text) for text in texts]


def _dns_servers(_device, texts):
    for text in texts:
        try:
            ipaddress.ip_address(text)
        except ValueError:
            raise ConfigValueError("elements must be IP addresses") from None
    return ",".join(texts)


def _outlet_sequence(device, texts):
    if not texts:
        return []
    if not all(_DIGITS.fullmatch(text) for text in texts):
        raise ConfigValueError("elements must be outlet numbers")
    numbers = [int(text) for text in texts]
    if sorted(numbers) != list(range(outlet_count(device))):
        raise ConfigValueError("must list every outlet number (0-based) exactly once")
    return numbers


def _render(value):
    if isinstance(value, bool):
        return "1" if value else "0"
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


def _net(device):
    prefix = 8 if str(device.host).startswith("127.") else 24
    defaults = {
        "hostname": "px-" + str(device.serial).lower(),
        "ipv4_method": "static",
        "ipv4_address": f"{device.host}/{prefix}",
        "ipv4_gateway": "",
        "dns_servers": "",
    }
    defaults.update(copy.deepcopy(NET_EXTRA_DEFAULTS))
    return _section(device, "net", defaults)


def _pdu(device):
    return _section(device, "pdu_settings", PDU_DEFAULTS)


def _inlet(device):
    return _section(device, "inlet_settings", {"name": ""})


def _snmp(device):
    return _section(device, "snmp", SNMP_DEFAULTS)


def _security(device):
    return _section(device, "security", SECURITY_DEFAULTS)


def _modbus(device):
    return _section(device, "modbus", MODBUS_DEFAULTS)


def security(device):
    """The stored security settings (devsettings of security.Security), defaults filled in."""
    return _security(device)


def modbus(device):
    """The stored Modbus settings (devsettings.Modbus), defaults filled in."""
    return _modbus(device)


def listener(device, name):
    """The stored settings of one proto_listener instance ({"enabled", "port"}), defaults filled in."""
    return _listener(name)(device)


def _listener(name):
    def section_of(device):
        listeners = device.state.setdefault("listeners", {})
        enabled, port = LISTENER_DEFAULTS[name]
        entry = listeners.setdefault(name, {})
        entry.setdefault("enabled", enabled)
        entry.setdefault("port", port)
        return entry

    return section_of


def _accounts(device):
    """Users and roles, keyed by their JSON-RPC ids as text (9.3): one state with /auth/user and /auth/role."""
    return usermgmt.accounts(device)


def _role(role_id):
    def section_of(device):
        return _accounts(device)["roles"][role_id]

    return section_of


def _user(user_id):
    def section_of(device):
        return _accounts(device)["users"][user_id]

    return section_of


def _outlet(index):
    def section_of(device):
        outlets = device.state.setdefault("outlets", [])
        while len(outlets) <= index:
            outlets.append({})
        settings = outlets[index].setdefault("settings", {})
        for key, value in OUTLET_DEFAULTS.items():
            settings.setdefault(key, value)
        return settings

    return section_of


def _key(name, section_of, field, parse, to_text=_render):
    def read(device):
        return to_text(section_of(device)[field])

    def write(device, value):
        section_of(device)[field] = value

    return KeySpec(name, read, parse, write)


def _vector(name, section_of, field, parse, strings=True, max_size=64):
    def read(device):
        return [str(item) for item in section_of(device)[field]]

    def write(device, value):
        section_of(device)[field] = value

    return VectorSpec(name, read, parse, write, strings, max_size)


def _address_halves(device):
    address, _sep, prefix = _net(device)["ipv4_address"].partition("/")
    return [address, prefix or "24"]


def _address_part(name, index, parse):
    """A key for one half of the state's ``ipv4_address`` ('a.b.c.d/prefix')."""

    def read(device):
        return _address_halves(device)[index]

    def write(device, value):
        halves = _address_halves(device)
        halves[index] = str(value)
        _net(device)["ipv4_address"] = "/".join(halves)

    return KeySpec(name, read, parse, write)


def _read_only(value_of):
    def parse(device, text):
        if text != value_of(device):
            raise ConfigValueError("is read-only")
        return None

    def write(_device, _value):
        return None

    return parse, write


# ---- the key table -----------------------------------------------------------


def _layout(device):
    """Every key and vector of this device in download order (protocol 9.2 layout)."""
    iface = "net.interfaces[eth0]"
    entries = [
        _key("modbus.tcp.readonly", _modbus, "tcp_readonly", _boolean),
        _key(f"{iface}.enabled", _net, "enabled", _boolean),
        _key(f"{iface}.ipv4.enabled", _net, "ipv4_enabled", _boolean),
        _key(f"{iface}.ipv4.config_method", _net, "ipv4_method", _choice(["dhcp", "static"], as_index=False)),
        _address_part(f"{iface}.ipv4.static.addr_cidr.addr", 0, _ipv4),
        _address_part(f"{iface}.ipv4.static.addr_cidr.prefix_len", 1, _integer(0, 32)),
        _key(f"{iface}.ipv4.dhcp.preferred_hostname", _net, "hostname", _text(63)),
        _key(f"{iface}.ipv6.enabled", _net, "ipv6_enabled", _boolean),
        _key(f"{iface}.ipv6.config_method", _net, "ipv6_method", _choice(["auto", "dhcp", "static"], as_index=False)),
        _key(f"{iface}.ipv6.static.addr_cidr.addr", _net, "ipv6_address", _ipv6_or_empty),
        _key(f"{iface}.ipv6.static.addr_cidr.prefix_len", _net, "ipv6_prefix_len", _integer(0, 128)),
        _key(f"{iface}.ipv6.dhcp.preferred_hostname", _net, "ipv6_hostname", _text(63)),
        _key("net.routing.ipv4.default_gateway_addr", _net, "ipv4_gateway", _ipv4_or_empty),
        _key("net.routing.ipv6.default_gateway_addr", _net, "ipv6_gateway", _ipv6_or_empty),
        VectorSpec("net.dns.server_addrs", _dns_read, _dns_servers, _dns_write, strings=True, max_size=MAX_DNS_SERVERS),
        _vector("net.dns.search_suffixes", _net, "search_suffixes", _texts(253), max_size=6),
        _key("net.dns.resolver_prefers_ipv6", _net, "prefers_ipv6", _boolean),
        _key("pdu.name", _pdu, "name", _text(64)),
        _key("pdu.startup_state", _pdu, "startupState", _choice(STARTUP), lambda v: STARTUP[v]),
        _key("pdu.cycle_delay", _pdu, "cycleDelay", _integer(1, 3600)),
        _key("pdu.inrush_guard_delay", _pdu, "inRushGuardDelay", _integer(100, 100000)),
        _key("pdu.power_on_delay", _pdu, "powerOnDelay", _integer(0, 3600)),
        _vector("pdu.outlet_sequence", _pdu, "outletPowerStateSequence", _outlet_sequence, strings=False, max_size=256),
        _key("pdu.suspend_trip_cause_outlets", _pdu, "suspendTripCauseOutlets", _boolean),
        _key("pdu.inhibit_relay_control", _pdu, "inhibitRelayControl", _boolean),
        KeySpec("pdu.inlets._s_", lambda _d: "1", *_read_only(lambda _d: "1")),
        _key("pdu.inlets[0].name", _inlet, "name", _text(64)),
        KeySpec("pdu.outlets._s_", lambda d: str(outlet_count(d)), *_read_only(lambda d: str(outlet_count(d)))),
    ]
    for index in range(outlet_count(device)):
        entries.extend(_outlet_keys(index))
    for name in LISTENER_DEFAULTS:
        section_of = _listener(name)
        entries.append(_key(f"proto_listener[{name}].enabled", section_of, "enabled", _boolean))
        entries.append(_key(f"proto_listener[{name}].port", section_of, "port", _integer(1, 65535)))
    for role_id in sorted(_accounts(device)["roles"], key=int):
        entries.extend(_role_keys(device, role_id))
    entries.extend(_security_keys())
    entries.extend(
        [
            _key("snmp.sys_contact", _snmp, "sysContact", _text(255)),
            _key("snmp.sys_location", _snmp, "sysLocation", _text(255)),
            _key("snmp.sys_name", _snmp, "sysName", _text(255)),
            _key("snmp.v2c.enabled", _snmp, "v2enable", _boolean),
            _key("snmp.v2c.read_community", _snmp, "readComm", _text(64)),
            _key("snmp.v2c.write_community", _snmp, "writeComm", _text(64)),
            _key("snmp.v3.enabled", _snmp, "v3enable", _boolean),
        ]
    )
    for user_id in sorted(_accounts(device)["users"], key=int):
        section_of, prefix = _user(user_id), f"users[{user_id}]"
        entries.extend(
            [
                _key(f"{prefix}.enabled", section_of, "enabled", _boolean),
                KeySpec(
                    f"{prefix}.name",
                    lambda d, s=section_of: s(d)["name"],
                    *_read_only(lambda d, s=section_of: s(d)["name"]),
                ),
                _vector(f"{prefix}.roles", section_of, "roles", _role_ids, strings=False, max_size=32),
            ]
        )
    return entries


def _dns_read(device):
    text = _net(device)["dns_servers"]
    return [item for item in (text.split(",") if isinstance(text, str) else text) if item]


def _dns_write(device, value):
    _net(device)["dns_servers"] = value


def _role_keys(device, role_id):
    section_of, prefix = _role(role_id), f"roles[{role_id}]"
    keys = [
        _key(f"{prefix}.name", section_of, "name", _text(32)),
        _key(f"{prefix}.description", section_of, "description", _text(255)),
        _vector(f"{prefix}.privs", section_of, "privs", _privileges, max_size=64),
    ]
    if section_of(device).get("locked"):
        keys = [
            KeySpec(spec.name, spec.read, *_read_only(spec.read))
            if isinstance(spec, KeySpec)
            else VectorSpec(spec.name, spec.read, _locked_vector(spec.read), spec.write, spec.strings, spec.max_size)
            for spec in keys
        ]
    return keys


def _locked_vector(read):
    def parse(device, texts):
        if list(texts) != read(device):
            raise ConfigValueError("belongs to a locked role")
        return read(device)

    return parse


def _outlet_keys(index):
    section_of = _outlet(index)
    prefix = f"pdu.outlets[{index}]"
    return [
        _key(f"{prefix}.name", section_of, "name", _text(64)),
        _key(
            f"{prefix}.startup_state", section_of, "startupState", _choice(OUTLET_STARTUP), lambda v: OUTLET_STARTUP[v]
        ),
        _key(f"{prefix}.use_pdu_cycle_delay", section_of, "usePduCycleDelay", _boolean),
        _key(f"{prefix}.cycle_delay", section_of, "cycleDelay", _integer(1, 3600)),
        _key(f"{prefix}.non_critical", section_of, "nonCritical", _boolean),
        _key(f"{prefix}.sequence_delay", section_of, "sequenceDelay", _integer(0, 100000)),
    ]


def _security_keys():
    minutes = _integer(1, 1440)
    rows = [
        ("block_time", minutes),
        ("failed_login_timeout", minutes),
        ("hsts", _boolean),
        ("http_redirect", _boolean),
        ("idle_timeout", minutes),
        ("max_login_fails", _integer(0, 100)),
        ("password.aging", _boolean),
        ("password.aging_interval", _integer(7, 365)),
        ("password.enforce_lower", _boolean),
        ("password.enforce_numeric", _boolean),
        ("password.enforce_special", _boolean),
        ("password.enforce_upper", _boolean),
        ("password.history_depth", _integer(1, 12)),
        ("password.max_length", _integer(4, 64)),
        ("password.min_length", _integer(4, 64)),
        ("password.strong", _boolean),
        ("single_login", _boolean),
        ("ssh.password_auth", _boolean),
        ("ssh.public_key_auth", _boolean),
    ]
    keys = []
    for name, parse in rows:
        field = name.replace("password.", "pw_").replace("ssh.", "ssh_")
        keys.append(_key(f"security.{name}", _security, field, parse))
    return keys


def key_table(device):
    """Every scalar key of this device, display name -> KeySpec."""
    return {spec.name: spec for spec in _layout(device) if isinstance(spec, KeySpec)}


def vector_table(device):
    return {spec.name: spec for spec in _layout(device) if isinstance(spec, VectorSpec)}


def read_lines(device):
    """The (key, text) lines of a download, display form, in the device's order."""
    with device.lock:
        lines = []
        for spec in _layout(device):
            if isinstance(spec, KeySpec):
                lines.append((spec.name, spec.read(device)))
            else:
                lines.extend(_vector_lines(spec, device))
        return lines


def read_all(device):
    """key -> text of every line of a download (display form)."""
    return dict(read_lines(device))


def _vector_lines(spec, device):
    elements = spec.read(device)
    suffix = "._c_" if spec.strings else ""
    return [(f"{spec.name}._s_", str(len(elements)))] + [
        (f"{spec.name}[{index}]{suffix}", text) for index, text in enumerate(elements)
    ]


# ---- validating and applying -------------------------------------------------


def parse_items(device, items):
    """[(write, value)] for (key, text) items in any accepted spelling; ConfigValueError on the first bad one."""
    table, vectors = key_table(device), vector_table(device)
    writes, touched = [], {}
    for key, text in _pairs(items):
        name = canonical(key)
        spec = table.get(name)
        if spec is not None:
            try:
                writes.append((spec.write, spec.parse(device, text)))
            except ConfigValueError as exc:
                raise ConfigValueError(f"invalid value for {name}: {exc}") from None
            continue
        vector, index = _vector_item(name, vectors)
        elements = touched.setdefault(vector.name, list(vector.read(device)))
        _set_element(vector, elements, index, text)
    for name, elements in touched.items():
        vector = vectors[name]
        if any(element is None for element in elements):
            raise ConfigValueError(f"{name}: element {elements.index(None)} has no value")
        try:
            writes.append((vector.write, vector.parse(device, elements)))
        except ConfigValueError as exc:
            raise ConfigValueError(f"invalid value for {name}: {exc}") from None
    return writes


def _vector_item(name, vectors):
    """(VectorSpec, index or None for ._s_) of a vector key; unknown keys raise."""
    if name.endswith("._s_") and name[: -len("._s_")] in vectors:
        return vectors[name[: -len("._s_")]], None
    found = _ELEMENT.fullmatch(name)
    if found and found.group(1) in vectors:
        vector = vectors[found.group(1)]
        if int(found.group(2)) >= vector.max_size:
            raise ConfigValueError(f"vector index out of range in {name}")
        return vector, int(found.group(2))
    raise ConfigValueError(f"unknown key {name!r}")


def _set_element(vector, elements, index, text):
    if index is None:
        if not _DIGITS.fullmatch(text) or int(text) > vector.max_size:
            raise ConfigValueError(f"invalid value for {vector.name}._s_: not a size in 0..{vector.max_size}")
        size = int(text)
        del elements[size:]
        elements.extend([None] * (size - len(elements)))
        return
    elements.extend([None] * (index + 1 - len(elements)))
    elements[index] = text


def _check_rules(device):
    """Rules that span keys (protocol 9.3): listeners and password lengths."""
    listeners = {name: _listener(name)(device) for name in LISTENER_DEFAULTS}
    ports = [entry["port"] for entry in listeners.values() if entry["enabled"]]
    if len(ports) != len(set(ports)):
        raise ConfigValueError("two enabled proto_listener instances use the same port")
    if not listeners["https"]["enabled"]:
        raise ConfigValueError("proto_listener[https] must stay enabled")
    security = _security(device)
    if security["pw_min_length"] > security["pw_max_length"]:
        raise ConfigValueError("security.password.min_length is greater than security.password.max_length")
    accounts = _accounts(device)
    names = [role["name"] for role in accounts["roles"].values()]
    if len(names) != len(set(names)) or "" in names:
        raise ConfigValueError("a role name is used twice or missing")
    admin = accounts["users"]["1"]
    if not admin["enabled"] or 1 not in admin["roles"]:
        raise ConfigValueError("users[1] (the built-in administrator) must stay enabled with the Admin role")


def _create_roles(device, items):
    """An upload may create a role under a new id (9.3): its keys then exist, empty, to be written."""
    roles = _accounts(device)["roles"]
    for key, _text in _pairs(items):
        found = _ROLE_KEY.match(canonical(key))
        if found and found.group(1) not in roles and int(found.group(1)) > 0:
            roles[found.group(1)] = {"name": "", "description": "", "privs": [], "locked": False}


def _write_all(device, items):
    _create_roles(device, items)
    for write, value in parse_items(device, items):
        write(device, value)
    _check_rules(device)


def validate(device, items):
    """None when every (key, text) item is known and valid and the result obeys the rules, else the reason.

    The items are tried on a copy of the state, which is then dropped.
    """
    with device.lock:
        original = device.state
        device.state = copy.deepcopy(original)
        try:
            _write_all(device, items)
        except ConfigValueError as exc:
            return str(exc)
        finally:
            device.state = original
    return None


def apply(device, items):
    """Validate all items on a copy, then write them to the state and save once (nothing changes on an error)."""
    with device.lock:
        reason = validate(device, items)
        if reason:
            raise ConfigValueError(reason)
        _write_all(device, items)
        device.save()


def _pairs(items):
    return items.items() if isinstance(items, dict) else items
