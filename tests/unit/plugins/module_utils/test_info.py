# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""info.py: device structures (as in protocol 4-7 and captures/device.json) -> the keys xerus_info returns."""

from __future__ import annotations

import base64
import copy
import datetime
import hashlib
import json
from pathlib import Path

import pytest
import requests

from ansible_collections.xerus.pdu.plugins.module_utils import info
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call, XerusClient
from ansible_collections.xerus.pdu.plugins.module_utils.enums import OUTLET_STARTUP_STATE, UNKNOWN, index_of, name_of
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError

METADATA = {
    "nameplate": {
        "manufacturer": "Raritan",
        "brand": "Raritan",
        "model": "PX3-5190R",
        "partNumber": "PX3-5190R",
        "serialNumber": "XEM0000001",
        "rating": {"voltage": "200-240V", "current": "32A", "frequency": "50/60Hz", "power": "6.4-7.7kVA"},
        "imageFileURL": "",
    },
    "ctrlBoardSerial": "XEM0000001C",
    "hwRevision": "0x64",
    "fwRevision": "4.2.0.5-50274",
    "macAddress": "00:0d:5d:00:00:01",
    "hasSwitchableOutlets": True,
    "hasMeteredOutlets": True,
    "hasLatchingOutletRelays": False,
    "isInlineMeter": False,
    "isEnergyPulseSupported": False,
    "hasDCInlets": False,
    "pduOrientation": 0,
    "supportedInletWirings": [0, 1],
}
PDU_SETTINGS = {
    "name": "rack-7",
    "startupState": 2,
    "cycleDelay": 10,
    "inRushGuardDelay": 200,
    "outletPowerStateSequence": [2, 0, 1],
    "powerOnDelay": 0,
    "latchingRelays": False,
    "energyPulseEnabled": False,
    "energyPulsesPerKWh": 0,
    "demandUpdateInterval": 0,
    "demandAveragingIntervals": 0,
    "suspendTripCauseOutlets": False,
    "inhibitRelayControl": True,
    "inletWiring": 0,
}
OUTLET_REFS = [{"rid": f"/model/pdu/0/outlet/{n}", "type": "pdumodel.Outlet:3.0.4"} for n in range(3)]
INLET_REFS = [{"rid": "/model/pdu/0/inlet/0", "type": "pdumodel.Inlet:3.0.4"}]
OUTLET_META = {
    "label": "1",
    "receptacleType": "IEC 60320 C13",
    "namePlate": {},
    "isSwitchable": True,
    "rating": {"current": 10, "decimalCurrent": 10.0, "minVoltage": 200, "maxVoltage": 240},
    "isLatching": False,
    "maxRelayCycleCnt": 100000,
    "hasWaveformSupport": False,
    "hasServiceModeSupport": True,
}
OUTLET_STATE = {
    "available": True,
    "powerState": 0,
    "switchOnInProgress": False,
    "cycleInProgress": False,
    "isLoadShed": False,
    "isSuspended": False,
    "hasInrushWaveform": False,
    "inServiceMode": False,
    "ledState": {"red": False, "green": False, "blinking": False},
    "lastPowerStateChange": 1795533958,
}
OUTLET_SETTINGS = {
    "name": "web-1",
    "startupState": 3,
    "usePduCycleDelay": True,
    "cycleDelay": 10,
    "nonCritical": False,
    "sequenceDelay": 0,
}
CAPTURES = Path(__file__).resolve().parents[4] / "tests" / "protocol" / "captures"
READING = {
    "timestamp": 1795533960,
    "available": True,
    "valid": True,
    "value": 230.0,
    "status": {
        "aboveUpperCritical": False,
        "aboveUpperWarning": False,
        "belowLowerWarning": False,
        "belowLowerCritical": False,
    },
}


def test_device_keys_from_metadata_settings_and_references():
    device = info.map_device(METADATA, PDU_SETTINGS, OUTLET_REFS, INLET_REFS)
    assert (device["model"], device["serial"], device["mac_address"]) == (
        "PX3-5190R",
        "XEM0000001",
        "00:0d:5d:00:00:01",
    )
    assert device["name"] == "rack-7"
    assert device["hardware_revision"] == "0x64"
    assert device["firmware_version"] == "4.2.0.5-50274"
    assert (device["outlet_count"], device["inlet_count"]) == (3, 1)
    assert device["orientation"] == "none"
    assert device["supported_inlet_wirings"] == ["auto_detect", "single_phase"]
    assert device["rating"]["current"] == "32A"
    settings = device["settings"]
    assert settings["startup_state"] == "last_known"
    assert settings["outlet_sequence"] == [3, 1, 2]  # wire numbers are 0-based, returned ones 1-based
    assert settings["inhibit_relay_control"] is True
    assert settings["inlet_wiring"] == "auto_detect"


