# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Network area: host name, DNS and interface addresses through net.Net at ``/net``.

No Ansible import. docs/protocol/XERUS-PROTOCOL.md section 4.4 (structures, codes) and section 14
(generations): ``getSettings`` and ``getInfo`` are read in one bulk request, the Settings structure is
written back as read with only the managed fields changed (net.Net 8.0.0 has ``stablePrivacyEnabled``,
7.0.0 does not; before 7.0.0 the default gateway lived in ``common.routing.<family>.defaultGatewayAddr``).

    request = network.parse_request(params)
    result = network.apply(client, request, check_mode=False)

The host name is the interfaces' ``dhcpPreferredHostname`` (IPv4 and IPv6 of every interface): the
device has no other place for it in net.Net.

A change of the address the client is connected through (its interface and family, or every address
when the connected address is none of the device's) is refused unless the request allows it; then the
change is written and, when the new address is static, the device is polled there and read back.
"""

from __future__ import annotations

import copy
import ipaddress
import re
import socket
from dataclasses import dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.errors import (
    XerusConnectionError,
    XerusError,
    XerusInputError,
)
from ansible_collections.xerus.pdu.plugins.module_utils.info import map_entries as entries

FAMILIES = ("ipv4", "ipv6")
METHODS = ("dhcp", "static")
STATIC, DHCP, AUTO = 0, 1, 2
# What "dhcp" means on the wire per family: IPv6 has automatic configuration instead (IpConfigMethod).
AUTOMATIC = {"ipv4": DHCP, "ipv6": AUTO}
FAMILY_OPTIONS = ("enabled", "method", "address", "gateway")
MAX_HOSTNAME = 63
HOSTNAME_LABEL = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
DOMAIN_LABEL = HOSTNAME_LABEL
DEFAULT_RECONNECT_TIMEOUT = 60

# net.Net setSettings return codes (docs/protocol/XERUS-PROTOCOL.md section 4.4) and the option at fault.
SET_SETTINGS_CODES = {
    100: ("dns_servers", "too many DNS servers"),
    101: ("dns_servers", "a DNS server address is invalid"),
    102: ("dns_search_domains", "too many DNS search domains"),
    103: ("dns_search_domains", "a DNS search domain is invalid"),
    200: ("interfaces", "the IPv4 default gateway is invalid"),
    201: ("interfaces", "the IPv6 default gateway is invalid"),
    400: ("interfaces", "the IPv4 configuration method is invalid"),
    401: ("interfaces", "the IPv6 configuration method is invalid"),
    402: ("interfaces", "the static IPv4 address is invalid"),
    403: ("interfaces", "the static IPv6 address is invalid"),
    404: ("interfaces", "the IPv4 prefix length is invalid"),
    405: ("interfaces", "the IPv6 prefix length is invalid"),
    406: ("hostname", "the host name is invalid (IPv4 DHCP preferred host name)"),
    407: ("hostname", "the host name is invalid (IPv6 DHCP preferred host name)"),
}


class NetworkError(XerusError):
    """The device refused the network settings, or the address change could not be followed."""


@dataclass
class NetworkRequest:
    hostname: str | None = None
    dns_servers: list | None = None
    dns_search_domains: list | None = None
    interfaces: dict = field(default_factory=dict)  # name -> family -> {option: value}
    allow_address_change: bool = False
    reconnect_timeout: float = DEFAULT_RECONNECT_TIMEOUT


@dataclass
class NetworkResult:
    changed: bool
    before: dict
    after: dict
    address_changed: bool = False
    reconnected: bool | None = None
    warnings: list = field(default_factory=list)


# -- input ----------------------------------------------------------------------


def parse_request(params):
    """A NetworkRequest from the module options; input errors name the option."""
    return NetworkRequest(
        hostname=_hostname(params.get("hostname")),
        dns_servers=_dns_servers(params.get("dns_servers")),
        dns_search_domains=_search_domains(params.get("dns_search_domains")),
        interfaces=_interfaces(params.get("interfaces")),
        allow_address_change=bool(params.get("allow_address_change")),
        reconnect_timeout=_reconnect_timeout(params.get("reconnect_timeout")),
    )


def _reconnect_timeout(value):
    if value is None:
        return DEFAULT_RECONNECT_TIMEOUT
    if value < 0:
        raise XerusInputError.for_option("reconnect_timeout", "must not be negative")
    return float(value)


def _hostname(value):
    if value is None:
        return None
    if len(value) > MAX_HOSTNAME or not HOSTNAME_LABEL.match(value):
        raise XerusInputError.for_option(
            "hostname",
            f"{value!r} is not a host name (1 to {MAX_HOSTNAME} letters, digits and hyphens, "
            "not starting or ending with a hyphen)",
        )
    return value


def _dns_servers(values):
    if values is None:
        return None
    servers = []
    for value in values:
        try:
            servers.append(str(ipaddress.ip_address(str(value).strip())))
        except ValueError:
            raise XerusInputError.for_option("dns_servers", f"{value!r} is not an IPv4 or IPv6 address") from None
    return servers


def _search_domains(values):
    if values is None:
        return None
    for value in values:
        labels = str(value).rstrip(".").split(".")
        if len(str(value)) > 253 or not all(DOMAIN_LABEL.match(label) for label in labels):
            raise XerusInputError.for_option("dns_search_domains", f"{value!r} is not a domain name")
    return [str(value) for value in values]


def _interfaces(value):
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise XerusInputError.for_option("interfaces", "must be a dictionary keyed by interface name")
    interfaces = {}
    for name, families in value.items():
        where = f"interfaces.{name}"
        if not isinstance(families, dict):
            raise XerusInputError.for_option(where, "must be a dictionary with ipv4 and/or ipv6")
        unknown = sorted(set(families) - set(FAMILIES))
        if unknown:
            raise XerusInputError.for_option(where, f"unknown key {unknown[0]!r}; use ipv4 and ipv6")
        interfaces[str(name)] = {
            family: _family(f"{where}.{family}", family, settings)
            for family, settings in families.items()
            if settings is not None
        }
    return interfaces


def _family(where, family, settings):
    if not isinstance(settings, dict):
        raise XerusInputError.for_option(where, "must be a dictionary (enabled, method, address, gateway)")
    unknown = sorted(set(settings) - set(FAMILY_OPTIONS))
    if unknown:
        raise XerusInputError.for_option(where, f"unknown key {unknown[0]!r}; use {', '.join(FAMILY_OPTIONS)}")
    wanted = {key: value for key, value in settings.items() if value is not None}
    if "enabled" in wanted and not isinstance(wanted["enabled"], bool):
        raise XerusInputError.for_option(f"{where}.enabled", "must be true or false")
    if "method" in wanted and wanted["method"] not in METHODS:
        raise XerusInputError.for_option(f"{where}.method", f"must be one of {', '.join(METHODS)}")
    if "address" in wanted:
        wanted["address"] = _cidr(f"{where}.address", family, wanted["address"])
        wanted.setdefault("method", "static")
        if wanted["method"] != "static":
            raise XerusInputError.for_option(f"{where}.address", "is only used with method static")
    if "gateway" in wanted:
        wanted["gateway"] = _gateway(f"{where}.gateway", family, wanted["gateway"])
    return wanted


def _version(family):
    return 4 if family == "ipv4" else 6


def _cidr(where, family, text):
    try:
        interface = ipaddress.ip_interface(str(text))
    except ValueError:
        interface = None
    if interface is None or "/" not in str(text) or interface.version != _version(family):
        raise XerusInputError.for_option(where, f"{text!r} is not an {family.upper()} address/prefix (CIDR)")
    return f"{interface.ip}/{interface.network.prefixlen}"


def _gateway(where, family, text):
    if text == "":
        return ""
    try:
        address = ipaddress.ip_address(str(text))
    except ValueError:
        address = None
    if address is None or address.version != _version(family):
        raise XerusInputError.for_option(where, f"{text!r} is not an {family.upper()} address")
    return str(address)


# -- reading ----------------------------------------------------------------------


def read_calls():
    return [Call(rids.NET, "getSettings"), Call(rids.NET, "getInfo")]


def read(client):
    """(Settings, Info) of the device in one bulk request."""
    settings, info = client.read_all(read_calls())
    if not isinstance(settings, dict) or not isinstance(settings.get("ifMap"), list):
        raise NetworkError(client.device, "net.Net getSettings answered no interface settings")
    return settings, info if isinstance(info, dict) else {}


def _method_name(family, index):
    if index == STATIC:
        return "static"
    if index == AUTOMATIC[family]:
        return "dhcp"
    return "unknown"


def _cidr_text(cidr):
    cidr = cidr or {}
    if not cidr.get("addr"):
        return ""
    try:
        interface = ipaddress.ip_interface(f"{cidr['addr']}/{cidr.get('prefixLen')}")
        return f"{interface.ip}/{interface.network.prefixlen}"
    except ValueError:
        return f"{cidr['addr']}/{cidr.get('prefixLen')}"


def _gateway_of(settings, name, family):
    ip_settings = _interface(settings, name)[family]
    if "staticDefaultGatewayAddr" in ip_settings:
        return ip_settings["staticDefaultGatewayAddr"] or ""
    return (_routing(settings, family) or {}).get("defaultGatewayAddr", "") or ""


def _routing(settings, family):
    return ((settings.get("common") or {}).get("routing") or {}).get(family)


def _interface(settings, name):
    for key, value in entries(settings.get("ifMap")):
        if key == name:
            return value
    return None


def view(settings):
    """The managed values of a Settings structure, as the module returns them."""
    interfaces = {}
    for name, value in entries(settings.get("ifMap")):
        interfaces[name] = {}
        for family in FAMILIES:
            ip_settings = value.get(family)
            if not isinstance(ip_settings, dict):
                continue
            interfaces[name][family] = {
                "enabled": bool(ip_settings.get("enabled")),
                "method": _method_name(family, ip_settings.get("configMethod")),
                "address": _cidr_text(ip_settings.get("staticAddrCidr")),
                "gateway": _gateway_of(settings, name, family),
            }
    dns = (settings.get("common") or {}).get("dns") or {}
    return {
        "hostname": _hostname_of(settings),
        "dns_servers": list(dns.get("serverAddrs") or []),
        "dns_search_domains": list(dns.get("searchSuffixes") or []),
        "interfaces": interfaces,
    }


def _hostname_of(settings):
    """The preferred host name of the first interface that has one."""
    for _name, value in entries(settings.get("ifMap")):
        for family in FAMILIES:
            hostname = (value.get(family) or {}).get("dhcpPreferredHostname")
            if hostname:
                return hostname
    return ""


# -- planning ----------------------------------------------------------------------


def desired_settings(settings, request, device):
    """A copy of the Settings structure with the requested values laid over it (nothing else changed)."""
    wanted = copy.deepcopy(settings)
    dns = ((wanted.get("common") or {}).get("dns")) if isinstance(wanted.get("common"), dict) else None
    if request.dns_servers is not None or request.dns_search_domains is not None:
        if not isinstance(dns, dict):
            raise NetworkError(device, "net.Net getSettings answered no DNS settings", option="dns_servers")
        if request.dns_servers is not None:
            dns["serverAddrs"] = list(request.dns_servers)
        if request.dns_search_domains is not None:
            dns["searchSuffixes"] = list(request.dns_search_domains)
    if request.hostname is not None:
        for _name, value in entries(wanted["ifMap"]):
            for family in FAMILIES:
                if isinstance(value.get(family), dict) and "dhcpPreferredHostname" in value[family]:
                    value[family]["dhcpPreferredHostname"] = request.hostname
    _check_interface_names(settings, request, device)
    for name, families in request.interfaces.items():
        for family, options in families.items():
            _apply_family(wanted, name, family, options, device)
    return wanted


def _check_interface_names(settings, request, device):
    known = [name for name, _value in entries(settings.get("ifMap"))]
    for name in request.interfaces:
        if name not in known:
            raise XerusInputError(
                f"option interfaces: the device has no interface {name!r} (it has: {', '.join(known) or 'none'})",
                option="interfaces",
                device=device,
            )


def _apply_family(wanted, name, family, options, device):
    where = f"interfaces.{name}.{family}"
    ip_settings = _interface(wanted, name).get(family)
    if not isinstance(ip_settings, dict):
        raise XerusInputError(f"option {where}: the device has no {family} settings on {name}", option=where)
    if "enabled" in options:
        ip_settings["enabled"] = options["enabled"]
    if "method" in options:
        ip_settings["configMethod"] = STATIC if options["method"] == "static" else AUTOMATIC[family]
    if "address" in options:
        addr, _sep, prefix = options["address"].partition("/")
        ip_settings["staticAddrCidr"] = dict(ip_settings.get("staticAddrCidr") or {}, addr=addr, prefixLen=int(prefix))
    if ip_settings.get("configMethod") == STATIC and ip_settings.get("enabled", True):
        if not (ip_settings.get("staticAddrCidr") or {}).get("addr"):
            raise XerusInputError(f"option {where}: method static needs an address", option=f"{where}.address")
    if "gateway" in options:
        _set_gateway(wanted, ip_settings, family, options["gateway"], where, device)


def _set_gateway(wanted, ip_settings, family, gateway, where, device):
    if "staticDefaultGatewayAddr" in ip_settings:
        ip_settings["staticDefaultGatewayAddr"] = gateway
        return
    routing = _routing(wanted, family)
    if isinstance(routing, dict) and "defaultGatewayAddr" in routing:
        routing["defaultGatewayAddr"] = gateway
        return
    raise XerusInputError(
        f"option {where}.gateway: this device's net.Net has no default gateway setting", option=f"{where}.gateway"
    )


# -- the address the client uses --------------------------------------------------------


def connected_addresses(host, port):
    """The IP addresses the client's host name stands for (the literal itself for an address)."""
    try:
        return {str(ipaddress.ip_address(host))}
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return set()
    return {_normal_address(info[4][0]) for info in infos}


def _normal_address(text):
    try:
        return str(ipaddress.ip_address(str(text).split("%", maxsplit=1)[0]))
    except ValueError:
        return str(text)


def _family_addresses(settings, info, name, family):
    """Addresses the family of an interface has now: active ones (getInfo) and the static one."""
    addresses = set()
    info_value = dict(entries(info.get("ifMap"))).get(name) or {}
    for cidr in (info_value.get(family) or {}).get("addrsCidr") or []:
        addresses.add(_normal_address(cidr.get("addr")))
    ip_settings = (_interface(settings, name) or {}).get(family) or {}
    if ip_settings.get("configMethod") == STATIC and (ip_settings.get("staticAddrCidr") or {}).get("addr"):
        addresses.add(_normal_address(ip_settings["staticAddrCidr"]["addr"]))
    return addresses


def connection_families(settings, info, connected):
    """[(interface, family)] that carry one of the connected addresses; [] when none does."""
    return [
        (name, family)
        for name, _value in entries(settings.get("ifMap"))
        for family in FAMILIES
        if _family_addresses(settings, info, name, family) & connected
    ]


def _addressing(ip_settings):
    """What decides the address of a family: enabled, method, and the static address when it is used."""
    ip_settings = ip_settings or {}
    static = ip_settings.get("configMethod") == STATIC
    return (
        bool(ip_settings.get("enabled", True)),
        ip_settings.get("configMethod"),
        _cidr_text(ip_settings.get("staticAddrCidr")) if static else "",
    )


def address_changes(settings, wanted, families):
    """[(interface, family)] among ``families`` (every family when empty) whose address would change."""
    candidates = families or [(name, family) for name, _value in entries(settings.get("ifMap")) for family in FAMILIES]
    return [
        (name, family)
        for name, family in candidates
        if _addressing((_interface(settings, name) or {}).get(family))
        != _addressing((_interface(wanted, name) or {}).get(family))
    ]


# -- applying ----------------------------------------------------------------------


def apply(client, request, check_mode=False):
    settings, info = read(client)
    wanted = desired_settings(settings, request, client.device)
    before, after = view(settings), view(wanted)
    if wanted == settings:
        return NetworkResult(changed=False, before=before, after=before)
    connected = connected_addresses(client.host, client.port)
    families = connection_families(settings, info, connected)
    changes = address_changes(settings, wanted, families)
    if changes and not request.allow_address_change:
        raise _refusal(client.device, changes, families)
    result = NetworkResult(changed=True, before=before, after=after, address_changed=bool(changes))
    if check_mode:
        return result
    if changes:
        _write_and_follow(client, wanted, changes, request, result)
    else:
        _write(client, wanted)
    return result


def _refusal(device, changes, families):
    where = ", ".join(f"{name} {family}" for name, family in changes)
    if families:
        reason = f"the task is connected through {where}"
    else:
        reason = (
            f"the address the task connects to is none of the device's, so every address counts as the connected "
            f"one ({where} would change)"
        )
    return XerusInputError(
        f"option interfaces: refusing to change the address: {reason}; set allow_address_change: true to apply it",
        option="allow_address_change",
        device=device,
    )


def _write(client, wanted):
    try:
        code = client.call_ret(rids.NET, "setSettings", {"settings": wanted})
    except XerusError as exc:
        exc.changed = True
        raise
    if code:
        option, meaning = SET_SETTINGS_CODES.get(code, ("interfaces", "the settings are invalid"))
        raise NetworkError(
            client.device,
            f"net.Net setSettings refused the settings with code {code}: {meaning}; nothing was changed",
            option=option,
            details={"return_code": code},
        )


def _write_and_follow(client, wanted, changes, request, result):
    """Write a change of the connected address, then reconnect at the new static address where there is one."""
    answered = True
    try:
        _write(client, wanted)
    except XerusConnectionError:
        answered = False  # a real device may take the new address before it answers
    target = _new_static_address(wanted, changes)
    if target is None or request.reconnect_timeout <= 0:
        result.reconnected = False
        result.warnings.append(_unfollowed_warning(target, answered))
        return
    result.reconnected = _reconnect(client, target, request.reconnect_timeout, wanted, result)
    if not result.reconnected and not answered:
        raise NetworkError(
            client.device,
            f"the connection was lost while writing the new address and the device did not answer at {target} "
            f"within {request.reconnect_timeout:g} s; the change may or may not have been applied",
            changed=True,
        )


def _new_static_address(wanted, changes):
    for name, family in changes:
        ip_settings = _interface(wanted, name).get(family) or {}
        if ip_settings.get("enabled", True) and ip_settings.get("configMethod") == STATIC:
            return ip_settings["staticAddrCidr"]["addr"]
    return None


def _unfollowed_warning(target, answered):
    accepted = "The device accepted the new address" if answered else "The connection was lost while writing"
    if target is None:
        return (
            f"{accepted}; it now takes its address automatically (DHCP), so it was not reconnected to verify: "
            "find it by its host name or DHCP lease"
        )
    return f"{accepted}; reconnecting was disabled (reconnect_timeout 0), so {target} was not verified"


def _reconnect(client, target, timeout, wanted, result):
    """Poll the device at ``target`` and read its settings back; a warning instead of an error on failure."""
    try:
        with client.variant(host=target) as moved:
            moved.wait_until_reachable(timeout)
            settings, _info = read(moved)
    except XerusError as exc:
        result.warnings.append(
            f"The device accepted the new address but did not answer at {target} within {timeout:g} s "
            f"({exc.message}); the change is not verified"
        )
        return False
    if view(settings) != view(wanted):
        raise NetworkError(
            client.device,
            f"the device answers at {target} but its network settings are not the ones written",
            changed=True,
        )
    return True
