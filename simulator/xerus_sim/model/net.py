# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""net.Net at /net (protocol 4.4): one Ethernet interface eth0, no WLAN.

The values the raw configuration also carries (`net.*` keys, state["net"])
are the source of truth; the rest of the last structure written is kept as
written. Writes must send the complete structure as read (the interface is
not sparse): a missing or extra field is refused with -32602.
"""

import copy
import ipaddress

from xerus_sim.model import generations
from xerus_sim.rpc.errors import INVALID_PARAMS, RpcError

NET_TYPE = "net.Net:8.0.0"
SETTINGS_TYPE = "net.Settings:6.0.0"
IFACE = "eth0"
STATIC, DHCP, AUTO = 0, 1, 2
MAX_DNS_SERVERS, MAX_SEARCH_SUFFIXES = 3, 6
MTU_RANGE = range(576, 1501)
MAX_HOSTNAME = 63  # the raw key net.interfaces[eth0].ipv4.dhcp.preferred_hostname holds at most 63

ERR_DNS_TOO_MANY_SERVERS, ERR_DNS_INVALID_SERVER = 100, 101
ERR_DNS_TOO_MANY_SEARCH_SUFFIXES, ERR_DNS_INVALID_SEARCH_SUFFIX = 102, 103
ERR_ROUTING_IPV4_INVALID_DFLT_GATEWAY_ADDR, ERR_ROUTING_IPV6_INVALID_DFLT_GATEWAY_ADDR = 200, 201
ERR_IF_IPV4_INVALID_CONFIG_METHOD, ERR_IF_IPV6_INVALID_CONFIG_METHOD = 400, 401
ERR_IF_IPV4_INVALID_STATIC_ADDR, ERR_IF_IPV6_INVALID_STATIC_ADDR = 402, 403
ERR_IF_IPV4_INVALID_STATIC_PREFIX_LEN, ERR_IF_IPV6_INVALID_STATIC_PREFIX_LEN = 404, 405
ERR_IF_IPV4_INVALID_DHCP_PREF_HOSTNAME, ERR_IF_IPV6_INVALID_DHCP_PREF_HOSTNAME = 406, 407
ERR_ETH_IF_UNSUPPORTED_LINKMODE, ERR_ETH_IF_INVALID_MTU = 500, 501

EAP_SETTINGS = {
    "identity": "",
    "password": "",
    "clearPassword": False,
    "clientCertChain": "",
    "clientPrivKey": "",
    "clearClientPrivKey": False,
    "clientPrivKeyPassword": "",
    "outerMethod": 0,
    "innerMethod": 0,
    "caCertChain": "",
    "forceTrustedCert": False,
    "allowOffTimeRangeCerts": False,
    "allowNotYetValidCertsIfTimeBeforeBuild": False,
    "authServerName": "",
}
SUPPORTED_LINK_MODES = [
    {"speed": 1, "duplexMode": 1},
    {"speed": 1, "duplexMode": 2},
    {"speed": 2, "duplexMode": 1},
    {"speed": 2, "duplexMode": 2},
    {"speed": 3, "duplexMode": 2},
]


def _ip_settings(method, addr, prefix, gateway, hostname):
    return {
        "enabled": True,
        "configMethod": method,
        "staticAddrCidr": {"addr": addr, "prefixLen": prefix},
        "staticDefaultGatewayAddr": gateway,
        "dhcpPreferredHostname": hostname,
        "stablePrivacyEnabled": False,
    }


def default_structure():
    ipv6 = _ip_settings(AUTO, "", 64, "", "")
    ipv6["enabled"] = False
    return {
        "common": {
            "dns": {"serverAddrs": [], "searchSuffixes": [], "resolverPrefersIPv6": False},
            "routing": {"ipv4": {"staticRoutes": []}, "ipv6": {"staticRoutes": []}},
            "portForwarding": {"enabled": False, "role": 0, "primaryUnitDownstreamIfName": ""},
        },
        "ifMap": [
            {"key": IFACE, "value": {"enabled": True, "ipv4": _ip_settings(STATIC, "", 24, "", ""), "ipv6": ipv6}}
        ],
        "ethMap": [
            {
                "key": IFACE,
                "value": {
                    "linkMode": {"speed": 0, "duplexMode": 0},
                    "mtu": 1500,
                    "authType": 0,
                    "eap": dict(EAP_SETTINGS),
                    "lldpEnabled": False,
                },
            }
        ],
        "wlanMap": [],
    }


def _entry(mapping, key):
    for item in mapping:
        if item.get("key") == key:
            return item["value"]
    return None


def _split_cidr(text):
    addr, _sep, prefix = str(text or "").partition("/")
    return addr, int(prefix) if prefix.isdigit() else 24


def settings_of(device):
    """The Settings structure: the stored one with the raw-configuration values (state["net"]) laid over it."""
    net = device.state["net"]
    structure = copy.deepcopy(device.state.get("net_structure") or default_structure())
    iface = _entry(structure["ifMap"], IFACE)
    iface["enabled"] = net.get("enabled", iface["enabled"])
    ipv4, ipv6 = iface["ipv4"], iface["ipv6"]
    addr, prefix = _split_cidr(net.get("ipv4_address"))
    ipv4.update(
        {
            "enabled": net.get("ipv4_enabled", ipv4["enabled"]),
            "configMethod": DHCP if net.get("ipv4_method") == "dhcp" else STATIC,
            "staticAddrCidr": {"addr": addr, "prefixLen": prefix},
            "staticDefaultGatewayAddr": net.get("ipv4_gateway", ""),
            "dhcpPreferredHostname": net.get("hostname", ""),
        }
    )
    ipv6.update(
        {
            "enabled": net.get("ipv6_enabled", ipv6["enabled"]),
            "configMethod": STATIC if net.get("ipv6_method", "auto") == "static" else AUTO,
            "staticAddrCidr": {"addr": net.get("ipv6_address", ""), "prefixLen": net.get("ipv6_prefix_len", 64)},
            "staticDefaultGatewayAddr": net.get("ipv6_gateway", ""),
            "dhcpPreferredHostname": net.get("ipv6_hostname", ""),
        }
    )
    dns = structure["common"]["dns"]
    servers = net.get("dns_servers") or ""
    servers = servers.split(",") if isinstance(servers, str) else list(servers)
    dns["serverAddrs"] = [server.strip() for server in servers if server.strip()]
    dns["searchSuffixes"] = list(net.get("search_suffixes", dns["searchSuffixes"]))
    dns["resolverPrefersIPv6"] = net.get("prefers_ipv6", dns["resolverPrefersIPv6"])
    return _for_generation(device, structure)


def _for_generation(device, structure):
    """net.Net 7.0.0 (4.0 generation) has no stablePrivacyEnabled in its InterfaceIpSettings."""
    generation = generations.of(device)
    for item in structure["ifMap"]:
        for family in ("ipv4", "ipv6"):
            item["value"][family] = generations.shape(generation, "net.InterfaceIpSettings", item["value"][family])
    return structure


def _shape_problem(template, value, path):
    """Where a written structure differs in shape from the one read (missing or extra fields)."""
    if isinstance(template, dict):
        if not isinstance(value, dict):
            return path, "structure"
        for key in template:
            if key not in value:
                return f"{path}.{key}", "required field"
            problem = _shape_problem(template[key], value[key], f"{path}.{key}")
            if problem:
                return problem
        extra = sorted(set(value) - set(template))
        return (f"{path}.{extra[0]}", "no such field") if extra else None
    if isinstance(template, list):
        if not isinstance(value, list):
            return path, "vector"
        if template and isinstance(template[0], dict):
            for index, item in enumerate(value):
                problem = _shape_problem(template[0], item, f"{path}[{index}]")
                if problem:
                    return problem
        return None
    if isinstance(template, bool) != isinstance(value, bool) or (
        isinstance(template, (int, float, str)) and not isinstance(value, type(template))
    ):
        return path, type(template).__name__
    return None


def _address(text, version=4):
    try:
        return ipaddress.ip_address(text).version == version
    except ValueError:
        return False


def _dns_code(dns):
    servers, suffixes = dns["serverAddrs"], dns["searchSuffixes"]
    if len(servers) > MAX_DNS_SERVERS:
        return ERR_DNS_TOO_MANY_SERVERS
    if not all(_address(server, 4) or _address(server, 6) for server in servers):
        return ERR_DNS_INVALID_SERVER
    if len(suffixes) > MAX_SEARCH_SUFFIXES:
        return ERR_DNS_TOO_MANY_SEARCH_SUFFIXES
    if not all(suffix and " " not in suffix and len(suffix) <= 253 for suffix in suffixes):
        return ERR_DNS_INVALID_SEARCH_SUFFIX
    return 0


def _hostname_valid(name):
    return len(name) <= MAX_HOSTNAME and " " not in name


def _ipv4_code(ipv4):
    if ipv4["configMethod"] not in (STATIC, DHCP):
        return ERR_IF_IPV4_INVALID_CONFIG_METHOD
    addr = ipv4["staticAddrCidr"]["addr"]
    if (addr or ipv4["configMethod"] == STATIC) and not _address(addr, 4):
        return ERR_IF_IPV4_INVALID_STATIC_ADDR
    if not 0 <= ipv4["staticAddrCidr"]["prefixLen"] <= 32:
        return ERR_IF_IPV4_INVALID_STATIC_PREFIX_LEN
    gateway = ipv4["staticDefaultGatewayAddr"]
    if gateway and not _address(gateway, 4):
        return ERR_ROUTING_IPV4_INVALID_DFLT_GATEWAY_ADDR
    return 0 if _hostname_valid(ipv4["dhcpPreferredHostname"]) else ERR_IF_IPV4_INVALID_DHCP_PREF_HOSTNAME


def _ipv6_code(ipv6):
    if ipv6["configMethod"] not in (STATIC, AUTO):
        return ERR_IF_IPV6_INVALID_CONFIG_METHOD
    addr = ipv6["staticAddrCidr"]["addr"]
    if (addr or (ipv6["configMethod"] == STATIC and ipv6["enabled"])) and not _address(addr, 6):
        return ERR_IF_IPV6_INVALID_STATIC_ADDR
    if not 0 <= ipv6["staticAddrCidr"]["prefixLen"] <= 128:
        return ERR_IF_IPV6_INVALID_STATIC_PREFIX_LEN
    gateway = ipv6["staticDefaultGatewayAddr"]
    if gateway and not _address(gateway, 6):
        return ERR_ROUTING_IPV6_INVALID_DFLT_GATEWAY_ADDR
    return 0 if _hostname_valid(ipv6["dhcpPreferredHostname"]) else ERR_IF_IPV6_INVALID_DHCP_PREF_HOSTNAME


def _interface_code(iface):
    return _ipv4_code(iface["ipv4"]) or _ipv6_code(iface["ipv6"])


def _ethernet_code(eth):
    if eth["linkMode"]["speed"] not in range(4) or eth["linkMode"]["duplexMode"] not in range(3):
        return ERR_ETH_IF_UNSUPPORTED_LINKMODE
    return 0 if eth["mtu"] in MTU_RANGE else ERR_ETH_IF_INVALID_MTU


def validate(settings):
    """0, or the IDL return code of the first problem."""
    iface, eth = _entry(settings["ifMap"], IFACE), _entry(settings["ethMap"], IFACE)
    if iface is None or eth is None or settings["wlanMap"]:
        return ERR_IF_IPV4_INVALID_CONFIG_METHOD
    for code in (_dns_code(settings["common"]["dns"]), _interface_code(iface), _ethernet_code(eth)):
        if code:
            return code
    return 0


def _store(device, settings):
    """The written values into state["net"] (shared with the raw configuration keys), the rest as written."""
    iface = _entry(settings["ifMap"], IFACE)
    ipv4, ipv6, dns = iface["ipv4"], iface["ipv6"], settings["common"]["dns"]
    cidr, cidr6 = ipv4["staticAddrCidr"], ipv6["staticAddrCidr"]
    device.state["net"].update(
        {
            "enabled": iface["enabled"],
            "hostname": ipv4["dhcpPreferredHostname"] or device.state["net"].get("hostname", ""),
            "ipv4_enabled": ipv4["enabled"],
            "ipv4_method": "dhcp" if ipv4["configMethod"] == DHCP else "static",
            "ipv4_address": f"{cidr['addr']}/{cidr['prefixLen']}" if cidr["addr"] else "",
            "ipv4_gateway": ipv4["staticDefaultGatewayAddr"],
            "ipv6_enabled": ipv6["enabled"],
            "ipv6_method": "static" if ipv6["configMethod"] == STATIC else "auto",
            "ipv6_address": cidr6["addr"],
            "ipv6_prefix_len": cidr6["prefixLen"],
            "ipv6_gateway": ipv6["staticDefaultGatewayAddr"],
            "ipv6_hostname": ipv6["dhcpPreferredHostname"],
            "dns_servers": ",".join(dns["serverAddrs"]),
            "search_suffixes": list(dns["searchSuffixes"]),
            "prefers_ipv6": dns["resolverPrefersIPv6"],
        }
    )
    device.state["net_structure"] = copy.deepcopy(settings)


def _interface_info(device, settings):
    iface = _entry(settings["ifMap"], IFACE)
    ipv4, ipv6 = iface["ipv4"], iface["ipv6"]
    addrs = [dict(ipv4["staticAddrCidr"])] if ipv4["staticAddrCidr"]["addr"] else []
    static6 = ipv6["enabled"] and ipv6["configMethod"] == STATIC and ipv6["staticAddrCidr"]["addr"]
    addrs6 = [dict(ipv6["staticAddrCidr"])] if static6 else []
    return {
        "name": IFACE,
        "label": "ETH1",
        "type": 0,
        "enabled": iface["enabled"],
        "controllingIfName": "",
        "state": 3,
        "macAddr": device.mac,
        "mtu": _entry(settings["ethMap"], IFACE)["mtu"],
        "ipv4": {
            "enabled": ipv4["enabled"],
            "configMethod": ipv4["configMethod"],
            "addrsCidr": addrs,
            "dhcpServerAddr": "",
            "dhcpPreferredHostname": ipv4["dhcpPreferredHostname"],
        },
        "ipv6": {
            "enabled": ipv6["enabled"],
            "configMethod": ipv6["configMethod"],
            "addrsCidr": addrs6,
            "dhcpServerId": "",
            "dhcpPreferredHostname": ipv6["dhcpPreferredHostname"],
            "raManaged": False,
            "raOtherConf": False,
        },
    }


def info_of(device):
    settings = settings_of(device)
    eth = _entry(settings["ethMap"], IFACE)
    return {
        "common": {
            "dns": copy.deepcopy(settings["common"]["dns"]),
            "routing": {"ipv4Routes": [], "ipv6Routes": []},
            "portForwarding": {
                "enabled": False,
                "nodeIndexValid": False,
                "nodeIndex": 0,
                "expansionUnitConnected": False,
                "primaryUnitDownstreamIfName": "",
                "primaryUnitIPv4AddrInfos": [],
                "primaryUnitIPv6AddrInfos": [],
                "linkLocalIPv6Address": "",
            },
        },
        "ifMap": [{"key": IFACE, "value": _interface_info(device, settings)}],
        "ethMap": [
            {
                "key": IFACE,
                "value": {
                    "eapStatus": 0,
                    "linkMode": {"speed": 3, "duplexMode": 2}
                    if eth["linkMode"]["speed"] == 0
                    else dict(eth["linkMode"]),
                    "linkModeValid": True,
                    "autonegEnabled": eth["linkMode"]["speed"] == 0,
                    "linkDetected": True,
                    "supportedLinkModes": [dict(mode) for mode in SUPPORTED_LINK_MODES],
                },
            }
        ],
        "wlanMap": [],
    }


class Net:
    TYPE = NET_TYPE

    def __init__(self, device):
        self.device = device

    def getSettings(self):
        with self.device.lock:
            return {"_ret_": settings_of(self.device)}

    def getInfo(self):
        with self.device.lock:
            return {"_ret_": info_of(self.device)}

    def setSettings(self, settings: dict):
        with self.device.lock:
            problem = _shape_problem(settings_of(self.device), settings, "params.settings")
            if problem:
                path, expected = problem
                raise RpcError(
                    INVALID_PARAMS,
                    "Invalid params",
                    {
                        "path": path,
                        "expected": f"{expected} of {SETTINGS_TYPE}",
                        "got": "'<other>'",
                        "signature": f"setSettings(settings: struct {SETTINGS_TYPE})",
                    },
                )
            code = validate(settings)
            if code == 0:
                _store(self.device, settings)
                self.device.save()
        return {"_ret_": code}

    def getPortForwardingProtocolMappings(self):
        return {"_ret_": []}


RPC_OBJECTS = {"/net": Net}