def test_unknown_enum_indices_read_unknown_instead_of_failing():
    metadata = dict(METADATA, pduOrientation=7, supportedInletWirings=[1, 9])
    device = info.map_device(metadata, dict(PDU_SETTINGS, startupState=5, inletWiring=-1), [], [])
    assert device["orientation"] == UNKNOWN
    assert device["supported_inlet_wirings"] == ["single_phase", UNKNOWN]
    assert device["settings"]["startup_state"] == UNKNOWN
    assert device["settings"]["inlet_wiring"] == UNKNOWN
    outlet = info.map_outlet(1, OUTLET_META, dict(OUTLET_STATE, powerState=2), dict(OUTLET_SETTINGS, startupState=4))
    assert outlet["power_state"] == UNKNOWN
    assert outlet["startup_state"] == UNKNOWN


def test_enum_helper_rejects_booleans_and_names_round_trip():
    assert name_of(OUTLET_STARTUP_STATE, True) == UNKNOWN
    assert name_of(OUTLET_STARTUP_STATE, "1") == UNKNOWN
    for index, text in OUTLET_STARTUP_STATE.items():
        assert index_of(OUTLET_STARTUP_STATE, text) == index
    with pytest.raises(KeyError):
        index_of(OUTLET_STARTUP_STATE, "sometimes")


@pytest.mark.parametrize(
    "state, expected",
    [
        ({"powerState": 1}, ("on", "on")),
        ({"powerState": 0}, ("off", "off")),
        ({"powerState": 0, "switchOnInProgress": True}, ("on", "off")),
        ({"powerState": 0, "cycleInProgress": True}, ("on", "off")),
    ],
)
def test_outlet_state_counts_queued_and_cycling_outlets_as_on(state, expected):
    outlet = info.map_outlet(4, OUTLET_META, dict(OUTLET_STATE, **state), OUTLET_SETTINGS)
    assert (outlet["state"], outlet["power_state"]) == expected


def test_outlet_keys():
    outlet = info.map_outlet(1, OUTLET_META, OUTLET_STATE, OUTLET_SETTINGS)
    assert outlet == {
        "number": 1,
        "label": "1",
        "name": "web-1",
        "state": "off",
        "power_state": "off",
        "available": True,
        "switch_on_in_progress": False,
        "cycle_in_progress": False,
        "load_shed": False,
        "last_power_state_change": 1795533958,
        "startup_state": "pdu_default",
        "use_pdu_cycle_delay": True,
        "cycle_delay": 10,
        "non_critical": False,
        "sequence_delay": 0,
        "receptacle": "IEC 60320 C13",
        "rated_current": 10,
        "switchable": True,
    }


def test_inlet_readings_in_snake_case_and_unavailable_ones_null():
    readings = {
        "voltage": READING,
        "activePower": dict(READING, value=952.7),
        "activeEnergy": dict(READING, value=3600.0),
        "lineFrequency": dict(READING, valid=False),
        "powerFactor": dict(READING, available=False),
    }
    metadata = {
        "label": "I1",
        "plugType": "IEC 60309 2P+E 32A",
        "namePlate": {},
        "rating": {"current": 32, "decimalCurrent": 32.0, "minVoltage": 200, "maxVoltage": 240},
        "hasWaveformSupport": False,
        "isDC": False,
    }
    inlet = info.map_inlet(1, metadata, {"name": "feed A"}, readings)
    assert inlet["label"] == "I1" and inlet["name"] == "feed A"
    assert inlet["rated_voltage"] == {"min": 200, "max": 240}
    assert inlet["readings"] == {
        "active_energy": 3600.0,
        "active_power": 952.7,
        "line_frequency": None,
        "power_factor": None,
        "voltage": 230.0,
    }


