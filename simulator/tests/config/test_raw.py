# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Raw configuration (protocol 9) on a stand-in device: captured SDK traffic
replayed, download format, every update code, device lists and macros."""

import copy

import pytest
from standin import (
    StandInDevice,
    captured_exchange,
    captured_steps,
    cgi_request,
    form_body,
    header_value,
    request_from_capture,
    wait_until_settled,
)

from xerus_sim.config import crypto, keys, raw
from xerus_sim.model import state
from xerus_sim.ops import diag

DOWNLOAD = "/cgi-bin/raw_config_download.cgi"
UPDATE = "/cgi-bin/raw_config_update.cgi"
DEVICES = b"# serial,outlet name,location\nOTHER000,nope,nowhere\nXEM0000001,rack-a-1,row 7\n"


@pytest.fixture
def device():
    device = StandInDevice(outlets=8)
    device.timings.restore_delay = 0.3
    keys.apply(device, [("pdu.outlets[0].name", "web-1"), ("pdu.outlets[7].name", "db-8"), ("pdu.name", "rack-7")])
    return device


@pytest.fixture
def rpc(device):
    return raw.RawConfiguration(device)


def download(device, query=""):
    return raw.download(device, cgi_request("GET", DOWNLOAD, query))


def update(device, config=None, devices=None, query="", order=("devices_file", "config_file")):
    files = {"config_file": ("config.txt", config), "devices_file": ("devices.csv", devices)}
    parts = [(name, files[name][0], files[name][1]) for name in order if files[name][1] is not None]
    content_type, body = form_body(parts)
    response = raw.update(device, cgi_request("POST", UPDATE, query, body, content_type))
    assert response.status == 200 and response.headers["Content-Type"] == "text/plain"
    assert response.body == f"return_code={response.headers['X-Response-Code']}\n".encode()
    return response.headers["X-Response-Code"]


def settle(rpc):
    return wait_until_settled(rpc.getStatus)


def test_replay_of_captured_sdk_session(device, rpc):
    down = 0
    replayed = 0
    for step in captured_steps("rawcfg"):
        exchange = captured_exchange(step)
        if "response" not in exchange:  # the device was down for the reboot that applies an update
            down += 1
            continue
        request, expected = exchange["request"], exchange["response"]
        replayed += 1
        if request["path"] == "/rawcfg":
            got = rpc.getStatus()
            want = expected["body"]["json"]["result"]
            if "until" in step["sdk_call"] and want["status"] != 2:
                got = settle(rpc)
            assert got["status"] == want["status"], step["sdk_call"]
        elif request["path"] == DOWNLOAD:
            response = download(device)
            assert response.body.decode() == expected["body"]["text"], step["sdk_call"]
            for name in ("Content-Type", "Content-Disposition"):
                assert response.headers[name] == header_value(expected, name)
        else:
            want = header_value(expected, "X-Response-Code")
            if want != "3":
                settle(rpc)
            response = raw.update(device, request_from_capture(request))
            assert response.headers["X-Response-Code"] == want, step["sdk_call"]
    assert replayed + down == len(captured_steps("rawcfg")) > 15 and down == 4


def test_download_is_stable_and_complete(device):
    first = download(device).body
    assert first == download(device).body
    lines = first.decode().split("\n")
    assert lines[:2] == [
        "# Xerus raw configuration",
        "# model=PX3-5190R serial=XEM0000001 firmware_version=4.2.0.5-50274",
    ]
    assert lines[-1] == "" and len(lines) == 2 + len(keys.read_lines(device)) + 1
    assert "snmp.v2c.read_community=public" in lines


def test_download_with_query_is_400(device):
    assert download(device, "x=1").status == 400


def test_update_applies_in_file_order_after_delay(device, rpc):
    assert update(device, b"pdu.outlets[1].name=a\r\n# comment\n\npdu.outlets[1].name=b\n") == "0"
    assert rpc.getStatus()["status"] == 2
    assert device.state["outlets"][1]["settings"]["name"] == ""
    assert update(device, b"pdu.name=x\n") == "3"
    assert settle(rpc)["status"] == 3
    assert device.state["outlets"][1]["settings"]["name"] == "b"
    assert device.state["pdu_settings"]["name"] == "rack-7"


def test_network_keys_apply_in_either_element_form(device, rpc):
    assert (
        update(
            device,
            b"net.interfaces[eth0].ipv4.config_method=dhcp\nnet.dns.server_addrs._s_=2\n"
            b"net.dns.server_addrs._e_.0=192.0.2.1\nnet.dns.server_addrs[1]._c_=192.0.2.2\n",
        )
        == "0"
    )
    assert settle(rpc)["status"] == 3
    text = download(device).body.decode()
    assert (
        "net.dns.server_addrs._s_=2\nnet.dns.server_addrs[0]._c_=192.0.2.1\nnet.dns.server_addrs[1]._c_=192.0.2.2\n"
        in text
    )
    assert "net.interfaces[eth0].ipv4.config_method=dhcp\n" in text


@pytest.mark.parametrize(
    "line",
    [
        b"outlet.1.name=web-1\n",
        b"inlet.1.name=x\n",
        b"proto_listener[pwn].port=1\n",
        b"pdu.outlets[8].name=x\n",
        b"snmp.v2c.enabled=true\n",
    ],
)
def test_old_key_names_unknown_instances_and_word_booleans_are_refused(device, rpc, line):
    before = download(device).body
    assert update(device, line) == "5"
    assert rpc.getStatus()["status"] == 1
    assert download(device).body == before


def test_macros_and_matching(device, rpc):
    config = b"#!options match=serial:1\npdu.outlets[0].name=${2}-x\nsnmp.sys_location=${3}\n"
    assert update(device, config, DEVICES) == "0"
    assert settle(rpc)["status"] == 3
    assert device.state["outlets"][0]["settings"]["name"] == "rack-a-1-x"
    assert device.state["snmp"]["sysLocation"] == "row 7"


@pytest.mark.parametrize(
    "field,column,devices",
    [
        ("mac", 2, b"x,00:0D:5D:00:00:01\n"),
        ("ip", 1, b" 127.0.0.1 ,a\n"),
        ("serial", 3, b'a,b,"xem0000001"\n'),
    ],
)
def test_match_fields(device, rpc, field, column, devices):
    config = f"#!options match={field}:{column}\npdu.name=${{1}}\n".encode()
    assert update(device, config, devices) == "0"
    assert settle(rpc)["status"] == 3


@pytest.mark.parametrize(
    "config,devices,code",
    [
        (b"pdu.name=x\n", DEVICES, "6"),
        (b"#!options match=serial:1\npdu.name=x\n", b"", "6"),
        (b"#!options match=serial:1\npdu.name=x\n", b"# only a comment\n", "6"),
        (b"#!options match=serial:4\npdu.name=x\n", DEVICES, "6"),
        (b"#!options match=serial:1\npdu.name=x\n", b'XEM0000001,"unterminated\n', "6"),
        (b"#!options match=serial:1\npdu.name=x\n", b"\xff\xfe\n", "6"),
        (b"#!options match=serial:1\npdu.name=x\n", None, "7"),
        (b"#!options match=serial:1\npdu.name=x\n", b"OTHER,1\n", "8"),
        (b"#!options match=serial:1\npdu.name=${4}\n", DEVICES, "9"),
        (b"#!options match=serial:1\npdu.name=${0}\n", DEVICES, "9"),
        (b"#!options match=serial:1\npdu.name=${x}\n", DEVICES, "9"),
        (b"#!options match=serial:1\npdu.name=${2\n", DEVICES, "9"),
        (b"pdu.name=${1}\n", None, "9"),
        (b"snmp.v2c.read_community:enc=garbage\n", None, "10"),
        (b"#!frobnicate\n", None, "11"),
        (b"#!options\tmatch=serial:1\n", None, "11"),
        (b"#!options match=colour:1\n", None, "12"),
        (b"#!options match=serial:0\n", None, "12"),
        (b"#!options match=serial:1 match=mac:1\n", DEVICES, "12"),
        (b"#!options verbose\n", None, "12"),
        (b"pdu.name\n", None, "5"),
        (b"pdu.outlets[2].colour=blue\n", None, "5"),
        (b"pdu.outlets[2].cycle_delay=0\n", None, "5"),
        (b"pdu.outlets[8].name=x\n", None, "5"),
        (b"pdu.name=\xff\n", None, "5"),
    ],
)
def test_update_codes(device, rpc, config, devices, code):
    assert update(device, config, devices) == code
    assert rpc.getStatus()["status"] == 1


def test_part_order_and_form_codes(device):
    config = b"#!options match=serial:1\npdu.name=${2}\n"
    assert update(device, config, DEVICES, order=("config_file", "devices_file")) == "7"
    assert update(device, None, DEVICES) == "2"
    assert update(device, b"pdu.name=x\n", query="a=1") == "2"
    assert update(device, b"x" * (4 * 1024 * 1024 + 1)) == "4"
    response = raw.update(device, cgi_request("POST", UPDATE, "", b"pdu.name=x\n", "text/plain"))
    assert response.headers["X-Response-Code"] == "2"
    content_type, body = form_body([("config_file", "config.txt", b"pdu.name=x\n")])
    cut = cgi_request("POST", UPDATE, "", body[:30], content_type)
    cut.content_length = len(body)
    assert raw.update(device, cut).headers["X-Response-Code"] == "1"


def test_encrypted_value_with_device_key(device, rpc):
    token = crypto.encrypt(crypto.device_fernet(device), "enc-secret")
    assert update(device, f"snmp.v2c.write_community:enc={token}\n".encode()) == "0"
    assert settle(rpc)["status"] == 3
    assert device.state["snmp"]["writeComm"] == "enc-secret"
    assert update(StandInDevice(), f"snmp.v2c.write_community:enc={token}\n".encode()) == "10"


def test_bulk_and_raw_share_the_device_key(device, rpc):
    from xerus_sim.config import bulk

    keys.apply(device, [("snmp.v2c.read_community", "shared")])
    saved = bulk.save(device, cgi_request("GET", "/cgi-bin/bulk_config_save.cgi", "link_ids=1")).body.decode()
    line = next(text for text in saved.split("\n") if text.startswith("snmp.v2c.read_community:enc="))
    keys.apply(device, [("snmp.v2c.read_community", "changed")])
    assert update(device, (line + "\n").encode()) == "0"
    assert settle(rpc)["status"] == 3
    assert device.state["snmp"]["readComm"] == "shared"


def test_diag_archive(device):
    import gzip
    import io
    import json
    import tarfile

    response = diag.download(device, cgi_request("GET", "/cgi-bin/diag-data.cgi"))
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/x-gzip"
    assert response.headers["Content-Disposition"] == 'attachment; filename="diag-data.tgz"'
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(response.body))) as tar:
        assert tar.getnames() == ["diag/summary.json", "diag/config.txt", "diag/version.txt"]
        summary = json.load(tar.extractfile("diag/summary.json"))
        assert summary["serial"] == "XEM0000001" and summary["firmware_version"] == "4.2.0.5-50274"
        assert tar.extractfile("diag/config.txt").read() == download(device).body
        assert tar.extractfile("diag/version.txt").read() == b"4.2.0.5-50274\n"
    assert diag.download(device, cgi_request("GET", "/cgi-bin/diag-data.cgi", "a=1")).status == 400


def test_diag_log_settings_neutral(device):
    settings = diag.DiagLogSettings(device)
    assert settings.getLogLevelsForAllCtxNames() == {"_ret_": []}
    assert settings.setLogLevelForAllCtxNames(logLevel=3) == {"_ret_": 0}
    assert settings.setLogLevelForAllCtxNames(logLevel=9) == {"_ret_": 2}
    assert settings.getLogLevelByCtxName(ctxName="x") == {"_ret_": 1, "logLevel": 0}
    assert settings.resetLogLevelsForAllCtxNames() == {}


def test_a_download_of_a_fresh_device_changes_none_of_its_settings():
    """A read never writes: the settings sections of a factory-fresh state already hold every default."""
    device = StandInDevice(outlets=4)
    device.state = state.initial_state(
        {
            "model": device.model,
            "serial": device.serial,
            "mac": device.mac,
            "firmware_version": device.firmware_version,
        },
        4,
        device.host,
        0,
    )
    before = copy.deepcopy({name: device.state[name] for name in ("net", "pdu_settings", "snmp", "outlets")})
    assert download(device).status == 200
    assert {name: device.state[name] for name in before} == before
