# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Replay the SDK requests recorded in captures/device.json and outlets.json against a fresh
simulator and compare each answer's status and JSON structure (keys and value types)."""

import json

import pytest
from simfixture import AUTH, CAPTURES, Simulator, new_session


def shape(value):
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if value is None:
        return None
    return type(value).__name__


# getTypeInfo: protocol section 3 runs the chain to its base idl.Object:1.0.0 (the vendor's Lua casting
# example prints it); the recordings end one earlier with `parent: null`.  The simulator follows the
# reference; for these calls the comparison drops that last link, and the link must be there.
CHAIN_ROOT = {"id": "idl.Object:1.0.0", "parent": None}
CHAIN_ROOT_CALLS = {
    "agent.json_rpc('/model/pdu/0', 'getTypeInfo', {}) (implicit on every object)",
    "agent.json_rpc(<opaque inlet rid>, 'getTypeInfo', {})",
    "agent.json_rpc(<opaque outlet rid>, 'getTypeInfo', {})",
}


def without_chain_root(call, answer):
    if call not in CHAIN_ROOT_CALLS or "result" not in answer:
        return answer
    link = answer["result"]["_ret_"]
    while link["parent"] not in (None, CHAIN_ROOT):
        link = link["parent"]
    assert link["parent"] == CHAIN_ROOT, f"{call}: the getTypeInfo chain does not end in idl.Object"
    link["parent"] = None
    return answer


def test_chain_root_calls_are_in_the_captures():
    calls = {call for area in ("device", "outlets") for call, _request, _response in _exchanges(area)}
    assert CHAIN_ROOT_CALLS <= calls


def _exchanges(area):
    data = json.loads((CAPTURES / f"{area}.json").read_text())
    for step in data["steps"]:
        for exchange in step["exchanges"]:
            request, response = exchange["request"], exchange.get("response")
            if response is None or request["method"] != "POST" or "json" not in (request.get("body") or {}):
                continue
            yield step["sdk_call"], request, response


@pytest.mark.parametrize("area", ["device", "outlets", "errors"])
def test_replayed_capture_has_the_recorded_shapes(area):
    sim = Simulator()
    session = new_session(AUTH)
    mismatches = []
    try:
        for call, request, response in _exchanges(area):
            answer = session.post(sim.url(request["path"]), json=request["body"]["json"], verify=False, timeout=10)
            if answer.status_code != response["status"]:
                mismatches.append((call, "status", answer.status_code, response["status"]))
                continue
            recorded = response["body"].get("json")
            if recorded is not None and shape(without_chain_root(call, answer.json())) != shape(recorded):
                mismatches.append((call, shape(answer.json()), shape(recorded)))
    finally:
        assert sim.stop() == 0
    assert not mismatches, json.dumps(mismatches, indent=1)[:4000]


def test_shape_helper_sees_type_differences():
    assert shape({"a": [1]}) != shape({"a": [True]})
    assert shape({"a": 1}) != shape({"a": 1.0})


def test_replayed_errors_have_the_recorded_codes():
    sim = Simulator()
    session = new_session(AUTH)
    try:
        for call, request, response in _exchanges("errors"):
            answer = session.post(sim.url(request["path"]), json=request["body"]["json"], verify=False, timeout=10)
            recorded = response["body"]["json"]
            if "error" in recorded:
                assert answer.json()["error"]["code"] == recorded["error"]["code"], call
                assert answer.json()["id"] == recorded["id"], call
    finally:
        assert sim.stop() == 0
