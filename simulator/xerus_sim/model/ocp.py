# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""pdumodel.OverCurrentProtector at /model/pdu/0/ocp/<n> and its trip sensor (docs/protocol/XERUS-PROTOCOL.md 4.3).

[modelled] Two 16 A single-pole breakers, C1 protecting the first half of the outlets and C2 the rest; each
measures the outlets it protects. The trip sensor (OpenClosedState) reads 1 (closed) unless a reading is set
through the control server (0: open, tripped).
"""

from xerus_sim.model import sensors
from xerus_sim.rpc import references
from xerus_sim.rpc.idltypes import Struct

OCP_TYPE = "pdumodel.OverCurrentProtector:4.0.4"
TRIP_TYPE = "pdumodel.OverCurrentProtectorTripSensor:1.1.14"
OCP_COUNT = 2
RATED_CURRENT = 16
TRIP_SENSOR = 14
STATE_READING = 1
CLOSED = 1
OK, INVALID = 0, 1
SENSOR_FIELDS = [
    "trip",
    "voltage",
    "current",
    "peakCurrent",
    "maximumCurrent",
    "activePower",
    "reactivePower",
    "apparentPower",
    "powerFactor",
    "displacementPowerFactor",
    "crestFactor",
    "activeEnergy",
    "apparentEnergy",
    "phaseAngle",
    "lineFrequency",
    "residualCurrent",
    "residualACCurrent",
    "residualDCCurrent",
    "residualCurrentStatus",
]
METERED = {name: spec for name, spec in sensors.OUTLET_SENSORS.items() if name != "outletState"}
NO_WAVEFORM = {"voltage": [], "current": [], "sampleRate": 0}
INLET_RID = "/model/pdu/0/inlet/0"
OcpSettings = Struct("pdumodel.OverCurrentProtector.Settings:1.0.0", {"name": str})


def ocp_rid(index):
    return f"/model/pdu/0/ocp/{index}"


def protected_outlets(device, index):
    """0-based outlet numbers behind OCP ``index``: the first half behind C1, the rest behind C2."""
    half = (device.outlet_count + 1) // 2
    return list(range(half)) if index == 0 else list(range(half, device.outlet_count))


class OverCurrentProtector:
    TYPE = OCP_TYPE
    NEUTRAL = {
        "getParents": {"_ret_": []},
        "getChildren": {"_ret_": []},
        "getOCP": {"_ret_": None},
        "getPoles": {"_ret_": []},
        "getWaveform": {"_ret_": NO_WAVEFORM},
    }

    def __init__(self, device, index):
        self.device = device
        self.index = index
        self.rid = ocp_rid(index)
        self.opaque_name = f"ocp.{index}"

    def getMetaData(self):
        return {
            "_ret_": {
                "label": f"C{self.index + 1}",
                "namePlate": {
                    "manufacturer": "",
                    "brand": "",
                    "model": "",
                    "partNumber": "",
                    "serialNumber": "",
                    "rating": {"voltage": "", "current": "", "frequency": "", "power": ""},
                    "imageFileURL": "",
                },
                "rating": {
                    "current": RATED_CURRENT,
                    "decimalCurrent": float(RATED_CURRENT),
                    "minVoltage": 200,
                    "maxVoltage": 240,
                },
                "type": 0,
                "maxTripCnt": -1,
            }
        }

    def getSensors(self):
        return {"_ret_": sensors.sensor_struct(self.device, self.rid, SENSOR_FIELDS)}

    def getInlet(self):
        return {"_ret_": references.reference(self.device.find_object(INLET_RID))}

    def getSettings(self):
        with self.device.lock:
            names = self.device.state.get("ocp_names", {})
            return {"_ret_": {"name": names.get(str(self.index), "")}}

    def setSettings(self, settings: OcpSettings):
        if len(settings["name"]) > 64:
            return {"_ret_": INVALID}
        with self.device.lock:
            self.device.state.setdefault("ocp_names", {})[str(self.index)] = settings["name"]
            self.device.save()
        return {"_ret_": OK}


class TripSensor:
    TYPE = TRIP_TYPE
    NEUTRAL = {
        "isTypeChangeAllowed": {"_ret_": False},
        "getTripCause": {"_ret_": None},
        "getTripEventInformation": {"_ret_": {"cause": None, "timestamp": 0, "current": 0.0}},
        "getTripWaveform": {"_ret_": NO_WAVEFORM},
    }

    def __init__(self, device, parent, opaque_name):
        self.device = device
        self.parent = parent
        self.opaque_name = opaque_name

    def getTypeSpec(self):
        return {"_ret_": {"readingtype": STATE_READING, "type": TRIP_SENSOR, "unit": 0}}

    def getState(self):
        with self.device.lock:
            value = sensors.overridden(self.device, self.opaque_name)
        return {
            "_ret_": {
                "timestamp": self.device.now(),
                "available": True,
                "value": CLOSED if value is None else int(value),
            }
        }

    def alert_state(self):
        return sensors.CRITICAL if self.getState()["_ret_"]["value"] != CLOSED else sensors.NORMAL


def build(device):
    """The OCPs and their sensors, keyed by rid."""
    objects = {}
    for index in range(OCP_COUNT):
        ocp = OverCurrentProtector(device, index)
        objects[ocp.rid] = ocp
        objects[f"{ocp.rid}/trip"] = TripSensor(device, ocp, f"C{index}Trip")
        objects.update(
            sensors.build(
                device, ocp.rid, f"C{index}", METERED, protected_outlets(device, index), rated=RATED_CURRENT, parent=ocp
            )
        )
    return objects


def references_of(device):
    return [references.reference(device.find_object(ocp_rid(index))) for index in range(OCP_COUNT)]