@pytest.mark.parametrize(
    "idl, key",
    [
        ("activePower", "active_power"),
        ("voltage", "voltage"),
        ("residualACCurrent", "residual_ac_current"),
        ("voltageThd", "voltage_thd"),
        ("stateOrProvince", "state_or_province"),
    ],
)
def test_snake_case(idl, key):
    assert info.snake(idl) == key


def test_sensor_reading_methods_follow_reference_types_and_skip_null_references():
    sensors = {
        "voltage": {"rid": "/x/voltage", "type": "sensors.NumericSensor:4.0.9"},
        "activeEnergy": {"rid": "/x/e", "type": "sensors.AccumulatingNumericSensor:2.0.10"},
        "surgeProtectorStatus": {"rid": "/x/s", "type": "sensors.StateSensor:4.0.8"},
        "residualCurrent": {"rid": "/x/r", "type": "pdumodel.TypeBResidualCurrentNumericSensor:1.0.4"},
        "residualCurrentStatus": {"rid": "/x/rs", "type": "pdumodel.ResidualCurrentStateSensor:2.0.5"},
        "peakCurrent": None,
        "odd": {"rid": "/x/o", "type": "sensors.Something:1.0.0"},
    }
    calls = info._returned_reading_calls("p", sensors, {"p.reading.voltage": READING})
    assert {key: (call.rid, call.method) for key, (call, _required) in calls.items()} == {
        "p.reading.activeEnergy": ("/x/e", "getReading"),
        "p.reading.surgeProtectorStatus": ("/x/s", "getState"),
        "p.reading.residualCurrent": ("/x/r", "getReading"),
        "p.reading.residualCurrentStatus": ("/x/rs", "getState"),
    }


def test_well_known_inlet_sensor_rids():
    calls = info._well_known_reading_calls("inlet.2", 1)
    call, required = calls["inlet.2.reading.activeEnergy"]
    assert (call.rid, call.method, required) == ("/model/pdu/0/inlet/1/activeEnergy", "getReading", False)
    assert calls["inlet.2.reading.powerQuality"][0].method == "getState"


@pytest.mark.parametrize(
    "type_info, expected",
    [
        ({"id": "firmware.Firmware:2.0.4", "parent": None}, True),  # 4.4 generation
        ({"id": "firmware.Firmware:2.0.10", "parent": None}, True),
        ({"id": "firmware.Firmware:3.0.0", "parent": None}, True),
        ({"id": "firmware.Firmware:2.0.2", "parent": None}, False),  # 4.0 generation: no getInfo
        ({"id": "firmware.Firmware", "parent": None}, False),
        (None, False),  # getTypeInfo failed: do not guess
    ],
)
def test_firmware_get_info_only_where_the_interface_has_it(type_info, expected):
    assert info.firmware_has_info(type_info) is expected


def test_first_bulk_holds_net_and_no_configuration_download():
    calls = info._first_calls(info.SUBSETS)
    targets = {(call.rid, call.method) for call, _required in calls.values()}
    assert {
        ("/net", "getInfo"),
        ("/net", "getSettings"),
        ("/firmware", "getTypeInfo"),
        ("/model/pdu/0/inlet/0/voltage", "getReading"),
    } <= targets
    assert ("/firmware", "getInfo") not in targets
    assert not any(rid.startswith("/cgi-bin/") for rid, _method in targets)


def test_firmware_and_update_history():
    history = [
        {
            "timestamp": 1795533969,
            "oldVersion": "4.2.0.5-50274",
            "imageVersion": "4.3.0.1-50400",
            "product": "PX3",
            "platform": "px3",
            "imageMD5": "be6d",
            "status": 0,
            "details": "",
        },
        {
            "timestamp": 1795534000,
            "oldVersion": "4.3.0.1-50400",
            "imageVersion": "4.4.0.0-1",
            "product": "PX3",
            "platform": "px3",
            "imageMD5": "aa",
            "status": 9,
            "details": "x",
        },
    ]
    firmware = info.map_firmware(
        "4.3.0.1-50400", {"product": "PX3", "platform": "px3", "version": "4.3.0.1-50400"}, history
    )
    assert firmware["version"] == "4.3.0.1-50400"
    assert [entry["status"] for entry in firmware["update_history"]] == ["successful", UNKNOWN]
    assert firmware["update_history"][0]["old_version"] == "4.2.0.5-50274"
    assert firmware["update_history"][0]["time"].endswith("Z")


