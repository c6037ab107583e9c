# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Firmware generations (protocol section 14): a mixed fleet where every device presents its own
interface versions, structure fields and methods."""

import subprocess
import sys

import pytest
import requests
from simfixture import AUTH, SIM_ROOT, Simulator, result, rpc

NEW, OLD = 0, 1  # device index in the fleet started with --fw-generation 4.4,4.0
METHOD_NOT_FOUND, INVALID_PARAMS = -32601, -32602
OUTLET = "/model/pdu/0/outlet/0"


@pytest.fixture(scope="module")
def fleet():
    simulator = Simulator("--fleet", "3", "--fw-generation", "4.4,4.0", "--bind", "127.0.4.1")
    yield simulator
    assert simulator.stop() == 0


@pytest.fixture
def session():
    with requests.Session() as http:
        http.auth = AUTH
        yield http


def call(session, fleet, index, rid, method, params=None):
    return result(session, fleet, rid, method, params, index=index)


def test_device_lines_name_the_generation_cycled_over_the_fleet(fleet):
    assert [device["generation"] for device in fleet.devices] == ["4.4", "4.0", "4.4"]
    assert fleet.devices[NEW]["firmware_version"].startswith("4.2.")
    assert fleet.devices[OLD]["firmware_version"].startswith("4.0.")


@pytest.mark.parametrize(
    "index, expected",
    [
        (
            NEW,
            {
                "/model/pdu/0": "pdumodel.Pdu:6.5.7",
                OUTLET: "pdumodel.Outlet:3.0.4",
                "/firmware": "firmware.Firmware:2.0.4",
                "/server_ssl_cert": "cert.ServerSSLCert:4.0.1",
                "/bulk": "bulkrpc.BulkRequest:1.0.2",
            },
        ),
        (
            OLD,
            {
                "/model/pdu/0": "pdumodel.Pdu:6.1.2",
                OUTLET: "pdumodel.Outlet:3.0.1",
                "/firmware": "firmware.Firmware:2.0.2",
                "/server_ssl_cert": "cert.ServerSSLCert:3.0.0",
                "/bulk": "bulkrpc.BulkRequest:1.0.2",
            },
        ),
    ],
)
def test_get_type_info_answers_the_generation_s_version(session, fleet, index, expected):
    for rid, type_id in expected.items():
        info = call(session, fleet, index, rid, "getTypeInfo")["_ret_"]
        assert info["id"] == type_id, rid
        while info["parent"] is not None:
            info = info["parent"]
        assert info == {"id": "idl.Object:1.0.0", "parent": None}


def test_type_info_chain_of_an_energy_sensor_follows_the_bases(session, fleet):
    def chain(index):
        info, ids = call(session, fleet, index, OUTLET + "/activeEnergy", "getTypeInfo")["_ret_"], []
        while info:
            ids.append(info["id"])
            info = info["parent"]
        return ids

    assert chain(OLD) == [
        "sensors.AccumulatingNumericSensor:2.0.6",
        "sensors.NumericSensor:4.0.6",
        "sensors.Sensor:4.0.5",
        "idl.Object:1.0.0",
    ]
    assert chain(NEW)[0] == "sensors.AccumulatingNumericSensor:2.0.10"


def test_get_type_info_takes_no_parameters(session, fleet):
    envelope = rpc(session, fleet, "/firmware", "getTypeInfo", {"x": 1}, index=OLD)
    assert envelope["error"]["code"] == INVALID_PARAMS


def test_references_carry_the_generation_s_type_ids(session, fleet):
    for index, outlet_type, sensor_type in (
        (NEW, "pdumodel.Outlet:3.0.4", "sensors.NumericSensor:4.0.9"),
        (OLD, "pdumodel.Outlet:3.0.1", "sensors.NumericSensor:4.0.6"),
    ):
        outlets = call(session, fleet, index, "/model/pdu/0", "getOutlets")["_ret_"]
        assert {ref["type"] for ref in outlets} == {outlet_type}
        sensors = call(session, fleet, index, OUTLET, "getSensors")["_ret_"]
        assert sensors["voltage"]["type"] == sensor_type


@pytest.mark.parametrize(
    "rid, method, only_new",
    [
        ("/model/pdu/0", "getSettings", {"inhibitRelayControl", "inletWiring"}),
        ("/model/pdu/0", "getMetaData", {"supportedInletWirings"}),
        (OUTLET, "getState", {"inServiceMode"}),
        (OUTLET, "getMetaData", {"hasServiceModeSupport"}),
        (OUTLET, "getSensors", {"unbalancedVoltage"}),
    ],
)
def test_the_4_0_generation_sends_structures_without_the_newer_fields(session, fleet, rid, method, only_new):
    new = call(session, fleet, NEW, rid, method)["_ret_"]
    old = call(session, fleet, OLD, rid, method)["_ret_"]
    assert set(new) - set(old) == only_new
    assert set(old) <= set(new)


@pytest.mark.parametrize(
    "rid, method",
    [
        ("/firmware", "getInfo"),
        ("/model/pdu/0", "getPorts"),
        ("/server_ssl_cert", "getSupportedKeyInfos"),
        (OUTLET + "/activeEnergy", "getLastResetTime"),
    ],
)
def test_methods_of_the_newer_interfaces_are_unknown_to_a_4_0_device(session, fleet, rid, method):
    assert "error" not in rpc(session, fleet, rid, method, index=NEW)
    assert rpc(session, fleet, rid, method, index=OLD)["error"]["code"] == METHOD_NOT_FOUND


def test_a_4_0_device_refuses_settings_fields_it_does_not_know_and_keeps_its_settings(session, fleet):
    before = call(session, fleet, OLD, "/model/pdu/0", "getSettings")["_ret_"]
    envelope = rpc(
        session, fleet, "/model/pdu/0", "setSettings", {"settings": dict(before, inhibitRelayControl=True)}, index=OLD
    )
    assert envelope["error"]["code"] == INVALID_PARAMS
    assert "inhibitRelayControl" in envelope["error"]["data"]["path"]
    assert call(session, fleet, OLD, "/model/pdu/0", "getSettings")["_ret_"] == before
    written = dict(before, name="old-generation")
    assert call(session, fleet, OLD, "/model/pdu/0", "setSettings", {"settings": written})["_ret_"] == 0
    assert call(session, fleet, OLD, "/model/pdu/0", "getSettings")["_ret_"] == written


def _req_info(index):
    subject = {
        "country": "DE",
        "stateOrProvince": "",
        "locality": "",
        "organization": "Xerus",
        "organizationalUnit": "",
        "commonName": "pdu.example",
        "emailAddress": "",
    }
    if index == OLD:
        return {"subject": subject, "names": ["pdu.example"], "keyType": 2, "ellipticCurve": 1, "rsaKeyLength": 0}
    return {
        "subject": subject,
        "names": ["pdu.example"],
        "keyInfo": {"type": 2, "ecCurve": 1, "rsaKeyLength": 0, "inSecureElement": False},
    }


@pytest.mark.parametrize("index", [NEW, OLD])
def test_certificate_structures_follow_the_generation(session, fleet, index):
    other = OLD if index == NEW else NEW
    refused = rpc(
        session,
        fleet,
        "/server_ssl_cert",
        "generateSelfSignedKeyPair",
        {"reqInfo": _req_info(other), "days": 30},
        index=index,
    )
    assert refused["error"]["code"] == INVALID_PARAMS
    created = call(
        session,
        fleet,
        index,
        "/server_ssl_cert",
        "generateSelfSignedKeyPair",
        {"reqInfo": _req_info(index), "days": 30},
    )
    assert created["_ret_"] == 0
    try:
        info = call(session, fleet, index, "/server_ssl_cert", "getInfo")["info"]
        pending = info["pendingCertInfo"]
        assert pending["subject"]["commonName"] == "pdu.example"
        if index == OLD:
            assert "keyInfo" not in pending and "keyInfo" not in info["activeCertInfo"]
            assert (pending["keyType"], pending["ellipticCurve"], pending["rsaKeyLength"]) == (2, 1, 0)
        else:
            assert "keyType" not in pending
            assert pending["keyInfo"]["type"] == 2
    finally:
        call(session, fleet, index, "/server_ssl_cert", "deletePending")


def test_relay_inhibition_is_not_a_4_0_setting(session, fleet):
    """A 4.0 device has no inhibitRelayControl: switching never answers code 5 there."""
    assert call(session, fleet, OLD, OUTLET, "setPowerState", {"pstate": 0})["_ret_"] == 0
    assert call(session, fleet, OLD, OUTLET, "getState")["_ret_"]["powerState"] == 0


def test_an_unknown_generation_is_refused_at_start():
    command = [sys.executable, "-m", "xerus_sim", "--port", "0", "--fw-generation", "4.0,5.1"]
    done = subprocess.run(command, cwd=SIM_ROOT, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert "--fw-generation" in done.stderr and "5.1" in done.stderr


def test_repeated_slashes_in_the_path_name_the_same_rid(session, fleet):
    """The vendor's 4.0.20 bindings request https://pdu//model/pdu/0 (base URL + "/" + rid)."""
    response = session.post(
        fleet.url("//firmware", OLD), json={"method": "getVersion", "params": {}, "id": 1}, verify=False, timeout=10
    )
    assert response.status_code == 200
    assert response.json()["result"]["_ret_"] == fleet.devices[OLD]["firmware_version"]


def test_net_interface_settings_of_a_4_0_device_lack_stable_privacy(session, fleet):
    def ipv4(index):
        settings = call(session, fleet, index, "/net", "getSettings")["_ret_"]
        return settings, settings["ifMap"][0]["value"]["ipv4"]

    _, new = ipv4(NEW)
    settings, old = ipv4(OLD)
    assert set(new) - set(old) == {"stablePrivacyEnabled"}
    old["stablePrivacyEnabled"] = False
    envelope = rpc(session, fleet, "/net", "setSettings", {"settings": settings}, index=OLD)
    assert envelope["error"]["code"] == INVALID_PARAMS
