# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_user's glue: options to the request, the login account, and secrets kept out of every exit."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.xerus.pdu.plugins.module_utils.users import UserRequest
from ansible_collections.xerus.pdu.plugins.modules import xerus_user

USER_SECRET = "User-Secret-4e1d77"
PHRASE_SECRET = "Phrase-Secret-9a02c4"
PARAMS = {
    "name": "ops",
    "state": "present",
    "user_password": USER_SECRET,
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


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ("XERUS_HOST", "XERUS_PORT", "XERUS_USERNAME", "XERUS_PASSWORD", "XERUS_TOKEN", "XERUS_CA_PATH"):
        monkeypatch.delenv(name, raising=False)


def _run(args, monkeypatch, capsys):
    monkeypatch.setattr(basic, "_ANSIBLE_ARGS", to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args})))
    monkeypatch.setattr(basic, "_ANSIBLE_PROFILE", "legacy")
    with pytest.raises(SystemExit):
        xerus_user.main()
    return capsys.readouterr().out


def test_secrets_stay_out_of_results_with_diff(sim, monkeypatch, capsys):
    connection = {
        "host": sim.host,
        "port": sim.port,
        "username": "admin",
        "password": sim.password,
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
    out = _run(dict(connection, name="glue-user", user_password=USER_SECRET, snmp_v3=snmp), monkeypatch, capsys)
    result = json.loads(out)
    assert result["changed"] and result["diff"]["after"]["snmp_v3"]["has_auth_passphrase"]
    assert USER_SECRET not in out and PHRASE_SECRET not in out
    changed = json.loads(
        _run(dict(connection, name="glue-user", user_password=USER_SECRET + "-2"), monkeypatch, capsys)
    )
    assert changed["password_changed"] and changed["diff"]["after"]["password_changed"]
    assert "password_changed" not in changed["diff"]["before"]
    refused = _run(dict(connection, name="glue-user", user_password="bad\tpass"), monkeypatch, capsys)
    assert json.loads(refused)["failed"] and "bad\tpass" not in refused and "bad\\tpass" not in refused
    gone = json.loads(_run(dict(connection, name="glue-user", state="absent"), monkeypatch, capsys))
    assert gone["changed"] and "user" not in gone
