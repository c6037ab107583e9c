# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""End-to-end: the real simulator over HTTPS, driven with `requests` and with
the vendor SDK, for bulk / raw configuration and diagnostic data.

The device is bound to 127.0.0.1 so that its serial (XEM0000001) and MAC
match the recorded captures, on a free port of its own.
"""

import gzip
import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import tarfile
import time
from urllib.parse import quote

import pytest
import requests
import urllib3
from standin import SIM_ROOT, captured_exchange, captured_steps, form_body, header_value

urllib3.disable_warnings()

pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
AUTH = ("admin", "legrand")
RESTORE_DELAY = 0.3


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    work = tmp_path_factory.mktemp("cfg-sim")
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "xerus_sim",
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--outlets",
        "8",
        "--state-dir",
        str(work / "state"),
        "--access-log",
        str(work / "access.log"),
        "--restore-delay",
        str(RESTORE_DELAY),
        "--raw-apply-delay",
        "0.3",
        "--reboot-seconds",
        "1",
    ]
    env = dict(os.environ, PYTHONPATH=str(SIM_ROOT))
    log = open(work / "sim.log", "wb")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, env=env)
    try:
        line = _first_line(process, 30)
        device = json.loads(line)
        base = f"https://127.0.0.1:{port}"
        yield {"base": base, "device": device, "process": process}
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        log.close()


def _first_line(process, timeout):
    import selectors

    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    buffer = b""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("simulator exited early")
        if selector.select(timeout=0.2):
            chunk = os.read(process.stdout.fileno(), 4096)
            buffer += chunk
            for raw in buffer.split(b"\n")[:-1]:
                if raw.strip().startswith(b"{"):
                    return raw.decode()
    raise RuntimeError("simulator not ready")


@pytest.fixture
def http(sim):
    session = requests.Session()
    session.auth = AUTH
    session.verify = False
    session.trust_env = False  # REQUESTS_CA_BUNDLE would otherwise override verify=False
    session.base = sim["base"]
    yield session
    session.close()


def rpc(http, rid, method, **params):
    answer = http.post(http.base + rid, json={"method": method, "params": params, "id": 7}, timeout=10)
    assert answer.status_code == 200
    return answer.json()["result"]


def get(http, path, query=""):
    return http.get(http.base + path + ("?" + query if query else ""), timeout=10)


def upload(http, path, query, parts):
    content_type, body = form_body(parts)
    return http.post(
        http.base + path + ("?" + query if query else ""), data=body, headers={"Content-Type": content_type}, timeout=20
    )


def code_of(answer):
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "text/plain"
    assert answer.text == f"return_code={answer.headers['X-Response-Code']}\n"
    return int(answer.headers["X-Response-Code"])


def restore(http, data, query="link_ids=1", name="bulk_config_file"):
    return code_of(upload(http, "/cgi-bin/bulk_config_restore.cgi", query, [(name, "bulk_config.txt", data)]))


def raw_update(http, config, devices=None, query=""):
    parts = ([("devices_file", "devices.csv", devices)] if devices is not None else []) + [
        ("config_file", "config.txt", config)
    ]
    return code_of(upload(http, "/cgi-bin/raw_config_update.cgi", query, parts))


def settled(http, rid, timeout=20):
    """getStatus until it is no longer pending; a raw update reboots the device meanwhile (9.1)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            status = rpc(http, rid, "getStatus")
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
            # the reboot refused the connection or cut an answer off after its headers: still pending
            status = {"status": 2}
            http.close()
        if status["status"] != 2 or time.monotonic() > deadline:
            return status
        time.sleep(0.05)


def resign(text):
    body = text[: text.rindex("#!checksum")]
    return (body + "#!checksum sha256=" + hashlib.sha256(body.encode()).hexdigest() + "\n").encode()


def clear_backup(http):
    answer = get(http, "/cgi-bin/bulk_config_save.cgi", "config_format=cleartext&link_ids=1&mode=backup")
    assert answer.status_code == 200
    return answer.text


