# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""users.py against the simulator: create, idempotence, changes, passwords, guards, request counts."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import rids, users
from ansible_collections.xerus.pdu.plugins.module_utils.client import XerusClient
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusAuthError, XerusInputError
from ansible_collections.xerus.pdu.plugins.module_utils.users import UserError, UserRequest

PASSWORD = "Unit-Pass-1"


def _apply(sim, check_mode=False, login="admin", **wanted):
    with sim.client() as client:
        mark = sim.mark()
        result = users.apply(client, UserRequest(**wanted), login_name=login, check_mode=check_mode)
        return result, len(sim.requests_since(mark))


def _accounts(sim):
    with sim.client() as client:
        return {entry["name"]: entry["info"] for entry in client.call_ret(rids.USER_MANAGER, "getAllAccounts")}


def _can_log_in(sim, name, password):
    with XerusClient(sim.host, sim.port, username=name, password=password, ca_path=sim.cert, timeout=10) as client:
        try:
            client.call_ret(rids.USER_MANAGER, "getAccountNames", safe=True)
        except XerusAuthError:
            return False
    return True


@pytest.fixture
def fresh(sim):
    """Names used by a test are deleted before and after it."""
    names = ["unit-a", "unit-b"]
    for name in names:
        _apply(sim, name=name, state="absent")
    yield names
    for name in names:
        _apply(sim, name=name, state="absent")


def test_create_then_unchanged_in_one_read_and_one_write(sim, fresh):
    result, requests = _apply(sim, name="unit-a", password=PASSWORD, full_name="Unit A", roles=("Operator",))
    assert result.changed and result.password_changed and result.before is None
    assert result.after["roles"] == ["Operator"] and result.after["full_name"] == "Unit A"
    assert requests == 2
    info = _accounts(sim)["unit-a"]
    assert info["auxInfo"]["fullname"] == "Unit A" and info["roleIds"] == [2] and info["enabled"]
    again, requests = _apply(sim, name="unit-a", password=PASSWORD, full_name="Unit A", roles=("Operator",))
    assert not again.changed and not again.password_changed
    assert requests == 2  # the read, and setAccountPassword answering "unchanged"
    assert again.before == again.after


def test_on_create_never_sends_the_password_again(sim, fresh):
    _apply(sim, name="unit-a", password=PASSWORD)
    result, requests = _apply(sim, name="unit-a", password="Other-Pass-2", update_password="on_create")
    assert not result.changed and requests == 1
    assert _can_log_in(sim, "unit-a", PASSWORD)


def test_always_changes_a_different_password_and_the_user_logs_in_with_it(sim, fresh):
    _apply(sim, name="unit-a", password=PASSWORD)
    assert _can_log_in(sim, "unit-a", PASSWORD)
    result, _requests = _apply(sim, name="unit-a", password="Other-Pass-2")
    assert result.changed and result.password_changed
    assert not _can_log_in(sim, "unit-a", PASSWORD)
    assert _can_log_in(sim, "unit-a", "Other-Pass-2")


def test_check_mode_writes_nothing_and_warns_about_the_password(sim, fresh):
    _apply(sim, name="unit-a", password=PASSWORD)
    before = _accounts(sim)
    result, requests = _apply(sim, check_mode=True, name="unit-a", password="Other-Pass-2", email="a@example.com")
    assert result.changed and not result.password_changed and requests == 1
    assert result.after["email"] == "a@example.com" and "check mode" in result.warnings[0]
    assert _accounts(sim) == before
    created, requests = _apply(sim, check_mode=True, name="unit-b", password=PASSWORD)
    assert created.changed and requests == 1 and "unit-b" not in _accounts(sim)


def test_changes_keep_fields_the_task_does_not_set(sim, fresh):
    _apply(sim, name="unit-a", password=PASSWORD, full_name="Unit A", email="a@example.com")
    result, _requests = _apply(sim, name="unit-a", enabled=False, force_password_change=True, roles=())
    assert result.changed
    info = _accounts(sim)["unit-a"]
    assert info["auxInfo"]["fullname"] == "Unit A" and info["auxInfo"]["eMail"] == "a@example.com"
    assert not info["enabled"] and info["needPasswordChange"] and info["roleIds"] == []
    assert not _can_log_in(sim, "unit-a", PASSWORD)


def test_snmp_settings_and_passphrases_are_never_returned(sim, fresh):
    snmp = {
        "enabled": True,
        "security_level": "auth_priv",
        "auth_protocol": "sha256",
        "use_password_as_auth_passphrase": False,
        "auth_passphrase": "auth-phrase-1",
        "priv_protocol": "aes128",
        "use_auth_passphrase_as_priv_passphrase": False,
        "priv_passphrase": "priv-phrase-1",
    }
    result, _requests = _apply(sim, name="unit-a", password=PASSWORD, snmp_v3=snmp, update_password="on_create")
    assert result.after["snmp_v3"]["has_auth_passphrase"] and "auth-phrase-1" not in repr(result)
    again, _requests = _apply(sim, name="unit-a", password=PASSWORD, snmp_v3=snmp, update_password="on_create")
    assert not again.changed  # present passphrases are not written again with on_create
    info = _accounts(sim)["unit-a"]["snmpV3Settings"]
    assert info["haveAuthPassphrase"] and info["havePrivPassphrase"] and info["authPassphrase"] == ""
    assert (info["secLevel"], info["authProtocol"], info["privProtocol"]) == (2, 3, 1)
    always, _requests = _apply(sim, name="unit-a", password=PASSWORD, snmp_v3=snmp)
    assert always.changed and "auth-phrase-1" not in repr(always)


