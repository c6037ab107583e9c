# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""XerusClient.call / bulk against the simulator: results, typed errors, retries."""

from __future__ import annotations

import socket
import time

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call, XerusClient
from ansible_collections.xerus.pdu.plugins.module_utils.errors import (
    XerusConnectionError,
    XerusHttpError,
    XerusRpcError,
    XerusTimeoutError,
)


def test_call_returns_the_result_object(sim):
    with sim.client() as client:
        assert client.call(rids.FIRMWARE, "getVersion") == {"_ret_": sim.device["firmware_version"]}
        assert client.call_ret(rids.outlet(0), "getState")["powerState"] in (0, 1)


def test_jsonrpc_error_is_typed(sim):
    with sim.client() as client:
        with pytest.raises(XerusRpcError) as caught:
            client.call(rids.outlet(0), "setPowerState", {"pstate": "PS_ON"})
    assert caught.value.code == -32602
    assert caught.value.method == "setPowerState" and caught.value.rid == rids.outlet(0)
    assert str(caught.value).startswith(f"{sim.host}:{sim.port}: ")


def test_injected_rpc_error(sim):
    sim.inject("rpc_error", count=1, method="getVersion", code=-32000, message="refused for the test")
    with sim.client() as client:
        with pytest.raises(XerusRpcError) as caught:
            client.call(rids.FIRMWARE, "getVersion", safe=True)
        assert caught.value.code == -32000 and "refused for the test" in str(caught.value)
        assert client.call_ret(rids.FIRMWARE, "getVersion")


def test_rid_not_served_is_http_404(sim):
    with sim.client() as client:
        with pytest.raises(XerusHttpError) as caught:
            client.call("/nosuch", "getSettings")
    assert caught.value.status == 404 and "/nosuch" in str(caught.value)


def test_bulk_keeps_failures_local_to_their_entry(sim):
    mark = sim.mark()
    calls = [
        Call(rids.outlet(0), "getState"),
        Call(rids.outlet(999), "getState"),
        Call(rids.outlet(1), "setPowerState", {"pstate": "bad"}),
        Call(rids.PDU, "getMetaData"),
    ]
    with sim.client() as client:
        results = client.bulk(calls, safe=True)
    assert len(sim.requests_since(mark, "/bulk")) == 1
    assert [result.ok for result in results] == [True, False, False, True]
    assert [result.call for result in results] == calls
    assert "powerState" in results[0].ret
    assert results[1].statcode == 404 and results[1].error.code == -32601
    assert results[2].error.code == -32602 and results[2].result is None
    assert results[3].ret["nameplate"]["model"] == sim.device["model"]
    with pytest.raises(XerusRpcError):
        results[1].raise_for_error()


def test_bulk_of_nothing_sends_nothing(sim):
    mark = sim.mark()
    with sim.client() as client:
        assert client.bulk([]) == []
    assert sim.requests_since(mark) == []


def test_bulk_is_batched(sim, monkeypatch):
    from ansible_collections.xerus.pdu.plugins.module_utils import client as client_module

    monkeypatch.setattr(client_module, "BULK_BATCH", 3)
    mark = sim.mark()
    with sim.client() as client:
        results = client.bulk([Call(rids.outlet(n % 8), "getState") for n in range(7)], safe=True)
    assert len(results) == 7 and all(result.ok for result in results)
    assert len(sim.requests_since(mark, "/bulk")) == 3


def test_server_error_is_typed_and_unsafe_call_is_sent_once(sim):
    sim.inject("http_status", status=500, path=rids.FIRMWARE)
    mark = sim.mark()
    with sim.client(retries=3) as client:
        with pytest.raises(XerusHttpError) as caught:
            client.call(rids.FIRMWARE, "getVersion")
    assert caught.value.status == 500
    assert len(sim.requests_since(mark, rids.FIRMWARE)) == 1


