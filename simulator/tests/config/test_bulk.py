# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bulk configuration (protocol 8) on a stand-in device: captured SDK traffic
replayed against the handlers, file format, encryption, every restore code,
status transitions, filter profiles."""

import hashlib
import re
import time
from urllib.parse import quote

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

from xerus_sim.config import bulk, keys

SAVE = "/cgi-bin/bulk_config_save.cgi"
RESTORE = "/cgi-bin/bulk_config_restore.cgi"


def captured_device():
    """The device of captures/bulk.json: 8 outlets, outlet 1 'web-1', outlet 8 'db-8', name 'rack-7'."""
    device = StandInDevice(outlets=8)
    device.timings.restore_delay = 0.3
    keys.apply(device, [("pdu.outlets[0].name", "web-1"), ("pdu.outlets[7].name", "db-8"), ("pdu.name", "rack-7")])
    return device


@pytest.fixture
def device():
    return captured_device()


@pytest.fixture
def rpc(device):
    return bulk.BulkConfiguration(device)


def save(device, query=""):
    return bulk.save(device, cgi_request("GET", SAVE, query))


def restore(device, data, query="link_ids=1", name="bulk_config_file"):
    content_type, body = form_body([(name, "bulk_config.txt", data)])
    response = bulk.restore(device, cgi_request("POST", RESTORE, query, body, content_type))
    assert response.status == 200 and response.body == f"return_code={response.headers['X-Response-Code']}\n".encode()
    return int(response.headers["X-Response-Code"])


def resign(text):
    body = text[: text.rindex("#!checksum")]
    return (body + "#!checksum sha256=" + hashlib.sha256(body.encode()).hexdigest() + "\n").encode()


def settle(rpc):
    return wait_until_settled(rpc.getStatus)


# ---- replay of the recorded SDK session -------------------------------------------


def test_replay_of_captured_sdk_session(device, rpc):
    """Every recorded call without a redacted password gives the recorded answer."""
    replayed = 0
    for step in captured_steps("bulkcfg"):
        exchange = captured_exchange(step)
        request, expected = exchange["request"], exchange["response"]
        if "<redacted>" in request["query"] or not _replayable(request):
            continue
        replayed += 1
        if request["path"] == "/bulkcfg":
            _replay_rpc(rpc, step, request, expected)
        elif request["path"] == SAVE:
            _replay_save(device, request, expected)
        else:
            want = int(header_value(expected, "X-Response-Code"))
            if want != 11:
                settle(rpc)
            response = bulk.restore(device, request_from_capture(request))
            assert int(response.headers["X-Response-Code"]) == want, step["sdk_call"]
    assert replayed >= 25


def _replayable(request):
    """False for an upload the capture keeps only in part (a large file: size, digest and first bytes)."""
    parts = ((request.get("body") or {}).get("multipart") or {}).get("parts") or []
    return all("text" in part for part in parts)


def _replay_rpc(rpc, step, request, expected):
    method = request["body"]["json"]["method"]
    want = expected["body"]["json"]["result"]
    got = getattr(rpc, method)(**request["body"]["json"]["params"])
    if method == "getStatus":
        if "until" in step["sdk_call"]:
            got = settle(rpc) if want["status"] != 2 else got
        assert got["status"] == want["status"], step["sdk_call"]
        assert (got["timeStamp"] == 0) == (want["timeStamp"] == 0)
    else:
        assert got == want, step["sdk_call"]


def _replay_save(device, request, expected):
    response = save(device, request["query"])
    assert response.status == expected["status"]
    for name in ("Content-Type", "Content-Disposition", "X-Response-Code"):
        assert response.headers.get(name) == header_value(expected, name), name
    text = expected["body"].get("text")
    if "config_format=cleartext" in request["query"]:
        assert response.body.decode() == text
    elif response.status == 200:
        assert _without_tokens(response.body.decode()) == _without_tokens(text)


def _without_tokens(text):
    return [line for line in text.split("\n") if ":enc=" not in line and not line.startswith("#!checksum")]


# ---- save ----------------------------------------------------------------------------


def test_bulk_mode_excludes_identity_and_network(device):
    text = save(device, "config_format=cleartext&link_ids=1").body.decode()
    names = [line.split("=")[0] for line in text.split("\n")[2:-2]]
    assert "pdu.name" not in names and "snmp.sys_name" not in names and "snmp.sys_location" not in names
    assert not any(k.startswith("net.") for k in names)
    assert "snmp.sys_contact" in names and "pdu.cycle_delay" in names and "security.block_time" in names
    assert not any(k.startswith(("users", "roles")) for k in names)  # user_management is bulk-only
    order = [key for key, _value in keys.read_lines(device)]
    assert names == [key for key in order if key in names]  # the download's order


def test_backup_mode_exports_every_key(device):
    text = save(device, "config_format=cleartext&link_ids=1&mode=backup").body.decode()
    assert len(text.split("\n")) == 2 + len(keys.read_lines(device)) + 2
    assert (
        "mode=backup profile=builtin filters=device_identity,network,outlet_settings,pdu_settings,"
        "security_settings,snmp_settings,user_management "
    ) in text


def test_cleartext_is_byte_identical_and_encrypted_is_not(device):
    assert save(device, "config_format=cleartext&link_ids=1").body == save(device, "config_format=cleartext").body
    first, second = save(device).body, save(device).body
    assert first != second and _without_tokens(first.decode()) == _without_tokens(second.decode())


def test_encrypted_secrets_never_in_clear(device):
    keys.apply(device, [("snmp.v2c.read_community", "s3cret-read")])
    for query in ("link_ids=1", "bulk_config_password=pw%20x&link_ids=1"):
        body = save(device, query).body
        assert b"s3cret-read" not in body
        assert re.search(rb"^snmp\.v2c\.read_community:enc=gAAAAA", body, re.M)


def test_password_header_has_salt_before_encryption(device):
    header = save(device, "bulk_config_password=abc&link_ids=1").body.decode().split("\n")[1]
    assert re.fullmatch(
        r"#!header format=xerus-bulkcfg/1 device_type=PDU model=PX3-5190R "
        r"firmware_version=4\.2\.0\.5-50274 mode=bulk profile=builtin "
        r"filters=outlet_settings,pdu_settings,security_settings,snmp_settings salt=[A-Za-z0-9_-]{22}== "
        r"encryption=password",
        header,
    )


def test_cleartext_overrides_password(device):
    assert b"encryption=none" in save(device, "bulk_config_password=abc&config_format=cleartext&link_ids=1").body


@pytest.mark.parametrize(
    "query,code",
    [
        ("link_ids=2", 2),
        ("link_ids=1,2", 2),
        ("link_ids=1&link_ids=1", 2),
        ("foo=1&link_ids=1", 2),
        ("config_format=xml&link_ids=1", 2),
        ("mode=full&link_ids=1", 2),
        ("link_ids", 2),
        ("bulk_config_password=&link_ids=1", 2),
        ("link_ids=1&filter_profile=nope", 15),
        ("link_ids=1&filter_profile=", 2),
    ],
)
def test_save_refusals(device, query, code):
    response = save(device, query)
    assert (response.status, response.headers["X-Response-Code"], response.body) == (400, str(code), b"Bad Request\n")


def test_save_with_custom_profile(device, rpc):
    profile = {
        "name": "no-outlets",
        "description": "d",
        "filterNameToTypeMap": [{"key": "outlet_settings", "value": 1}, {"key": "device_identity", "value": 0}],
    }
    assert rpc.addFilterProfile(profile=profile) == {"_ret_": 0}
    text = save(device, "config_format=cleartext&link_ids=1&filter_profile=" + quote("no-outlets")).body.decode()
    assert "profile=no-outlets filters=device_identity,pdu_settings,security_settings,snmp_settings " in text
    assert "pdu.outlets" not in text and "pdu.name=rack-7" in text
    assert rpc.selectDefaultFilterProfile(profileName="no-outlets") == {"_ret_": 0}
    assert "profile=no-outlets" in save(device, "config_format=cleartext&link_ids=1").body.decode()


# ---- restore codes ----------------------------------------------------------------------


def test_restore_applies_after_the_delay(device, rpc):
    text = save(device, "config_format=cleartext&link_ids=1").body.decode()
    changed = resign(text.replace("pdu.outlets[0].name=web-1", "pdu.outlets[0].name=new-1"))
    started = int(time.time())
    assert restore(device, changed) == 0
    pending = rpc.getStatus()
    assert pending["status"] == 2 and pending["timeStamp"] >= started
    assert device.state["outlets"][0]["settings"]["name"] == "web-1"
    assert restore(device, changed) == 11
    done = settle(rpc)
    assert done["status"] == 3 and done["timeStamp"] >= pending["timeStamp"]
    assert device.state["outlets"][0]["settings"]["name"] == "new-1"


def test_pending_items_applied_by_a_download(device):
    text = save(device, "config_format=cleartext&link_ids=1").body.decode()
    assert restore(device, resign(text.replace("pdu.cycle_delay=10", "pdu.cycle_delay=20"))) == 0
    time.sleep(0.35)
    assert "pdu.cycle_delay=20" in save(device, "config_format=cleartext").body.decode()


@pytest.mark.parametrize(
    "edit,code",
    [
        (lambda t: t.replace("device_type=PDU", "device_type=BCM2"), 4),
        (lambda t: t.replace("model=PX3-5190R", "model=PX3-5145R"), 5),
        (lambda t: t.replace("firmware_version=4.2.0.5-50274", "firmware_version=4.1.0"), 6),
        (lambda t: t.replace("filters=", "filters=frobnicate,"), 15),
        (lambda t: t.replace("format=xerus-bulkcfg/1", "format=xerus-bulkcfg/2"), 13),
        (lambda t: t.replace("mode=bulk", "mode=full"), 13),
        (lambda t: t.replace("encryption=none", "encryption=rot13"), 13),
        (lambda t: t.replace("#!header", "#!heading"), 13),
        (lambda t: t.replace("# Xerus bulk configuration", "#!header format=xerus-bulkcfg/1"), 13),
        (lambda t: t.replace("pdu.cycle_delay=10", "pdu.cycle_delay 10"), 13),
        (lambda t: t.replace("pdu.cycle_delay=10", "pdu.cycle_delay=0"), 13),
        (lambda t: t.replace("pdu.cycle_delay=10", "pdu.colour=blue"), 13),
        (lambda t: t.replace("pdu.cycle_delay=10", "pdu.cycle_delay:enc=gAAAAA"), 13),
    ],
)
def test_restore_file_codes(device, edit, code):
    text = save(device, "config_format=cleartext&link_ids=1").body.decode()
    assert restore(device, resign(edit(text))) == code
    assert bulk.BulkConfiguration(device).getStatus()["status"] == 1


def test_restore_not_utf8_is_13(device):
    text = save(device, "config_format=cleartext&link_ids=1").body
    body = text[: text.rindex(b"#!checksum")].replace(b"pdu.outlets[1].name=", b"pdu.outlets[1].name=\xff")
    assert restore(device, body + b"#!checksum sha256=" + hashlib.sha256(body).hexdigest().encode() + b"\n") == 13


@pytest.mark.parametrize(
    "mangle",
    [
        lambda b: b.replace(b"pdu.cycle_delay=10", b"pdu.cycle_delay=11"),
        lambda b: b[: b.rindex(b"#!checksum")],
        lambda b: b.replace(b"sha256=", b"sha1="),
        lambda b: b + b"\n",
        lambda b: b"hello\n",
        lambda b: b"",
    ],
)
def test_checksum_errors_are_14(device, mangle):
    assert restore(device, mangle(save(device, "config_format=cleartext&link_ids=1").body)) == 14


@pytest.mark.parametrize(
    "query",
    [
        "link_ids=2",
        "link_ids=1&link_ids=1",
        "skip_checks=serial&link_ids=1",
        "skip_checks=model,model&link_ids=1",
        "mode=bulk&link_ids=1",
        "x=1",
        "user_password=&link_ids=1",
    ],
)
def test_restore_query_errors_are_2(device, query):
    assert restore(device, save(device, "config_format=cleartext").body, query) == 2


def test_restore_form_errors(device):
    good = save(device, "config_format=cleartext").body
    assert restore(device, good, name="file") == 2
    response = bulk.restore(device, cgi_request("POST", RESTORE, "link_ids=1", good, "text/plain"))
    assert response.headers["X-Response-Code"] == "2"
    content_type, body = form_body([("bulk_config_file", "bulk_config.txt", good)])
    broken = cgi_request("POST", RESTORE, "link_ids=1", body[: len(body) // 2], content_type)
    broken.content_length = len(body)
    assert bulk.restore(device, broken).headers["X-Response-Code"] == "1"
    assert restore(device, b"x" * (4 * 1024 * 1024 + 1)) == 12


def test_skip_checks(device, rpc):
    text = save(device, "config_format=cleartext").body.decode()
    other = resign(
        text.replace("model=PX3-5190R", "model=PX3-5145R").replace(
            "firmware_version=4.2.0.5-50274", "firmware_version=4.1.0"
        )
    )
    assert restore(device, other, "skip_checks=model&link_ids=1") == 6
    assert restore(device, other, "skip_checks=firmware_version&link_ids=1") == 5
    assert restore(device, other, "skip_checks=firmware_version,model&link_ids=1") == 0
    assert settle(rpc)["status"] == 3


def test_password_round_trip(device, rpc):
    keys.apply(device, [("snmp.v2c.write_community", "w-secret")])
    data = save(device, "bulk_config_password=" + quote("p&ss w/rd") + "&link_ids=1").body
    keys.apply(device, [("snmp.v2c.write_community", "other")])
    assert restore(device, data) == 2
    assert restore(device, data, "user_password=wrong&link_ids=1") == 13
    assert restore(device, data, "user_password=" + quote("p&ss w/rd") + "&link_ids=1") == 0
    assert settle(rpc)["status"] == 3
    assert device.state["snmp"]["writeComm"] == "w-secret"


def test_device_encrypted_round_trip_and_other_device(device, rpc):
    keys.apply(device, [("snmp.v2c.read_community", "r-secret")])
    data = save(device).body
    keys.apply(device, [("snmp.v2c.read_community", "other")])
    assert restore(StandInDevice(outlets=8), data) == 13
    assert restore(device, data) == 0
    assert settle(rpc)["status"] == 3
    assert device.state["snmp"]["readComm"] == "r-secret"


def test_backup_file_applies_identity_only_in_backup_mode(device, rpc):
    data = save(device, "config_format=cleartext&mode=backup").body.decode()
    data = resign(
        data.replace("pdu.name=rack-7", "pdu.name=other")
        .replace("net.dns.resolver_prefers_ipv6=0", "net.dns.resolver_prefers_ipv6=1")
        .replace("pdu.outlets[1].name=", "pdu.outlets[1].name=o2")
    )
    assert restore(device, data) == 0 and settle(rpc)["status"] == 3
    assert device.state["pdu_settings"]["name"] == "rack-7" and device.state["net"].get("prefers_ipv6") is not True
    assert device.state["outlets"][1]["settings"]["name"] == "o2"
    assert restore(device, data, "link_ids=1&mode=backup") == 0 and settle(rpc)["status"] == 3
    assert device.state["pdu_settings"]["name"] == "other" and device.state["net"]["prefers_ipv6"] is True


def test_bulk_file_never_applies_network(device, rpc):
    rpc.addFilterProfile(
        profile={"name": "ident", "description": "", "filterNameToTypeMap": [{"key": "device_identity", "value": 0}]}
    )
    data = save(device, "config_format=cleartext&filter_profile=ident").body.decode()
    assert "pdu.name=rack-7" in data
    lines = data.split("\n")
    lines.insert(3, "net.dns.resolver_prefers_ipv6=1")
    assert (
        restore(
            device, resign("\n".join(lines).replace("pdu.name=rack-7", "pdu.name=copied")), "link_ids=1&mode=backup"
        )
        == 0
    )
    assert settle(rpc)["status"] == 3
    assert device.state["net"].get("prefers_ipv6") is not True and device.state["pdu_settings"]["name"] == "copied"


def test_restore_failed_when_state_no_longer_accepts(device, rpc):
    text = save(device, "config_format=cleartext").body.decode()
    assert restore(device, resign(text)) == 0
    device.state["outlets"].pop()  # the device lost an outlet before the delay elapsed
    assert settle(rpc)["status"] == 4


# ---- profiles ------------------------------------------------------------------------------


def profile(name, **types):
    return {"name": name, "description": "", "filterNameToTypeMap": [{"key": k, "value": v} for k, v in types.items()]}


def test_profile_codes(rpc):
    assert rpc.addFilterProfile(profile=profile("p1", outlet_settings=1)) == {"_ret_": 0}
    assert rpc.addFilterProfile(profile=profile("p1")) == {"_ret_": 3}
    assert rpc.addFilterProfile(profile=profile("builtin")) == {"_ret_": 6}
    assert rpc.addFilterProfile(profile=profile("x" * 33)) == {"_ret_": 7}
    assert rpc.addFilterProfile(profile=profile("bad name")) == {"_ret_": 8}
    assert rpc.addFilterProfile(profile=profile("")) == {"_ret_": 8}
    assert rpc.addFilterProfile(profile=profile("p2", nope=0)) == {"_ret_": 1}
    assert rpc.addFilterProfile(profile=profile("p2", network=0)) == {"_ret_": 2}
    assert rpc.addFilterProfile(profile=profile("p2", network=1)) == {"_ret_": 0}
    assert rpc.modifyFilterProfile(profile=profile("p3")) == {"_ret_": 4}
    assert rpc.modifyFilterProfile(profile=profile("builtin")) == {"_ret_": 6}
    assert rpc.modifyFilterProfile(profile=profile("p1", network=0)) == {"_ret_": 2}
    assert rpc.modifyFilterProfile(profile=profile("p1", snmp_settings=1)) == {"_ret_": 0}
    assert rpc.selectDefaultFilterProfile(profileName="nope") == {"_ret_": 4}
    assert rpc.selectDefaultFilterProfile(profileName="p1") == {"_ret_": 0}
    assert rpc.deleteFilterProfile(profileName="p1") == {"_ret_": 5}
    assert rpc.deleteFilterProfile(profileName="builtin") == {"_ret_": 6}
    assert rpc.deleteFilterProfile(profileName="nope") == {"_ret_": 4}
    assert rpc.selectDefaultFilterProfile(profileName="builtin") == {"_ret_": 0}
    assert rpc.deleteFilterProfile(profileName="p1") == {"_ret_": 0}
    names = [p["name"] for p in rpc.getFilterProfiles()["_ret_"]]
    assert names == ["builtin", "p2"]


def test_profile_limit_and_inherited_map(rpc):
    for index in range(16):
        assert rpc.addFilterProfile(profile=profile(f"p{index}"))["_ret_"] == 0
    assert rpc.addFilterProfile(profile=profile("p16")) == {"_ret_": 9}
    p0 = rpc.getFilterProfiles()["_ret_"][1]
    assert p0["filterNameToTypeMap"] == rpc.getFilterProfiles()["_ret_"][0]["filterNameToTypeMap"]


def test_settings_round_trip_and_codes(rpc):
    settings = rpc.getSettings()["_ret_"]
    assert settings["defaultProfileName"] == "builtin" and len(settings["filterProfiles"]) == 1
    settings["filterProfiles"].append(profile("a", snmp_settings=1))
    settings["defaultProfileName"] = "a"
    assert rpc.setSettings(settings=settings) == {"_ret_": 0}
    assert rpc.getDefaultFilterProfileName() == {"_ret_": "a"}
    assert (
        rpc.setSettings(settings={"filterProfiles": [profile("a"), profile("a")], "defaultProfileName": "a"})["_ret_"]
        == 3
    )
    assert rpc.setSettings(settings={"filterProfiles": [], "defaultProfileName": "zz"})["_ret_"] == 4
    assert (
        rpc.setSettings(settings={"filterProfiles": [profile("b", bogus=0)], "defaultProfileName": "b"})["_ret_"] == 1
    )
    assert rpc.getSettings()["_ret_"]["defaultProfileName"] == "a"


def test_bad_profile_struct_is_invalid_params(rpc):
    from xerus_sim.rpc.errors import RpcError

    for bad in (
        {"name": "x"},
        {"name": "x", "description": "", "filterNameToTypeMap": {"network": 1}},
        {"name": "x", "description": "", "filterNameToTypeMap": [{"key": "network", "value": 2}]},
        {"name": "x", "description": "", "filterNameToTypeMap": [{"key": "network", "value": True}]},
    ):
        with pytest.raises(RpcError) as raised:
            rpc.addFilterProfile(profile=bad)
        assert raised.value.code == -32602
