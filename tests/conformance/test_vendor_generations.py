# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Both vendor Python bindings against a mixed fleet (XERUS-PROTOCOL.md sections 14 and 15).

Each device is walked with the bindings of its generation (PyPI SDK 4.4.1 for 4.4, Debian's 4.0.20 for
4.0): every parameterless getter of every interface reachable from the well-known rids, after a firmware
update so the update history has an entry.  Every answer must decode and re-encode to exactly the JSON
the device sent, and every type id must be the bindings' own.  Walking each device with the other
generation's bindings must find exactly the differences section 14 lists: the check can fail.
"""

import ast

import material
import pytest
import vendor

GENERATION_OF = {"4.4.1.53217": "4.4", "4.0.20": "4.0"}
# Documented as not available via JSON-RPC (XERUS-PROTOCOL.md 6.1); the 4.0 interface does not have them.
NOT_VIA_JSON_RPC = {"getActiveCertChainPEM", "getPendingRequestPEM", "getPendingCertChainPEM"}
# Section 14's differences as the other generation's bindings see them: (interface, method) -> fields.
NEWER_FIELDS_SEEN_BY_4_0 = {
    ("pdumodel.Pdu", "getSettings"): {"inhibitRelayControl", "inletWiring"},
    ("pdumodel.Pdu", "getMetaData"): {"supportedInletWirings"},
    ("pdumodel.Outlet", "getState"): {"inServiceMode"},
    ("pdumodel.Outlet", "getMetaData"): {"hasServiceModeSupport"},
    ("pdumodel.Outlet", "getSensors"): {"unbalancedVoltage"},
    ("firmware.Firmware", "getUpdateHistory"): {"product", "platform", "details"},
    ("datetime.DateTime", "getCfg"): {"server1AuthKeyId", "server2AuthKeyId", "authKeys"},
}


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    path = tmp_path_factory.mktemp("fw") / "image.bin"
    path.write_bytes(material.firmware_image())
    return path


@pytest.fixture(scope="module")
def own_walks(fleet, vendor_cache, image):
    """{bindings version: report} of each device walked by its own generation's bindings, after an update."""
    return {
        bindings: vendor.walk(vendor_cache, bindings, fleet.address_of(generation), "--update", str(image))
        for bindings, generation in (("4.4.1.53217", "4.4"), ("4.0.20", "4.0"))
    }


def failures(report):
    return [
        call
        for call in report["calls"]
        if call["verdict"] != "ok"
        and not (call["method"] in NOT_VIA_JSON_RPC and "not available via JSON-RPC" in call["verdict"])
        and not (call["rid"] == "/net" and "HTTP Error 404" in call["verdict"])
    ]


@pytest.mark.parametrize("bindings", ["4.4.1.53217", "4.0.20"])
def test_every_answer_decodes_exactly_with_the_generation_s_bindings(own_walks, bindings):
    report = own_walks[bindings]
    assert report["bindings"] == bindings
    judged = [(call["interface"], call["method"]) for call in report["calls"] if call["verdict"] == "ok"]
    for needed in [
        ("pdumodel.Pdu", "getSettings"),
        ("pdumodel.Outlet", "getState"),
        ("pdumodel.Inlet", "getSensors"),
        ("sensors.AccumulatingNumericSensor", "getReading"),
        ("sensors.StateSensor", "getState"),
        ("firmware.Firmware", "getUpdateHistory"),
        ("cert.ServerSSLCert", "getInfo"),
        ("session.SessionManager", "getSessions"),
        ("devsettings.Snmp", "getConfiguration"),
        ("firmware.FirmwareUpdateStatus", "getStatus"),
        ("bulkcfg.BulkConfiguration", "getStatus"),
        ("datetime.DateTime", "getCfg"),
        ("devsettings.Modbus", "getSettings"),
        ("devsettings.Smtp", "getConfiguration"),
    ]:
        assert needed in judged, needed
    assert judged.count(("pdumodel.Outlet", "getState")) == 2  # --outlets 2: both walked
    assert len(judged) > 100
    assert failures(report) == []


@pytest.mark.parametrize("bindings", ["4.4.1.53217", "4.0.20"])
def test_type_ids_are_the_bindings_own(own_walks, bindings):
    type_ids = own_walks[bindings]["type_ids"]
    assert len(type_ids) > 20
    for rid, seen in type_ids.items():
        assert seen["getTypeInfo"] == seen["bindings"], rid
        assert seen["reference"] in (None, seen["bindings"]), rid


def test_the_update_history_entry_was_judged(own_walks):
    for report in own_walks.values():
        history = [c for c in report["calls"] if c["method"] == "getUpdateHistory"]
        assert history and all(c["verdict"] == "ok" for c in history)


def test_the_4_0_bindings_see_exactly_the_newer_fields_on_a_4_4_device(fleet, vendor_cache, own_walks):
    report = vendor.walk(vendor_cache, "4.0.20", fleet.address_of("4.4"))
    extra = {}
    for call in failures(report):
        if "fields the bindings do not know" in call["verdict"]:
            names = call["verdict"].split("do not know ")[1].split("]")[0]
            extra.setdefault((call["interface"], call["method"]), set()).update(ast.literal_eval(names + "]"))
    assert {key: extra.get(key) for key in NEWER_FIELDS_SEEN_BY_4_0} == NEWER_FIELDS_SEEN_BY_4_0
    cert = [c for c in report["calls"] if (c["interface"], c["method"]) == ("cert.ServerSSLCert", "getInfo")]
    assert "keyType" in cert[0]["verdict"]


def test_the_4_4_bindings_fail_on_a_4_0_device_where_section_14_says(fleet, vendor_cache):
    report = vendor.walk(vendor_cache, "4.4.1.53217", fleet.address_of("4.0"))
    verdicts = {(c.get("interface"), c["method"]): c["verdict"] for c in report["calls"]}
    assert "KeyError: 'inhibitRelayControl'" in verdicts[("pdumodel.Pdu", "getSettings")]
    assert "KeyError: 'inServiceMode'" in verdicts[("pdumodel.Outlet", "getState")]
    assert "KeyError: 'keyInfo'" in verdicts[("cert.ServerSSLCert", "getInfo")]
    assert "Method not found" in verdicts[("firmware.Firmware", "getInfo")]
    assert "KeyError: 'server1AuthKeyId'" in verdicts[("datetime.DateTime", "getCfg")]
