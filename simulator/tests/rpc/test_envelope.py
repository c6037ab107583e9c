# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""JSON-RPC envelopes, HTTP-level errors and connection behaviour (protocol 1.2-1.5, 1.8)."""

import base64
import http.client
import json
import ssl

from simfixture import new_session, rpc

BASIC = "Basic " + base64.b64encode(b"admin:legrand").decode()


def _connection(sim):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return http.client.HTTPSConnection(sim.device["host"], sim.device["port"], context=context, timeout=10)


def _post_raw(sim, path, body, headers=None):
    connection = _connection(sim)
    all_headers = {"Authorization": BASIC, "Content-Type": "application/json"}
    all_headers.update(headers or {})
    connection.request("POST", path, body=body, headers=all_headers)
    response = connection.getresponse()
    return response, response.read()


def test_result_envelope_echoes_id_and_names_server(sim):
    response, body = _post_raw(sim, "/firmware", json.dumps({"method": "getVersion", "params": {}, "id": 26}))
    assert response.status == 200
    assert response.getheader("Server") == "Xerus"
    assert response.getheader("Content-Type") == "application/json"
    assert json.loads(body) == {"jsonrpc": "2.0", "result": {"_ret_": "4.2.0.5-50274"}, "id": 26}


def test_parse_error_batch_and_bad_version(sim):
    assert json.loads(_post_raw(sim, "/firmware", b"getVersion please")[1])["error"]["code"] == -32700
    batch = json.loads(_post_raw(sim, "/firmware", json.dumps([{"method": "getVersion", "id": 1}]))[1])
    assert batch["error"]["code"] == -32600 and batch["id"] is None
    old = json.loads(_post_raw(sim, "/firmware", json.dumps({"jsonrpc": "1.0", "method": "getVersion", "id": 2}))[1])
    assert old["error"]["code"] == -32600 and old["id"] == 2
    extra = json.loads(_post_raw(sim, "/firmware", json.dumps({"method": "getVersion", "id": 3, "x": 1}))[1])
    assert extra["error"]["code"] == -32600


def test_notification_and_params_variants(sim):
    session = new_session()
    assert rpc(session, sim, "/firmware", "getVersion", [])["result"]["_ret_"]
    note = json.loads(_post_raw(sim, "/firmware", json.dumps({"jsonrpc": "2.0", "method": "getVersion"}))[1])
    assert note["id"] is None and "result" in note
    refused = rpc(session, sim, "/model/pdu/0/outlet/0", "setPowerState", [1])
    assert refused["error"]["code"] == -32602


def test_invalid_params_data(sim):
    session = new_session()
    error = rpc(session, sim, "/model/pdu/0/outlet/0", "setPowerState", {"state": 1})["error"]
    assert error["code"] == -32602
    assert error["data"]["path"] == "params.state"
    assert set(error["data"]) == {"path", "expected", "got", "signature"}
    too_big = rpc(session, sim, "/model/pdu/0", "setSettings", {"settings": {"cycleDelay": 2**31}})["error"]
    assert too_big["data"]["path"] == "params.settings.cycleDelay"
    boolean = rpc(session, sim, "/model/pdu/0", "setSettings", {"settings": {"cycleDelay": True}})
    assert boolean["error"]["code"] == -32602
    missing = rpc(session, sim, "/model/pdu/0/outlet/0", "setPowerState", {})["error"]
    assert missing["data"]["got"] == "'<missing>'"


def test_unknown_rid_method_and_neutral_methods(sim):
    session = new_session()
    response = session.post(sim.url("/nosuch"), json={"method": "getSettings", "params": {}, "id": 7}, verify=False)
    assert response.status_code == 404
    assert response.json() == {
        "jsonrpc": "2.0",
        "error": {"code": -32601, "message": "Not Found: no object at /nosuch"},
        "id": 7,
    }
    assert rpc(session, sim, "/model/pdu/0/outlet/0", "switchOn")["error"]["message"] == "Method not found"
    assert rpc(session, sim, "/model/pdu/0", "getControllers")["result"] == {"_ret_": []}
    pem = rpc(session, sim, "/server_ssl_cert", "getActiveKeyPEM")["error"]
    assert pem == {"code": -32601, "message": "Method not found: not available via JSON-RPC"}


def test_http_method_and_framing_errors(sim):
    session = new_session()
    get = session.get(sim.url("/model/pdu/0"), verify=False)
    assert get.status_code == 405 and get.headers["Allow"] == "POST"
    assert session.get(sim.url("/cgi-bin/no_such.cgi"), verify=False).status_code == 404
    upload_get = session.get(sim.url("/cgi-bin/fwupload.cgi"), verify=False)
    assert upload_get.status_code == 405 and upload_get.headers["Allow"] == "POST"
    connection = _connection(sim)
    connection.putrequest("POST", "/firmware")
    connection.putheader("Authorization", BASIC)
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 400 and response.getheader("Connection") == "close"
    response, _ = _post_raw(sim, "/firmware", b"", {"Content-Length": str(17 * 1024 * 1024)})
    assert response.status == 400


def test_chunked_json_rpc_body(sim):
    connection = _connection(sim)
    body = json.dumps({"method": "getVersion", "params": {}, "id": 5}).encode()
    connection.request(
        "POST",
        "/firmware",
        body=iter([body[:10], body[10:]]),
        headers={"Authorization": BASIC, "Transfer-Encoding": "chunked"},
        encode_chunked=True,
    )
    response = connection.getresponse()
    assert json.loads(response.read())["id"] == 5


def test_keep_alive_after_errors(sim):
    connection = _connection(sim)
    for path, expected in (("/model/pdu/0", 405), ("/cgi-bin/x.cgi", 404), ("/firmware", 405)):
        connection.request("GET", path, headers={"Authorization": BASIC})
        response = connection.getresponse()
        response.read()
        assert response.status == expected
        assert response.getheader("Connection") is None
    connection.request(
        "POST", "/firmware", body=json.dumps({"method": "getVersion", "id": 1}), headers={"Authorization": BASIC}
    )
    assert connection.getresponse().status == 200
