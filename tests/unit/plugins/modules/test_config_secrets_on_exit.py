# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_rawcfg and xerus_bulkcfg keep secret values of settings / content out of their results on every
exit: refused arguments (AnsibleModule prints them unchecked in ``invocation``), a malformed connection
option, a refused line break, and success."""

from __future__ import annotations

import json

import pytest

from ansible_collections.xerus.pdu.plugins.modules import xerus_bulkcfg, xerus_rawcfg

from conftest import module_args

SECRET = "Secret-Community-7f3a9c"
SMUGGLED = "Smuggled-Secret-51be02"
CONNECTION = {"host": "192.0.2.7", "port": 443, "username": "admin", "password": "not-used"}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ("XERUS_HOST", "XERUS_PORT", "XERUS_USERNAME", "XERUS_PASSWORD", "XERUS_TOKEN", "XERUS_CA_PATH"):
        monkeypatch.delenv(name, raising=False)


def run(module, args, monkeypatch, capsys):
    """The module's printed result (exit_json or fail_json) for ``args``."""
    with module_args(args), pytest.raises(SystemExit):
        module.main()
    return capsys.readouterr().out


def assert_hidden(out, *secrets):
    result = json.loads(out)
    assert "invocation" in result
    for secret in secrets:
        assert secret not in out
    return result


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
def test_rawcfg_failures_hide_secret_settings(case, monkeypatch, capsys):
    result = assert_hidden(run(xerus_rawcfg, RAW_FAILURES[case], monkeypatch, capsys), SECRET, SMUGGLED)
    assert result["failed"] and result["msg"]


def test_rawcfg_line_break_refusal_names_the_key(monkeypatch, capsys):
    result = assert_hidden(run(xerus_rawcfg, RAW_FAILURES["line break in a value"], monkeypatch, capsys), SECRET)
    assert "snmp.v2c.read_community" in result["msg"] and "U+2028" in result["msg"]
    assert "nothing" in result["msg"] or "192.0.2.7" in result["msg"]


def test_rawcfg_success_hides_secret_settings(sim, monkeypatch, capsys):
    args = {
        "host": sim.host,
        "port": sim.port,
        "username": sim.user,
        "password": sim.password,
        "ca_path": sim.cert,
        "settings": {"snmp.v2c.read_community": SECRET, "snmp.sys_location": "row 7"},
        "_ansible_check_mode": True,
    }
    result = assert_hidden(run(xerus_rawcfg, args, monkeypatch, capsys), SECRET)
    assert not result.get("failed") and result["changed"]
    assert result["invocation"]["module_args"]["settings"]["snmp.sys_location"] == "row 7"


BULK_CONTENT = f"#!header mode=bulk\nsnmp.v2c.read_community={SECRET}\nsnmp.sys_location=x\n"
BULK_FAILURES = {
    "mutually exclusive": dict(CONNECTION, content=BULK_CONTENT, src="/nonexistent"),
    "mode not a choice": dict(CONNECTION, content=BULK_CONTENT, mode="sideways"),
    "malformed host": dict(CONNECTION, host="192.0.2.7/cgi-bin", content=BULK_CONTENT),
    "timeout out of range": dict(CONNECTION, timeout=-1, content=BULK_CONTENT),
    "bad restore_timeout": dict(CONNECTION, restore_timeout=0, content=BULK_CONTENT),
    "line break in a value": dict(
        CONNECTION, content=f"#!header mode=bulk\nsnmp.v2c.read_community={SECRET}\x85x={SMUGGLED}\n"
    ),
}


@pytest.mark.parametrize("case", sorted(BULK_FAILURES))
def test_bulkcfg_failures_hide_secret_content(case, monkeypatch, capsys):
    result = assert_hidden(run(xerus_bulkcfg, BULK_FAILURES[case], monkeypatch, capsys), SECRET, SMUGGLED)
    assert result["failed"] and result["msg"]
