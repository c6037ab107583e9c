# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Thresholds of one or many sensors (sensors.NumericSensor getThresholds / setThresholds / getDefaultThresholds).

No Ansible import.

    from ansible_collections.xerus.pdu.plugins.module_utils import thresholds
    target = thresholds.Target(outlets=outlets.parse_selection(["1-24"]), sensor="activePower")
    request = thresholds.ThresholdRequest(levels={"upper_warning": thresholds.Level(value=1800.0)})
    result = thresholds.apply(client, target, request, check_mode=False)

Requests:

- inlet or OCP: one bulk with the inlet or OCP list and, at the sensor's well-known rid
  (``/model/pdu/0/inlet/0/current``, ``/model/pdu/0/ocp/1/current``), ``getThresholds``, ``getMetaData`` and
  ``getDefaultThresholds``;
- outlets: the outlet selection is read as xerus_outlet reads it (one request for numbers, two for names and
  ``all``), then one bulk with the three calls per outlet at ``/model/pdu/0/outlet/<n>/<sensor>``;
- peripheral: the slots (two bulks, peripherals.read_slots), then one bulk at the attached sensor's returned rid.

Every sensor's new thresholds are checked before anything is written: levels the sensor has
(``thresholdCaps``), values within the sensor's range (``MetaData.range``), enabled levels in ascending order
(lower critical < lower warning < upper warning < upper critical), a hysteresis and a timeout that are not
negative. Then one bulk ``setThresholds`` writes every sensor that changes, each with the complete structure read
and only the given fields changed (docs/protocol/XERUS-PROTOCOL.md section 14).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils import outlets, peripherals, rids
from ansible_collections.xerus.pdu.plugins.module_utils.bulk_writes import write_all
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError, XerusInputError
from ansible_collections.xerus.pdu.plugins.module_utils.sensor_values import (
    THRESHOLD_CAPS,
    THRESHOLD_LEVELS,
    THRESHOLD_SETTINGS,
    camel,
    snake,
    thresholds_view,
)

# setThresholds return codes (NumericSensor.idl).
SET_CODES = {
    1: "a threshold is outside the sensor's range (THRESHOLD_OUT_OF_RANGE)",
    2: "the thresholds do not meet the requirements (THRESHOLD_INVALID)",
    3: "the sensor does not support a threshold (THRESHOLD_NOT_SUPPORTED)",
}
READ_METHODS = ("getThresholds", "getMetaData", "getDefaultThresholds")
OBJECT_OPTIONS = ("inlet", "outlets", "ocp", "peripheral")


class ThresholdError(XerusError):
    """A sensor that does not exist, thresholds the sensor cannot take, or a refused write."""


@dataclass(frozen=True)
class Level:
    """One threshold: ``enabled`` None means "enabled when a value is given, disabled for a null value"."""

    value: float | None = None
    enabled: bool | None = None

    @property
    def active(self):
        return self.value is not None if self.enabled is None else self.enabled


@dataclass(frozen=True)
class Target:
    """Which sensors: exactly one of inlet (1-based), outlets (an outlets.Selection), ocp (1-based) or peripheral
    (a slot number or name); ``sensor`` is the IDL field name (not for peripheral)."""

    inlet: int | None = None
    outlets: object = None
    ocp: int | None = None
    peripheral: str | None = None
    sensor: str | None = None


@dataclass(frozen=True)
class ThresholdRequest:
    levels: dict = field(default_factory=dict)
    assertion_timeout: int | None = None
    deassertion_hysteresis: float | None = None
    reset_to_default: bool = False

    @property
    def empty(self):
        return not (self.levels or self.reset_to_default) and (
            self.assertion_timeout is None and self.deassertion_hysteresis is None
        )


@dataclass
class Sensor:
    label: str
    rid: str
    thresholds: dict
    metadata: dict
    defaults: dict | None


@dataclass
class ThresholdsResult:
    changed: bool
    changed_sensors: list
    before: list
    after: list


