# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``alerts`` subset of xerus_info: the sensors in alert (warned, critical, unavailable) and the counts.

Requests, both bulks of xerus_info:

1. ``getSensorCounts`` and ``getAlertedSensors`` of sensors.AlertedSensorManager at
   ``/model/alertedsensormanager``, the inlet, outlet and OCP lists and ``DeviceManager.getDeviceSlots``;
2. for every alerted sensor: its reading (``getReading`` and ``getMetaData``, or ``getState`` and
   ``getTypeSpec``) at the rid the manager returned, and the parent's ``getSensors`` (inlet, outlet, OCP) or
   ``getSettings`` (peripheral slot) at the parent's returned rid, which names the sensor.

Alerted sensors are identified by comparing the returned rids with those of the lists (opaque rids are compared,
never parsed).
"""

from __future__ import annotations

from ansible_collections.xerus.pdu.plugins.module_utils import readings, rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.enums import name_of
from ansible_collections.xerus.pdu.plugins.module_utils.sensor_facts import is_numeric, sensor_view
from ansible_collections.xerus.pdu.plugins.module_utils.sensor_values import snake

NAME = "alerts"
ALERT_STATE = {0: "unavailable", 1: "normal", 2: "critical", 3: "warned"}
PARENT_LISTS = {"inlets": "inlet", "outlets": "outlet", "ocps": "ocp", "slots": "peripheral"}


def first_calls():
    calls = dict(readings.discovery_calls())
    calls["slots"] = Call(rids.PERIPHERAL_MANAGER, "getDeviceSlots")
    calls["counts"] = Call(rids.ALERTED_SENSOR_MANAGER, "getSensorCounts")
    calls["alerted"] = Call(rids.ALERTED_SENSOR_MANAGER, "getAlertedSensors")
    return calls


def _alerted(answers):
    entries = answers.get("alerted")
    return [entry for entry in entries if isinstance(entry, dict)] if isinstance(entries, list) else []


def _rid(ref):
    return ref.get("rid") if isinstance(ref, dict) else None


def second_calls(first):
    calls = {}
    for position, entry in enumerate(_alerted(first)):
        sensor, parent = entry.get("sensor"), entry.get("parent")
        if _rid(sensor):
            methods = ("getReading", "getMetaData") if is_numeric(sensor) else ("getState", "getTypeSpec")
            calls.update({f"alert.{position}.{method}": Call(sensor["rid"], method) for method in methods})
        owner = _owner(first, parent)
        if owner is not None:
            method = "getSettings" if owner[0] == "peripheral" else "getSensors"
            calls[f"alert.{position}.parent"] = Call(parent["rid"], method)
    return calls


def _owner(answers, parent):
    """(kind, 1-based number) of a parent reference, found in the lists by its rid; None when unknown."""
    parent_rid = _rid(parent)
    if not parent_rid:
        return None
    for listed, kind in PARENT_LISTS.items():
        for index, ref in enumerate(answers.get(listed) or []):
            if _rid(ref) == parent_rid:
                return kind, index + 1
    return None


def _sensor_name(parent_answer, sensor_rid):
    """The field of an Inlet/Outlet/OCP Sensors structure that refers to the sensor, or None."""
    if not isinstance(parent_answer, dict):
        return None
    for field, ref in parent_answer.items():
        if _rid(ref) == sensor_rid:
            return snake(field)
    return None


def facts(answers):
    counts = answers.get("counts") if isinstance(answers.get("counts"), dict) else {}
    alerted = []
    for position, entry in enumerate(_alerted(answers)):
        owner = _owner(answers, entry.get("parent"))
        parent_answer = answers.get(f"alert.{position}.parent")
        view = {
            "object": owner[0] if owner else "unknown",
            "number": owner[1] if owner else None,
            "sensor": None,
            "name": None,
            "alert_state": name_of(ALERT_STATE, entry.get("alertState")),
            "reading": sensor_view(answers, f"alert.{position}"),
        }
        if owner and owner[0] == "peripheral":
            view["name"] = (parent_answer or {}).get("name") if isinstance(parent_answer, dict) else None
        else:
            view["sensor"] = _sensor_name(parent_answer, _rid(entry.get("sensor")))
        alerted.append(view)
    return {
        "counts": {key: counts.get(key) for key in ("total", "unavailable", "critical", "warned")},
        "sensors": alerted,
    }