def test_safe_call_retries_a_bounded_number_of_times(sim):
    sim.inject("http_status", status=503, path=rids.FIRMWARE)
    mark = sim.mark()
    with sim.client(retries=2) as client:
        with pytest.raises(XerusHttpError) as caught:
            client.call(rids.FIRMWARE, "getVersion", safe=True)
    assert caught.value.status == 503
    assert len(sim.requests_since(mark, rids.FIRMWARE)) == 3


def test_safe_call_succeeds_after_transient_errors(sim):
    sim.inject("http_status", count=2, status=502, path=rids.FIRMWARE)
    mark = sim.mark()
    with sim.client(retries=3) as client:
        assert client.call_ret(rids.FIRMWARE, "getVersion", safe=True)
    statuses = [entry["status"] for entry in sim.requests_since(mark, rids.FIRMWARE)]
    assert statuses == [502, 502, 200]


def test_timeout_is_typed(sim):
    sim.inject("delay", count=1, seconds=3)
    mark = sim.mark()
    with sim.client(timeout=1) as client:
        with pytest.raises(XerusTimeoutError) as caught:
            client.call(rids.FIRMWARE, "getVersion")
    assert "1 s" in str(caught.value)
    assert len(sim.requests_since(mark)) <= 1


def test_drop_mid_body_is_a_connection_error_and_not_resent(sim):
    with sim.client() as client:
        client.call(rids.FIRMWARE, "getVersion")  # the next call reuses this connection
        sim.inject("drop_mid_body", count=1)
        mark = sim.mark()
        with pytest.raises(XerusConnectionError) as caught:
            client.call(rids.PDU, "getMetaData")
    assert "middle of the answer" in str(caught.value)
    assert len(sim.requests_since(mark)) == 1


def test_drop_mid_body_of_a_safe_call_is_retried(sim):
    sim.inject("drop_mid_body", count=1)
    mark = sim.mark()
    with sim.client() as client:
        assert client.call_ret(rids.PDU, "getMetaData", safe=True)["fwRevision"]
    assert len(sim.requests_since(mark)) == 2


def test_reboot_mid_call(sim):
    with sim.client() as client:
        client.call(rids.FIRMWARE, "getVersion")
        client.reset_connections()  # a fresh connection: no stale-connection resend applies
        sim.inject("reboot_mid_call", count=1)
        mark = sim.mark()
        with pytest.raises(XerusConnectionError) as caught:
            client.call(rids.outlet(0), "setPowerState", {"pstate": 1})
        # the device goes down while the call is answered, or (on a loaded machine) before its TLS handshake ends
        assert any(words in str(caught.value) for words in ("without answering", "reset", "during the TLS handshake"))
        assert len(sim.requests_since(mark)) == 1
        time.sleep(0.2)
        assert client.wait_until_reachable(20, interval=0.2) > 0
        assert client.call_ret(rids.FIRMWARE, "getVersion")


def test_refused_connection_is_typed():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = XerusClient("127.0.0.1", port, "admin", "secret", validate_certs=False, retries=1, backoff=0.01)
    with pytest.raises(XerusConnectionError) as caught:
        client.call(rids.FIRMWARE, "getVersion", safe=True)
    assert not isinstance(caught.value, XerusTimeoutError)
    assert str(caught.value).startswith(f"127.0.0.1:{port}: connection refused")
    client.close()


def test_refuse_fault(sim):
    sim.inject("refuse", count=1)
    with sim.client(retries=0) as client:
        with pytest.raises(XerusConnectionError):
            client.call(rids.FIRMWARE, "getVersion")
        assert client.call_ret(rids.FIRMWARE, "getVersion")


def test_void_results_null_are_empty_objects(sim):
    with sim.client() as client:
        assert client.call(rids.PDU, "cancelOutletSequence") == {}
        (entry,) = client.bulk([Call(rids.PDU, "cancelOutletSequence")])
        assert entry.ok and entry.result == {} and entry.ret is None