def validate_request(target, request):
    given = [option for option in OBJECT_OPTIONS if getattr(target, option) is not None]
    if len(given) != 1:
        raise XerusInputError(
            f"give exactly one of the options {', '.join(OBJECT_OPTIONS)} (got {', '.join(given) or 'none'})",
            option="inlet",
        )
    if given[0] == "peripheral" and target.sensor is not None:
        raise XerusInputError.for_option("sensor", "a peripheral slot holds one sensor; do not give a sensor name")
    if given[0] != "peripheral" and not target.sensor:
        raise XerusInputError.for_option("sensor", f"name the sensor of the {given[0]} (for example current)")
    for option in ("inlet", "ocp"):
        number = getattr(target, option)
        if number is not None and number < 1:
            raise XerusInputError.for_option(option, f"{number} is not a number of an {option} (they start at 1)")
    if request.empty:
        raise XerusInputError(
            "nothing to set: give a threshold, assertion_timeout, deassertion_hysteresis or reset_to_default",
            option="reset_to_default",
        )
    if request.reset_to_default and (
        request.levels or request.assertion_timeout is not None or request.deassertion_hysteresis is not None
    ):
        raise XerusInputError.for_option("reset_to_default", "cannot be combined with thresholds to set")
    for level, wanted in request.levels.items():
        if level not in THRESHOLD_LEVELS:
            raise XerusInputError.for_option(level, "not a threshold")
        if wanted.value is not None and not math.isfinite(wanted.value):
            raise XerusInputError.for_option(level, f"{wanted.value} is not a finite number")
    if request.assertion_timeout is not None and request.assertion_timeout < 0:
        raise XerusInputError.for_option("assertion_timeout", "must not be negative (samples)")
    hysteresis = request.deassertion_hysteresis
    if hysteresis is not None and (not math.isfinite(hysteresis) or hysteresis < 0):
        raise XerusInputError.for_option("deassertion_hysteresis", "must be a number that is not negative")


# -- reading ------------------------------------------------------------------


def _sensor_calls(rid):
    return [Call(rid, method) for method in READ_METHODS]


def read_sensors(client, target):
    """[Sensor] of the target, read before anything is planned."""
    if target.peripheral is not None:
        return _read_peripheral(client, target.peripheral)
    field_name = camel(target.sensor)
    if target.outlets is not None:
        _settings, count, found = outlets.read(client, target.outlets)
        numbers = outlets.resolve(client.device, target.outlets, count, found)
        places = [(f"outlet {number}", rids.outlet_sensor(field_name, number - 1)) for number in numbers]
        return _read_at(client, places, target.sensor, [])
    kind, number, list_method, rid_of = (
        ("inlet", target.inlet, "getInlets", rids.inlet_sensor)
        if target.inlet is not None
        else ("ocp", target.ocp, "getOverCurrentProtectors", rids.ocp_sensor)
    )
    listing = Call(rids.PDU, list_method)
    places = [(f"{kind} {number}", rid_of(field_name, number - 1))]
    return _read_at(client, places, target.sensor, [listing], kind=kind, number=number)


def _read_at(client, places, sensor_name, leading, kind=None, number=None):
    calls = list(leading)
    for _label, rid in places:
        calls += _sensor_calls(rid)
    answers = client.bulk(calls, safe=True)
    if leading:
        listed = answers[0].value or []
        if number > len(listed):
            raise ThresholdError(
                client.device,
                f"option {kind}: {kind} {number} does not exist; the device has {len(listed)}",
                option=kind,
            )
        answers = answers[len(leading) :]
    sensors = []
    for index, (label, rid) in enumerate(places):
        current, metadata, defaults = answers[3 * index : 3 * index + 3]
        if not current.ok or not metadata.ok:
            raise ThresholdError(
                client.device,
                f"option sensor: {label} has no numeric sensor {sensor_name!r} (no thresholds at {rid})",
                option="sensor",
            )
        sensors.append(Sensor(label, rid, current.value, metadata.value, defaults.value if defaults.ok else None))
    return sensors


def _read_peripheral(client, wanted):
    slots = peripherals.read_slots(client)
    text = str(wanted).strip()
    if text.isdigit():
        chosen = [slot for slot in slots if slot.number == int(text)]
    else:
        chosen = [slot for slot in slots if slot.settings.get("name") == text]
    if not chosen:
        raise ThresholdError(
            client.device,
            f"option peripheral: no slot numbered or named {text!r} ({len(slots)} slots)",
            option="peripheral",
        )
    places = []
    for slot in chosen:
        sensor_ref = (slot.device or {}).get("device")
        if not isinstance(sensor_ref, dict) or "NumericSensor" not in str(sensor_ref.get("type", "")):
            raise ThresholdError(
                client.device,
                f"option peripheral: slot {slot.number} holds no numeric sensor (empty, or a state sensor)",
                option="peripheral",
            )
        places.append((f"peripheral slot {slot.number}", sensor_ref["rid"]))
    return _read_at(client, places, "device", [])


