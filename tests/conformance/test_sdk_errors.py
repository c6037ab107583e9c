# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Refusals as the SDK sees them (XERUS-PROTOCOL.md 1.5, 1.6, 6.1)."""

import pytest
import raritan.rpc
from raritan.rpc import bulkrpc, cert, firmware, pdumodel, session
from simproc import make_agent

OUTLET = "/model/pdu/0/outlet/0"
PEM_METHODS = [
    ("getActiveCertChainPEM", ()),
    ("getActiveKeyPEM", ("",)),
    ("getPendingRequestPEM", ()),
    ("getPendingCertChainPEM", ()),
    ("getPendingKeyPEM", ("",)),
    ("setPendingCertChainPEM", ("x",)),
    ("setPendingKeyAndCertChainPEM", ("k", "c", "")),
]


def single(agent):
    assert len(agent.exchanges) == 1, [e.describe() for e in agent.exchanges]
    return agent.exchanges[0]


def assert_unauthorized(exchange):
    assert exchange.status == 401, exchange.describe()
    assert exchange.response_header("WWW-Authenticate").startswith("Basic realm=")
    assert exchange.response_header("Content-Type").startswith("text/plain")


@pytest.mark.parametrize("user,password", [("admin", "wrong-password"), ("nobody", "legrand"), (None, None)])
def test_bad_credentials_get_401(sim, user, password):
    agent = make_agent(sim.address, user, password)
    with pytest.raises(raritan.rpc.HttpException, match="HTTP Error 401"):
        firmware.Firmware("/firmware", agent).getVersion()
    assert_unauthorized(single(agent))


def test_closed_token_gets_401(sim):
    _ret, _session, token = session.SessionManager("/session", make_agent(sim.address)).newSession()
    agent = make_agent(sim.address, token=token)
    manager = session.SessionManager("/session", agent)
    manager.closeCurrentSession(session.SessionManager.CloseReason.CLOSE_REASON_LOGOUT)
    agent.exchanges.clear()
    with pytest.raises(raritan.rpc.HttpException, match="HTTP Error 401"):
        pdumodel.Pdu("/model/pdu/0", agent).getOutlets()
    assert_unauthorized(single(agent))


def test_unknown_rid_is_http_404_with_json_rpc_error(agent):
    with pytest.raises(raritan.rpc.HttpException, match="HTTP Error 404"):
        agent.json_rpc("/nosuch", "getSettings", {})
    body = single(agent).response_json()
    assert body["error"]["code"] == -32601


def test_unknown_method_is_32601(agent):
    with pytest.raises(raritan.rpc.JsonRpcErrorException, match="code = -32601"):
        agent.json_rpc(OUTLET, "switchOn", {})
    assert single(agent).status == 200


@pytest.mark.parametrize("params", [{"state": 1}, {"pstate": "PS_ON"}, {"pstate": 7}, {"pstate": 2**40}])
def test_invalid_params_are_32602_with_data(agent, params):
    with pytest.raises(raritan.rpc.JsonRpcErrorException, match="code = -32602"):
        agent.json_rpc(OUTLET, "setPowerState", params)
    error = single(agent).response_json()["error"]
    assert error["message"] == "Invalid params"
    assert isinstance(error.get("data"), dict) and error["data"], error


def test_outlet_set_settings_is_not_sparse(agent):
    with pytest.raises(raritan.rpc.JsonRpcErrorException, match="code = -32602"):
        agent.json_rpc(OUTLET, "setSettings", {"settings": {"name": "x"}})


def test_get_on_a_json_rpc_rid_is_405(agent):
    with pytest.raises(raritan.rpc.HttpException, match="HTTP Error 405"):
        agent.get("/model/pdu/0")
    assert single(agent).response_header("Allow") == "POST"


def test_unknown_cgi_is_404(agent):
    with pytest.raises(raritan.rpc.HttpException, match="HTTP Error 404"):
        agent.get("cgi-bin/no_such.cgi")


@pytest.mark.parametrize("method,args", PEM_METHODS, ids=[entry[0] for entry in PEM_METHODS])
def test_pem_methods_are_not_available_via_json_rpc(agent, method, args):
    proxy = cert.ServerSSLCert("/server_ssl_cert", agent)
    with pytest.raises(raritan.rpc.JsonRpcErrorException, match="-32601.*not available via JSON-RPC"):
        getattr(proxy, method)(*args)


def test_perform_bulk_timeout_is_refused(agent):
    with pytest.raises(raritan.rpc.JsonRpcErrorException, match="code = -32000"):
        bulkrpc.BulkRequest("/bulk", agent).performBulkTimeout([], 1000)


def test_current_session_needs_a_token(agent):
    with pytest.raises(raritan.rpc.JsonRpcErrorException, match="code = -32000"):
        session.SessionManager("/session", agent).getCurrentSession()
