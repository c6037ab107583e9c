# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""peripheral.DeviceManager at /model/peripheraldevicemanager and peripheral.DeviceSlot at
/model/peripheraldeviceslot/<n>, with a few external sensors (docs/protocol/XERUS-PROTOCOL.md 3 and 4.3).

[modelled] Eight slots: a temperature sensor (1JX9500039) in slot 1, the temperature and the humidity channel of
one combined sensor (1EQ9500020) in slots 2 and 3, a contact closure (1DX9500011) in slot 4, slots 5 to 8 empty,
as the real recording shows occupied and empty slots (tests/protocol/evidence/real-bulk-responses.json).
Slot settings are persisted; setSettings answers 1 (ERR_INVALID_PARAMS) for a name over 64 characters, a
description over 256, a location coordinate over 24 or a property that is not a string pair.
"""

from xerus_sim.model import generations, sensors
from xerus_sim.rpc import references
from xerus_sim.rpc.idltypes import Struct, Vector

MANAGER_RID = "/model/peripheraldevicemanager"
MANAGER_TYPE = "peripheral.DeviceManager:5.3.6"
SLOT_TYPE = "peripheral.DeviceSlot:5.0.3"
DEVICE_VALUE = "peripheral.Device"
SLOT_COUNT = 8
OK, ERR_INVALID_PARAMS, ERR_NOT_SUPPORTED = 0, 1, 2
DEV_PORT, ONEWIRE_CHAIN_POS = 1, 3
NUMERIC_READING, ON_OFF_READING = 0, 1
TEMPERATURE, HUMIDITY, CONTACT_CLOSURE = 8, 9, 12
DEGREE_CELSIUS, PERCENT = 7, 9
MAX_NAME, MAX_DESCRIPTION, MAX_COORDINATE = 64, 256, 24
# slot index -> (serial, package class, sensor type, unit, chain position, base reading)
ATTACHED = {
    0: ("1JX9500039", "1JX", TEMPERATURE, DEGREE_CELSIUS, "1", 24.5),
    1: ("1EQ9500020", "1EQ", TEMPERATURE, DEGREE_CELSIUS, "2", 22.0),
    2: ("1EQ9500020", "1EQ", HUMIDITY, PERCENT, "2", 45.0),
    3: ("1DX9500011", "1DX", CONTACT_CLOSURE, 0, "3", 0),
}
Location = Struct("peripheral.DeviceSlot.Location:1.0.0", {"x": str, "y": str, "z": str})
Property = Struct("peripheral.DeviceSlot.Settings.properties:1.0.0", {"key": str, "value": str})
SlotSettings = Struct(
    "peripheral.DeviceSlot.Settings:1.0.0",
    {
        "name": str,
        "description": str,
        "location": Location,
        "useDefaultThresholds": bool,
        "properties": Vector(Property),
    },
)


def slot_rid(index):
    return f"/model/peripheraldeviceslot/{index}"


def default_settings():
    return {
        "name": "",
        "description": "",
        "location": {"x": "", "y": "", "z": ""},
        "useDefaultThresholds": True,
        "properties": [],
    }


def _valid(settings):
    location = settings["location"]
    return (
        len(settings["name"]) <= MAX_NAME
        and len(settings["description"]) <= MAX_DESCRIPTION
        and all(len(location[axis]) <= MAX_COORDINATE for axis in ("x", "y", "z"))
    )


class ExternalNumericSensor(sensors.NumericSensor):
    """A temperature or humidity sensor: a steady reading unless one is set through the control server."""

    def __init__(self, device, slot_index, spec, base):
        super().__init__(device, "external", [], spec, f"EXT{slot_index:02d}N")
        self.base = base

    def _measured(self):
        return self.base


class ExternalStateSensor:
    """A contact closure (NormalAlarmedState): 0 normal unless a state is set through the control server."""

    TYPE = sensors.STATE
    NEUTRAL = {"isTypeChangeAllowed": {"_ret_": False}}

    def __init__(self, device, slot_index, sensor_type):
        self.device = device
        self.sensor_type = sensor_type
        self.opaque_name = f"EXT{slot_index:02d}S"

    def getTypeSpec(self):
        return {"_ret_": {"readingtype": ON_OFF_READING, "type": self.sensor_type, "unit": 0}}

    def getState(self):
        with self.device.lock:
            value = sensors.overridden(self.device, self.opaque_name)
        return {"_ret_": {"timestamp": self.device.now(), "available": True, "value": int(value or 0)}}

    def alert_state(self):
        return sensors.CRITICAL if self.getState()["_ret_"]["value"] else sensors.NORMAL


class DeviceSlot:
    TYPE = SLOT_TYPE

    def __init__(self, device, index):
        self.device = device
        self.index = index
        self.opaque_name = f"pDevSlot.{index}"

    def _settings(self):
        stored = self.device.state.get("peripheral_slots", {}).get(str(self.index))
        return dict(stored) if stored else default_settings()

    def getDevice(self):
        attached = ATTACHED.get(self.index)
        if attached is None:
            return {"_ret_": None}
        serial, package, sensor_type, unit, chain_position, _base = attached
        reading_type = ON_OFF_READING if sensor_type == CONTACT_CLOSURE else NUMERIC_READING
        sensor = self.device.find_object(f"{slot_rid(self.index)}/device")
        value = {
            "deviceID": {
                "serial": serial,
                "type": {"readingtype": reading_type, "type": sensor_type, "unit": unit},
                "isActuator": False,
                "channel": -1,
            },
            "position": [{"portType": DEV_PORT, "port": "1"}, {"portType": ONEWIRE_CHAIN_POS, "port": chain_position}],
            "packageClass": package,
            "device": references.reference(sensor),
        }
        type_id = generations.type_id(generations.of(self.device), DEVICE_VALUE)
        return {"_ret_": {"type": type_id, "value": value}}

    def getSettings(self):
        with self.device.lock:
            return {"_ret_": self._settings()}

    def setSettings(self, settings: SlotSettings):
        if not _valid(settings):
            return {"_ret_": ERR_INVALID_PARAMS}
        with self.device.lock:
            self.device.state.setdefault("peripheral_slots", {})[str(self.index)] = dict(settings)
            self.device.save()
        return {"_ret_": OK}

    def assign(
        self,
        devid: Struct(
            "peripheral.DeviceID:1.0.0",
            {
                "serial": str,
                "type": Struct("sensors.Sensor.TypeSpec:1.0.0", {"readingtype": int, "type": int, "unit": int}),
                "isActuator": bool,
                "channel": int,
            },
        ),
    ):
        return {"_ret_": ERR_INVALID_PARAMS}

    def unassign(self):
        return {"_ret_": ERR_NOT_SUPPORTED}


class DeviceManager:
    TYPE = MANAGER_TYPE
    opaque_name = "peripheralDeviceManager"
    NEUTRAL = {
        "getSensorHubs": {"_ret_": []},
        "getDiscoveredPackageInfos": {"_ret_": []},
        "getDiscoveredPackages": {"_ret_": []},
        "getPortFuse": {"_ret_": None},
        "getGatewaySensorManager": {"_ret_": None},
        "getFirmwareUpdateState": {"_ret_": {"active": False, "remaining": 0}},
        "getStatistics": {"_ret_": {"cSumErrCnt": 0, "fuseTripCnt": 0}},
    }

    def __init__(self, device):
        self.device = device

    def getDeviceSlots(self):
        return {
            "_ret_": [references.reference(self.device.find_object(slot_rid(index))) for index in range(SLOT_COUNT)]
        }

    def getDeviceSlot(self, idx: int):
        slot = self.device.find_object(slot_rid(idx)) if 0 <= idx < SLOT_COUNT else None
        return {"_ret_": references.reference(slot) if slot is not None else None}

    def getDiscoveredDevices(self):
        found = []
        for index in sorted(ATTACHED):
            found.append(self.device.find_object(slot_rid(index)).getDevice()["_ret_"])
        return {"_ret_": found}

    def getMetaData(self):
        return {"_ret_": {"oneWirePortCount": 1, "onboardDeviceCount": 0}}

    def getSettings(self):
        return {
            "_ret_": {
                "zCoordMode": 0,
                "autoManageNewDevices": True,
                "deviceAltitude": 0.0,
                "presenceDetectionTimeout": 10,
                "defaultThresholdsMap": [],
                "maxActivePoweredDryContacts": 0,
                "muteOtherAccessControlUnit": False,
            }
        }

    def getDeviceTypeInfos(self):
        return {
            "_ret_": [
                {
                    "type": {"readingtype": NUMERIC_READING, "type": TEMPERATURE, "unit": DEGREE_CELSIUS},
                    "isActuator": False,
                    "identifier": "temperature",
                    "name": "Temperature",
                    "defaultRange": {"lower": -40.0, "upper": 125.0},
                    "defaultDecDigits": 1,
                },
                {
                    "type": {"readingtype": NUMERIC_READING, "type": HUMIDITY, "unit": PERCENT},
                    "isActuator": False,
                    "identifier": "humidity",
                    "name": "Relative Humidity",
                    "defaultRange": {"lower": 0.0, "upper": 100.0},
                    "defaultDecDigits": 0,
                },
            ]
        }


def build(device):
    """Manager, slots and attached sensors, keyed by rid."""
    objects = {MANAGER_RID: DeviceManager(device)}
    for index in range(SLOT_COUNT):
        slot = DeviceSlot(device, index)
        objects[slot_rid(index)] = slot
        attached = ATTACHED.get(index)
        if attached is None:
            continue
        _serial, _package, sensor_type, unit, _position, base = attached
        if sensor_type == CONTACT_CLOSURE:
            sensor = ExternalStateSensor(device, index, sensor_type)
        else:
            sensor = ExternalNumericSensor(device, index, (sensors.NUMERIC, sensor_type, unit, 1), base)
        sensor.parent = slot
        objects[f"{slot_rid(index)}/device"] = sensor
    return objects
