# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_rawcfg's glue: file errors name the option they come from; secret values are hidden from logs and
results on every exit; a session token alone never starts an update (its reboot ends every session)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils.config_files import ConfigFileError
from ansible_collections.xerus.pdu.plugins.modules import xerus_rawcfg

from conftest import assert_hidden, run_module

pytestmark = pytest.mark.usefixtures("no_xerus_env")


def test_a_file_error_names_its_option_once():
    bare = xerus_rawcfg._with_option(ConfigFileError("line 3 is not key=value"), "src")
    assert (bare.message, bare.option) == ("src: line 3 is not key=value", "src")
    named = xerus_rawcfg._with_option(ConfigFileError("match must be <field>:<column>", option="match"), "match")
    assert named.message == "match must be <field>:<column>" and named.option == "match"


def test_secret_and_line_breaking_values_are_hidden():
    module = SimpleNamespace(no_log_values=set())
    xerus_rawcfg.hide_values(
        module,
        {"snmp.v2c.read_community": "s3cret", "pdu.name": "rack-a", "snmp.sys_location": "row 7\nsecurity.password=x"},
    )
    assert "s3cret" in module.no_log_values and "rack-a" not in module.no_log_values
    assert "row 7\nsecurity.password=x" in module.no_log_values and "x" in module.no_log_values


UPDATE_CGI = "/cgi-bin/raw_config_update.cgi"


def run(args, capsys):
    return json.loads(run_module(xerus_rawcfg, args, capsys))


@pytest.fixture
def token_args(sim):
    # a wrong password as well: the task can only get anywhere with the token
    return {
        "host": sim.host,
        "port": sim.port,
        "username": sim.user,
        "password": "Not-The-Password",
        "token": sim.session_token(),
        "ca_path": sim.cert,
        "update_timeout": 10,
    }


def test_an_update_with_a_token_is_refused_before_anything_is_sent(sim, token_args, capsys):
    mark = sim.mark()
    result = run(dict(token_args, settings={"snmp.sys_location": "token-row"}), capsys)
    assert result["failed"] and not result["changed"]
    assert result["msg"].startswith(f"{sim.host}:{sim.port}: token: ")
    assert "snmp.sys_location" in result["msg"] and "Nothing was uploaded" in result["msg"]
    assert sim.requests_since(mark, path=UPDATE_CGI) == []


def test_check_mode_and_unchanged_runs_work_with_a_token(sim, token_args, capsys):
    result = run(dict(token_args, settings={"snmp.sys_location": "token-row"}, _ansible_check_mode=True), capsys)
    assert not result.get("failed") and result["changed"]
    result = run(dict(token_args, settings={"snmp.v2c.write_community": "private"}), capsys)
    assert not result.get("failed") and not result["changed"]


SECRET = "Secret-Community-7f3a9c"
SMUGGLED = "Smuggled-Secret-51be02"
CONNECTION = {"host": "192.0.2.7", "port": 443, "username": "admin", "password": "not-used"}


RAW_FAILURES = {
    # AnsibleModule's own checks, before the module runs
    "mutually exclusive": dict(CONNECTION, settings={"snmp.v2c.read_community": SECRET}, src="/nonexistent"),
    "unknown option": dict(CONNECTION, settings={"snmp.v2c.read_community": SECRET}, colour="red"),
    "not a dict": dict(CONNECTION, settings=["snmp.v2c.read_community=" + SECRET]),
    # XerusModule's connection checks, before the settings are looked at
    "malformed host": dict(CONNECTION, host="https://192.0.2.7/", settings={"snmp.v2c.read_community": SECRET}),
    "port out of range": dict(CONNECTION, port=0, settings={"snmp.v2c.read_community": SECRET}),
    "no credentials": dict(host="192.0.2.7", settings={"snmp.v2c.read_community": SECRET}),
    "bad update_timeout": dict(CONNECTION, update_timeout=0, settings={"snmp.v2c.read_community": SECRET}),
    # the settings check itself: a value or a key that breaks its line, a secret in a vector
    "line break in a value": dict(
        CONNECTION, settings={"snmp.v2c.read_community": SECRET + "\u2028snmp.sys_contact=" + SMUGGLED}
    ),
    "line break in a key": dict(
        CONNECTION, settings={"snmp.sys_location\nsnmp.v2c.read_community=" + SMUGGLED: "row 7"}
    ),
    "dict value": dict(CONNECTION, settings={"snmp.v2c.write_community": {"nested": SECRET}}),
    "secret and a bad match": dict(CONNECTION, settings={"snmp.v2c.read_community": SECRET}, match="colour:9"),
}


@pytest.mark.parametrize("case", sorted(RAW_FAILURES))
def test_rawcfg_failures_hide_secret_settings(case, capsys):
    result = assert_hidden(run_module(xerus_rawcfg, RAW_FAILURES[case], capsys), SECRET, SMUGGLED)
    assert result["failed"] and result["msg"]


def test_rawcfg_line_break_refusal_names_the_key(capsys):
    result = assert_hidden(run_module(xerus_rawcfg, RAW_FAILURES["line break in a value"], capsys), SECRET)
    assert "snmp.v2c.read_community" in result["msg"] and "U+2028" in result["msg"]
    assert "nothing" in result["msg"] or "192.0.2.7" in result["msg"]


def test_rawcfg_success_hides_secret_settings(sim, capsys):
    args = {
        "host": sim.host,
        "port": sim.port,
        "username": sim.user,
        "password": sim.password,
        "ca_path": sim.cert,
        "settings": {"snmp.v2c.read_community": SECRET, "snmp.sys_location": "row 7"},
        "_ansible_check_mode": True,
    }
    result = assert_hidden(run_module(xerus_rawcfg, args, capsys), SECRET)
    assert not result.get("failed") and result["changed"]
    assert result["invocation"]["module_args"]["settings"]["snmp.sys_location"] == "row 7"
