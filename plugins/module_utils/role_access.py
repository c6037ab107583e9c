# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Role-based access control of security.Security (RoleAccessControl): address ranges allowed or denied per role.

No Ansible import. The device names roles by id (``RoleAccessRule.roleId``); tasks and facts name them by the
role names ``usermgmt.RoleManager.getAllRoles`` at /auth/role lists, read in the same request as the settings.
"""

from __future__ import annotations

import ipaddress

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.enums import ROLE_ACCESS_POLICY, index_of, name_of
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError
from ansible_collections.xerus.pdu.plugins.module_utils.struct_fields import Field

FIELDS = (Field("enabled", "enabled"), Field("default_policy", "defaultPolicy", ROLE_ACCESS_POLICY))
OPTIONS = {"role_access_control": 4, "role_access_control_ipv6": 6}
ROLES_CALL = Call(rids.ROLE_MANAGER, "getAllRoles")


def check_rules(option, rules):
    """Addresses of the family, start not after end; normalized in place."""
    for index, rule in enumerate(rules or []):
        where = f"{option}.rules[{index}]"
        start = _address(rule.get("start_ip"), f"{where}.start_ip", OPTIONS[option])
        end = _address(rule.get("end_ip") or rule.get("start_ip"), f"{where}.end_ip", OPTIONS[option])
        if start > end:
            raise XerusInputError.for_option(f"{where}.end_ip", f"{end} comes before start_ip {start}")
        rule.update(start_ip=str(start), end_ip=str(end))


def _address(text, option, version):
    try:
        address = ipaddress.ip_address(str(text or "").strip())
    except ValueError:
        raise XerusInputError.for_option(option, f"{text!r} is not an IP address") from None
    if address.version != version:
        raise XerusInputError.for_option(option, f"{address} is not an IPv{version} address")
    return address


def role_ids(roles):
    """{role name: id} of getAllRoles' answer (None when the device did not answer)."""
    return {role.get("name"): role.get("id") for role in roles or [] if isinstance(role, dict)}


def wanted_rules(option, read_rules, given_rules, roles):
    """The rules to write, in the structure the device sent, role names turned into ids."""
    ids = role_ids(roles)
    template = dict(read_rules[0]) if read_rules else {}
    rules = []
    for index, rule in enumerate(given_rules):
        if rule["role"] not in ids:
            known = ", ".join(sorted(name for name in ids if name)) or "none"
            raise XerusInputError.for_option(
                f"{option}.rules[{index}].role", f"no role {rule['role']!r} on this device (its roles: {known})"
            )
        rules.append(
            dict(
                template,
                startIp=rule["start_ip"],
                endIp=rule["end_ip"],
                roleId=ids[rule["role"]],
                policy=index_of(ROLE_ACCESS_POLICY, rule["policy"]),
            )
        )
    return rules


def rule_facts(rules, roles):
    """The rules with role names (the id as text when the device lists no such role)."""
    names = {role_id: name for name, role_id in role_ids(roles).items()}
    return [
        {
            "start_ip": rule.get("startIp"),
            "end_ip": rule.get("endIp"),
            "role": names.get(rule.get("roleId"), str(rule.get("roleId"))),
            "policy": name_of(ROLE_ACCESS_POLICY, rule.get("policy")),
        }
        for rule in rules or []
    ]
