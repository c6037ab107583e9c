# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Security area: login blocking, password policy, IP and role-based access control, idle timeout, service
agreement and single login of security.Security at /security (vendor IDL; docs/protocol/XERUS-PROTOCOL.md 9.3,
14). Forced HTTPS, HSTS and SSH authentication, kept in the same interface, are the services area's
(services.py).

No Ansible import.

    request = {"login_blocking": {"max_failed_logins": 5}, "idle_timeout": 30}
    result = apply(client, request, check_mode=False, controller_address=None, allow_controller_lockout=False)
    result.changed, result.before, result.after

Every part is read with its own getter, all in one bulk request, and only the parts the task names. A
structure is written back as read with only the given fields changed (fields not given, and fields this
collection does not know, keep their values). Changed parts are written in one bulk request; the IP access
control last. Rule lists are ordered and replaced as a whole when given.

Before IP access rules are written, the address the device sees this controller connect from (the source
address of a connection to the device, or ``controller_address``) is checked against the new rules: a
change that would drop or reject it is refused unless ``allow_controller_lockout``.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from ansible_collections.xerus.pdu.plugins.module_utils import rids, role_access
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.enums import IPFW_POLICY, index_of, name_of
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError, XerusInputError
from ansible_collections.xerus.pdu.plugins.module_utils.struct_fields import (
    Field,
    readable,
    unsupported,
    wire_values,
)

INVALID_VALUE = 1  # Security.ERR_INVALID_VALUE
ACCEPT = index_of(IPFW_POLICY, "accept")

BLOCK_FIELDS = (
    Field("max_failed_logins", "maxFailedLogins"),
    Field("block_time", "blockTimeout"),
    Field("failed_login_timeout", "failedLoginTimeout"),
)
PASSWORD_FIELDS = (
    Field("aging", "enableAging"),
    Field("aging_interval", "agingInterval"),
    Field("strong", "enableStrongReq"),
    Field("min_length", "minPwLength"),
    Field("max_length", "maxPwLength"),
    Field("require_lowercase", "enforceLower"),
    Field("require_uppercase", "enforceUpper"),
    Field("require_numeric", "enforceNumeric"),
    Field("require_special", "enforceSpecial"),
    Field("history_depth", "pwHistoryDepth"),
)
IPFW_FIELDS = (
    Field("enabled", "enabled"),
    Field("default_policy", "defaultPolicyIn", IPFW_POLICY),
    Field("default_policy_outbound", "defaultPolicyOut", IPFW_POLICY),
)
IPFW_RULE_LISTS = (("rules", "ruleSetIn"), ("rules_outbound", "ruleSetOut"))
AGREEMENT_FIELDS = (Field("enabled", "enabled"), Field("banner", "banner"))


@dataclass(frozen=True)
class Part:
    """One setting of /security: its option, getter, setter and the setter's parameter name.

    ``fields`` maps a structure's options; None for a plain value. ``coded``: the setter returns a code."""

    option: str
    getter: str
    setter: str
    param: str
    fields: tuple | None = None
    coded: bool = True


PARTS = (
    Part("login_blocking", "getBlockSettings", "setBlockSettings", "settings", BLOCK_FIELDS),
    Part("password_policy", "getPwSettings", "setPwSettings", "pwSettings", PASSWORD_FIELDS),
    Part("idle_timeout", "getIdleTimeoutSettings", "setIdleTimeoutSettings", "idleTimeout"),
    Part("service_agreement", "getRestrictedServiceAgreement", "setRestrictedServiceAgreement", "settings",
         AGREEMENT_FIELDS),
    Part("single_login", "getSingleLoginLimitation", "setSingleLoginLimitation", "singleLogin", coded=False),
    Part("role_access_control", "getRoleAccessControlSettings", "setRoleAccessControlSettings", "settings",
         role_access.FIELDS),
    Part("role_access_control_ipv6", "getRoleAccessControlSettingsV6", "setRoleAccessControlSettingsV6", "settings",
         role_access.FIELDS),
    Part("ipv6_access_control", "getIpV6FwSettings", "setIpV6FwSettings", "ipV6Fw", IPFW_FIELDS),
    Part("ip_access_control", "getIpFwSettings", "setIpFwSettings", "ipFw", IPFW_FIELDS),
)  # fmt: skip
PART_BY_OPTION = {part.option: part for part in PARTS}
FIREWALLS = ("ip_access_control", "ipv6_access_control")


class SecurityError(XerusError):
    """The device refused a security setting."""


class LockoutError(XerusInputError):
    """The IP access rules would drop the controller's own connections."""


@dataclass
class SecurityResult:
    changed: bool
    before: dict
    after: dict
    controller_address: str | None = None


# -- input checks -------------------------------------------------------------------------------


