# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sensor values as returned facts: readings, states, units, thresholds (pure mapping, no I/O).

Wire structures are those of sensors.NumericSensor, sensors.StateSensor and sensors.Sensor
(docs/protocol/XERUS-PROTOCOL.md section 4.3): a Reading {timestamp, available, status {...}, valid, value},
a State {timestamp, available, value}, a MetaData {type {readingtype, type, unit}, decdigits, range, thresholdCaps,
...} and Thresholds {upperCriticalActive, upperCritical, ..., assertionTimeout, deassertionHysteresis}.
Unknown enumeration values read as "unknown"; missing fields as None.
"""

from __future__ import annotations

import re

from ansible_collections.xerus.pdu.plugins.module_utils.enums import name_of

# sensors.Sensor unit constants -> symbols.
UNIT = {
    0: "",
    1: "V",
    2: "A",
    3: "W",
    4: "VA",
    5: "Wh",
    6: "VAh",
    7: "degC",
    8: "Hz",
    9: "%",
    10: "m/s",
    11: "Pa",
    12: "g",
    13: "rpm",
    14: "m",
    15: "h",
    16: "min",
    17: "s",
    18: "var",
    19: "varh",
    20: "g",
    21: "Ohm",
    22: "l/h",
    28: "deg",
    29: "degF",
    30: "K",
    37: "psi",
    50: "g/m3",
    51: "ug/m3",
}
# sensors.Sensor type constants -> names.
SENSOR_TYPE = {
    0: "unspecified",
    1: "voltage",
    2: "current",
    3: "unbalance_current",
    4: "power",
    5: "power_factor",
    6: "energy",
    7: "frequency",
    8: "temperature",
    9: "humidity",
    10: "air_flow",
    11: "air_pressure",
    12: "contact_closure",
    13: "on_off",
    14: "trip",
    15: "vibration",
    16: "water_leak",
    17: "smoke_detector",
    18: "total_harmonic_distortion",
    27: "angle",
    29: "fault_state",
    30: "power_quality",
    31: "rotational_speed",
    36: "motion",
    37: "occupancy",
    38: "tamper",
    39: "dry_contact",
    40: "powered_dry_contact",
    41: "absolute_humidity",
    42: "door_state",
    43: "door_lock_state",
    44: "door_handle_lock",
    45: "crest_factor",
    48: "unbalance_voltage",
}
# The discrete states of sensor types with a fixed mapping (StateSensor.idl's table).
_NORMAL_ALARMED = {0: "normal", 1: "alarmed"}
_OPEN_CLOSED = {0: "open", 1: "closed"}
_ON_OFF = {0: "off", 1: "on"}
STATE_NAMES = {
    12: _NORMAL_ALARMED,
    13: _ON_OFF,
    14: _OPEN_CLOSED,
    15: _NORMAL_ALARMED,
    16: _NORMAL_ALARMED,
    17: _NORMAL_ALARMED,
    29: {0: "ok", 1: "fault"},
    37: _NORMAL_ALARMED,
    38: _NORMAL_ALARMED,
    39: _ON_OFF,
    40: _ON_OFF,
    42: _OPEN_CLOSED,
    43: _OPEN_CLOSED,
    44: _OPEN_CLOSED,
}
# The unit of the readings fields whatever the device (pdumodel.Inlet/Outlet/OverCurrentProtector.Sensors).
FIELD_UNIT = {
    "voltage": "V",
    "current": "A",
    "activePower": "W",
    "apparentPower": "VA",
    "powerFactor": "",
    "activeEnergy": "Wh",
    "apparentEnergy": "VAh",
}
# Thresholds fields: option / returned key -> (active flag, value) on the wire, in ascending order.
THRESHOLD_LEVELS = {
    "lower_critical": ("lowerCriticalActive", "lowerCritical"),
    "lower_warning": ("lowerWarningActive", "lowerWarning"),
    "upper_warning": ("upperWarningActive", "upperWarning"),
    "upper_critical": ("upperCriticalActive", "upperCritical"),
}
THRESHOLD_CAPS = {
    "lower_critical": "hasLowerCritical",
    "lower_warning": "hasLowerWarning",
    "upper_warning": "hasUpperWarning",
    "upper_critical": "hasUpperCritical",
}
THRESHOLD_SETTINGS = {"assertion_timeout": "assertionTimeout", "deassertion_hysteresis": "deassertionHysteresis"}
NUMERIC_READING = 0


# Compiled once at import: Ansible imports the collection before it forks a worker per host and task. The
# replacement is a function: a template such as r"\1_\2" would be parsed again in every worker.
_ACRONYM_END = re.compile(r"([A-Z]+)([A-Z][a-z])")
_WORD_START = re.compile(r"([a-z0-9])([A-Z])")


def _joined(match):
    return f"{match.group(1)}_{match.group(2)}"


def snake(name):
    """IDL camelCase field name -> snake_case key (activePower -> active_power,
    residualACCurrent -> residual_ac_current)."""
    return _WORD_START.sub(_joined, _ACRONYM_END.sub(_joined, name)).lower()


def camel(name):
    """snake_case or camelCase sensor name -> the IDL field name (active_power -> activePower)."""
    head, *rest = str(name).split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def numeric_state(reading):
    """normal, below_lower_critical, below_lower_warning, above_upper_warning, above_upper_critical,
    unavailable or invalid, from a NumericSensor.Reading."""
    if not isinstance(reading, dict):
        return None
    if not reading.get("available", False):
        return "unavailable"
    if "valid" in reading and not reading["valid"]:
        return "invalid"
    status = reading.get("status") or {}
    for flag, state in (
        ("aboveUpperCritical", "above_upper_critical"),
        ("belowLowerCritical", "below_lower_critical"),
        ("aboveUpperWarning", "above_upper_warning"),
        ("belowLowerWarning", "below_lower_warning"),
    ):
        if status.get(flag):
            return state
    return "normal"


def numeric_value(reading):
    """The value of a NumericSensor.Reading, or None when unavailable or invalid."""
    if numeric_state(reading) in (None, "unavailable", "invalid"):
        return None
    return reading.get("value")


def reading_view(reading, unit):
    """{value, unit, state} of a NumericSensor.Reading; None when there is no such sensor."""
    if not isinstance(reading, dict):
        return None
    return {"value": numeric_value(reading), "unit": unit, "state": numeric_state(reading)}


def unit_of(metadata):
    type_spec = (metadata or {}).get("type") or {}
    unit = type_spec.get("unit")
    return UNIT.get(unit, "unknown") if isinstance(unit, int) and not isinstance(unit, bool) else None


def type_of(type_spec):
    return name_of(SENSOR_TYPE, (type_spec or {}).get("type"))


def state_view(state, type_spec):
    """{value, state, available} of a StateSensor.State; ``state`` names the value where the type has a mapping."""
    if not isinstance(state, dict):
        return None
    names = STATE_NAMES.get((type_spec or {}).get("type"), {})
    available = bool(state.get("available", False))
    value = state.get("value") if available else None
    return {
        "value": value,
        "state": (names.get(value, str(value)) if value is not None else "unavailable"),
        "available": available,
    }


def thresholds_view(thresholds):
    """NumericSensor.Thresholds -> {lower_critical: {enabled, value}, ..., assertion_timeout,
    deassertion_hysteresis}."""
    if not isinstance(thresholds, dict):
        return None
    view = {
        level: {"enabled": bool(thresholds.get(active)), "value": thresholds.get(value)}
        for level, (active, value) in THRESHOLD_LEVELS.items()
    }
    view.update({key: thresholds.get(field) for key, field in THRESHOLD_SETTINGS.items()})
    return view


def range_view(metadata):
    """{lower, upper} of a NumericSensor.MetaData's range, or None."""
    sensor_range = (metadata or {}).get("range")
    if not isinstance(sensor_range, dict):
        return None
    return {"lower": sensor_range.get("lower"), "upper": sensor_range.get("upper")}
