# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""XerusModule: shared connection options, env fallbacks, credentials check, error mapping."""

from __future__ import annotations

import json

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import (
    CONNECTION_ARGUMENT_SPEC,
    LOGIN_OPTIONS,
    XerusModule,
    connection_argument_spec,
    refuse_login_values,
)

from conftest import module_args

ENV = (
    "XERUS_HOST",
    "XERUS_PORT",
    "XERUS_USERNAME",
    "XERUS_PASSWORD",
    "XERUS_TOKEN",
    "XERUS_VALIDATE_CERTS",
    "XERUS_CA_PATH",
    "XERUS_TIMEOUT",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def run_module(monkeypatch, capsys, args, body, argument_spec=None, **options):
    """Run a XerusModule with `args`; return its JSON result (exit_json or fail_json)."""
    with module_args(args), pytest.raises(SystemExit):
        module = XerusModule(
            argument_spec=argument_spec or dict(extra=dict(type="str")), supports_check_mode=True, **options
        )
        body(module)
    return json.loads(capsys.readouterr().out)


# A module whose own settings are called port, username and password (as xerus_smtp's mail server's are).
OWN_SETTINGS = dict(port=dict(type="int"), username=dict(type="str"), password=dict(type="str", no_log=True))


def read_version_and_own_settings(module):
    with module.errors_to_fail_json(), module.client() as client:
        own = {name: module.params[name] for name in OWN_SETTINGS}
        module.exit_json(changed=False, version=client.call_ret(rids.FIRMWARE, "getVersion"), own=own)


def read_version(module):
    with module.errors_to_fail_json(), module.client() as client:
        module.exit_json(
            changed=False, version=client.call_ret(rids.FIRMWARE, "getVersion"), extra=module.params["extra"]
        )


def test_options_and_environment(sim, monkeypatch, capsys):
    monkeypatch.setenv("XERUS_HOST", sim.host)
    monkeypatch.setenv("XERUS_PORT", str(sim.port))
    monkeypatch.setenv("XERUS_USERNAME", sim.user)
    monkeypatch.setenv("XERUS_PASSWORD", sim.password)
    monkeypatch.setenv("XERUS_CA_PATH", sim.cert)
    result = run_module(monkeypatch, capsys, {"extra": "kept"}, read_version)
    assert result["version"] == sim.device["firmware_version"] and result["extra"] == "kept"
    assert sim.password not in json.dumps(result)


def test_defaults():
    assert CONNECTION_ARGUMENT_SPEC["port"]["default"] == 443
    assert CONNECTION_ARGUMENT_SPEC["validate_certs"]["default"] is True
    assert CONNECTION_ARGUMENT_SPEC["timeout"]["default"] == 30
    assert CONNECTION_ARGUMENT_SPEC["password"]["no_log"] and CONNECTION_ARGUMENT_SPEC["token"]["no_log"]


def test_credentials_are_required(monkeypatch, capsys):
    result = run_module(monkeypatch, capsys, {"host": "192.0.2.7", "username": "admin"}, read_version)
    assert result["failed"] and "username and password" in result["msg"] and "token" in result["msg"]
    assert result["msg"].startswith("192.0.2.7:443: ")


def test_tls_error_is_a_clean_failure(sim, monkeypatch, capsys):
    args = {"host": sim.host, "port": sim.port, "username": sim.user, "password": sim.password}
    result = run_module(monkeypatch, capsys, args, read_version)
    assert result["failed"] and result["error"] == "XerusTLSError"
    assert result["msg"].startswith(f"{sim.host}:{sim.port}: TLS certificate verification failed")
    assert "exception" not in result
    assert sim.password not in json.dumps(result)


def test_validate_certs_false_and_rpc_error(sim, monkeypatch, capsys):
    sim.inject("rpc_error", count=1, method="getVersion", code=-32000, message="nope")
    args = {"host": sim.host, "port": sim.port, "username": sim.user, "password": sim.password, "validate_certs": False}
    result = run_module(monkeypatch, capsys, args, read_version)
    assert result["error"] == "XerusRpcError" and result["rpc_code"] == -32000
    assert result["msg"] == f"{sim.host}:{sim.port}: getVersion on /firmware failed: JSON-RPC error -32000: nope"


def test_token_option(sim, monkeypatch, capsys):
    token = sim.session_token()
    args = {"host": sim.host, "port": sim.port, "token": token, "ca_path": sim.cert}
    result = run_module(monkeypatch, capsys, args, read_version)
    assert result["version"] and token not in json.dumps(result)


def test_every_module_takes_the_login_names_as_aliases(sim, monkeypatch, capsys):
    result = run_module(monkeypatch, capsys, sim.login_connection_options(), read_version)
    assert result["version"] == sim.device["firmware_version"] and sim.password not in json.dumps(result)
    spec = connection_argument_spec()
    assert [spec[name]["aliases"] for name in LOGIN_OPTIONS] == [["login_port"], ["login_username"], ["login_password"]]


def test_login_options_leave_the_plain_names_to_the_module(sim, monkeypatch, capsys):
    args = dict(sim.login_connection_options(), port=25, username="mailer", password="Own-Secret-7c1")
    result = run_module(
        monkeypatch, capsys, args, read_version_and_own_settings, OWN_SETTINGS, login_options=LOGIN_OPTIONS
    )
    assert result["version"] == sim.device["firmware_version"]
    assert result["own"]["port"] == 25 and result["own"]["username"] == "mailer"
    assert "Own-Secret-7c1" not in json.dumps(result) and sim.password not in json.dumps(result)


def test_login_options_keep_defaults_and_environment(sim, monkeypatch, capsys):
    monkeypatch.setenv("XERUS_PORT", str(sim.port))
    monkeypatch.setenv("XERUS_USERNAME", sim.user)
    monkeypatch.setenv("XERUS_PASSWORD", sim.password)
    args = {"host": sim.host, "ca_path": sim.cert}
    result = run_module(
        monkeypatch, capsys, args, read_version_and_own_settings, OWN_SETTINGS, login_options=LOGIN_OPTIONS
    )
    assert result["version"] and result["own"] == {"port": None, "username": None, "password": None}
    spec = connection_argument_spec(LOGIN_OPTIONS)
    assert not set(LOGIN_OPTIONS) & set(spec) and spec["login_port"]["default"] == 443
    assert spec["login_password"]["no_log"] and spec["login_password"]["fallback"][1] == ["XERUS_PASSWORD"]
    assert not any("aliases" in spec[f"login_{name}"] for name in LOGIN_OPTIONS)


def test_login_options_name_the_login_options_in_failures(monkeypatch, capsys):
    args = {"host": "192.0.2.7", "login_username": "admin", "username": "mailer", "password": "x"}
    missing = run_module(monkeypatch, capsys, args, read_version, OWN_SETTINGS, login_options=LOGIN_OPTIONS)
    assert missing["failed"] and "login_username and login_password" in missing["msg"]
    assert missing["msg"].startswith("192.0.2.7:443: ")
    bad_port = dict(args, login_password="pw", login_port=70000)
    refused = run_module(monkeypatch, capsys, bad_port, read_version, OWN_SETTINGS, login_options=LOGIN_OPTIONS)
    assert refused["failed"] and refused["option"] == "login_port" and "option login_port" in refused["msg"]


def test_unknown_login_options_are_a_programming_error():
    with pytest.raises(ValueError, match="timeout"):
        connection_argument_spec(("timeout",))


LOGIN = dict(login_port=443, login_username="admin", login_password="pw")


def test_own_settings_that_all_equal_the_login_are_refused_naming_the_first():
    params = dict(LOGIN, port=25, username="admin", password="pw")
    with pytest.raises(XerusInputError) as refused:
        refuse_login_values(params, ("username", "password"), "the login's", "192.0.2.7:443")
    assert (refused.value.message, refused.value.option, refused.value.device) == (
        "the login's",
        "username",
        "192.0.2.7:443",
    )
    with pytest.raises(XerusInputError):
        refuse_login_values(dict(params, port=443), ("port",), "the login's", "192.0.2.7:443")


@pytest.mark.parametrize(
    "own",
    [
        dict(username="admin", password="other"),  # only part of the login
        dict(username="admin", password=None),  # not given
        dict(username=None, password=None),
    ],
)
def test_own_settings_not_all_equal_to_the_login_pass(own):
    refuse_login_values(dict(LOGIN, **own), ("username", "password"), "the login's", "192.0.2.7:443")


@pytest.mark.parametrize("password", ["pw", None])
def test_own_settings_pass_when_the_login_has_no_such_value(password):
    token_login = dict(login_port=443, login_username=None, login_password=None)
    refuse_login_values(dict(token_login, password=password), ("password",), "the login's", "192.0.2.7:443")


def test_refusing_an_option_that_is_no_login_option_is_a_programming_error():
    with pytest.raises(ValueError, match="timeout"):
        refuse_login_values(dict(timeout=30, login_timeout=30), ("timeout",), "the login's", "192.0.2.7:443")