# ---- bulk -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query,encryption,mode",
    [
        ("link_ids=1", "device", "bulk"),
        ("config_format=cleartext&link_ids=1", "none", "bulk"),
        ("config_format=cleartext&link_ids=1&mode=backup", "none", "backup"),
        ("bulk_config_password=" + quote("pa ss&") + "&link_ids=1", "password", "bulk"),
        ("bulk_config_password=x&link_ids=1&mode=backup", "password", "backup"),
    ],
)
def test_export_modes(http, query, encryption, mode):
    answer = get(http, "/cgi-bin/bulk_config_save.cgi", query)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/octet-stream"
    expected_name = "backup_settings.txt" if mode == "backup" else "bulk_config.txt"
    assert answer.headers["Content-Disposition"] == f'attachment; filename="{expected_name}"'
    assert answer.headers["X-Response-Code"] == "0"
    lines = answer.text.split("\n")
    assert lines[0] == "# Xerus bulk configuration"
    assert f" mode={mode} " in lines[1] and lines[1].endswith(f"encryption={encryption}")
    assert lines[-2].startswith("#!checksum sha256=") and lines[-1] == ""
    raw_lines = [line for line in get(http, "/cgi-bin/raw_config_download.cgi").text.split("\n")[2:] if line]
    bulk_only = ("pdu.name=", "snmp.sys_name=", "snmp.sys_location=", "net.", "users[", "roles[")
    expected = (
        len(raw_lines) if mode == "backup" else len([line for line in raw_lines if not line.startswith(bulk_only)])
    )
    assert len(lines) == 2 + expected + 2


@pytest.mark.parametrize(
    "query,code",
    [
        ("link_ids=2", 2),
        ("link_ids=1&filter_profile=nope", 15),
        ("link_ids=1&mode=full", 2),
        ("link_ids=1&link_ids=1", 2),
    ],
)
def test_export_refusals(http, query, code):
    answer = get(http, "/cgi-bin/bulk_config_save.cgi", query)
    assert (answer.status_code, answer.headers["X-Response-Code"]) == (400, str(code))


def test_save_and_restore_wrong_method(http):
    assert http.post(http.base + "/cgi-bin/bulk_config_save.cgi", timeout=10).status_code == 405
    assert http.get(http.base + "/cgi-bin/bulk_config_restore.cgi", timeout=10).status_code == 405


def test_restore_status_transitions(http):
    settled(http, "/bulkcfg")
    text = clear_backup(http).replace("pdu.outlets[3].name=", "pdu.outlets[3].name=e2e-4")
    before = int(time.time())
    assert restore(http, resign(text), "link_ids=1&mode=backup") == 0
    pending = rpc(http, "/bulkcfg", "getStatus")
    assert pending["status"] == 2 and pending["timeStamp"] >= before - 1
    assert restore(http, resign(text), "link_ids=1&mode=backup") == 11
    assert rpc(http, "/bulkcfg", "getStatus")["status"] == 2
    done = settled(http, "/bulkcfg")
    assert done["status"] == 3 and done["timeStamp"] >= pending["timeStamp"]
    settings = rpc(http, "/model/pdu/0/outlet/3", "getSettings")["_ret_"]
    assert settings["name"] == "e2e-4"


@pytest.mark.parametrize(
    "edit,query,code",
    [
        (lambda t: t.replace("device_type=PDU", "device_type=BCM2"), "link_ids=1", 4),
        (lambda t: t.replace("model=", "model=X"), "link_ids=1", 5),
        (lambda t: t.replace("firmware_version=", "firmware_version=0"), "link_ids=1", 6),
        (lambda t: t.replace("filters=", "filters=frobnicate,"), "link_ids=1", 15),
        (lambda t: t.replace("pdu.cycle_delay=10", "pdu.cycle_delay=0"), "link_ids=1", 13),
        (lambda t: t, "link_ids=3", 2),
        (lambda t: t, "skip_checks=serial&link_ids=1", 2),
    ],
)
def test_restore_refusals(http, edit, query, code):
    settled(http, "/bulkcfg")
    assert restore(http, resign(edit(clear_backup(http))), query) == code
    assert rpc(http, "/bulkcfg", "getStatus")["status"] == 1