def _cert_info():
    name = {
        "country": "US",
        "stateOrProvince": "",
        "locality": "",
        "organization": "Raritan",
        "organizationalUnit": "PX3-5190R",
        "commonName": "192.0.2.10",
        "emailAddress": "",
    }
    return {
        "havePendingReq": False,
        "havePendingCert": True,
        "activeCertInfo": {
            "subject": name,
            "issuer": dict(name, commonName="Lab CA"),
            "names": ["192.0.2.10"],
            "invalidBefore": "Nov 24 14:11:05 2026 GMT",
            "invalidAfter": "Nov 21 14:11:05 2036 GMT",
            "serialNumber": "0A1B",
            "keyInfo": {"type": 2, "ecCurve": 2, "rsaKeyLength": 0, "inSecureElement": False},
        },
        "activeCertChainInfos": [
            {
                "subject": dict(name, commonName="Lab CA"),
                "issuer": dict(name, commonName="Lab CA"),
                "invalidAfter": "Jan  1 00:00:00 2040 GMT",
            }
        ],
    }


def test_certificate_keys():
    digest = hashlib.sha256(b"der").digest()
    cert = info.map_certificate(_cert_info(), digest, "tls")
    assert cert["subject"]["common_name"] == "192.0.2.10"
    assert cert["issuer"]["common_name"] == "Lab CA"
    assert cert["not_before"] == "2026-11-24T14:11:05Z"
    assert cert["not_after"] == "2036-11-21T14:11:05Z"
    assert cert["key"] == {"type": "ecdsa", "curve": "nist_p384", "rsa_key_length": 0, "in_secure_element": False}
    assert cert["fingerprint_sha256"] == ":".join(f"{b:02x}" for b in digest)
    assert cert["chain"][0]["not_after"] == "2040-01-01T00:00:00Z"
    assert cert["pending_certificate"] is True and cert["pending_request"] is False


def test_certificate_key_of_a_4_0_generation_device():
    """cert.ServerSSLCert 3.0.0 sends the key as three CertInfo fields instead of keyInfo (protocol 14)."""
    cert_info = _cert_info()
    active = cert_info["activeCertInfo"]
    del active["keyInfo"]
    active.update(keyType=1, ellipticCurve=0, rsaKeyLength=2048)
    cert = info.map_certificate(cert_info, hashlib.sha256(b"der").digest(), "tls")
    assert cert["key"] == {"type": "rsa", "curve": "unknown", "rsa_key_length": 2048, "in_secure_element": False}
    del active["keyType"], active["ellipticCurve"], active["rsaKeyLength"]
    assert info.map_certificate(cert_info, b"", "tls")["key"]["type"] == UNKNOWN


@pytest.mark.parametrize(
    "served",
    [
        "Nov 24 14:11:05 2026 GMT",
        "Feb  4 03:07:09 2030 GMT",  # OpenSSL pads the day with a space
        " nov 4 3:7:9 2030 gmt ",
        "Jan 01 00:00:00 1970 GMT",
        "Dec 31 23:59:59 9999 GMT",
        "Feb 29 12:00:00 2028 GMT",
        "Feb 29 12:00:00 2027 GMT",  # no such day
        "Nov 24 14:11:60 2026 GMT",  # leap second: datetime has none
        "Nov 24 24:11:05 2026 GMT",
        "Nov 32 14:11:05 2026 GMT",
        "November 24 14:11:05 2026 GMT",
        "Nov 24 14:11:05 2026 UTC",
        "Nov 24 14:11:05 2026",
        "Nov 24 14:11:05 26 GMT",
        "2026-11-24T14:11:05Z",
    ],
)
def test_certificate_dates_read_as_strptime_reads_them(served):
    try:
        expected = datetime.datetime.strptime(served.strip(), "%b %d %H:%M:%S %Y GMT").strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        expected = served
    assert info.cert_time_iso(served) == expected


def test_certificate_date_in_another_spelling_is_returned_as_served():
    assert info.cert_time_iso("20361121141105Z") == "20361121141105Z"
    assert info.cert_time_iso("") is None


