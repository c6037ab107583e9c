# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""role_access.py: rule checks, role names to ids and back (pure)."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import role_access
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError

ROLES = [{"id": 1, "name": "Admin", "info": {}}, {"id": 2, "name": "Operator", "info": {}}]


@pytest.mark.parametrize(
    "option, rule, wrong",
    [
        ("role_access_control", {"start_ip": "10.0.0.300", "role": "Admin", "policy": "deny"}, "rules[0].start_ip"),
        ("role_access_control", {"start_ip": "10.0.0.9", "end_ip": "10.0.0.1", "role": "A", "policy": "deny"},
         "rules[0].end_ip"),
        ("role_access_control", {"start_ip": "2001:db8::1", "role": "Admin", "policy": "deny"}, "rules[0].start_ip"),
        ("role_access_control_ipv6", {"start_ip": "10.0.0.1", "role": "Admin", "policy": "deny"},
         "rules[0].start_ip"),
    ],
)  # fmt: skip
def test_check_rules_refuses(option, rule, wrong):
    with pytest.raises(XerusInputError) as caught:
        role_access.check_rules(option, [rule])
    assert caught.value.option == f"{option}.{wrong}"


def test_a_single_address_rule_ends_where_it_starts():
    rules = [{"start_ip": " 10.0.0.5 ", "end_ip": None, "role": "Admin", "policy": "deny"}]
    role_access.check_rules("role_access_control", rules)
    assert (rules[0]["start_ip"], rules[0]["end_ip"]) == ("10.0.0.5", "10.0.0.5")


def test_names_become_ids_in_the_device_structure_and_back():
    read = [{"startIp": "1.1.1.1", "endIp": "1.1.1.1", "roleId": 2, "policy": 0, "comment": "kept field"}]
    given = [{"start_ip": "10.0.0.1", "end_ip": "10.0.0.9", "role": "Operator", "policy": "deny"}]
    rules = role_access.wanted_rules("role_access_control", read, given, ROLES)
    assert rules == [{"startIp": "10.0.0.1", "endIp": "10.0.0.9", "roleId": 2, "policy": 1, "comment": "kept field"}]
    facts = role_access.rule_facts(rules + [dict(rules[0], roleId=7)], ROLES)
    assert [item["role"] for item in facts] == ["Operator", "7"]
    assert facts[0]["policy"] == "deny"


def test_an_unknown_role_lists_the_device_roles():
    given = [{"start_ip": "10.0.0.1", "end_ip": "10.0.0.1", "role": "Nobody", "policy": "deny"}]
    with pytest.raises(
        XerusInputError, match=r"no role 'Nobody' on this device \(its roles: Admin, Operator\)"
    ) as caught:
        role_access.wanted_rules("role_access_control", [], given, ROLES)
    assert caught.value.option == "role_access_control.rules[0].role"
