# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""security.Security at /security (vendor IDL; docs/protocol/XERUS-PROTOCOL.md 9.3 for ranges and defaults).

The block, password, idle-timeout, single-login, redirect, HSTS and SSH settings are the values of the raw
configuration's `security.*` keys (config/keys.py security(): one state, the same ranges); the packet
filters and the service agreement are stored in the same section.  The packet filter applies: a connection
from an address the IPv4/IPv6 inbound rules drop or reject is closed before TLS (`refuses`), and login
blocking applies to Basic-auth logins (`login_allowed`, `record_login`).  Values out of range answer
ERR_INVALID_VALUE.
"""

import ipaddress
import threading
import time
import weakref

from xerus_sim.config import keys as config_keys
from xerus_sim.rpc.idltypes import Enum, Struct, Vector

ERR_INVALID_VALUE = 1
ACCEPT, DROP, REJECT = range(3)
MINUTES = range(1, 1441)
MAX_BANNER = 4096

Policy = Enum("security.IpfwPolicy", 3)
IpfwRule = Struct("security.IpfwRule:1.0.0", {"ipMask": str, "policy": Policy})
IpFw = Struct(
    "security.IpFw:2.0.0",
    {
        "enabled": bool,
        "defaultPolicyIn": Policy,
        "defaultPolicyOut": Policy,
        "ruleSetIn": Vector(IpfwRule),
        "ruleSetOut": Vector(IpfwRule),
    },
)
BlockSettings = Struct(
    "security.BlockSettings:1.0.0", {"maxFailedLogins": int, "blockTimeout": int, "failedLoginTimeout": int}
)
PasswordSettings = Struct(
    "security.PasswordSettings:1.0.0",
    {
        "enableAging": bool,
        "agingInterval": int,
        "enableStrongReq": bool,
        "minPwLength": int,
        "maxPwLength": int,
        "enforceLower": bool,
        "enforceUpper": bool,
        "enforceNumeric": bool,
        "enforceSpecial": bool,
        "pwHistoryDepth": int,
    },
)
SSHSettings = Struct("security.SSHSettings:1.0.0", {"allowPasswordAuth": bool, "allowPublicKeyAuth": bool})
RoleAccessRule = Struct(
    "security.RoleAccessRule:1.0.0",
    {"startIp": str, "endIp": str, "roleId": int, "policy": Enum("security.RoleAccessPolicy", 2)},
)
RoleAccessControl = Struct(
    "security.RoleAccessControl:1.0.0",
    {"enabled": bool, "defaultPolicy": Enum("security.RoleAccessPolicy", 2), "rules": Vector(RoleAccessRule)},
)
Agreement = Struct("security.RestrictedServiceAgreement:1.0.0", {"enabled": bool, "banner": str})

# wire field -> key of the security section (config/keys.py SECURITY_DEFAULTS)
BLOCK_KEYS = {
    "maxFailedLogins": "max_login_fails",
    "blockTimeout": "block_time",
    "failedLoginTimeout": "failed_login_timeout",
}
PASSWORD_KEYS = {
    "enableAging": "pw_aging",
    "agingInterval": "pw_aging_interval",
    "enableStrongReq": "pw_strong",
    "minPwLength": "pw_min_length",
    "maxPwLength": "pw_max_length",
    "enforceLower": "pw_enforce_lower",
    "enforceUpper": "pw_enforce_upper",
    "enforceNumeric": "pw_enforce_numeric",
    "enforceSpecial": "pw_enforce_special",
    "pwHistoryDepth": "pw_history_depth",
}
SSH_KEYS = {"allowPasswordAuth": "ssh_password_auth", "allowPublicKeyAuth": "ssh_public_key_auth"}
FIREWALL_KEYS = {4: "ipfw", 6: "ipv6fw"}
ROLE_ACCESS_KEYS = {4: "role_access", 6: "role_access_v6"}


def _open_firewall():
    return {"enabled": False, "defaultPolicyIn": ACCEPT, "defaultPolicyOut": ACCEPT, "ruleSetIn": [], "ruleSetOut": []}


def _section(device):
    section = config_keys.security(device)
    for key in FIREWALL_KEYS.values():
        section.setdefault(key, _open_firewall())
    section.setdefault("service_agreement", {"enabled": False, "banner": ""})
    for key in ROLE_ACCESS_KEYS.values():
        section.setdefault(key, {"enabled": False, "defaultPolicy": 0, "rules": []})
    return section


def _read(section, keys):
    return {wire: section[key] for wire, key in keys.items()}


def _firewall_valid(settings, version):
    for rule in settings["ruleSetIn"] + settings["ruleSetOut"]:
        try:
            if ipaddress.ip_network(rule["ipMask"].strip(), strict=False).version != version:
                return False
        except ValueError:
            return False
    return True


def _role_access_valid(settings, version):
    """Rules with addresses of the family, start not after end, a role id (roles are not looked up)."""
    for rule in settings["rules"]:
        try:
            start, end = ipaddress.ip_address(rule["startIp"]), ipaddress.ip_address(rule["endIp"])
        except ValueError:
            return False
        if start.version != version or end.version != version or start > end or rule["roleId"] < 1:
            return False
    return True


def _password_valid(value):
    lengths = range(4, 65)
    return (
        value["minPwLength"] in lengths
        and value["maxPwLength"] in lengths
        and value["minPwLength"] <= value["maxPwLength"]
        and 1 <= value["pwHistoryDepth"] <= 12
        and 7 <= value["agingInterval"] <= 365
    )


class Security:
    TYPE = "security.Security:5.0.1"

    def __init__(self, device):
        self.device = device

    def _get(self, keys):
        with self.device.lock:
            return {"_ret_": _read(_section(self.device), keys)}

    def _set(self, keys, value):
        with self.device.lock:
            _section(self.device).update({key: value[wire] for wire, key in keys.items()})
            self.device.save()
        return {"_ret_": 0}

    def _get_value(self, key):
        with self.device.lock:
            return {"_ret_": _section(self.device)[key]}

    def _set_value(self, key, value):
        with self.device.lock:
            _section(self.device)[key] = value
            self.device.save()

    def getBlockSettings(self):
        return self._get(BLOCK_KEYS)

    def setBlockSettings(self, settings: BlockSettings):
        valid = (
            0 <= settings["maxFailedLogins"] <= 100
            and settings["blockTimeout"] in MINUTES
            and settings["failedLoginTimeout"] in MINUTES
        )
        return self._set(BLOCK_KEYS, settings) if valid else {"_ret_": ERR_INVALID_VALUE}

    def getPwSettings(self):
        return self._get(PASSWORD_KEYS)

    def setPwSettings(self, pwSettings: PasswordSettings):
        return self._set(PASSWORD_KEYS, pwSettings) if _password_valid(pwSettings) else {"_ret_": ERR_INVALID_VALUE}

    def getSSHSettings(self):
        return self._get(SSH_KEYS)

    def setSSHSettings(self, settings: SSHSettings):
        self._set(SSH_KEYS, settings)
        return None

    def getIdleTimeoutSettings(self):
        return self._get_value("idle_timeout")

    def setIdleTimeoutSettings(self, idleTimeout: int):
        if idleTimeout not in MINUTES:
            return {"_ret_": ERR_INVALID_VALUE}
        self._set_value("idle_timeout", idleTimeout)
        return {"_ret_": 0}

    def getSingleLoginLimitation(self):
        return self._get_value("single_login")

    def setSingleLoginLimitation(self, singleLogin: bool):
        self._set_value("single_login", singleLogin)

    def getHttpRedirSettings(self):
        return self._get_value("http_redirect")

    def setHttpRedirSettings(self, http2httpsRedir: bool):
        self._set_value("http_redirect", http2httpsRedir)

    def isHstsEnabled(self):
        return self._get_value("hsts")

    def setHstsEnabled(self, enable: bool):
        self._set_value("hsts", enable)

    def getIpFwSettings(self):
        return self._get_value("ipfw")

    def setIpFwSettings(self, ipFw: IpFw):
        return self._set_firewall(4, ipFw)

    def getIpV6FwSettings(self):
        return self._get_value("ipv6fw")

    def setIpV6FwSettings(self, ipV6Fw: IpFw):
        return self._set_firewall(6, ipV6Fw)

    def _set_firewall(self, version, settings):
        if not _firewall_valid(settings, version):
            return {"_ret_": ERR_INVALID_VALUE}
        self._set_value(FIREWALL_KEYS[version], settings)
        return {"_ret_": 0}

    def getRoleAccessControlSettings(self):
        return self._get_value(ROLE_ACCESS_KEYS[4])

    def setRoleAccessControlSettings(self, settings: RoleAccessControl):
        return self._set_role_access(4, settings)

    def getRoleAccessControlSettingsV6(self):
        return self._get_value(ROLE_ACCESS_KEYS[6])

    def setRoleAccessControlSettingsV6(self, settings: RoleAccessControl):
        return self._set_role_access(6, settings)

    def _set_role_access(self, version, settings):
        if not _role_access_valid(settings, version):
            return {"_ret_": ERR_INVALID_VALUE}
        self._set_value(ROLE_ACCESS_KEYS[version], settings)
        return {"_ret_": 0}

    def getRestrictedServiceAgreement(self):
        return self._get_value("service_agreement")

    def setRestrictedServiceAgreement(self, settings: Agreement):
        if len(settings["banner"]) > MAX_BANNER or (settings["enabled"] and not settings["banner"].strip()):
            return {"_ret_": ERR_INVALID_VALUE}
        self._set_value("service_agreement", settings)
        return {"_ret_": 0}


# -- the packet filter at work ---------------------------------------------------------------------


def refuses(device, remote_ip):
    """Whether the inbound packet filter drops or rejects connections from remote_ip."""
    try:
        address = ipaddress.ip_address(remote_ip.split("%", 1)[0])
    except ValueError:
        return False
    address = getattr(address, "ipv4_mapped", None) or address
    with device.lock:
        firewall = _section(device)[FIREWALL_KEYS[address.version]]
        if not firewall["enabled"]:
            return False
        for rule in firewall["ruleSetIn"]:
            try:
                network = ipaddress.ip_network(rule["ipMask"].strip(), strict=False)
            except ValueError:
                continue
            if address in network:
                return rule["policy"] != ACCEPT
        return firewall["defaultPolicyIn"] != ACCEPT


# -- login blocking at work ------------------------------------------------------------------------

_FAILURES = weakref.WeakKeyDictionary()  # device -> {user: [count, first failure, blocked until]}
_FAILURES_LOCK = threading.Lock()


def _record(device, user):
    with _FAILURES_LOCK:
        return _FAILURES.setdefault(device, {}).setdefault(user, [0, 0.0, 0.0])


def login_allowed(device, user):
    """False while the user is blocked after too many failed logins."""
    return _record(device, user)[2] <= time.monotonic()


def record_login(device, user, succeeded):
    """Count a failed login (blocking the user at maxFailedLogins) or clear the count after a good one."""
    with device.lock:
        section = _section(device)
        limit, block, window = section["max_login_fails"], section["block_time"], section["failed_login_timeout"]
    record, now = _record(device, user), time.monotonic()
    if succeeded or not limit:
        record[0] = 0
        return
    if record[0] and now - record[1] > window * 60:
        record[0] = 0
    if not record[0]:
        record[1] = now
    record[0] += 1
    if record[0] >= limit:
        record[:] = [0, 0.0, now + block * 60]


RPC_OBJECTS = {"/security": Security}