def check_request(request):
    """Refuse what cannot be sent, naming the option; ``request`` maps part options to their values."""
    blocking = request.get("login_blocking")
    if blocking:
        _check_blocking(blocking)
    policy = request.get("password_policy") or {}
    for option in ("aging_interval", "min_length", "max_length", "history_depth"):
        if policy.get(option) is not None and policy[option] < 1:
            raise XerusInputError.for_option(f"password_policy.{option}", "must be at least 1")
    if policy.get("min_length") is not None and policy.get("max_length") is not None:
        if policy["min_length"] > policy["max_length"]:
            raise XerusInputError.for_option("password_policy.min_length", "must not be greater than max_length")
    if request.get("idle_timeout") is not None and request["idle_timeout"] < 1:
        raise XerusInputError.for_option("idle_timeout", "must be at least 1 minute")
    for option in role_access.OPTIONS:
        role_access.check_rules(option, (request.get(option) or {}).get("rules"))
    for option in FIREWALLS:
        for list_option, _wire in IPFW_RULE_LISTS:
            for index, rule in enumerate((request.get(option) or {}).get(list_option) or []):
                rule["ip_mask"] = _checked_mask(rule.get("ip_mask"), f"{option}.{list_option}[{index}].ip_mask", option)


def _check_blocking(blocking):
    maximum = blocking.get("max_failed_logins")
    if blocking.get("enabled") is False and maximum:
        raise XerusInputError.for_option(
            "login_blocking.max_failed_logins", "cannot be set while enabled is false (0 failed logins = off)"
        )
    if maximum is not None and maximum < 1 and blocking.get("enabled") is not False:
        raise XerusInputError.for_option("login_blocking.max_failed_logins", "must be at least 1 (or enabled: false)")
    for option in ("block_time", "failed_login_timeout"):
        if blocking.get(option) is not None and blocking[option] < 1:
            raise XerusInputError.for_option(f"login_blocking.{option}", "must be at least 1 minute")


def _checked_mask(text, option, family_option):
    """An address or network as the device writes it (``192.0.2.0/24``; a single address without prefix)."""
    try:
        network = ipaddress.ip_network(str(text or "").strip(), strict=False)
    except ValueError:
        raise XerusInputError.for_option(option, f"{text!r} is not an IP address or network") from None
    if (network.version == 6) != (family_option == "ipv6_access_control"):
        raise XerusInputError.for_option(option, f"{text} is not an IPv{4 if network.version == 6 else 6} network")
    single = network.prefixlen == network.max_prefixlen and "/" not in str(text)
    return str(network.network_address) if single else str(network)


# -- reading ------------------------------------------------------------------------------------


def read(client, options):
    """({option: wire value} of the named parts, the device's roles or None), one bulk request; the roles are
    read only for role-based access control (None when the device does not list them)."""
    parts = [PART_BY_OPTION[option] for option in options]
    calls = [Call(rids.SECURITY, part.getter) for part in parts]
    with_roles = any(option in role_access.OPTIONS for option in options)
    answers = client.bulk(calls + ([role_access.ROLES_CALL] if with_roles else []), safe=True)
    values = {part.option: answer.value for part, answer in zip(parts, answers)}
    roles = answers[-1] if with_roles else None
    return values, (roles.value if roles is not None and roles.ok else None)


# -- planning -----------------------------------------------------------------------------------


def plan(current, request, roles=None):
    """{option: wire value to write} for every part whose value differs."""
    changes = {}
    for option, read_value in current.items():
        wanted = _wanted(PART_BY_OPTION[option], read_value, request[option], roles)
        if wanted != read_value:
            changes[option] = wanted
    return changes


def _wanted(part, read_value, given, roles):
    if part.fields is None:
        return given
    missing = unsupported(part.fields, given, read_value)
    if missing:
        raise XerusInputError.for_option(f"{part.option}.{missing[0]}", "not supported by this device")
    wanted = dict(read_value)
    wanted.update(wire_values(part.fields, given))
    if part.option == "login_blocking":
        wanted["maxFailedLogins"] = _max_failed_logins(read_value, given)
    if part.option in FIREWALLS:
        for list_option, wire in IPFW_RULE_LISTS:
            if given.get(list_option) is not None:
                wanted[wire] = [_rule(read_value.get(wire), rule) for rule in given[list_option]]
    if part.option in role_access.OPTIONS and given.get("rules") is not None:
        wanted["rules"] = role_access.wanted_rules(part.option, read_value.get("rules"), given["rules"], roles)
    if wanted.get("minPwLength", 0) > wanted.get("maxPwLength", float("inf")):
        raise XerusInputError.for_option(
            "password_policy.min_length",
            f"{wanted['minPwLength']} would be greater than the maximum length {wanted['maxPwLength']}",
        )
    return wanted