def test_der_serial_and_pem_decoding_of_a_real_certificate():
    x509 = pytest.importorskip("cryptography.x509")
    import datetime

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "pdu")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(0x6B7674F76156A791EADD25F19F4150E554E8A08A)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    der = cert.public_bytes(serialization.Encoding.DER)
    assert info.der_serial(der) == info._serial_value("6B7674F76156A791EADD25F19F4150E554E8A08A")
    pem = cert.public_bytes(serialization.Encoding.PEM)
    assert info.pem_first_certificate_der(b"junk\n" + pem + pem) == der
    assert info.der_serial(b"\x30\x03") is None
    assert info.pem_first_certificate_der(b"no certificate") is None
    assert base64.b64encode(der)  # sanity: the DER is not empty


def _net_capture(method):
    data = json.loads((CAPTURES / "net.json").read_text())
    for step in data["steps"]:
        for exchange in step["exchanges"]:
            body = (exchange["request"].get("body") or {}).get("json") or {}
            if exchange["request"]["path"] == "/net" and body.get("method") == method:
                return exchange["response"]["body"]["json"]["result"]["_ret_"]
    raise AssertionError(method)


def test_network_from_net_info_and_settings():
    net_info, settings = _net_capture("getInfo"), _net_capture("getSettings")
    settings["ethMap"][0]["value"]["eap"]["password"] = "hunter2"  # a device that did not blank it
    network = info.map_network(net_info, settings)
    assert network["ipv4"] == {"method": "static", "address": "127.0.0.1", "prefix_length": 8, "gateway": ""}
    assert network["hostname"] == "px-xem0000001"
    assert network["dns_servers"] == ["192.0.2.53"]
    (eth0,) = network["interfaces"]
    assert eth0["name"] == "eth0" and eth0["state"] == "up" and eth0["type"] == "ethernet"
    assert eth0["mac_address"] == "00:0d:5d:00:00:01" and eth0["ipv4"]["addresses"] == ["127.0.0.1/8"]
    assert network["raw"]["info"]["ifMap"][0]["key"] == "eth0"
    assert "hunter2" not in repr(network) and "password" not in repr(network)


def test_network_tolerates_missing_fields_and_an_older_gateway_field():
    network = info.map_network(
        {"ifMap": [{"key": "eth1", "value": {"state": 2, "ipv4": {"configMethod": 1}}}]},
        {"common": {"routing": {"defaultGatewayAddr": "192.0.2.1"}}},
    )
    assert network["ipv4"] == {"method": "dhcp", "address": "", "prefix_length": None, "gateway": "192.0.2.1"}
    assert network["dns_servers"] == [] and network["interfaces"][0]["state"] == "no_link"
    assert info.map_network({}, None)["interfaces"] == []


# What gather_subset default reads (the device's state), spelled out rather than taken from the code under test.
DEVICE_STATE = ("device", "outlets", "inlets", "firmware", "certificate", "network")


@pytest.mark.parametrize(
    "given, expected",
    [
        (None, DEVICE_STATE),
        (["default"], DEVICE_STATE),
        (["all"], info.SUBSETS),
        (["default", "sensors"], DEVICE_STATE + ("sensors",)),
        (["outlets", "device"], ("device", "outlets")),
        (["!network"], ("device", "outlets", "inlets", "firmware", "certificate")),
        (
            ["all", "!network", "!certificate"],
            tuple(name for name in info.SUBSETS if name not in ("network", "certificate")),
        ),
        (["firmware", "!firmware"], info.SUBSETS[:0]),
        (["!all"], ()),
    ],
)
def test_gather_subset_resolution(given, expected):
    assert info.resolve_subsets(given) == tuple(expected)


def test_unknown_subset_names_the_option():
    with pytest.raises(XerusInputError, match="gather_subset.*'nosuch'"):
        info.resolve_subsets(["nosuch"])


def test_references_must_carry_a_rid():
    assert info.reference_type({"rid": "/a", "type": "pdumodel.Outlet:3.0.4"}) == "pdumodel.Outlet"
    assert info.reference_type(None) is None
    with pytest.raises(ValueError):
        info.reference_rid(None)


EVIDENCE = Path(__file__).resolve().parents[4] / "tests" / "protocol" / "evidence" / "real-bulk-responses.json"
RECORDING = json.loads(EVIDENCE.read_text())
SUPPLIED_STATE = {
    "available": True,
    "powerState": 1,
    "switchOnInProgress": False,
    "cycleInProgress": False,
    "isLoadShed": False,
    "lastPowerStateChange": 1662990000,
}


