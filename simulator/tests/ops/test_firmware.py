# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Firmware upload (streamed, chunked, low-memory rules, codes), update cycle with 503 and reboot windows."""

import base64
import hashlib
import http.client
import ssl
import time

import psutil
import pytest
import requests
from simfixture import AUTH, Simulator, multipart, new_session, result, result_after_upload, rpc, wait_for

from xerus_sim.ops.firmware_image import build_image

BASIC = "Basic " + base64.b64encode(b"admin:legrand").decode()
GOOD = build_image("PX3-5190R,PX3", "4.3.0.1-50400")


def upload(sim, image, query=""):
    content_type, body = multipart([("upfile", "upfile.bin", image)])
    response = requests.post(
        sim.url("/cgi-bin/fwupload.cgi") + (f"?{query}" if query else ""),
        data=body,
        headers={"Content-Type": content_type},
        auth=AUTH,
        verify=False,
        timeout=30,
    )
    assert response.status_code == 200
    code = response.text.strip().split("=", 1)[1]
    assert response.headers["X-Response-Code"] == code  # protocol 7.1: header and body
    return int(code)


def version_answers(sim):
    response = requests.post(
        sim.url("/firmware"), json={"method": "getVersion", "id": 1}, auth=AUTH, verify=False, timeout=2
    )
    return response.status_code == 200 and response.json()["result"]["_ret_"]


def _connection(sim):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return http.client.HTTPSConnection(sim.device["host"], sim.device["port"], context=context, timeout=60)


def test_image_info_and_refusals(sim):
    session = new_session()
    assert result(session, sim, "/firmware", "getImageInfo")["_ret_"] is False
    assert upload(sim, build_image("PX2", "4.3.0.1-50400")) == 0
    info = result_after_upload(session, sim, "/firmware", "getImageInfo")
    assert info["_ret_"] is True and info["info"]["valid"] and not info["info"]["model_supported"]
    refused = rpc(session, sim, "/firmware", "startUpdate", {"flags": []})["error"]
    assert refused["code"] == -32000 and "PX3-5190R" in refused["message"]
    assert upload(sim, b"not a firmware image\n" * 8) == 0
    assert result_after_upload(session, sim, "/firmware", "getImageInfo")["info"]["valid"] is False
    assert upload(sim, build_image("PX3", "4.3.0.1-50400", signed=0)) == 0
    result_after_upload(session, sim, "/firmware", "getImageStatus")
    unsigned = rpc(session, sim, "/firmware", "startUpdate", {"flags": []})["error"]
    assert "ALLOW_UNTRUSTED" in unsigned["message"]
    assert result(session, sim, "/firmware", "discardImage") is None
    assert result(session, sim, "/firmware", "getImageStatus")["_ret_"]["state"] == 0
    assert rpc(session, sim, "/firmware", "startUpdate", {"flags": [7]})["error"]["code"] == -32602


def test_low_memory_and_bad_requests(sim):
    session = new_session()
    older = build_image("PX3", "4.1.0.0-40000")
    assert upload(sim, older, "lowMemoryUpload=1&allowLowMemoryDowngrade=0&allowLowMemoryUntrusted=0") == 1
    status = result(session, sim, "/firmware", "getImageStatus")["_ret_"]
    assert status["state"] == 2 and "Downgrade" in status["error_message"] and status["size_total"] == len(older)
    assert upload(sim, older, "lowMemoryUpload=1&allowLowMemoryDowngrade=1&allowLowMemoryUntrusted=0") == 0
    result_after_upload(session, sim, "/firmware", "getImageStatus")
    assert upload(sim, older, "bogus=1") == 2
    content_type, body = multipart([("file", "x.bin", older)])
    wrong = requests.post(
        sim.url("/cgi-bin/fwupload.cgi"), data=body, headers={"Content-Type": content_type}, auth=AUTH, verify=False
    )
    assert wrong.text == "return_code=2\n"
    result(session, sim, "/firmware", "discardImage")


def test_broken_off_upload_gets_upload_failed(sim):
    content_type, body = multipart([("upfile", "upfile.bin", GOOD)])
    connection = _connection(sim)
    connection.putrequest("POST", "/cgi-bin/fwupload.cgi")
    for name, value in (
        ("Authorization", BASIC),
        ("Content-Type", content_type),
        ("Content-Length", str(len(body) + 1000)),
    ):
        connection.putheader(name, value)
    connection.endheaders()
    connection.send(body[:100])
    connection.sock.close()
    session = new_session()
    wait_for(lambda: result(session, sim, "/firmware", "getImageStatus")["_ret_"]["state"] == 2, timeout=10)