def test_restore_tampered_checksum_14(http):
    settled(http, "/bulkcfg")
    text = clear_backup(http).replace("pdu.cycle_delay=10", "pdu.cycle_delay=11")
    assert restore(http, text.encode()) == 14
    assert restore(http, b"hello\n") == 14


def test_restore_form_level_codes(http):
    settled(http, "/bulkcfg")
    good = resign(clear_backup(http))
    assert restore(http, good, name="file") == 2
    answer = http.post(
        http.base + "/cgi-bin/bulk_config_restore.cgi?link_ids=1",
        data=good,
        headers={"Content-Type": "text/plain"},
        timeout=10,
    )
    assert code_of(answer) == 2
    answer = http.post(
        http.base + "/cgi-bin/bulk_config_restore.cgi?link_ids=1",
        data=b"garbage without framing",
        headers={"Content-Type": "multipart/form-data; boundary=abc"},
        timeout=10,
    )
    assert code_of(answer) == 1
    assert restore(http, b"x" * (4 * 1024 * 1024 + 1)) == 12


def test_encrypted_round_trips(http):
    settled(http, "/bulkcfg")
    snmp = rpc(http, "/snmp", "getConfiguration")["_ret_"]
    for query, upload_query in (
        ("bulk_config_password=" + quote("s e/c&r"), "user_password=" + quote("s e/c&r")),
        ("", ""),
    ):
        snmp["readComm"] = "e2e-read"
        assert rpc(http, "/snmp", "setConfiguration", cfg=snmp)["_ret_"] == 0
        saved = get(http, "/cgi-bin/bulk_config_save.cgi", "&".join(filter(None, [query, "link_ids=1"])))
        assert b"e2e-read" not in saved.content
        snmp["readComm"] = "changed"
        assert rpc(http, "/snmp", "setConfiguration", cfg=snmp)["_ret_"] == 0
        if upload_query:
            assert restore(http, saved.content) == 2
            assert restore(http, saved.content, "user_password=wrong&link_ids=1") == 13
        assert restore(http, saved.content, "&".join(filter(None, [upload_query, "link_ids=1"]))) == 0
        assert settled(http, "/bulkcfg")["status"] == 3
        assert rpc(http, "/snmp", "getConfiguration")["_ret_"]["readComm"] == "e2e-read"


# ---- raw ----------------------------------------------------------------------------------


def test_raw_download(http):
    first, second = get(http, "/cgi-bin/raw_config_download.cgi"), get(http, "/cgi-bin/raw_config_download.cgi")
    assert first.status_code == 200 and first.content == second.content
    assert first.headers["Content-Type"] == "text/plain"
    assert first.headers["Content-Disposition"] == 'attachment; filename="config.txt"'
    assert first.text.startswith("# Xerus raw configuration\n# model=PX3-5190R serial=XEM0000001 ")
    assert get(http, "/cgi-bin/raw_config_download.cgi", "x=1").status_code == 400


def test_raw_device_list_and_macros(http):
    settled(http, "/rawcfg")
    devices = b"# serial,name,location\nOTHER,no,where\n xem0000001 ,e2e-${x},row 9\n"
    config = b"#!options match=serial:1\npdu.outlets[4].name=${2}\nsnmp.sys_location=${3}\n"
    assert raw_update(http, config.replace(b"${2}", b"n-${2}"), devices.replace(b"${x}", b"5")) == 0
    assert rpc(http, "/rawcfg", "getStatus")["status"] == 2
    assert raw_update(http, b"pdu.name=x\n") == 3
    assert settled(http, "/rawcfg")["status"] == 3
    assert rpc(http, "/model/pdu/0/outlet/4", "getSettings")["_ret_"]["name"] == "n-e2e-5"
    assert "snmp.sys_location=row 9\n" in get(http, "/cgi-bin/raw_config_download.cgi").text
    mac_config = b"#!options match=mac:2\npdu.name=${1}\n"
    assert raw_update(http, mac_config, b"by-mac,00:0D:5D:00:00:01\n") == 0
    assert settled(http, "/rawcfg")["status"] == 3
    assert rpc(http, "/model/pdu/0", "getSettings")["_ret_"]["name"] == "by-mac"


