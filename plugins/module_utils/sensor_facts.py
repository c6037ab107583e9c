# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``sensors`` subset of xerus_info: every numeric and state sensor with reading, state and thresholds,
including the external sensors in peripheral device slots.

Requests (docs/protocol/XERUS-PROTOCOL.md sections 3 and 4.3), both bulks of xerus_info:

1. the inlet, outlet and OCP lists and ``Pdu.getSensors`` at ``/model/pdu/0``, ``getSensors`` of the first
   inlet, outlet and OCP at their well-known rids (which sensors this hardware has), and
   ``DeviceManager.getDeviceSlots``;
2. for every inlet, outlet and OCP and every sensor field the first one of its kind lists, at the well-known
   sensor rid: ``getReading``, ``getThresholds`` and ``getMetaData`` (numeric sensors) or ``getState`` and
   ``getTypeSpec`` (state sensors); the PDU totals at the rids ``Pdu.getSensors`` returned; for every slot
   ``getSettings`` and ``getDevice`` at the returned slot rid and the attached sensor's reading, state,
   thresholds and metadata at ``/model/peripheraldeviceslot/<n>/device`` (the calls that do not fit the sensor's
   kind answer with an error and are ignored).

The client sends at most 200 calls per HTTP request: the second bulk is one request per 200 calls (a 48-outlet
PDU with 7 outlet sensors and 8 slots: about 1100 calls, 6 requests). A sensor that fails to answer reads as absent.
"""

from __future__ import annotations

from ansible_collections.xerus.pdu.plugins.module_utils import readings, rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.peripherals import device_value, slot_calls, slot_view
from ansible_collections.xerus.pdu.plugins.module_utils.sensor_values import (
    range_view,
    reading_view,
    snake,
    state_view,
    thresholds_view,
    type_of,
    unit_of,
)

NAME = "sensors"
KINDS = {
    "inlet": ("inlets", rids.inlet, rids.inlet_sensor),
    "outlet": ("outlets", rids.outlet, rids.outlet_sensor),
    "ocp": ("ocps", rids.ocp, rids.ocp_sensor),
}
NUMERIC_CALLS = ("getReading", "getThresholds", "getMetaData")
STATE_CALLS = ("getState", "getTypeSpec")


def is_numeric(ref):
    """Whether a sensor reference is a numeric sensor (NumericSensor and its derivations) by its type."""
    return "NumericSensor" in str((ref or {}).get("type", ""))


def first_calls():
    calls = dict(readings.discovery_calls())
    calls["pdu.sensors"] = Call(rids.PDU, "getSensors")
    calls["slots"] = Call(rids.PERIPHERAL_MANAGER, "getDeviceSlots")
    for kind, (_plural, object_rid, _sensor_rid) in KINDS.items():
        calls[f"{kind}.template"] = Call(object_rid(0), "getSensors")
    return calls


def _fields(first, kind):
    """[(field, numeric)] of the sensors the first object of the kind lists."""
    template = first.get(f"{kind}.template")
    if not isinstance(template, dict):
        return []
    return [(field, is_numeric(ref)) for field, ref in sorted(template.items()) if isinstance(ref, dict)]


def _sensor_calls(prefix, rid, numeric):
    methods = NUMERIC_CALLS if numeric else STATE_CALLS
    return {f"{prefix}.{method}": Call(rid, method) for method in methods}


def second_calls(first):
    calls = {}
    for kind, (plural, _object_rid, sensor_rid) in KINDS.items():
        fields = _fields(first, kind)
        for index in range(readings.count(first, plural)):
            for field, numeric in fields:
                calls.update(_sensor_calls(f"{kind}.{index}.{field}", sensor_rid(field, index), numeric))
    pdu_sensors = first.get("pdu.sensors") if isinstance(first.get("pdu.sensors"), dict) else {}
    for field, ref in sorted(pdu_sensors.items()):
        if isinstance(ref, dict) and ref.get("rid"):
            calls.update(_sensor_calls(f"pdu.{field}", ref["rid"], is_numeric(ref)))
    slot_refs = first.get("slots") if isinstance(first.get("slots"), list) else []
    calls.update(slot_calls(slot_refs))
    for index in range(len(slot_refs)):
        device_rid = rids.peripheral_device(index)
        calls.update(_sensor_calls(f"slot.{index}.sensor", device_rid, True))
        calls.update(_sensor_calls(f"slot.{index}.sensor", device_rid, False))
    return calls


def sensor_view(answers, prefix):
    """One sensor from its answers under ``prefix``; None when it did not answer."""
    reading = answers.get(f"{prefix}.getReading")
    if isinstance(reading, dict):
        metadata = answers.get(f"{prefix}.getMetaData")
        view = {"kind": "numeric", "type": type_of((metadata or {}).get("type"))}
        view.update(reading_view(reading, unit_of(metadata)))
        view["thresholds"] = thresholds_view(answers.get(f"{prefix}.getThresholds"))
        view["range"] = range_view(metadata)
        view["decimal_digits"] = (metadata or {}).get("decdigits")
        return view
    state = answers.get(f"{prefix}.getState")
    if isinstance(state, dict):
        type_spec = answers.get(f"{prefix}.getTypeSpec")
        view = {"kind": "state", "type": type_of(type_spec)}
        view.update(state_view(state, type_spec))
        return view
    return None


def _object_sensors(answers, kind, index, fields):
    found = {}
    for field, _numeric in fields:
        view = sensor_view(answers, f"{kind}.{index}.{field}")
        if view is not None:
            found[snake(field)] = view
    return found


def facts(answers):
    result = {}
    for kind, (plural, _object_rid, _sensor_rid) in KINDS.items():
        fields = _fields(answers, kind)
        result[plural] = [
            {"number": index + 1, "sensors": _object_sensors(answers, kind, index, fields)}
            for index in range(readings.count(answers, plural))
        ]
    pdu_sensors = answers.get("pdu.sensors") if isinstance(answers.get("pdu.sensors"), dict) else {}
    result["pdu"] = {
        snake(field): view
        for field in sorted(pdu_sensors)
        for view in [sensor_view(answers, f"pdu.{field}")]
        if view is not None
    }
    result["peripherals"] = _peripherals(answers)
    return result


def _peripherals(answers):
    slots = answers.get("slots") if isinstance(answers.get("slots"), list) else []
    found = []
    for index in range(len(slots)):
        device = device_value(answers.get(f"slot.{index}.device"))
        if device is None:
            continue
        view = slot_view(index + 1, answers.get(f"slot.{index}.settings"), device)
        view["sensor"] = sensor_view(answers, f"slot.{index}.sensor")
        found.append(view)
    return found
