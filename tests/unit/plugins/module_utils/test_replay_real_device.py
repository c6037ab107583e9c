# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Replay of a real PDU (tests/protocol/evidence/real-bulk-responses.json: firmware 4.0, 36 outlets, opaque rids,
string ids, null references) through the client's response handling and xerus_info's reading and mapping.

The replayed device answers /bulk from the recording. It serves the vendor's well-known rids as aliases of the
opaque rids its references carry (outlet n = the n-th reference of getOutlets, an inlet sensor leaf = that field
of getSensors), as real devices do. A call the recording lacks answers as an unserved rid (statcode 404), except
Outlet.getState, which the recording does not hold and which a test supplies where it says so.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import requests

from ansible_collections.xerus.pdu.plugins.module_utils import info
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call, XerusClient

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
