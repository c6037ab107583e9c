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
            if recorded is not None and shape(answer.json()) != shape(recorded):
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
