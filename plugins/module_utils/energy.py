# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reset active energy counters (sensors.AccumulatingNumericSensor.resetValue) of a PDU, its inlets and outlets.

    selection = EnergySelection(pdu=False, inlets=[1], outlets=outlets.parse_selection(["1-4"]))
    result = reset(client, selection, check_mode=False)

Reading: the selected outlets as xerus_outlet reads them (outlets.read, one request for numbers), then one
bulk request with the inlet list, the PDU's sensors and the sensors of every selected inlet and outlet.
Every selected counter must exist and be an accumulating sensor before anything is written. Writing:
one bulk request reads each counter and resets it (the reading is the value before the reset); in check
mode only the readings. A reset always changes the device. No Ansible import.
"""

from __future__ import annotations

from dataclasses import dataclass

from ansible_collections.xerus.pdu.plugins.module_utils import outlets, rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError, XerusInputError

SENSOR = "activeEnergy"
ACCUMULATING = "sensors.AccumulatingNumericSensor"
MAX_INLETS = 64


class EnergyError(XerusError):
    """A counter does not exist or cannot be reset, or the device refused a reset."""


@dataclass(frozen=True)
class EnergySelection:
    pdu: bool = False
    inlets: tuple = ()
    outlets: outlets.Selection | None = None


@dataclass(frozen=True)
class Counter:
    label: str
    rid: str


@dataclass
class EnergyResult:
    changed: bool
    counters: list


def selection_from(reset):
    """An EnergySelection from the ``reset`` option; XerusInputError naming its sub-option."""
    reset = reset or {}
    inlets = tuple(dict.fromkeys(int(number) for number in reset.get("inlets") or []))
    bad = [number for number in inlets if not 1 <= number <= MAX_INLETS]
    if bad:
        raise XerusInputError.for_option("reset.inlets", f"inlet {bad[0]} does not exist: inlet numbers start at 1")
    selected = None
    if reset.get("outlets"):
        try:
            selected = outlets.parse_selection(reset["outlets"])
        except XerusInputError as exc:
            exc.message = _in_reset(exc.message)
            exc.option = "reset.outlets"
            raise
    if not (reset.get("pdu") or inlets or selected):
        raise XerusInputError.for_option("reset", "select the pdu, inlets or outlets whose energy counters to reset")
    return EnergySelection(pdu=bool(reset.get("pdu")), inlets=inlets, outlets=selected)


def _in_reset(message):
    """An outlet selection's message, naming the option as a sub-option of ``reset``."""
    return message.replace("option outlets", "option reset.outlets", 1)


def reset(client, selection, check_mode=False):
    counters = find_counters(client, selection)
    calls = [Call(counter.rid, "getReading") for counter in counters]
    if not check_mode:
        calls += [Call(counter.rid, "resetValue") for counter in counters]
    answers = client.bulk(calls)
    readings = answers[: len(counters)]
    if not check_mode:
        _check_resets(client.device, counters, answers[len(counters) :])
    return EnergyResult(
        changed=True,
        counters=[
            {"counter": counter.label, "before": _value(reading), "after": 0.0}
            for counter, reading in zip(counters, readings)
        ],
    )


def find_counters(client, selection):
    """The active energy counter of every selected object; EnergyError before any write when one is missing."""
    numbers, outlet_rids = [], []
    if selection.outlets is not None:
        _settings, count, found = outlets.read(client, selection.outlets)
        try:
            numbers = outlets.resolve(client.device, selection.outlets, count, found)
        except outlets.OutletError as exc:
            raise EnergyError(client.device, _in_reset(exc.message), option="reset.outlets") from None
        outlet_rids = [found[number].rid for number in numbers]
    calls = [Call(rids.PDU, "getInlets")]
    calls += [Call(rids.PDU, "getSensors")] if selection.pdu else []
    calls += [Call(rids.inlet(number - 1), "getSensors") for number in selection.inlets]
    calls += [Call(rid, "getSensors") for rid in outlet_rids]
    answers = client.bulk(calls, safe=True)
    inlet_count = len(answers[0].value or [])
    missing = [number for number in selection.inlets if number > inlet_count]
    if missing:
        raise EnergyError(
            client.device,
            f"option reset.inlets: inlet {missing[0]} does not exist on this device: it has {inlet_count} "
            "inlet(s); nothing was changed",
            option="reset.inlets",
        )
    labels = ["PDU"] if selection.pdu else []
    labels += [f"inlet {number}" for number in selection.inlets]
    labels += [f"outlet {number}" for number in numbers]
    return [_counter(client.device, label, answer) for label, answer in zip(labels, answers[1:])]


def _counter(device, label, answer):
    sensors = answer.value or {}
    reference = sensors.get(SENSOR) if isinstance(sensors, dict) else None
    if not isinstance(reference, dict) or not reference.get("rid"):
        raise EnergyError(device, f"{label} has no active energy counter on this device; nothing was changed")
    kind = str(reference.get("type") or "")
    if kind and not kind.startswith(ACCUMULATING + ":"):
        interface = kind.split(":", maxsplit=1)[0]
        raise EnergyError(
            device,
            f"the active energy counter of {label} cannot be reset on this device (it is a {interface}, "
            f"not a {ACCUMULATING}); nothing was changed",
        )
    return Counter(label=label, rid=reference["rid"])


def _check_resets(device, counters, answers):
    failed = [f"{counter.label}: {answer.error.message}" for counter, answer in zip(counters, answers) if not answer.ok]
    if failed:
        raise EnergyError(
            device,
            f"the device refused to reset the energy counter of {'; '.join(failed)}",
            changed=len(failed) < len(counters),
        )


def _value(reading):
    if not reading.ok or not isinstance(reading.value, dict):
        return None
    return reading.value.get("value") if reading.value.get("valid", True) else None
