# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The xerus_info subsets readings, sensors and alerts (readings.py, sensor_facts.py, alerts.py) through
info.gather against the simulator (24 outlets, 2 OCPs, 8 peripheral slots), with request counts, and their pure
mapping (sensor_values.py)."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import info, sensor_values
from xerus_sim.fleet import control_client


def _gather(sim, *subsets):
    with sim.client() as client:
        return info.gather(client, info.resolve_subsets(list(subsets)))


def test_readings_of_every_outlet_after_one_discovery_request(sim):
    mark = sim.mark()
    facts = _gather(sim, "readings")["readings"]
    # discovery + readings: 24 outlets x 6 + 2 OCPs x 7 + 3 PDU totals = 161 calls, one HTTP request
    assert len(sim.requests_since(mark, "/bulk")) == 2
    assert len(facts["outlets"]) == 24 and len(facts["ocps"]) == 2 and len(facts["inlets"]) == 1
    outlet = facts["outlets"][0]
    assert outlet["number"] == 1 and outlet["current"]["unit"] == "A" and outlet["current"]["state"] == "normal"
    assert outlet["voltage"]["value"] == 230.0 and outlet["active_energy"]["unit"] == "Wh"
    ocp_current = sum(item["current"]["value"] for item in facts["outlets"][:12])
    assert facts["ocps"][0]["current"]["value"] == pytest.approx(ocp_current, abs=0.05)
    assert facts["ocps"][0]["tripped"] is False
    inlet_power = facts["inlets"][0]["active_power"]["value"]
    assert facts["pdu"]["active_power"]["value"] == pytest.approx(inlet_power) and inlet_power > 0
    assert facts["pdu"]["apparent_energy"] is None


def test_sensors_with_thresholds_and_external_sensors(sim):
    facts = _gather(sim, "sensors")["sensors"]
    current = facts["outlets"][0]["sensors"]["current"]
    assert current["kind"] == "numeric" and current["type"] == "current" and current["unit"] == "A"
    assert current["thresholds"]["upper_critical"] == {"enabled": True, "value": 10.0}
    assert current["range"] == {"lower": 0.0, "upper": 20.0}
    assert facts["outlets"][0]["sensors"]["outlet_state"]["state"] in ("on", "off")
    assert facts["ocps"][1]["sensors"]["trip"]["state"] == "closed"
    slots = {item["slot"]: item for item in facts["peripherals"]}
    assert sorted(slots) == [1, 2, 3, 4]
    assert slots[3]["sensor"]["type"] == "humidity" and slots[3]["sensor"]["unit"] == "%"
    assert slots[3]["device"]["serial"] == "1EQ9500020"
    assert slots[4]["sensor"] == {
        "kind": "state",
        "type": "contact_closure",
        "value": 0,
        "state": "normal",
        "available": True,
    }


def test_alerts_follow_a_reading_beyond_its_thresholds(sim):
    before = _gather(sim, "alerts")["alerts"]
    assert before["sensors"] == [] and before["counts"]["critical"] == 0
    control_client.set_reading(sim.control, sim.host, "/model/pdu/0/outlet/2/current", 15.0)
    control_client.set_reading(sim.control, sim.host, "/model/peripheraldeviceslot/3/device", 1)
    try:
        mark = sim.mark()
        alerts = _gather(sim, "alerts")["alerts"]
        assert len(sim.requests_since(mark, "/bulk")) == 2
    finally:
        control_client.set_reading(sim.control, sim.host, "/model/pdu/0/outlet/2/current", None)
        control_client.set_reading(sim.control, sim.host, "/model/peripheraldeviceslot/3/device", None)
    assert alerts["counts"]["critical"] == 2
    found = {(item["object"], item["number"], item["sensor"]): item for item in alerts["sensors"]}
    outlet = found[("outlet", 3, "current")]
    assert outlet["alert_state"] == "critical" and outlet["reading"]["value"] == 15.0
    assert outlet["reading"]["state"] == "above_upper_critical" and outlet["reading"]["unit"] == "A"
    contact = found[("peripheral", 4, None)]
    assert contact["reading"]["state"] == "alarmed"


def test_a_missing_interface_reads_as_none_without_failing_others():
    answers = {"inlets": None, "outlets": None, "ocps": None, "slots": None, "counts": None, "alerted": None}
    from ansible_collections.xerus.pdu.plugins.module_utils import alerts, readings

    assert readings.facts(answers) == {
        "pdu": {"active_power": None, "apparent_power": None, "active_energy": None, "apparent_energy": None},
        "inlets": [],
        "ocps": [],
        "outlets": [],
    }
    assert alerts.facts(answers)["sensors"] == []


@pytest.mark.parametrize(
    "status, state",
    [
        ({}, "normal"),
        ({"aboveUpperWarning": True}, "above_upper_warning"),
        ({"aboveUpperWarning": True, "aboveUpperCritical": True}, "above_upper_critical"),
        ({"belowLowerCritical": True, "belowLowerWarning": True}, "below_lower_critical"),
    ],
)
def test_numeric_state(status, state):
    reading = {"available": True, "valid": True, "value": 1.5, "status": status}
    assert sensor_values.numeric_state(reading) == state
    assert sensor_values.reading_view(reading, "A") == {"value": 1.5, "unit": "A", "state": state}


def test_unavailable_invalid_and_unknown_values():
    assert sensor_values.reading_view({"available": False, "value": 3.0}, "V")["value"] is None
    assert sensor_values.numeric_state({"available": True, "valid": False}) == "invalid"
    assert sensor_values.unit_of({"type": {"unit": 999}}) == "unknown"
    assert sensor_values.type_of({"type": 999}) == "unknown"
    assert sensor_values.state_view({"available": True, "value": 7}, {"type": 12})["state"] == "7"
    assert sensor_values.camel("active_power") == "activePower" and sensor_values.camel("current") == "current"
