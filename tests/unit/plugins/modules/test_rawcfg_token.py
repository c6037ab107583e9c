# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_rawcfg with a session token: an update reboots the device, which ends every session (protocol 1.6),
so a token-only task refuses to upload; check mode, an unchanged run and an export work with the token."""

from __future__ import annotations

import json

import pytest

from ansible_collections.xerus.pdu.plugins.modules import xerus_rawcfg

from conftest import module_args

UPDATE_CGI = "/cgi-bin/raw_config_update.cgi"


def run(args, monkeypatch, capsys):
    with module_args(args), pytest.raises(SystemExit):
        xerus_rawcfg.main()
    return json.loads(capsys.readouterr().out)


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


def test_an_update_with_a_token_is_refused_before_anything_is_sent(sim, token_args, monkeypatch, capsys):
    mark = sim.mark()
    result = run(dict(token_args, settings={"snmp.sys_location": "token-row"}), monkeypatch, capsys)
    assert result["failed"] and not result["changed"]
    assert result["msg"].startswith(f"{sim.host}:{sim.port}: token: ")
    assert "snmp.sys_location" in result["msg"] and "Nothing was uploaded" in result["msg"]
    assert sim.requests_since(mark, path=UPDATE_CGI) == []


def test_check_mode_and_unchanged_runs_work_with_a_token(sim, token_args, monkeypatch, capsys):
    result = run(
        dict(token_args, settings={"snmp.sys_location": "token-row"}, _ansible_check_mode=True), monkeypatch, capsys
    )
    assert not result.get("failed") and result["changed"]
    result = run(dict(token_args, settings={"snmp.v2c.write_community": "private"}), monkeypatch, capsys)
    assert not result.get("failed") and not result["changed"]