def _max_failed_logins(read_value, given):
    current = read_value.get("maxFailedLogins", 0)
    if given.get("enabled") is False:
        return 0
    if given.get("max_failed_logins") is not None:
        return given["max_failed_logins"]
    if given.get("enabled") and not current:
        raise XerusInputError.for_option(
            "login_blocking.max_failed_logins", "give the number of failed logins to enable login blocking"
        )
    return current


def _rule(read_rules, rule):
    """A rule in the structure the device sends (copied from a rule it sent, else the IDL's two fields)."""
    template = dict(read_rules[0]) if read_rules else {}
    template.update(ipMask=rule["ip_mask"], policy=index_of(IPFW_POLICY, rule["policy"]))
    return template


# -- the controller guard -----------------------------------------------------------------------


def controller_verdict(firewall, address):
    """The policy name the firewall applies to connections from ``address`` (first matching rule wins)."""
    if not firewall.get("enabled"):
        return "accept"
    for rule in firewall.get("ruleSetIn") or []:
        try:
            network = ipaddress.ip_network(str(rule.get("ipMask", "")).strip(), strict=False)
        except ValueError:
            continue
        if network.version == address.version and address in network:
            return name_of(IPFW_POLICY, rule.get("policy"))
    return name_of(IPFW_POLICY, firewall.get("defaultPolicyIn"))


def parse_address(text, option="controller_address"):
    try:
        address = ipaddress.ip_address(str(text).split("%", 1)[0])
    except ValueError:
        raise XerusInputError.for_option(option, f"{text!r} is not an IP address") from None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def check_lockout(changes, address):
    """Refuse new IP access rules that would not accept the controller's address."""
    option = "ip_access_control" if address.version == 4 else "ipv6_access_control"
    if option not in changes:
        return
    verdict = controller_verdict(changes[option], address)
    if verdict != "accept":
        raise LockoutError(
            f"option {option}: the new rules would {verdict} connections from this controller ({address}), "
            "locking it out of the device; set allow_controller_lockout: true if that is intended",
            option=option,
        )


# -- results ------------------------------------------------------------------------------------


def facts(values, roles=None):
    """The settings as returned to the user; parts read as None (not served) are left out."""
    result = {}
    for option, value in values.items():
        if value is None:
            continue
        part = PART_BY_OPTION[option]
        result[option] = value if part.fields is None else readable(part.fields, value)
        if option == "login_blocking":
            result[option]["enabled"] = bool(value.get("maxFailedLogins"))
        if option in FIREWALLS:
            for list_option, wire in IPFW_RULE_LISTS:
                result[option][list_option] = [
                    {"ip_mask": rule.get("ipMask"), "policy": name_of(IPFW_POLICY, rule.get("policy"))}
                    for rule in value.get(wire) or []
                ]
        if option in role_access.OPTIONS:
            result[option]["rules"] = role_access.rule_facts(value.get("rules"), roles)
    return result


# -- applying -----------------------------------------------------------------------------------


def apply(client, request, check_mode=False, controller_address=None, allow_controller_lockout=False):
    """Read the given parts, write what differs (IP access control last); SecurityResult."""
    request = {option: value for option, value in request.items() if value is not None}
    current, roles = read(client, [part.option for part in PARTS if part.option in request])
    changes = plan(current, request, roles)
    address = None
    if any(option in changes for option in FIREWALLS) and not allow_controller_lockout:
        address = parse_address(controller_address) if controller_address else parse_address(client.source_address())
        check_lockout(changes, address)
    if changes and not check_mode:
        _write(client, changes)
    return SecurityResult(
        changed=bool(changes),
        before=facts(current, roles),
        after=facts({**current, **changes}, roles),
        controller_address=str(address) if address else None,
    )


def _write(client, changes):
    parts = [part for part in PARTS if part.option in changes]  # PARTS order: the IPv4 firewall last
    calls = [Call(rids.SECURITY, part.setter, {part.param: changes[part.option]}) for part in parts]
    written = False
    for part, answer in zip(parts, client.bulk(calls)):
        if not answer.ok:
            raise SecurityError(client.device, f"{part.setter} failed: {answer.error.message}", changed=written)
        if part.coded and answer.ret not in (0, None):
            raise SecurityError(
                client.device,
                f"option {part.option}: the device refused the value as invalid (code {answer.ret})",
                option=part.option,
                changed=written,
                details={"rpc_code": answer.ret},
            )
        written = True


# -- xerus_info subset --------------------------------------------------------------------------


class InfoSection:
    """The ``security`` subset of xerus_info (plugins/module_utils/info_sections.py)."""

    NAME = "security"

    @staticmethod
    def first_calls():
        calls = {part.option: Call(rids.SECURITY, part.getter) for part in PARTS}
        return dict(calls, roles=role_access.ROLES_CALL)

    @staticmethod
    def facts(answers):
        return facts({part.option: answers.get(part.option) for part in PARTS}, answers.get("roles"))


INFO_SECTION = InfoSection()
