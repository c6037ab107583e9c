# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SDK's proxies drive the simulator's sensors, thresholds, OCPs, peripheral slots and alerted sensor manager
(XERUS-PROTOCOL.md sections 3 and 4.3): every answer decodes, writes round-trip, and invalid thresholds and slot
settings are refused with the IDL's codes (NumericSensor THRESHOLD_OUT_OF_RANGE 1, THRESHOLD_INVALID 2,
THRESHOLD_NOT_SUPPORTED 3; DeviceSlot ERR_INVALID_PARAMS 1, ERR_NOT_SUPPORTED 2)."""

import copy

import pytest
from raritan.rpc import JsonRpcErrorException, pdumodel, peripheral, sensors

from xerus_sim.fleet import control_client

PDU = "/model/pdu/0"
CURRENT = "/model/pdu/0/outlet/0/current"


def _set_reading(sim, rid, value):
    control_client.set_reading(sim.device["control"], sim.device["host"], rid, value)


def test_thresholds_round_trip_and_refusals(agent):
    sensor = sensors.NumericSensor(CURRENT, agent)
    meta = sensor.getMetaData()
    assert meta.type.unit == 2 and meta.range.upper == 20.0 and meta.thresholdCaps.hasUpperWarning
    current = sensor.getThresholds()
    assert current.upperCritical == sensor.getDefaultThresholds().upperCritical == 10.0
    wanted = copy.copy(current)
    wanted.upperWarning, wanted.upperWarningActive, wanted.deassertionHysteresis = 6.0, True, 0.5
    assert sensor.setThresholds(wanted) == 0
    stored = sensor.getThresholds()
    assert (stored.upperWarning, stored.upperWarningActive, stored.deassertionHysteresis) == (6.0, True, 0.5)
    for field, value, code in (
        ("upperCritical", 25.0, sensors.NumericSensor.THRESHOLD_OUT_OF_RANGE),
        ("upperWarning", 11.0, sensors.NumericSensor.THRESHOLD_INVALID),
        ("assertionTimeout", -1, sensors.NumericSensor.THRESHOLD_INVALID),
    ):
        bad = copy.copy(stored)
        setattr(bad, field, value)
        assert sensor.setThresholds(bad) == code
    energy = sensors.NumericSensor("/model/pdu/0/outlet/0/activeEnergy", agent)
    unsupported = energy.getThresholds()
    unsupported.upperWarningActive = True
    assert energy.setThresholds(unsupported) == sensors.NumericSensor.THRESHOLD_NOT_SUPPORTED
    assert sensor.getThresholds().upperWarning == 6.0


def test_reading_status_and_alerted_sensor_manager(agent, sim):
    pdu = pdumodel.Pdu(PDU, agent)
    manager = pdu.getAlertedSensorManager()
    assert isinstance(manager, sensors.AlertedSensorManager)
    assert manager.getAlertedSensors() == []
    _set_reading(sim, "/model/pdu/0/outlet/1/current", 15.0)
    try:
        reading = sensors.NumericSensor("/model/pdu/0/outlet/1/current", agent).getReading()
        assert reading.value == 15.0 and reading.status.aboveUpperCritical and reading.status.aboveUpperWarning
        (entry,) = manager.getAlertedSensors()
        assert entry.alertState == sensors.AlertedSensorManager.AlertState.CRITICAL
        assert entry.parent.target == pdu.getOutlets()[1].target
        assert entry.sensor.target == pdu.getOutlets()[1].getSensors().current.target
        counts = manager.getSensorCounts()
        assert counts.critical == 1 and counts.total == len(manager.getAllSensors())
    finally:
        _set_reading(sim, "/model/pdu/0/outlet/1/current", None)
    assert manager.getSensorCounts().critical == 0


def test_over_current_protectors(agent):
    ocps = pdumodel.Pdu(PDU, agent).getOverCurrentProtectors()
    assert [ocp.getMetaData().label for ocp in ocps] == ["C1", "C2"]
    found = ocps[0].getSensors()
    assert isinstance(found.trip, pdumodel.OverCurrentProtectorTripSensor)
    assert found.trip.getState().value == 1 and found.trip.getTypeSpec().type == 14
    assert found.current.getReading().valid and found.residualCurrent is None
    settings = ocps[1].getSettings()
    settings.name = "left half"
    assert ocps[1].setSettings(settings) == 0 and ocps[1].getSettings().name == "left half"
    settings.name = "x" * 65
    assert ocps[1].setSettings(settings) == 1


def test_pdu_totals(agent):
    totals = pdumodel.Pdu(PDU, agent).getSensors()
    assert totals.activePower.getReading().value > 0 and totals.apparentEnergy is None


def test_peripheral_slots(agent):
    manager = pdumodel.Pdu(PDU, agent).getPeripheralDeviceManager()
    assert isinstance(manager, peripheral.DeviceManager)
    slots = manager.getDeviceSlots()
    assert len(slots) == 8 and manager.getDeviceSlot(1).target == slots[1].target
    device = slots[2].getDevice()
    assert isinstance(device, peripheral.Device) and device.deviceID.serial == "1EQ9500020"
    assert device.deviceID.type.type == 9 and device.position[0].portType == peripheral.PortType.DEV_PORT
    assert device.device.getReading().value == 45.0
    assert slots[6].getDevice() is None
    assert {found.deviceID.serial for found in manager.getDiscoveredDevices()} == {
        "1JX9500039",
        "1EQ9500020",
        "1DX9500011",
    }
    settings = slots[0].getSettings()
    settings.name, settings.location.z = "rack-top", "42"
    assert slots[0].setSettings(settings) == 0
    assert (slots[0].getSettings().name, slots[0].getSettings().location.z) == ("rack-top", "42")
    settings.description = "d" * 257
    assert slots[0].setSettings(settings) == peripheral.DeviceSlot.ERR_INVALID_PARAMS
    assert slots[0].unassign() == peripheral.DeviceSlot.ERR_NOT_SUPPORTED


@pytest.mark.parametrize("method", ["getMetaData", "getSettings", "getDeviceTypeInfos", "getStatistics"])
def test_manager_getters_decode(agent, method):
    assert getattr(peripheral.DeviceManager("/model/peripheraldevicemanager", agent), method)() is not None


@pytest.mark.parametrize(
    "rid, method, params",
    [
        (CURRENT, "setThresholds", {"thresh": {"upperCritical": "high"}}),
        ("/model/peripheraldeviceslot/0", "setSettings", {"settings": {"name": "no location"}}),
    ],
)
def test_wrong_parameter_types_are_refused(agent, rid, method, params):
    with pytest.raises(JsonRpcErrorException, match="code = -32602"):
        agent.json_rpc(rid, method, params)
