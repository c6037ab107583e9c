# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sensor objects of inlet, outlets and OCPs: stable plausible readings derived from outlet states, thresholds.

[modelled] Ranges, threshold capabilities and default thresholds per sensor type (_limits); setThresholds
answers the NumericSensor.idl codes (1 out of range, 2 not ascending or negative timeout / hysteresis, 3 a level
the sensor lacks) and persists accepted thresholds per sensor; a reading's status compares the value with the
enabled thresholds (no assertion timeout or hysteresis). A reading can be set through the control server
(``sensor_readings`` in the state, by the sensor's opaque name).
"""

from xerus_sim.model import eventlog, switching
from xerus_sim.rpc import references
from xerus_sim.rpc.idltypes import Struct

NUMERIC = "sensors.NumericSensor:4.0.9"
ACCUMULATING = "sensors.AccumulatingNumericSensor:2.0.10"
STATE = "sensors.StateSensor:4.0.8"

# field -> (type id, sensor type, unit, decimal digits)
INLET_SENSORS = {
    "voltage": (NUMERIC, 1, 1, 0),
    "current": (NUMERIC, 2, 2, 2),
    "activePower": (NUMERIC, 4, 3, 0),
    "apparentPower": (NUMERIC, 4, 4, 0),
    "powerFactor": (NUMERIC, 5, 0, 2),
    "activeEnergy": (ACCUMULATING, 6, 5, 0),
    "lineFrequency": (NUMERIC, 7, 8, 1),
}
OUTLET_SENSORS = {
    "voltage": (NUMERIC, 1, 1, 0),
    "current": (NUMERIC, 2, 2, 2),
    "activePower": (NUMERIC, 4, 3, 0),
    "apparentPower": (NUMERIC, 4, 4, 0),
    "powerFactor": (NUMERIC, 5, 0, 2),
    "activeEnergy": (ACCUMULATING, 6, 5, 0),
    "outletState": (STATE, 13, 0, 0),
}
INLET_FIELDS = [
    "voltage",
    "current",
    "peakCurrent",
    "residualCurrent",
    "residualACCurrent",
    "residualDCCurrent",
    "activePower",
    "reactivePower",
    "apparentPower",
    "powerFactor",
    "displacementPowerFactor",
    "activeEnergy",
    "apparentEnergy",
    "unbalancedCurrent",
    "unbalancedLineLineCurrent",
    "unbalancedVoltage",
    "unbalancedLineLineVoltage",
    "lineFrequency",
    "phaseAngle",
    "crestFactor",
    "voltageThd",
    "currentThd",
    "powerQuality",
    "surgeProtectorStatus",
    "residualCurrentStatus",
]
OUTLET_FIELDS = [
    "voltage",
    "current",
    "peakCurrent",
    "maximumCurrent",
    "unbalancedCurrent",
    "unbalancedVoltage",
    "activePower",
    "reactivePower",
    "apparentPower",
    "powerFactor",
    "displacementPowerFactor",
    "activeEnergy",
    "apparentEnergy",
    "phaseAngle",
    "lineFrequency",
    "crestFactor",
    "voltageThd",
    "currentThd",
    "inrushCurrent",
    "outletState",
]

NUMERIC_READING, ON_OFF_READING = 0, 1
NO_ALARM = {
    "aboveUpperCritical": False,
    "aboveUpperWarning": False,
    "belowLowerWarning": False,
    "belowLowerCritical": False,
}


def sensor_struct(device, base_rid, fields):
    """Inlet/Outlet.Sensors: a reference per field, null where the sensor does not exist."""
    found = {name: device.find_object(f"{base_rid}/{name}") for name in fields}
    return {name: (references.reference(obj) if obj is not None else None) for name, obj in found.items()}


def _outlets_on(device, numbers):
    switching.advance(device)
    return [n for n in numbers if device.state["outlets"][n]["powerState"] == 1]


def _electric(device, numbers, quantity):
    on = _outlets_on(device, numbers)
    current = sum(switching.outlet_current(n) for n in on)
    values = {
        "voltage": switching.VOLTAGE,
        "current": round(current, 2),
        "activePower": round(switching.VOLTAGE * current * switching.POWER_FACTOR, 1),
        "apparentPower": round(switching.VOLTAGE * current, 1),
        "powerFactor": switching.POWER_FACTOR if on else 1.0,
        "lineFrequency": 50.0,
    }
    if quantity == "activeEnergy":
        return round(sum(switching.energy_wh(device, n) for n in numbers), 1)
    return values[quantity]


THRESHOLD_LEVELS = (
    ("lowerCritical", "hasLowerCritical"),
    ("lowerWarning", "hasLowerWarning"),
    ("upperWarning", "hasUpperWarning"),
    ("upperCritical", "hasUpperCritical"),
)
ALL_CAPS = {"hasUpperCritical": True, "hasUpperWarning": True, "hasLowerWarning": True, "hasLowerCritical": True}
NO_CAPS = {cap: False for cap in ALL_CAPS}
# [modelled] per sensor type: (range lower, upper or None = from the rating, caps, default thresholds builder).
Thresholds = Struct(
    "sensors.NumericSensor.Thresholds:1.0.0",
    {
        "upperCriticalActive": bool,
        "upperCritical": float,
        "upperWarningActive": bool,
        "upperWarning": float,
        "lowerWarningActive": bool,
        "lowerWarning": float,
        "lowerCriticalActive": bool,
        "lowerCritical": float,
        "assertionTimeout": int,
        "deassertionHysteresis": float,
    },
)
OK, OUT_OF_RANGE, INVALID, NOT_SUPPORTED = 0, 1, 2, 3


def thresholds(hysteresis=0.0, **levels):
    """A Thresholds structure; levels given as lowerCritical=value enable that level."""
    value = _no_thresholds()
    value["deassertionHysteresis"] = float(hysteresis)
    for level, level_value in levels.items():
        value[level] = float(level_value)
        value[f"{level}Active"] = True
    return value


def _limits(sensor_type, rated):
    """(range, caps, default thresholds) of a sensor type [modelled]; rated is the owner's rated current."""
    if sensor_type == 1:  # voltage
        return (
            (0.0, 500.0),
            ALL_CAPS,
            thresholds(2.0, lowerCritical=180, lowerWarning=200, upperWarning=250, upperCritical=260),
        )
    if sensor_type == 2:  # current
        return (0.0, 2.0 * rated), ALL_CAPS, thresholds(0.1, upperWarning=0.8 * rated, upperCritical=rated)
    if sensor_type == 4:  # power
        return (0.0, 500.0 * rated), ALL_CAPS, thresholds(10.0)
    if sensor_type == 5:  # power factor
        return (0.0, 1.0), ALL_CAPS, thresholds(0.05)
    if sensor_type == 7:  # frequency
        return (0.0, 100.0), ALL_CAPS, thresholds(0.5)
    if sensor_type == 8:  # temperature
        return (
            (-40.0, 125.0),
            ALL_CAPS,
            thresholds(1.0, lowerCritical=10, lowerWarning=15, upperWarning=35, upperCritical=40),
        )
    if sensor_type == 9:  # relative humidity
        return (
            (0.0, 100.0),
            ALL_CAPS,
            thresholds(5.0, lowerCritical=10, lowerWarning=20, upperWarning=70, upperCritical=80),
        )
    return (0.0, 1.0e12), NO_CAPS, thresholds()  # energy and the rest: no thresholds


def status_of(value, thresh):
    """Reading.Status of a value against the enabled thresholds."""

    def above(level):
        return bool(thresh[f"{level}Active"]) and value > thresh[level]

    def below(level):
        return bool(thresh[f"{level}Active"]) and value < thresh[level]

    return {
        "aboveUpperCritical": above("upperCritical"),
        "aboveUpperWarning": above("upperWarning"),
        "belowLowerWarning": below("lowerWarning"),
        "belowLowerCritical": below("lowerCritical"),
    }


def refusal(thresh, sensor_range, caps):
    """The setThresholds code for a Thresholds structure (0 when it is accepted)."""
    active = [(level, thresh[level]) for level, cap in THRESHOLD_LEVELS if thresh[f"{level}Active"]]
    if any(not caps[cap] for level, cap in THRESHOLD_LEVELS if thresh[f"{level}Active"]):
        return NOT_SUPPORTED
    lower, upper = sensor_range
    if any(not lower <= value <= upper for _level, value in active):
        return OUT_OF_RANGE
    ascending = all(low < high for (_l, low), (_h, high) in zip(active, active[1:]))
    if not ascending or thresh["assertionTimeout"] < 0 or thresh["deassertionHysteresis"] < 0:
        return INVALID
    return OK


def overridden(device, opaque_name):
    """A reading set through the control server, or None."""
    return device.state.get("sensor_readings", {}).get(opaque_name)


class _Sensor:
    NEUTRAL = {"isTypeChangeAllowed": {"_ret_": False}}
    rated = 16.0

    def __init__(self, device, quantity, numbers, spec, opaque_name):
        self.device = device
        self.quantity = quantity
        self.numbers = numbers
        self.spec = spec
        self.opaque_name = opaque_name

    def _measured(self):
        return _electric(self.device, self.numbers, self.quantity)

    def _value(self):
        with self.device.lock:
            value = overridden(self.device, self.opaque_name)
            return float(self._measured() if value is None else value)

    def _limits(self):
        return _limits(self.spec[1], self.rated)

    def _thresholds(self):
        stored = self.device.state.get("sensor_thresholds", {}).get(self.opaque_name)
        return dict(stored) if stored else self._limits()[2]

    def getReading(self):
        value = self._value()
        with self.device.lock:
            status = status_of(value, self._thresholds())
        return {
            "_ret_": {
                "timestamp": self.device.now(),
                "available": True,
                "status": status,
                "valid": True,
                "value": value,
            }
        }

    def getTypeSpec(self):
        _, sensor_type, unit, _ = self.spec
        return {"_ret_": {"readingtype": NUMERIC_READING, "type": sensor_type, "unit": unit}}

    def getMetaData(self):
        _, _, _, digits = self.spec
        (lower, upper), caps, _defaults = self._limits()
        return {
            "_ret_": {
                "type": self.getTypeSpec()["_ret_"],
                "decdigits": digits,
                "accuracy": 1.0,
                "resolution": 10.0**-digits,
                "tolerance": 0.0,
                "noiseThreshold": 0.0,
                "range": {"lower": lower, "upper": upper},
                "thresholdCaps": dict(caps),
            }
        }

    def getThresholds(self):
        with self.device.lock:
            return {"_ret_": self._thresholds()}

    def getDefaultThresholds(self):
        return {"_ret_": self._limits()[2]}

    def setThresholds(self, thresh: Thresholds):
        sensor_range, caps, _defaults = self._limits()
        code = refusal(thresh, sensor_range, caps)
        if code == OK:
            with self.device.lock:
                stored = {
                    name: (
                        float(value)
                        if isinstance(value, int) and not isinstance(value, bool) and name != "assertionTimeout"
                        else value
                    )
                    for name, value in thresh.items()
                }
                self.device.state.setdefault("sensor_thresholds", {})[self.opaque_name] = stored
                self.device.save()
        return {"_ret_": code}

    def getMinMax(self):
        value = self._value()
        now = self.device.now()
        return {
            "_ret_": {
                "minReading": value,
                "minReadingTimestamp": now,
                "maxReading": value,
                "maxReadingTimestamp": now,
                "valid": True,
                "observedSince": now,
            }
        }

    def resetMinMax(self):
        return None

    def alert_state(self):
        """AlertedSensorManager.AlertState: 1 normal, 2 critical, 3 warned; None when not monitored."""
        if not any(self._limits()[1].values()):
            return None
        status = self.getReading()["_ret_"]["status"]
        if status["aboveUpperCritical"] or status["belowLowerCritical"]:
            return CRITICAL
        if status["aboveUpperWarning"] or status["belowLowerWarning"]:
            return WARNED
        return NORMAL


UNAVAILABLE, NORMAL, CRITICAL, WARNED = 0, 1, 2, 3


def _no_thresholds():
    return {
        "upperCriticalActive": False,
        "upperCritical": 0.0,
        "upperWarningActive": False,
        "upperWarning": 0.0,
        "lowerWarningActive": False,
        "lowerWarning": 0.0,
        "lowerCriticalActive": False,
        "lowerCritical": 0.0,
        "assertionTimeout": 0,
        "deassertionHysteresis": 0.0,
    }


class NumericSensor(_Sensor):
    TYPE = NUMERIC


class AccumulatingNumericSensor(_Sensor):
    """[modelled] A reset keeps the counter's value at that moment as an offset (device state
    ``energy_resets``, by opaque name), so the counter reads 0 from then on and keeps accumulating."""

    TYPE = ACCUMULATING
    BASES = (NUMERIC,)

    def _reset(self):
        return self.device.state.get("energy_resets", {}).get(self.opaque_name, {"offset": 0.0, "time": 0})

    def _value(self):
        with self.device.lock:
            return max(0.0, round(super()._value() - self._reset()["offset"], 3))

    def resetValue(self):
        with self.device.lock:
            raw = super()._value()
            self.device.state.setdefault("energy_resets", {})[self.opaque_name] = {
                "offset": raw,
                "time": self.device.now(),
            }
            eventlog.append(self.device, "Energy", f"The active energy counter {self.opaque_name} was reset.")
            self.device.save()
        return None

    def getLastResetTime(self):
        with self.device.lock:
            return {"_ret_": self._reset()["time"]}


class OutletStateSensor:
    TYPE = STATE
    NEUTRAL = {"isTypeChangeAllowed": {"_ret_": False}}

    def __init__(self, device, number, opaque_name):
        self.device = device
        self.number = number
        self.opaque_name = opaque_name

    def getTypeSpec(self):
        return {"_ret_": {"readingtype": ON_OFF_READING, "type": OUTLET_SENSORS["outletState"][1], "unit": 0}}

    def getState(self):
        with self.device.lock:
            switching.advance(self.device)
            value = self.device.state["outlets"][self.number]["powerState"]
        return {"_ret_": {"timestamp": self.device.now(), "available": True, "value": value}}

    def alert_state(self):
        return None


def build(device, base_rid, opaque_prefix, served, numbers, rated=16.0, parent=None):
    """Sensor objects under an inlet/outlet/OCP rid; opaque names I0Voltage, O3ActiveEnergy
    (references.register_opaque); ``rated`` is the owner's rated current, ``parent`` the owning object."""
    objects = {}
    for name, spec in served.items():
        opaque_name = opaque_prefix + name[0].upper() + name[1:]
        if spec[0] == STATE:
            sensor = OutletStateSensor(device, numbers[0], opaque_name)
        elif spec[0] == ACCUMULATING:
            sensor = AccumulatingNumericSensor(device, name, numbers, spec, opaque_name)
        else:
            sensor = NumericSensor(device, name, numbers, spec, opaque_name)
        sensor.rated = float(rated)
        sensor.parent = parent
        objects[f"{base_rid}/{name}"] = sensor
    return objects
