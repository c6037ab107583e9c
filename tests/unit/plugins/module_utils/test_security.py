# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""security.py: input checks and the controller guard (pure), apply() against the simulator."""

from __future__ import annotations

import ipaddress

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import rids, security
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.errors import (
    XerusAuthError,
    XerusConnectionError,
    XerusInputError,
)

from conftest import start_simulator

OPEN_FIREWALL = {"enabled": False, "defaultPolicyIn": 0, "defaultPolicyOut": 0, "ruleSetIn": [], "ruleSetOut": []}


@pytest.fixture
def fresh(sim):
    """Security settings as the factory leaves them (the shared simulator keeps state between tests)."""
    calls = [
        Call(rids.SECURITY, "setIpFwSettings", {"ipFw": OPEN_FIREWALL}),
        Call(rids.SECURITY, "setBlockSettings", {"settings": {"maxFailedLogins": 0, "blockTimeout": 10,
                                                              "failedLoginTimeout": 10}}),
    ]  # fmt: skip
    with sim.client() as client:
        client.bulk(calls)
    return sim


def _apply(sim, check_mode=False, controller_address=None, allow=False, **request):
    security.check_request(request)
    with sim.client() as client:
        return security.apply(
            client,
            request,
            check_mode=check_mode,
            controller_address=controller_address,
            allow_controller_lockout=allow,
        )


def _read_all(sim):
    with sim.client() as client:
        return security.read(client, [part.option for part in security.PARTS])


@pytest.mark.parametrize(
    "request_, option",
    [
        ({"login_blocking": {"enabled": False, "max_failed_logins": 3}}, "login_blocking.max_failed_logins"),
        ({"login_blocking": {"max_failed_logins": 0}}, "login_blocking.max_failed_logins"),
        ({"login_blocking": {"block_time": 0}}, "login_blocking.block_time"),
        ({"password_policy": {"min_length": 20, "max_length": 10}}, "password_policy.min_length"),
        ({"password_policy": {"history_depth": 0}}, "password_policy.history_depth"),
        ({"idle_timeout": 0}, "idle_timeout"),
        ({"ip_access_control": {"rules": [{"ip_mask": "10.0.0.300", "policy": "drop"}]}},
         "ip_access_control.rules[0].ip_mask"),
        ({"ip_access_control": {"rules": [{"ip_mask": "2001:db8::/32", "policy": "drop"}]}},
         "ip_access_control.rules[0].ip_mask"),
        ({"ipv6_access_control": {"rules_outbound": [{"ip_mask": "10.0.0.0/8", "policy": "drop"}]}},
         "ipv6_access_control.rules_outbound[0].ip_mask"),
    ],
)  # fmt: skip
def test_check_request_refuses(request_, option):
    with pytest.raises(XerusInputError) as caught:
        security.check_request(request_)
    assert caught.value.option == option


@pytest.mark.parametrize(
    "firewall, address, verdict",
    [
        ({"enabled": False, "defaultPolicyIn": 1, "ruleSetIn": []}, "10.0.0.1", "accept"),
        ({"enabled": True, "defaultPolicyIn": 1, "ruleSetIn": []}, "10.0.0.1", "drop"),
        ({"enabled": True, "defaultPolicyIn": 1, "ruleSetIn": [{"ipMask": "10.0.0.0/8", "policy": 0}]}, "10.0.0.1",
         "accept"),
        ({"enabled": True, "defaultPolicyIn": 0,
          "ruleSetIn": [{"ipMask": "10.0.0.1", "policy": 2}, {"ipMask": "10.0.0.0/8", "policy": 0}]}, "10.0.0.1",
         "reject"),
        ({"enabled": True, "defaultPolicyIn": 0, "ruleSetIn": [{"ipMask": "bogus", "policy": 1}]}, "10.0.0.1",
         "accept"),
    ],
)  # fmt: skip
def test_controller_verdict_first_matching_rule_wins(firewall, address, verdict):
    assert security.controller_verdict(firewall, ipaddress.ip_address(address)) == verdict


def test_parse_address_unmaps_ipv4_and_refuses_garbage():
    assert str(security.parse_address("::ffff:192.0.2.1")) == "192.0.2.1"
    assert str(security.parse_address("fe80::1%eth0")) == "fe80::1"
    with pytest.raises(XerusInputError):
        security.parse_address("pdu.example.com")


def test_partial_change_second_run_unchanged_fields_not_given_kept(fresh):
    first = _apply(fresh, login_blocking={"max_failed_logins": 5}, password_policy={"min_length": 12})
    assert first.changed
    assert first.after["login_blocking"] == {
        "enabled": True, "max_failed_logins": 5, "block_time": 10, "failed_login_timeout": 10,
    }  # fmt: skip
    assert first.after["password_policy"]["max_length"] == first.before["password_policy"]["max_length"]
    assert set(first.after) == {"login_blocking", "password_policy"}
    second = _apply(fresh, login_blocking={"enabled": True}, password_policy={"min_length": 12})
    assert not second.changed
    off = _apply(fresh, login_blocking={"enabled": False})
    assert off.changed and off.after["login_blocking"]["max_failed_logins"] == 0