def test_large_chunked_upload_streams_in_constant_memory(sim):
    size = 96 * 1024 * 1024
    payload_chunk = bytes(range(256)) * 4096  # 1 MiB
    digest = hashlib.sha256()
    for _ in range(size // len(payload_chunk)):
        digest.update(payload_chunk)
    header = (f"XERUSFW1 model=PX3 version=4.4.0.0-1 size={size} sha256={digest.hexdigest()}\n").encode()
    boundary = "b" * 32
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="upfile"; filename="upfile.bin"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n"
    ).encode() + header
    process = psutil.Process(int(_simulator_pid(sim)))
    before = process.memory_info().rss
    connection = _connection(sim)
    connection.putrequest("POST", "/cgi-bin/fwupload.cgi")
    connection.putheader("Authorization", BASIC)
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()
    peak, session, seen_uploading = before, new_session(), False

    def send(data):
        connection.send(b"%x\r\n" % len(data) + data + b"\r\n")

    send(head)
    for index in range(size // len(payload_chunk)):
        send(payload_chunk)
        if index % 16 == 8:
            peak = max(peak, process.memory_info().rss)
            status = result(session, sim, "/firmware", "getImageStatus")["_ret_"]
            seen_uploading = seen_uploading or (status["state"] == 1 and status["size_done"] > 0)
    send(f"\r\n--{boundary}--\r\n".encode())
    connection.send(b"0\r\n\r\n")
    response = connection.getresponse()
    assert response.read() == b"return_code=0\n"
    assert seen_uploading
    assert peak - before < 40 * 1024 * 1024, (before, peak)
    status = result_after_upload(session, sim, "/firmware", "getImageStatus")["_ret_"]
    assert status["state"] == 5 and status["size_total"] == status["size_done"] == len(header) + size
    assert result(session, sim, "/firmware", "getImageInfo")["info"]["valid"]
    result(session, sim, "/firmware", "discardImage")


def _simulator_pid(sim):
    return sim.pid


@pytest.fixture(scope="module")
def sim():
    simulator = Simulator()
    simulator.pid = simulator.process.pid
    yield simulator
    assert simulator.stop() == 0


PROGRESS = "/cgi-bin/fwupdate_progress.cgi"


def progress_without_credentials(sim):
    """The progress CGI's state, polled like the vendor's tools: no credentials, a new connection each time."""
    response = requests.post(
        sim.url(PROGRESS),
        json={"method": "getStatus", "params": {}, "id": 1},
        verify=False,
        timeout=2,
        headers={"Connection": "close"},
    )
    assert response.status_code == 200, response.text
    return response.json()["result"]["_ret_"]


def test_json_rpc_refused_for_a_while_after_an_upload(sim):
    session = new_session()
    assert upload(sim, GOOD) == 0
    refused = rpc(session, sim, "/firmware", "getImageInfo")["error"]
    assert refused["code"] == -32000 and "busy" in refused["message"].lower()
    bulk = rpc(
        session,
        sim,
        "/bulk",
        "performBulk",
        {"requests": [{"rid": "/firmware", "json": {"method": "getVersion", "params": {}, "id": 2}}]},
    )
    assert bulk["error"]["code"] == -32000
    assert progress_without_credentials(sim)["state"] == "NONE"  # the progress CGI is served meanwhile
    assert result_after_upload(session, sim, "/firmware", "getImageInfo")["info"]["valid"]
    assert result(session, sim, "/firmware", "discardImage") is None


def test_update_cycle(sim):
    session = new_session()
    history_before = len(result(session, sim, "/firmware", "getUpdateHistory")["_ret_"])
    assert upload(sim, GOOD) == 0
    opened = result_after_upload(session, sim, "/session", "newSession")
    token = requests.Session()
    token.headers["X-SessionToken"] = opened["token"]
    assert progress_without_credentials(sim)["state"] == "NONE"
    wrong = requests.post(
        sim.url(PROGRESS), json={"method": "getStatus", "id": 1}, auth=("admin", "wrong"), verify=False, timeout=2
    )
    assert wrong.status_code == 200  # credentials sent to the progress CGI are ignored
    started = time.time()
    assert result(session, sim, "/firmware", "startUpdate", {"flags": []}) is None
    flashing = requests.post(sim.url("/firmware"), json={"method": "getVersion", "id": 1}, verify=False)
    assert flashing.status_code == 503 and "firmware update in progress" in flashing.text
    seen = []

    def rebooting():
        try:
            status = progress_without_credentials(sim)
        except requests.ConnectionError:
            return True
        assert status["estimated"] > 0
        if not seen or seen[-1] != status["state"]:
            seen.append(status["state"])
        return False

    wait_for(rebooting, timeout=10, interval=0.05)
    # in order, each seen at most once, never NONE before the reboot (how many a busy machine sees varies)
    order = ["INIT", "PREP", "UPDATE", "SUCCESS"]
    assert all(state in order for state in seen) and seen == sorted(seen, key=order.index), seen
    assert wait_for(lambda: version_answers(sim), timeout=20) == "4.3.0.1-50400"
    assert progress_without_credentials(sim) == {"state": "NONE", "elapsed": 0, "estimated": 0, "error_message": ""}
    fresh = new_session()
    history = result(fresh, sim, "/firmware", "getUpdateHistory")["_ret_"]
    assert len(history) == history_before + 1
    assert history[-1]["imageVersion"] == "4.3.0.1-50400" and history[-1]["status"] == 0
    assert history[-1]["oldVersion"] == "4.2.0.5-50274"
    assert history[-1]["timestamp"] >= int(started)  # the time the update started, not the upload
    assert history[-1]["imageMD5"] == hashlib.md5(GOOD).hexdigest()
    assert result(fresh, sim, "/model/pdu/0", "getMetaData")["_ret_"]["fwRevision"] == "4.3.0.1-50400"
    assert result(fresh, sim, "/firmware", "getImageStatus")["_ret_"]["state"] == 0
    gone = token.post(sim.url("/firmware"), json={"method": "getVersion", "id": 1}, verify=False)
    assert gone.status_code == 401


def test_reboot_and_factory_reset(sim):
    session = new_session()
    result(session, sim, "/model/pdu/0", "setSettings", {"settings": {"name": "before-reset"}})
    assert result(session, sim, "/firmware", "factoryReset") is None
    time.sleep(0.5)
    wait_for(lambda: version_answers(sim), timeout=20)
    assert result(new_session(), sim, "/model/pdu/0", "getSettings")["_ret_"]["name"] == ""
