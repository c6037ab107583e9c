# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection through the control server, one test per fault."""

import http.client
import socket
import ssl
import time

import pytest
import requests
from fault_fixtures import clean_faults, sim  # noqa: F401  (fixtures)
from simfixture import AUTH, multipart, new_session, result, result_after_upload, rpc, wait_for

from xerus_sim.fleet import control_client
from xerus_sim.ops.firmware_image import build_image


def get_version(sim, **kwargs):
    return requests.post(
        sim.url("/firmware"),
        json={"method": "getVersion", "params": {}, "id": 1},
        auth=AUTH,
        verify=False,
        timeout=10,
        **kwargs,
    )


def connect(sim):
    return socket.create_connection((sim.device["host"], sim.device["port"]), timeout=2)


def test_control_lists_devices_and_dumps_state(sim):
    devices = control_client.devices(sim.control)
    assert devices[0]["serial"] == sim.device["serial"]
    dump = control_client.state(sim.control, sim.device["host"])
    assert dump["phase"] == "up" and len(dump["state"]["outlets"]) == 8
    with pytest.raises(Exception):
        control_client.inject(sim.control, sim.device["host"], "no_such_fault")


def test_refuse_until_cleared_and_counted(sim):
    control_client.inject(sim.control, sim.device["host"], "refuse")
    with pytest.raises(ConnectionRefusedError):
        connect(sim).close()
    control_client.clear(sim.control, sim.device["host"])
    assert get_version(sim).status_code == 200
    control_client.inject(sim.control, sim.device["host"], "refuse", count=1)
    with pytest.raises(requests.ConnectionError):
        get_version(sim)
    assert get_version(sim).status_code == 200


def test_wrong_cert(sim):
    control_client.inject(sim.control, sim.device["host"], "wrong_cert", count=1)
    presented = ssl.get_server_certificate((sim.device["host"], sim.device["port"]))
    assert presented.strip() != open(sim.device["cert"]).read().strip()
    context = ssl.create_default_context(cafile=sim.device["ca"])
    context.check_hostname = False
    with socket.create_connection((sim.device["host"], sim.device["port"])) as raw:
        with context.wrap_socket(raw) as tls:
            assert tls.version()


def test_delay(sim):
    control_client.inject(sim.control, sim.device["host"], "delay", count=1, seconds=0.6)
    started = time.monotonic()
    assert get_version(sim).status_code == 200
    assert time.monotonic() - started >= 0.6
    # used up by that one request (no upper bound on a time: a loaded machine can be slow for other reasons)
    assert control_client.faults(sim.control, sim.device["host"]) == []
    assert get_version(sim).status_code == 200


def test_http_status_with_path(sim):
    control_client.inject(sim.control, sim.device["host"], "http_status", count=2, status=503, path="/firmware")
    assert (
        new_session().post(sim.url("/model/pdu/0"), json={"method": "getOutlets", "id": 1}, verify=False).status_code
        == 200
    )
    assert get_version(sim).status_code == 503
    assert get_version(sim).status_code == 503
    assert get_version(sim).status_code == 200


def test_rpc_error_also_inside_bulk(sim):
    control_client.inject(
        sim.control, sim.device["host"], "rpc_error", count=2, method="getVersion", code=-32000, message="injected"
    )
    session = new_session()
    assert rpc(session, sim, "/firmware", "getVersion")["error"] == {"code": -32000, "message": "injected"}
    bulk = result(
        session,
        sim,
        "/bulk",
        "performBulk",
        {"requests": [{"rid": "/firmware", "json": {"jsonrpc": "2.0", "method": "getVersion", "params": {}, "id": 4}}]},
    )
    assert bulk["responses"][0]["json"]["error"]["message"] == "injected"
    assert "result" in rpc(session, sim, "/firmware", "getVersion")


def test_drop_mid_body(sim):
    control_client.inject(sim.control, sim.device["host"], "drop_mid_body", count=1)
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    connection = http.client.HTTPSConnection(sim.device["host"], sim.device["port"], context=context, timeout=10)
    connection.request(
        "POST",
        "/model/pdu/0",
        body=b'{"method": "getMetaData", "params": {}, "id": 1}',
        headers={"Authorization": requests.auth._basic_auth_str(*AUTH)},
    )
    response = connection.getresponse()
    assert response.status == 200
    with pytest.raises(http.client.IncompleteRead):
        response.read()


def test_truncate_download(sim):
    control_client.inject(sim.control, sim.device["host"], "truncate_download", count=1)
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.get(sim.url("/cgi-bin/server_ssl_cert_download.cgi?tag=active_cert"), auth=AUTH, verify=False)
    full = requests.get(sim.url("/cgi-bin/server_ssl_cert_download.cgi?tag=active_cert"), auth=AUTH, verify=False)
    assert full.content == open(sim.device["cert"], "rb").read()


def test_reboot_mid_call(sim):
    session = new_session()
    opened = result(session, sim, "/session", "newSession")
    control_client.inject(sim.control, sim.device["host"], "reboot_mid_call", count=1)
    with pytest.raises(requests.ConnectionError):
        get_version(sim)
    assert control_client.state(sim.control, sim.device["host"])["phase"] == "rebooting"
    wait_for(lambda: get_version(sim).status_code == 200, timeout=15)
    token = requests.Session()
    token.headers["X-SessionToken"] = opened["token"]
    assert token.post(sim.url("/firmware"), json={"method": "getVersion", "id": 1}, verify=False).status_code == 401


def test_update_fails(sim):
    control_client.inject(sim.control, sim.device["host"], "update_fails", count=1)
    content_type, body = multipart([("upfile", "upfile.bin", build_image("PX3", "4.9.0.0-1"))])
    answer = requests.post(
        sim.url("/cgi-bin/fwupload.cgi"), data=body, headers={"Content-Type": content_type}, auth=AUTH, verify=False
    )
    assert answer.text == "return_code=0\n"
    session = new_session()
    assert result_after_upload(session, sim, "/firmware", "startUpdate", {"flags": []}) is None
    time.sleep(0.7)
    wait_for(lambda: get_version(sim).status_code == 200, timeout=20)
    session = new_session()
    assert result(session, sim, "/firmware", "getVersion")["_ret_"] == "4.2.0.5-50274"
    last = result(session, sim, "/firmware", "getUpdateHistory")["_ret_"][-1]
    assert last["status"] == 1 and last["imageVersion"] == "4.9.0.0-1"
    # after the reboot the progress CGI says NONE: only the history tells the update failed (protocol 7.3)
    assert result(session, sim, "/cgi-bin/fwupdate_progress.cgi", "getStatus")["_ret_"]["state"] == "NONE"