def test_enabling_blocking_from_off_needs_a_count(fresh):
    with pytest.raises(XerusInputError, match="give the number of failed logins"):
        _apply(fresh, login_blocking={"enabled": True})


def test_check_mode_writes_nothing(fresh):
    before = _read_all(fresh)
    result = _apply(fresh, check_mode=True, idle_timeout=77, service_agreement={"enabled": True, "banner": "Hi"})
    assert result.changed and result.after["idle_timeout"] == 77
    assert _read_all(fresh) == before


def test_min_length_above_the_device_maximum_is_refused_before_writing(fresh):
    before = _read_all(fresh)
    with pytest.raises(XerusInputError, match="greater than the maximum length"):
        _apply(fresh, password_policy={"min_length": 60}, idle_timeout=33)
    assert _read_all(fresh) == before


def test_device_refusal_names_the_option(fresh):
    with pytest.raises(security.SecurityError) as caught:
        _apply(fresh, idle_timeout=5000)
    assert caught.value.option == "idle_timeout" and not caught.value.changed


def test_rules_that_drop_the_controller_are_refused_before_writing(fresh):
    before = _read_all(fresh)
    locking = {"enabled": True, "default_policy": "drop", "rules": [{"ip_mask": "192.0.2.0/24", "policy": "accept"}]}
    with pytest.raises(security.LockoutError, match=r"would drop connections from this controller \(127\.0\.0\.1\)"):
        _apply(fresh, ip_access_control=dict(locking))
    with pytest.raises(security.LockoutError):
        _apply(fresh, check_mode=True, ip_access_control=dict(locking))
    assert _read_all(fresh) == before
    allowed = dict(locking, rules=[{"ip_mask": "127.0.0.0/8", "policy": "accept"}, *locking["rules"]])
    result = _apply(fresh, ip_access_control=allowed)
    assert result.changed and result.controller_address == "127.0.0.1"
    assert result.after["ip_access_control"]["rules"][0] == {"ip_mask": "127.0.0.0/8", "policy": "accept"}


@pytest.fixture
def own_sim(tmp_path):
    """A simulator of its own, for tests that lock the controller out of it."""
    simulator = start_simulator(tmp_path)
    yield simulator
    simulator.stop()


def test_the_simulator_refuses_a_dropped_controller_when_allowed(own_sim):
    locking = {"enabled": True, "default_policy": "reject", "rules": []}
    result = _apply(own_sim, ip_access_control=locking, allow=True)
    assert result.changed and result.controller_address is None
    with pytest.raises(XerusConnectionError):
        with own_sim.client(retries=0) as client:
            client.call(rids.SECURITY, "getIdleTimeoutSettings")


def test_login_blocking_blocks_after_n_failed_logins(own_sim):
    _apply(own_sim, login_blocking={"max_failed_logins": 2, "block_time": 1})
    for _attempt in range(2):
        with own_sim.client(password="wrong", retries=0) as client, pytest.raises(XerusAuthError):
            client.call(rids.SECURITY, "getIdleTimeoutSettings")
    with own_sim.client(retries=0) as client, pytest.raises(XerusAuthError):
        client.call(rids.SECURITY, "getIdleTimeoutSettings")


def test_a_good_login_clears_the_count_of_failed_ones(own_sim):
    _apply(own_sim, login_blocking={"max_failed_logins": 2, "block_time": 1})
    for _round in range(3):
        with own_sim.client(password="wrong", retries=0) as client, pytest.raises(XerusAuthError):
            client.call(rids.SECURITY, "getIdleTimeoutSettings")
        with own_sim.client(retries=0) as client:
            client.call(rids.SECURITY, "getIdleTimeoutSettings")


def test_role_access_rules_name_roles_as_the_device_does(fresh):
    rules = [{"start_ip": "10.0.0.1", "end_ip": "10.0.0.9", "role": "Operator", "policy": "deny"}]
    result = _apply(fresh, role_access_control={"enabled": True, "default_policy": "allow", "rules": rules})
    assert result.changed
    assert result.after["role_access_control"]["rules"] == rules
    with fresh.client() as client:
        stored = client.call_ret(rids.SECURITY, "getRoleAccessControlSettings")
        roles = client.call_ret(rids.ROLE_MANAGER, "getAllRoles")
    operator = next(role["id"] for role in roles if role["name"] == "Operator")
    assert [(rule["startIp"], rule["roleId"], rule["policy"]) for rule in stored["rules"]] == [
        ("10.0.0.1", operator, 1)
    ]
    again = [dict(rule) for rule in rules]
    assert not _apply(fresh, role_access_control={"rules": again}).changed
    unknown = [dict(rules[0], role="Nobody")]
    with pytest.raises(XerusInputError, match=r"no role 'Nobody' on this device \(its roles: Admin, Operator\)"):
        _apply(fresh, role_access_control={"rules": unknown})
    _apply(fresh, role_access_control={"enabled": False, "rules": []})
