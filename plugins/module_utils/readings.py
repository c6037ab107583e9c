# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``readings`` subset of xerus_info: metering of inlets, outlets, over-current protectors and the PDU.

Requests (docs/protocol/XERUS-PROTOCOL.md sections 3 and 4.3):

1. xerus_info's first bulk: the inlet, outlet and OCP lists and the PDU's sensor references (``Pdu.getSensors``)
   at ``/model/pdu/0``, and the readings of the first inlet at its well-known sensor rids;
2. xerus_info's second bulk: ``getReading`` of every outlet's, every OCP's and every further inlet's sensors at
   their well-known rids (``/model/pdu/0/outlet/<n>/current``, ``/model/pdu/0/ocp/<n>/trip``, ...), and of the
   PDU totals at the rids ``Pdu.getSensors`` returned (opaque, used as returned).

A sensor the device does not have answers with an error entry and reads as ``None``. The client sends at most
200 calls per HTTP request, so the second bulk of a 48-outlet PDU (6 readings an outlet) takes two.

Units are those the IDL fixes for each field (current in A, energy in Wh); the state is the reading's threshold
status.
"""

from __future__ import annotations

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.sensor_values import FIELD_UNIT, reading_view, snake

NAME = "readings"
METERED_FIELDS = ("current", "voltage", "activePower", "apparentPower", "powerFactor", "activeEnergy")
PDU_FIELDS = ("activePower", "apparentPower", "activeEnergy", "apparentEnergy")
# A trip sensor (sensors.Sensor TRIP_SENSOR) uses the open/closed states: open (0) is a tripped breaker.
TRIP_OPEN_CLOSED = {0: "open", 1: "closed"}


def discovery_calls():
    """The lists of power objects, at the PDU's well-known rid."""
    return {
        "inlets": Call(rids.PDU, "getInlets"),
        "outlets": Call(rids.PDU, "getOutlets"),
        "ocps": Call(rids.PDU, "getOverCurrentProtectors"),
    }


def count(answers, key):
    listed = answers.get(key)
    return len(listed) if isinstance(listed, list) else 0


def first_calls():
    calls = dict(discovery_calls())
    calls["pdu.sensors"] = Call(rids.PDU, "getSensors")
    calls.update(_object_calls("inlet", 0, rids.inlet_sensor))
    return calls


def second_calls(first):
    calls = {}
    for index in range(1, count(first, "inlets")):
        calls.update(_object_calls("inlet", index, rids.inlet_sensor))
    for index in range(count(first, "outlets")):
        calls.update(_object_calls("outlet", index, rids.outlet_sensor))
    for index in range(count(first, "ocps")):
        calls.update(_object_calls("ocp", index, rids.ocp_sensor))
        calls[f"ocp.{index}.trip"] = Call(rids.ocp_sensor("trip", index), "getState")
    pdu_sensors = first.get("pdu.sensors") if isinstance(first.get("pdu.sensors"), dict) else {}
    for field in PDU_FIELDS:
        ref = pdu_sensors.get(field)
        if isinstance(ref, dict) and ref.get("rid"):
            calls[f"pdu.{field}"] = Call(ref["rid"], "getReading")
    return calls


def _object_calls(kind, index, rid_of):
    return {f"{kind}.{index}.{field}": Call(rid_of(field, index), "getReading") for field in METERED_FIELDS}


def facts(answers):
    return {
        "pdu": {snake(field): reading_view(answers.get(f"pdu.{field}"), FIELD_UNIT[field]) for field in PDU_FIELDS},
        "inlets": [_metered(answers, "inlet", index) for index in range(count(answers, "inlets"))],
        "ocps": [_ocp(answers, index) for index in range(count(answers, "ocps"))],
        "outlets": [_metered(answers, "outlet", index) for index in range(count(answers, "outlets"))],
    }


def _metered(answers, kind, index):
    view = {"number": index + 1}
    for field in METERED_FIELDS:
        view[snake(field)] = reading_view(answers.get(f"{kind}.{index}.{field}"), FIELD_UNIT[field])
    return view


def _ocp(answers, index):
    view = _metered(answers, "ocp", index)
    trip = answers.get(f"ocp.{index}.trip")
    tripped = None
    if isinstance(trip, dict) and trip.get("available"):
        tripped = TRIP_OPEN_CLOSED.get(trip.get("value")) == "open"
    view["tripped"] = tripped
    return view