# -- planning -----------------------------------------------------------------


def _close(first, second):
    if isinstance(first, (int, float)) and isinstance(second, (int, float)):
        return math.isclose(float(first), float(second), rel_tol=1e-6, abs_tol=1e-9)
    return first == second


def _set(new, wire_field, value):
    if not _close(new.get(wire_field), value):
        new[wire_field] = value


def planned(sensor, request):
    """The Thresholds structure to write: the one read, with only the requested fields changed."""
    new = dict(sensor.thresholds)
    if request.reset_to_default:
        for wire_field, value in (sensor.defaults or {}).items():
            if wire_field in new:
                _set(new, wire_field, value)
        return new
    for level, wanted in request.levels.items():
        active_field, value_field = THRESHOLD_LEVELS[level]
        _set(new, active_field, bool(wanted.active))
        if wanted.value is not None:
            _set(new, value_field, float(wanted.value))
    if request.assertion_timeout is not None:
        _set(new, THRESHOLD_SETTINGS["assertion_timeout"], int(request.assertion_timeout))
    if request.deassertion_hysteresis is not None:
        _set(new, THRESHOLD_SETTINGS["deassertion_hysteresis"], float(request.deassertion_hysteresis))
    return new


def check(device, sensor, new, request):
    """Refuse thresholds the sensor cannot take, before anything is written."""
    if request.reset_to_default and sensor.defaults is None:
        raise ThresholdError(device, f"option reset_to_default: {sensor.label} has no default thresholds to read")
    caps = sensor.metadata.get("thresholdCaps") or {}
    sensor_range = sensor.metadata.get("range") or {}
    lower, upper = sensor_range.get("lower"), sensor_range.get("upper")
    enabled = []
    for level, (active_field, value_field) in THRESHOLD_LEVELS.items():
        if not new.get(active_field):
            continue
        value = new.get(value_field)
        if caps and not caps.get(THRESHOLD_CAPS[level], False):
            raise ThresholdError(
                device, f"option {level}: {sensor.label} has no {level.replace('_', ' ')} threshold", option=level
            )
        if isinstance(lower, (int, float)) and isinstance(upper, (int, float)) and not lower <= value <= upper:
            raise ThresholdError(
                device,
                f"option {level}: {value} is outside the range of {sensor.label} ({lower}..{upper})",
                option=level,
            )
        enabled.append((level, value))
    for (low_level, low), (high_level, high) in zip(enabled, enabled[1:]):
        if not low < high:
            raise ThresholdError(
                device,
                f"option {high_level}: {sensor.label}: {high_level} ({high}) must be above {low_level} ({low})",
                option=high_level,
            )


def apply(client, target, request, check_mode=False):
    validate_request(target, request)
    sensors = read_sensors(client, target)
    plans = []
    for sensor in sensors:
        new = planned(sensor, request)
        check(client.device, sensor, new, request)
        plans.append((sensor, new))
    changing = [(sensor, new) for sensor, new in plans if new != sensor.thresholds]
    if changing and not check_mode:
        _write(client, changing)
    return ThresholdsResult(
        changed=bool(changing),
        changed_sensors=[sensor.label for sensor, _new in changing],
        before=[_view(sensor, sensor.thresholds, target) for sensor, _new in plans],
        after=[_view(sensor, new, target) for sensor, new in plans],
    )


def _view(sensor, thresholds, target):
    return {
        "object": sensor.label,
        "sensor": snake(camel(target.sensor)) if target.sensor else "device",
        "thresholds": thresholds_view(thresholds),
    }


def _write(client, changing):
    writes = [(sensor.label, Call(sensor.rid, "setThresholds", {"thresh": new})) for sensor, new in changing]
    write_all(client, writes, SET_CODES, ThresholdError, "thresholds")