@pytest.mark.parametrize(
    "config,devices,query,code",
    [
        (b"pdu.name=x\n", None, "a=1", 2),
        (b"pdu.outlets[2].colour=blue\n", None, "", 5),
        (b"pdu.name=x\n", b"XEM0000001\n", "", 6),
        (b"#!options match=serial:1\npdu.name=x\n", None, "", 7),
        (b"#!options match=serial:1\npdu.name=x\n", b"OTHER\n", "", 8),
        (b"#!options match=serial:1\npdu.name=${5}\n", b"XEM0000001\n", "", 9),
        (b"snmp.v2c.read_community:enc=garbage\n", None, "", 10),
        (b"#!frobnicate\n", None, "", 11),
        (b"#!options match=colour:1\n", None, "", 12),
    ],
)
def test_raw_codes(http, config, devices, query, code):
    settled(http, "/rawcfg")
    assert raw_update(http, config, devices, query) == code
    assert rpc(http, "/rawcfg", "getStatus")["status"] == 1


def test_raw_form_level_codes(http):
    settled(http, "/rawcfg")
    assert (
        code_of(
            upload(
                http,
                "/cgi-bin/raw_config_update.cgi",
                "",
                [
                    ("config_file", "config.txt", b"#!options match=serial:1\n"),
                    ("devices_file", "devices.csv", b"XEM0000001\n"),
                ],
            )
        )
        == 7
    )
    assert code_of(upload(http, "/cgi-bin/raw_config_update.cgi", "", [("other", "x.txt", b"pdu.name=x\n")])) == 2
    answer = http.post(
        http.base + "/cgi-bin/raw_config_update.cgi",
        data=b"junk",
        headers={"Content-Type": "multipart/form-data; boundary=abc"},
        timeout=10,
    )
    assert code_of(answer) == 1
    assert raw_update(http, b"x" * (4 * 1024 * 1024 + 1)) == 4


def test_raw_encrypted_value_from_bulk_file(http):
    settled(http, "/rawcfg")
    settled(http, "/bulkcfg")
    snmp = rpc(http, "/snmp", "getConfiguration")["_ret_"]
    snmp["writeComm"] = "e2e-write"
    rpc(http, "/snmp", "setConfiguration", cfg=snmp)
    saved = get(http, "/cgi-bin/bulk_config_save.cgi", "link_ids=1").text
    line = next(text for text in saved.split("\n") if text.startswith("snmp.v2c.write_community:enc="))
    snmp["writeComm"] = "other"
    rpc(http, "/snmp", "setConfiguration", cfg=snmp)
    assert raw_update(http, (line + "\n").encode()) == 0
    assert settled(http, "/rawcfg")["status"] == 3
    assert rpc(http, "/snmp", "getConfiguration")["_ret_"]["writeComm"] == "e2e-write"


# ---- diag --------------------------------------------------------------------------------------


def test_diag_download(http):
    answer = get(http, "/cgi-bin/diag-data.cgi")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/x-gzip"
    assert answer.headers["Content-Disposition"] == 'attachment; filename="diag-data.tgz"'
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(answer.content))) as tar:
        assert tar.getnames() == ["diag/summary.json", "diag/config.txt", "diag/version.txt"]
        assert (
            tar.extractfile("diag/version.txt").read().decode().strip()
            == rpc(http, "/model/pdu/0", "getMetaData")["_ret_"]["fwRevision"]
        )
    assert get(http, "/cgi-bin/diag-data.cgi", "a=1").status_code == 400
    assert rpc(http, "/diag", "getLogLevelsForAllCtxNames") == {"_ret_": []}