def _recorded_calls():
    """{(rid, method): sub-response} of every recorded step; ids are checked against the rebuilt requests."""
    calls = {}
    for step in RECORDING["steps"]:
        responses = step["response"]["result"]["responses"]
        assert len(responses) == len(step["requests"]), step["step"]
        for request, response in zip(step["requests"], responses):
            assert response["json"]["id"] == request["json"]["id"], step["step"]
            calls[(request["rid"], request["json"]["method"])] = response
    return calls


RECORDED = _recorded_calls()


def _aliases():
    """Well-known rid -> opaque rid, from the references the device returned."""
    aliases = {}
    for kind in ("getOutlets", "getInlets"):
        leaf = "outlet" if kind == "getOutlets" else "inlet"
        for index, ref in enumerate(RECORDED[("/model/pdu/0", kind)]["json"]["result"]["_ret_"]):
            aliases[f"/model/pdu/0/{leaf}/{index}"] = ref["rid"]
    for well_known, opaque in list(aliases.items()):
        sensors = RECORDED.get((opaque, "getSensors"))
        for field, ref in (sensors["json"]["result"]["_ret_"] if sensors else {}).items():
            if ref:
                aliases[f"{well_known}/{field}"] = ref["rid"]
    return aliases


ALIASES = _aliases()


class ReplayedDevice(requests.adapters.BaseAdapter):
    """Answers POST /bulk from the recording with the recorded headers; logs what was asked."""

    def __init__(self, supply_state=False):
        super().__init__()
        self.supply_state = supply_state
        self.bulk_requests = []
        self.asked = []

    def _answer(self, rid, request):
        method = request["method"]
        recorded = RECORDED.get((ALIASES.get(rid, rid), method))
        if recorded is not None:
            answer = copy.deepcopy(recorded)
            answer["json"]["id"] = request["id"]
            return answer
        if (
            self.supply_state
            and method == "getState"
            and ALIASES.get(rid, rid).startswith("/tfwopaque/pdumodel.Outlet")
        ):
            return {
                "json": {"jsonrpc": "2.0", "result": {"_ret_": dict(SUPPLIED_STATE)}, "id": request["id"]},
                "statcode": 200,
            }
        return {
            "json": {
                "jsonrpc": "2.0",
                "error": {"code": -32601, "message": f"Not Found: no object at {rid}"},
                "id": request["id"],
            },
            "statcode": 404,
        }

    def send(self, request, **kwargs):
        body = json.loads(request.body)
        assert request.path_url == "/bulk" and body["method"] == "performBulk"
        self.bulk_requests.append(body)
        answers = []
        for entry in body["params"]["requests"]:
            self.asked.append((entry["rid"], entry["json"]["method"]))
            answers.append(self._answer(entry["rid"], entry["json"]))
        envelope = {"jsonrpc": "2.0", "id": body["id"], "result": {"responses": answers}}
        response = requests.Response()
        response.status_code = 200
        response.reason = "OK"
        response.headers.update(
            {key: values[0] for key, values in RECORDING["http"]["response_headers_as_recorded"].items()}
        )
        response._content = json.dumps(envelope).encode("utf-8")
        response.headers["Content-Length"] = str(len(response._content))
        response.request = request
        response.url = request.url
        return response

    def close(self):
        pass


def _client(device):
    client = XerusClient("pdu-1.example", username="monitor", password="secret", retries=0)
    client._session.mount("https://", device)
    return client


def _ret(rid, method):
    return RECORDED[(rid, method)]["json"]["result"]["_ret_"]


@pytest.mark.parametrize("step", RECORDING["steps"], ids=lambda step: f"step{step['step']}")
def test_the_client_reads_every_recorded_answer(step):
    device = ReplayedDevice()
    calls = [Call(request["rid"], request["json"]["method"]) for request in step["requests"]]
    with _client(device) as client:
        results = client.bulk(calls, safe=True)
    assert len(device.bulk_requests) == 1
    for call, result, response in zip(calls, results, step["response"]["result"]["responses"]):
        assert result.ok, (call, result.error)
        expected = response["json"]["result"]
        assert result.result == (expected if expected is not None else {})
        assert result.ret == (expected or {}).get("_ret_")