def test_delete_then_absent_is_unchanged_and_the_user_cannot_log_in(sim, fresh):
    _apply(sim, name="unit-a", password=PASSWORD)
    result, _requests = _apply(sim, name="unit-a", state="absent")
    assert result.changed and result.after is None and result.before["name"] == "unit-a"
    assert not _can_log_in(sim, "unit-a", PASSWORD)
    again, requests = _apply(sim, name="unit-a", state="absent")
    assert not again.changed and requests == 1


@pytest.mark.parametrize("wanted", [{"state": "absent"}, {"enabled": False}])
def test_the_login_account_is_never_deleted_or_disabled(sim, fresh, wanted):
    _apply(sim, name="unit-a", password=PASSWORD)
    with XerusClient(sim.host, sim.port, username="unit-a", password=PASSWORD, ca_path=sim.cert) as client:
        with pytest.raises(UserError, match="logs in with this account"):
            users.apply(client, UserRequest(name="unit-a", **wanted), login_name="unit-a")
    assert _accounts(sim)["unit-a"]["enabled"]


def test_with_a_token_the_session_user_is_guarded(sim):
    token = sim.session_token()
    with XerusClient(sim.host, sim.port, token=token, ca_path=sim.cert) as client:
        with pytest.raises(UserError, match="refusing to delete user 'admin'"):
            users.apply(client, UserRequest(name="admin", state="absent"), login_name=None)
    assert "admin" in _accounts(sim)


def test_unknown_role_names_the_device_roles(sim, fresh):
    with pytest.raises(UserError, match="no role named 'nope'.*Admin, Operator"):
        _apply(sim, name="unit-a", password=PASSWORD, roles=("Operator", "nope"))
    assert "unit-a" not in _accounts(sim)


def test_a_new_account_needs_a_password(sim, fresh):
    with pytest.raises(UserError, match="needs a password") as caught:
        _apply(sim, name="unit-a")
    assert caught.value.option == "password"


@pytest.mark.parametrize(
    "wanted, option, message",
    [
        ({"password": "x\ny"}, "password", "control characters"),
        ({"password": PASSWORD, "ssh_public_key": "ssh-rsa AAAA"}, "ssh_public_key", "not valid"),
        ({"password": PASSWORD, "name": "bad name"}, "name", "user name"),
    ],
)
def test_device_refusals_name_the_option_and_change_nothing(sim, fresh, wanted, option, message):
    request = {"name": "unit-a", **wanted}
    with pytest.raises(UserError, match=message) as caught:
        _apply(sim, **request)
    assert caught.value.option == option and not caught.value.changed
    assert request["name"] not in _accounts(sim)


def test_a_refused_password_change_leaves_the_account(sim, fresh):
    _apply(sim, name="unit-a", password=PASSWORD)
    with pytest.raises(UserError, match="password not set"):
        _apply(sim, name="unit-a", password="tab\tpass")
    assert _can_log_in(sim, "unit-a", PASSWORD)


@pytest.mark.parametrize(
    "wanted, option",
    [
        ({"name": ""}, "name"),
        ({"name": "a/b"}, "name"),
        ({"name": " a"}, "name"),
        ({"name": "a", "password": ""}, "password"),
        ({"name": "a", "email": "a\u2028b"}, "email"),
        ({"name": "a", "roles": ("",)}, "roles"),
        ({"name": "a", "update_password": "sometimes"}, "update_password"),
        ({"name": "a", "snmp_v3": {"auth_passphrase": "short"}}, "snmp_v3.auth_passphrase"),
        ({"name": "a", "snmp_v3": {"auth_protocol": "sha3"}}, "snmp_v3.auth_protocol"),
    ],
)
def test_local_checks(wanted, option):
    with pytest.raises(XerusInputError) as caught:
        users.validate(UserRequest(**wanted))
    assert caught.value.option == option


def test_users_subset_facts_hold_no_secrets(sim, fresh):
    _apply(sim, name="unit-a", password=PASSWORD, roles=("Operator",))
    with sim.client() as client:
        calls = users.first_calls()
        answers = dict(zip(calls, client.read_all(list(calls.values()))))
    facts = {entry["name"]: entry for entry in users.facts(answers)}
    assert facts["admin"]["roles"] == ["Admin"] and facts["admin"]["locked"]
    assert facts["unit-a"]["roles"] == ["Operator"]
    assert PASSWORD not in repr(facts)
    assert users.facts({"accounts": None, "roles": None}) is None
