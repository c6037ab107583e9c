# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""XerusModule: shared connection options, env fallbacks, credentials check, error mapping."""

from __future__ import annotations

import json

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import (
    CONNECTION_ARGUMENT_SPEC,
    XerusModule,
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


def run_module(monkeypatch, capsys, args, body):
    """Run a XerusModule with `args`; return its JSON result (exit_json or fail_json)."""
    with module_args(args), pytest.raises(SystemExit):
        module = XerusModule(argument_spec=dict(extra=dict(type="str")), supports_check_mode=True)
        body(module)
    return json.loads(capsys.readouterr().out)


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
