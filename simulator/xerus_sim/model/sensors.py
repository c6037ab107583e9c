"""Sensor objects of inlet and outlets: stable plausible readings derived from outlet states."""

from xerus_sim.model import switching
from xerus_sim.rpc import references

NUMERIC = "sensors.NumericSensor:4.0.9"
ACCUMULATING = "sensors.AccumulatingNumericSensor:2.0.10"
STATE = "sensors.StateSensor:4.0.8"

# field -> (type id, sensor type, unit, decimal digits)
INLET_SENSORS = {
    "voltage": (NUMERIC, 1, 1, 0), "current": (NUMERIC, 2, 2, 2), "activePower": (NUMERIC, 4, 3, 0),
    "apparentPower": (NUMERIC, 4, 4, 0), "powerFactor": (NUMERIC, 5, 0, 2),
    "activeEnergy": (ACCUMULATING, 6, 5, 0), "lineFrequency": (NUMERIC, 7, 8, 1),
}
OUTLET_SENSORS = {
    "voltage": (NUMERIC, 1, 1, 0), "current": (NUMERIC, 2, 2, 2), "activePower": (NUMERIC, 4, 3, 0),
    "apparentPower": (NUMERIC, 4, 4, 0), "powerFactor": (NUMERIC, 5, 0, 2),
    "activeEnergy": (ACCUMULATING, 6, 5, 0), "outletState": (STATE, 13, 0, 0),
}
INLET_FIELDS = ["voltage", "current", "peakCurrent", "residualCurrent", "residualACCurrent",
                "residualDCCurrent", "activePower", "reactivePower", "apparentPower", "powerFactor",
                "displacementPowerFactor", "activeEnergy", "apparentEnergy", "unbalancedCurrent",
                "unbalancedLineLineCurrent", "unbalancedVoltage", "unbalancedLineLineVoltage",
                "lineFrequency", "phaseAngle", "crestFactor", "voltageThd", "currentThd", "powerQuality",
                "surgeProtectorStatus", "residualCurrentStatus"]
OUTLET_FIELDS = ["voltage", "current", "peakCurrent", "maximumCurrent", "unbalancedCurrent",
                 "unbalancedVoltage", "activePower", "reactivePower", "apparentPower", "powerFactor",
                 "displacementPowerFactor", "activeEnergy", "apparentEnergy", "phaseAngle", "lineFrequency",
                 "crestFactor", "voltageThd", "currentThd", "inrushCurrent", "outletState"]

NUMERIC_READING, ON_OFF_READING = 0, 1
NO_ALARM = {"aboveUpperCritical": False, "aboveUpperWarning": False,
            "belowLowerWarning": False, "belowLowerCritical": False}


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


class _Sensor:
    NEUTRAL = {"isTypeChangeAllowed": {"_ret_": False}}

    def __init__(self, device, quantity, numbers, spec, opaque_name):
        self.device = device
        self.quantity = quantity
        self.numbers = numbers
        self.spec = spec
        self.opaque_name = opaque_name

    def _value(self):
        with self.device.lock:
            return _electric(self.device, self.numbers, self.quantity)

    def getReading(self):
        return {"_ret_": {"timestamp": self.device.now(), "available": True, "status": dict(NO_ALARM),
                          "valid": True, "value": float(self._value())}}

    def getTypeSpec(self):
        _, sensor_type, unit, _ = self.spec
        return {"_ret_": {"readingtype": NUMERIC_READING, "type": sensor_type, "unit": unit}}

    def getMetaData(self):
        _, _, _, digits = self.spec
        return {"_ret_": {
            "type": self.getTypeSpec()["_ret_"], "decdigits": digits,
            "accuracy": 1.0, "resolution": 10.0 ** -digits, "tolerance": 0.0, "noiseThreshold": 0.0,
            "range": {"lower": 0.0, "upper": 1000000.0},
            "thresholdCaps": {"hasUpperCritical": True, "hasUpperWarning": True,
                              "hasLowerWarning": True, "hasLowerCritical": True}}}

    def getThresholds(self):
        return {"_ret_": _no_thresholds()}

    def getDefaultThresholds(self):
        return {"_ret_": _no_thresholds()}

    def setThresholds(self, thresh: dict):
        return {"_ret_": 0}

    def getMinMax(self):
        value = float(self._value())
        now = self.device.now()
        return {"_ret_": {"minReading": value, "minReadingTimestamp": now, "maxReading": value,
                          "maxReadingTimestamp": now, "valid": True, "observedSince": now}}

    def resetMinMax(self):
        return None


def _no_thresholds():
    return {"upperCriticalActive": False, "upperCritical": 0.0, "upperWarningActive": False,
            "upperWarning": 0.0, "lowerWarningActive": False, "lowerWarning": 0.0,
            "lowerCriticalActive": False, "lowerCritical": 0.0, "assertionTimeout": 0,
            "deassertionHysteresis": 0.0}


class NumericSensor(_Sensor):
    TYPE = NUMERIC


class AccumulatingNumericSensor(_Sensor):
    TYPE = ACCUMULATING
    BASES = (NUMERIC,)

    def resetValue(self):
        return None

    def getLastResetTime(self):
        return {"_ret_": 0}


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


def build(device, base_rid, opaque_prefix, served, numbers):
    """Sensor objects under an inlet/outlet rid; opaque names I0Voltage, O3ActiveEnergy (references.register_opaque)."""
    objects = {}
    for name, spec in served.items():
        opaque_name = opaque_prefix + name[0].upper() + name[1:]
        if spec[0] == STATE:
            sensor = OutletStateSensor(device, numbers[0], opaque_name)
        elif spec[0] == ACCUMULATING:
            sensor = AccumulatingNumericSensor(device, name, numbers, spec, opaque_name)
        else:
            sensor = NumericSensor(device, name, numbers, spec, opaque_name)
        objects[f"{base_rid}/{name}"] = sensor
    return objects
