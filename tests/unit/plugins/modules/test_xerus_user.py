# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_user's glue: options to the request, the login account, and secrets kept out of every exit."""

from __future__ import annotations

import json

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils.users import UserRequest
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import connection_argument_spec
from ansible_collections.xerus.pdu.plugins.modules import xerus_user

from conftest import assert_hidden, run_module

pytestmark = pytest.mark.usefixtures("no_xerus_env")

USER_SECRET = "User-Secret-4e1d77"
PHRASE_SECRET = "Phrase-Secret-9a02c4"
PARAMS = {
    "name": "ops",
    "state": "present",
    "password": USER_SECRET,
    "update_password": "on_create",
    "enabled": False,
    "full_name": "Ops",
    "email": None,
    "roles": ["Operator"],
    "force_password_change": True,
    "ssh_public_key": None,
    "snmp_v3": None,
}


def test_desired_takes_every_option():
    assert xerus_user.desired(PARAMS) == UserRequest(
        name="ops",
        password=USER_SECRET,
        update_password="on_create",
        enabled=False,
        full_name="Ops",
        roles=("Operator",),
        force_password_change=True,
    )


def test_login_name_is_the_username_unless_a_token_logs_in():
    assert xerus_user.login_name({"username": "admin", "token": None}) == "admin"
    assert xerus_user.login_name({"username": "admin", "token": "t"}) is None


def test_secrets_stay_out_of_results_with_diff(sim, capsys):
    connection = {
        "host": sim.host,
        "port": sim.port,
        "username": "admin",
        "login_password": sim.password,
        "ca_path": sim.cert,
        "_ansible_diff": True,
    }
    snmp = {
        "enabled": True,
        "security_level": "auth_priv",
        "use_password_as_auth_passphrase": False,
        "auth_passphrase": PHRASE_SECRET,
        "use_auth_passphrase_as_priv_passphrase": True,
    }
    created = dict(connection, name="glue-user", password=USER_SECRET, snmp_v3=snmp)
    result = assert_hidden(run_module(xerus_user, created, capsys), USER_SECRET, PHRASE_SECRET)
    assert result["changed"] and result["diff"]["after"]["snmp_v3"]["has_auth_passphrase"]
    new_password = dict(connection, name="glue-user", password=USER_SECRET + "-2")
    changed = assert_hidden(run_module(xerus_user, new_password, capsys), USER_SECRET)
    assert changed["password_changed"] and changed["diff"]["after"]["password_changed"]
    assert "password_changed" not in changed["diff"]["before"]
    refused = run_module(xerus_user, dict(connection, name="glue-user", password="bad\tpass"), capsys)
    assert assert_hidden(refused, "bad\tpass", "bad\\tpass")["failed"]
    gone = json.loads(run_module(xerus_user, dict(connection, name="glue-user", state="absent"), capsys))
    assert gone["changed"] and "user" not in gone


def test_the_login_password_as_an_account_password_is_refused_before_anything_is_sent(capsys):
    args = {"host": "192.0.2.7", "username": "admin", "login_password": USER_SECRET}
    refused = assert_hidden(run_module(xerus_user, dict(args, name="ops", password=USER_SECRET), capsys), USER_SECRET)
    assert refused["failed"] and refused["option"] == "password" and "login_password" in refused["msg"]
    assert "192.0.2.7" in refused["msg"] and "nothing was sent" in refused["msg"]


def test_the_login_account_may_keep_its_own_password():
    params = {"name": "admin", "username": "admin", "token": None, "password": "pw", "login_password": "pw"}
    xerus_user.check_not_login_password(params, "192.0.2.7:443")


def test_password_is_the_account_password_and_login_password_the_login():
    login = connection_argument_spec(("password",))
    assert "password" not in login and login["login_password"]["no_log"]
    assert login["login_password"]["fallback"][1] == ["XERUS_PASSWORD"] and "aliases" not in login["login_password"]
    assert login["port"]["aliases"] == ["login_port"] and login["username"]["aliases"] == ["login_username"]
    assert connection_argument_spec()["password"]["aliases"] == ["login_password"]
    account = xerus_user.argument_spec()["password"]
    assert account["no_log"] and "aliases" not in account and "fallback" not in account