# ---- the SDK's own requests ---------------------------------------------------------------------


@pytest.mark.parametrize("area", ["bulkcfg", "rawcfg"])
def test_captured_cgi_requests_are_accepted_as_sent(http, area):
    """Each recorded CGI request (query string, form names, filenames) gets the recorded code."""
    settled(http, "/rawcfg"), settled(http, "/bulkcfg")
    assert (
        raw_update(
            http,
            b"pdu.outlets[0].name=web-1\npdu.outlets[7].name=db-8\npdu.name=rack-7\n"
            b"snmp.sys_location=\nsnmp.v2c.read_community=public\n"
            b"snmp.v2c.write_community=private\n",
        )
        == 0
    )
    settled(http, "/rawcfg")
    checked = 0
    for step in captured_steps(area):
        exchange = captured_exchange(step)
        request, expected = exchange["request"], exchange.get("response")
        parts_kept = all(
            "text" in part for part in ((request.get("body") or {}).get("multipart") or {}).get("parts", [])
        )
        if (
            expected is None
            or not parts_kept
            or not request["path"].startswith("/cgi-bin/")
            or "<redacted>" in request["query"]
        ):
            continue
        want = header_value(expected, "X-Response-Code")
        if want not in ("3", "11"):
            settled(http, "/rawcfg"), settled(http, "/bulkcfg")
        multipart = (request.get("body") or {}).get("multipart")
        if multipart:
            parts = [(p["name"], p["filename"], p["text"].encode(), p["content_type"]) for p in multipart["parts"]]
            answer = upload(http, request["path"], request["query"], parts)
        else:
            answer = get(http, request["path"], request["query"])
        assert answer.status_code == expected["status"], step["sdk_call"]
        assert answer.headers.get("X-Response-Code") == want, step["sdk_call"]
        checked += 1
    assert checked >= 8


def test_vendor_sdk_drives_the_configuration_cgis(sim, http):
    rpc_module = pytest.importorskip("raritan.rpc")
    settled(http, "/rawcfg")  # the device is back from the reboot of an earlier raw update
    from raritan.rpc import bulkcfg as sdk_bulkcfg
    from raritan.rpc import diag as sdk_diag
    from raritan.rpc import rawcfg as sdk_rawcfg

    host_port = sim["base"].split("//")[1]
    agent = rpc_module.Agent("https", host_port, AUTH[0], AUTH[1], disable_certificate_verification=True, timeout=20)
    status = sdk_bulkcfg.BulkConfiguration("/bulkcfg", agent)
    deadline = time.monotonic() + 5
    while status.getStatus()[0] == sdk_bulkcfg.BulkConfiguration.Status.RESTORE_PENDING and time.monotonic() < deadline:
        time.sleep(0.05)
    data = sdk_bulkcfg.download(agent, clear_text=True)
    assert sdk_bulkcfg.upload(agent, data) == 0
    assert sdk_bulkcfg.upload(agent, data) == 11
    data = sdk_bulkcfg.download(agent, password="pw 1")
    time.sleep(RESTORE_DELAY + 0.2)
    assert status.getStatus()[0] == sdk_bulkcfg.BulkConfiguration.Status.RESTORE_OK
    assert sdk_bulkcfg.upload(agent, data, password="pw 1") == 0
    profiles = status.getFilterProfiles()
    assert profiles[0].name == "builtin"
    raw = sdk_rawcfg.download(agent)
    assert sdk_rawcfg.upload(agent, b"pdu.outlets[1].name=sdk-2\n") == "0"
    assert (
        sdk_rawcfg.RawConfiguration("/rawcfg", agent).getStatus()[0]
        == sdk_rawcfg.RawConfiguration.Status.UPDATE_PENDING
    )
    assert raw
    assert sdk_diag.download(agent)[:2] == b"\x1f\x8b"