def test_empty_peripheral_slots_answer_a_null_return_value():
    nulls = [
        key
        for key, response in RECORDED.items()
        if key[1] == "getDevice" and response["json"]["result"]["_ret_"] is None
    ]
    assert nulls
    with _client(ReplayedDevice()) as client:
        (result,) = client.bulk([Call(*nulls[0])], safe=True)
    assert result.ok and result.ret is None


def test_outlets_from_real_data():
    device = ReplayedDevice(supply_state=True)
    with _client(device) as client:
        facts = info.gather(client, ("outlets",))
    assert len(device.bulk_requests) == 2
    outlet_refs = _ret("/model/pdu/0", "getOutlets")
    assert facts["outlet_count"] == len(outlet_refs) == 36
    for outlet, ref in zip(facts["outlets"], outlet_refs):
        metadata, settings = _ret(ref["rid"], "getMetaData"), _ret(ref["rid"], "getSettings")
        assert (ref["rid"], "getState") in device.asked  # the returned rid, as returned
        assert outlet["label"] == metadata["label"] == str(outlet["number"])
        assert outlet["receptacle"] == metadata["receptacleType"]
        assert outlet["rated_current"] == metadata["rating"]["current"]
        assert outlet["switchable"] is metadata["isSwitchable"]
        assert outlet["name"] == settings["name"]
        assert (
            outlet["startup_state"] == {3: "pdu_default", 0: "on", 1: "off", 2: "last_known"}[settings["startupState"]]
        )
        assert outlet["use_pdu_cycle_delay"] is settings["usePduCycleDelay"]
        assert outlet["cycle_delay"] == settings["cycleDelay"]
        assert outlet["non_critical"] is settings["nonCritical"]
        assert outlet["sequence_delay"] == settings["sequenceDelay"]
        assert outlet["state"] == "on"  # from the supplied state


def test_inlets_from_real_data():
    device = ReplayedDevice()
    with _client(device) as client:
        facts = info.gather(client, ("inlets",))
    assert len(device.bulk_requests) <= 2
    inlet_rid = _ret("/model/pdu/0", "getInlets")[0]["rid"]
    metadata, sensors = _ret(inlet_rid, "getMetaData"), _ret(inlet_rid, "getSensors")
    (inlet,) = facts["inlets"]
    assert inlet["label"] == "I1" == metadata["label"]
    assert inlet["plug_type"] == metadata["plugType"] == "IEC 60309 3P+N+E 6h 32A"
    assert inlet["rated_current"] == metadata["rating"]["current"]
    assert inlet["rated_voltage"] == {"min": metadata["rating"]["minVoltage"], "max": metadata["rating"]["maxVoltage"]}
    assert inlet["name"] == _ret(inlet_rid, "getSettings")["name"]
    assert inlet["is_dc"] is metadata["isDC"]
    listed = {info.snake(field) for field, ref in sensors.items() if ref}
    assert set(inlet["readings"]) == listed  # every sensor the inlet lists, null ones left out
    # well-known leaves are read in the first request, the others at the rid the device returned
    first = {(entry["rid"], entry["json"]["method"]) for entry in device.bulk_requests[0]["params"]["requests"]}
    assert ("/model/pdu/0/inlet/0/voltage", "getReading") in first
    assert ("/model/pdu/0/inlet/0/residualCurrentStatus", "getState") in first
    assert (sensors["residualACCurrent"]["rid"], "getReading") in device.asked
    assert not any(rid.startswith("/tfwopaque/") for rid, _method in first)


def test_readings_from_real_data():
    readings = [
        (key[0], response["json"]["result"]["_ret_"]) for key, response in RECORDED.items() if key[1] == "getReading"
    ]
    assert len(readings) == 22
    for rid, reading in readings:
        assert info.reading_value(reading) == reading["value"], rid
    unavailable = dict(readings[0][1], available=False)
    assert info.reading_value(unavailable) is None


def test_default_is_the_device_state_and_every_section_is_asked_for():
    assert info.resolve_subsets(None) == DEVICE_STATE
    sections = ("users", "roles", "services", "datetime", "snmp", "smtp", "auth", "security")
    sensors = ("readings", "sensors", "alerts")
    assert info.resolve_subsets(["all"]) == DEVICE_STATE + sections + sensors
    assert info.resolve_subsets(["default", "smtp", "users"]) == DEVICE_STATE + ("users", "smtp")
