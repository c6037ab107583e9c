# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sensor thresholds, OCPs, peripheral slots and the alerted sensor manager (docs/protocol/XERUS-PROTOCOL.md 3,
4.3), on both firmware generations: IDL codes of setThresholds and DeviceSlot.setSettings, persisted values,
states and alerts that follow a reading set through the control server."""

import pytest
from simfixture import Simulator, new_session, result, rpc

from xerus_sim.fleet import control_client

NEW, OLD = 0, 1
CURRENT = "/model/pdu/0/outlet/0/current"
TEMPERATURE = "/model/peripheraldeviceslot/0/device"


@pytest.fixture(scope="module")
def sim():
    simulator = Simulator("--fleet", "2", "--fw-generation", "4.4,4.0", "--bind", "127.0.4.21")
    yield simulator
    assert simulator.stop() == 0


def _ret(sim, rid, method, params=None, index=NEW):
    return result(new_session(), sim, rid, method, params, index=index)["_ret_"]


def _set_reading(sim, rid, value, index=NEW):
    control_client.set_reading(sim.devices[index]["control"], sim.devices[index]["host"], rid, value)


@pytest.mark.parametrize("index", [NEW, OLD])
def test_thresholds_validated_with_idl_codes_and_persisted(sim, index):
    current = _ret(sim, CURRENT, "getThresholds", index=index)
    assert current == _ret(sim, CURRENT, "getDefaultThresholds", index=index)
    assert current["upperCriticalActive"] and current["upperCritical"] == 10.0
    metadata = _ret(sim, CURRENT, "getMetaData", index=index)
    assert metadata["range"] == {"lower": 0.0, "upper": 20.0} and metadata["type"]["unit"] == 2
    out_of_range = dict(current, upperCritical=21.0)
    assert _ret(sim, CURRENT, "setThresholds", {"thresh": out_of_range}, index=index) == 1
    not_ascending = dict(current, upperWarning=9.0, upperCritical=8.0)
    assert _ret(sim, CURRENT, "setThresholds", {"thresh": not_ascending}, index=index) == 2
    energy = "/model/pdu/0/outlet/2/activeEnergy"
    enabling = dict(_ret(sim, energy, "getThresholds", index=index), upperWarningActive=True, upperWarning=5.0)
    assert _ret(sim, energy, "setThresholds", {"thresh": enabling}, index=index) == 3
    assert _ret(sim, CURRENT, "getThresholds", index=index) == current
    wanted = dict(current, upperWarning=6.5, deassertionHysteresis=0.2)
    assert _ret(sim, CURRENT, "setThresholds", {"thresh": wanted}, index=index) == 0
    assert _ret(sim, CURRENT, "getThresholds", index=index) == wanted
    missing_field = {key: value for key, value in wanted.items() if key != "assertionTimeout"}
    answer = rpc(new_session(), sim, CURRENT, "setThresholds", {"thresh": missing_field}, index=index)
    assert answer["error"]["code"] == -32602


def test_reading_beyond_a_threshold_alerts(sim):
    rid = "/model/pdu/0/outlet/5/current"
    _set_reading(sim, rid, 13.0)
    reading = _ret(sim, rid, "getReading")
    assert reading["value"] == 13.0 and reading["status"]["aboveUpperWarning"]
    assert not reading["status"]["aboveUpperCritical"]
    alerted = _ret(sim, "/model/alertedsensormanager", "getAlertedSensors")
    outlets = _ret(sim, "/model/pdu/0", "getOutlets")
    sensors = _ret(sim, "/model/pdu/0/outlet/5", "getSensors")
    entry = next(item for item in alerted if item["sensor"] == sensors["current"])
    assert entry["parent"] == outlets[5] and entry["alertState"] == 3
    counts = _ret(sim, "/model/alertedsensormanager", "getSensorCounts")
    assert counts["warned"] >= 1 and counts["total"] > counts["warned"]
    _set_reading(sim, rid, None)
    assert not any(
        item["sensor"] == sensors["current"] for item in _ret(sim, "/model/alertedsensormanager", "getAlertedSensors")
    )


@pytest.mark.parametrize("index", [NEW, OLD])
def test_ocps_measure_their_outlets(sim, index):
    ocps = _ret(sim, "/model/pdu/0", "getOverCurrentProtectors", index=index)
    assert len(ocps) == 2 and ocps[0]["type"].startswith("pdumodel.OverCurrentProtector:")
    assert _ret(sim, ocps[1]["rid"], "getMetaData", index=index)["label"] == "C2"
    sensors = _ret(sim, ocps[0]["rid"], "getSensors", index=index)
    assert sensors["trip"]["type"].startswith("pdumodel.OverCurrentProtectorTripSensor:")
    assert _ret(sim, sensors["trip"]["rid"], "getState", index=index)["value"] == 1
    first = _ret(sim, "/model/pdu/0/ocp/0/current", "getReading", index=index)["value"]
    outlets = [_ret(sim, f"/model/pdu/0/outlet/{n}/current", "getReading", index=index)["value"] for n in range(4)]
    assert first == pytest.approx(sum(outlets), abs=0.02)


@pytest.mark.parametrize("index", [NEW, OLD])
def test_peripheral_slots(sim, index):
    slots = _ret(sim, "/model/peripheraldevicemanager", "getDeviceSlots", index=index)
    assert len(slots) == 8
    device = _ret(sim, slots[1]["rid"], "getDevice", index=index)
    assert device["type"] == ("peripheral.Device:7.0.3" if index == NEW else "peripheral.Device:7.0.0")
    assert device["value"]["deviceID"]["serial"] == "1EQ9500020"
    assert _ret(sim, slots[7]["rid"], "getDevice", index=index) is None
    settings = _ret(sim, slots[0]["rid"], "getSettings", index=index)
    changed = dict(settings, name="rack-top", location={"x": "A", "y": "4", "z": "42"})
    assert _ret(sim, slots[0]["rid"], "setSettings", {"settings": changed}, index=index) == 0
    assert _ret(sim, "/model/peripheraldeviceslot/0", "getSettings", index=index) == changed
    too_long = dict(changed, name="n" * 65)
    assert _ret(sim, slots[0]["rid"], "setSettings", {"settings": too_long}, index=index) == 1
    assert _ret(sim, slots[0]["rid"], "getSettings", index=index) == changed
    assert _ret(sim, slots[0]["rid"], "unassign", index=index) == 2


def test_external_sensor_alerts_with_its_slot_as_parent(sim):
    _set_reading(sim, TEMPERATURE, 45.0)
    reading = _ret(sim, TEMPERATURE, "getReading")
    assert reading["status"]["aboveUpperCritical"]
    slots = _ret(sim, "/model/peripheraldevicemanager", "getDeviceSlots")
    alerted = _ret(sim, "/model/alertedsensormanager", "getAlertedSensors")
    assert any(item["parent"] == slots[0] and item["alertState"] == 2 for item in alerted)
    _set_reading(sim, TEMPERATURE, None)


def test_pdu_totals_only_at_opaque_rids(sim):
    totals = _ret(sim, "/model/pdu/0", "getSensors")
    assert totals["activePower"]["rid"].startswith("/tfwopaque/")
    assert _ret(sim, totals["activePower"]["rid"], "getReading")["available"]
    answer = new_session().post(
        sim.url("/model/pdu/0/activePower"), json={"method": "getReading", "id": 1}, verify=False, timeout=10
    )
    assert answer.status_code == 404
