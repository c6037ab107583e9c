# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Switch and configure many outlets of one Xerus PDU in at most two requests (protocol 5, 12.1).

No Ansible import: the module, the roles and the bench share ``apply()``.

    from ansible_collections.xerus.pdu.plugins.module_utils import outlets
    selection = outlets.parse_selection(["1", "3-8", "web-1"])
    request = outlets.OutletRequest(state="on")
    result = outlets.apply(client, selection, request, check_mode=False)
    result.changed, result.changed_outlets, result.after

Reading (docs/protocol/XERUS-PROTOCOL.md 12.1): outlets selected by number
are read in one bulk with Pdu.getSettings (inhibitRelayControl) and
Pdu.getOutlets (the outlet count), at their well-known rids; a number the
device does not have comes back as a failed entry and rejects the task
before anything is written. Names and ``all`` need every outlet's settings:
a first bulk reads Pdu.getSettings and Pdu.getOutlets, a second one state
and settings of exactly the outlets the device listed, at the rids it
returned (used as returned). Nothing that does not exist is read.

Selections are kept as ranges and never expanded beyond MAX_DIRECT_OUTLETS
before the device's outlet count is known: a number or range beyond that
count fails before any further call is built, so ``1-999999999`` costs one
read request and no memory.

Writing: only what differs. Power in one multi-outlet call, settings
(Outlet.setSettings with the complete structure) in one bulk, and both in
one bulk (settings first, so a new cycle delay applies to a cycle) when both
change.

Outlet numbers are 1-based here and in every message (labels), 0-based on
the wire.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.enums import (
    OUTLET_STARTUP_STATE,
    index_of,
    name_of,
)
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError, XerusInputError, naming_option
from ansible_collections.xerus.pdu.plugins.module_utils.text_checks import check_single_line

MAX_NAME_LENGTH = 64
MAX_SELECTION_ENTRIES = 1000
# Numbers up to this are read at their well-known rids in the first bulk; beyond it the outlet
# count is read first, so a large number never builds a large request.
MAX_DIRECT_OUTLETS = 64
MAX_SELECTION_TEXT = 200
CYCLE_DELAY_RANGE = (1, 3600)
POWER_STATES = ("on", "off", "cycle")
STARTUP_STATES = tuple(OUTLET_STARTUP_STATE.values())
PS_OFF, PS_ON = 0, 1

SWITCH_CODES = {
    1: "an outlet number is not valid on this device",
    3: "an outlet is disabled",
    5: "relay control is inhibited on this device",
}
SETTINGS_CODES = {1: "the device refused the settings as invalid"}
_RANGE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")
_NUMBER = re.compile(r"^\s*(\d+)\s*$")


class OutletError(XerusError):
    """The device cannot do what the task asks (unknown outlet, relays inhibited, refused write);
    ``changed`` when part of a write was applied."""


@dataclass(frozen=True)
class Selection:
    """What ``outlets`` selects: 1-based numbers as inclusive (first, last) ranges, names, or every outlet.

    The ranges are merged and ascending; they are only expanded up to a limit (numbers_up_to).
    """

    ranges: tuple = ()
    names: tuple = ()
    every: bool = False

    @property
    def needs_every_outlet(self):
        return self.every or bool(self.names)

    @property
    def highest(self):
        return self.ranges[-1][1] if self.ranges else 0

    def numbers_up_to(self, limit):
        """The selected numbers <= limit, ascending (at most ``limit`` of them)."""
        return [number for first, last in self.ranges for number in range(first, min(last, limit) + 1)]

    def beyond(self, limit):
        """The selected ranges above limit, as text ("9, 12-4000"), or "" when there are none."""
        parts = [(max(first, limit + 1), last) for first, last in self.ranges if last > limit]
        return ", ".join(str(first) if first == last else f"{first}-{last}" for first, last in parts)


@dataclass(frozen=True)
class OutletRequest:
    """The desired state; None means "leave as it is"."""

    state: str | None = None
    name: str | None = None
    startup_state: str | None = None
    cycle_delay: int | None = None
    non_critical: bool | None = None
    respect_sequence: bool = True


@dataclass
class OutletsResult:
    changed: bool
    changed_outlets: list
    before: list
    after: list
    cycled: list = field(default_factory=list)


@dataclass
class _Outlet:
    number: int
    state: dict
    settings: dict
    rid: str = ""


def parse_selection(items):
    """Turn the ``outlets`` option into a Selection; raises XerusInputError naming the option."""
    if not items:
        raise XerusInputError.for_option("outlets", "select at least one outlet")
    if len(items) > MAX_SELECTION_ENTRIES:
        raise XerusInputError.for_option(
            "outlets", f"{len(items)} entries, more than {MAX_SELECTION_ENTRIES}; use ranges or all"
        )
    ranges, names, every = [], [], False
    for position, item in enumerate(items, start=1):
        text = _entry_text(item, position)
        if text == "all":
            every = True
        elif _NUMBER.match(text):
            number = _label(text)
            ranges.append((number, number))
        elif _RANGE.match(text):
            ranges.append(_range(text))
        elif text:
            names.append(text)
        else:
            raise XerusInputError.for_option("outlets", "an empty entry is neither a number, a range nor a name")
    return Selection(ranges=_merged(ranges), names=tuple(dict.fromkeys(names)), every=every)


def _entry_text(item, position):
    text = str(item).strip()
    if len(text) > MAX_SELECTION_TEXT:
        raise XerusInputError.for_option(
            "outlets", f"entry {position} has {len(text)} characters; an outlet name has at most {MAX_NAME_LENGTH}"
        )
    with naming_option("outlets"):
        return check_single_line(text, f"option outlets: entry {position}")


def _label(text):
    number = int(text)
    if number < 1:
        raise XerusInputError.for_option("outlets", f"outlet {text} does not exist: outlet numbers start at 1")
    return number


def _range(text):
    first, last = (int(part) for part in _RANGE.match(text).groups())
    if first < 1 or last < first:
        raise XerusInputError.for_option(
            "outlets", f"range {text.strip()!r} is not a range of outlet numbers (first >= 1, last >= first)"
        )
    return first, last


def _merged(ranges):
    """Overlapping and adjacent ranges joined, ascending."""
    merged = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return tuple(merged)


def validate_request(request):
    """Local checks of the desired values, so that a refusal never leaves half a change behind."""
    if request.state is not None and request.state not in POWER_STATES:
        raise XerusInputError.for_option("state", f"{request.state!r} is not one of {', '.join(POWER_STATES)}")
    if request.startup_state is not None and request.startup_state not in STARTUP_STATES:
        raise XerusInputError.for_option(
            "startup_state", f"{request.startup_state!r} is not one of {', '.join(STARTUP_STATES)}"
        )
    if request.name is not None and len(request.name) > MAX_NAME_LENGTH:
        raise XerusInputError.for_option("name", f"at most {MAX_NAME_LENGTH} characters, got {len(request.name)}")
    if request.name is not None:
        with naming_option("name"):
            check_single_line(request.name, "option name")
    low, high = CYCLE_DELAY_RANGE
    if request.cycle_delay is not None and request.cycle_delay != 0 and not low <= request.cycle_delay <= high:
        raise XerusInputError.for_option(
            "cycle_delay", f"{request.cycle_delay} is outside {low}..{high} seconds (0 = use the PDU's cycle delay)"
        )


def apply(client, selection, request, check_mode=False):
    """Read the selected outlets, write only what differs, return before/after."""
    validate_request(request)
    pdu_settings, count, outlets = read(client, selection)
    selected = resolve(client.device, selection, count, outlets)
    if request.name is not None and len(selected) != 1:
        raise OutletError(
            client.device,
            "option name: a name can only be set when exactly one outlet is selected; "
            f"{len(selected)} are selected ({_numbers_text(selected)})",
            option="name",
        )
    chosen = [outlets[number] for number in selected]
    switch = _to_switch(chosen, request.state)
    if switch and pdu_settings.get("inhibitRelayControl"):
        raise OutletError(
            client.device,
            f"outlet {_numbers_text(switch)}: switching refused, nothing changed: "
            "relay control is inhibited on this device (PDU setting inhibitRelayControl)",
        )
    new_settings = {outlet.number: _desired_settings(outlet.settings, request) for outlet in chosen}
    reconfigure = [outlet.number for outlet in chosen if new_settings[outlet.number] != outlet.settings]
    if not check_mode and (switch or reconfigure):
        write(
            client, request, switch, {outlets[number].rid: new_settings[number] for number in reconfigure}, reconfigure
        )
    power_after = _power_after(request.state, switch)
    return OutletsResult(
        changed=bool(switch or reconfigure),
        changed_outlets=sorted(set(switch) | set(reconfigure)),
        before=[view(outlet.number, outlet.state, outlet.settings) for outlet in chosen],
        after=[
            view(outlet.number, outlet.state, new_settings[outlet.number], power_after.get(outlet.number))
            for outlet in chosen
        ],
        cycled=list(switch) if request.state == "cycle" else [],
    )


def read(client, selection):
    """PDU settings, outlet count, state and settings of the outlets that may be selected.

    Returns (Pdu.Settings, outlet count, {1-based number: _Outlet}). Numbers up to
    MAX_DIRECT_OUTLETS: 1 request. Names, ``all`` and higher numbers: the outlet list first, then exactly
    the selected outlets the device has, at the rids it returned (2 requests; 1 when a selected number is
    beyond the count, which resolve() then refuses).
    """
    pdu_calls = [Call(rids.PDU, "getSettings"), Call(rids.PDU, "getOutlets")]
    if selection.needs_every_outlet or selection.highest > MAX_DIRECT_OUTLETS:
        pdu_settings, refs = client.read_all(pdu_calls)
        refs = refs or []
        count = len(refs)
        if not selection.needs_every_outlet and selection.highest > count:
            return pdu_settings, count, {}
        numbers = range(1, count + 1) if selection.needs_every_outlet else selection.numbers_up_to(count)
        targets = [(number, _reference_rid(client.device, refs[number - 1])) for number in numbers]
        outlets = _outlets_from(client.bulk(_outlet_reads(targets), safe=True), targets, count) if targets else {}
        return pdu_settings, count, outlets
    targets = [(number, rids.outlet(number - 1)) for number in selection.numbers_up_to(MAX_DIRECT_OUTLETS)]
    answers = client.bulk(pdu_calls + _outlet_reads(targets), safe=True)
    count = len(answers[1].value or [])
    return answers[0].value, count, _outlets_from(answers[2:], targets, count)


def _reference_rid(device, ref):
    if not isinstance(ref, dict) or not isinstance(ref.get("rid"), str) or not ref["rid"]:
        raise OutletError(device, f"Pdu.getOutlets returned something that is not an outlet reference: {ref!r}")
    return ref["rid"]


def _outlet_reads(targets):
    calls = []
    for _number, rid in targets:
        calls += [Call(rid, "getState"), Call(rid, "getSettings")]
    return calls


def _outlets_from(answers, targets, count):
    outlets = {}
    for index, (number, rid) in enumerate(targets):
        if number > count:
            continue  # a number the device does not have: resolve() rejects it, nothing is written
        state, settings = answers[2 * index], answers[2 * index + 1]
        outlets[number] = _Outlet(number, state.value, settings.value, rid)
    return outlets


def resolve(device, selection, count, outlets):
    """The selected 1-based outlet numbers, ascending; OutletError for what the device does not have."""
    missing = selection.beyond(count)
    if missing:
        raise OutletError(
            device,
            f"option outlets: outlet {missing} does not exist on this device: "
            f"it has {count} outlets (1..{count}); nothing was changed",
            option="outlets",
        )
    chosen = set(selection.numbers_up_to(count))
    if selection.every:
        chosen.update(range(1, count + 1))
    for name in selection.names:
        matches = [number for number in range(1, count + 1) if outlets[number].settings.get("name") == name]
        if not matches:
            raise OutletError(
                device,
                f"option outlets: no outlet named {name!r} on this device "
                "(not a number, not a range, and no outlet has this name)",
                option="outlets",
            )
        chosen.update(matches)
    return sorted(chosen)


def is_on_requested(state):
    """On, queued to switch on, or in a cycle (which ends with the outlet on)."""
    return (
        state.get("powerState") == PS_ON or bool(state.get("switchOnInProgress")) or bool(state.get("cycleInProgress"))
    )


def _to_switch(chosen, wanted):
    if wanted == "cycle":
        return [outlet.number for outlet in chosen]
    if wanted == "on":
        return [outlet.number for outlet in chosen if not is_on_requested(outlet.state)]
    if wanted == "off":
        return [outlet.number for outlet in chosen if is_on_requested(outlet.state)]
    return []


def _desired_settings(current, request):
    """The complete settings structure as read, with the requested fields replaced (setSettings is not sparse)."""
    settings = dict(current)
    if request.name is not None:
        settings["name"] = request.name
    if request.startup_state is not None:
        settings["startupState"] = index_of(OUTLET_STARTUP_STATE, request.startup_state)
    if request.cycle_delay == 0:
        settings["usePduCycleDelay"] = True
    elif request.cycle_delay is not None:
        settings["usePduCycleDelay"] = False
        settings["cycleDelay"] = request.cycle_delay
    if request.non_critical is not None:
        settings["nonCritical"] = request.non_critical
    return settings


def write(client, request, switch, settings_by_rid, reconfigured):
    """Apply the difference in one request; raises OutletError naming every refused call (``changed`` when
    another call of the same request was applied).

    ``settings_by_rid``: the complete settings structure per outlet rid, in the order of ``reconfigured``
    (their 1-based numbers).
    """
    power = _power_call(request, switch) if switch else None
    calls = [Call(rid, "setSettings", {"settings": settings}) for rid, settings in settings_by_rid.items()]
    if power and not calls:
        result = client.call(power.rid, power.method, power.params, safe=request.state != "cycle")
        _check_switch(client.device, switch, result.get("_ret_"))
        return
    answers = client.bulk(calls + ([power] if power else []), safe=request.state != "cycle")
    failures = []
    for number, answer in zip(reconfigured, answers):
        failures += _settings_failure(number, answer)
    if power:
        failures += _switch_failure(switch, answers[-1])
    if failures:
        raise OutletError(client.device, "; ".join(failures), changed=len(failures) < len(answers))


def _power_call(request, switch):
    params = {"outletNumbers": [number - 1 for number in switch], "respectSequence": request.respect_sequence}
    if request.state == "cycle":
        return Call(rids.PDU, "cycleMultipleOutletPowerStates", params)
    params["state"] = PS_ON if request.state == "on" else PS_OFF
    return Call(rids.PDU, "setMultipleOutletPowerStates", params)


def _check_switch(device, switch, code):
    if code != 0:
        raise OutletError(device, _switch_text(switch, code))


def _switch_text(switch, code):
    reason = SWITCH_CODES.get(code, "the device refused the call")
    return f"outlet {_numbers_text(switch)}: switching refused (code {code}): {reason}"


def _switch_failure(switch, answer):
    if not answer.ok:
        return [f"outlet {_numbers_text(switch)}: switching failed: {answer.error.message}"]
    return [] if answer.ret == 0 else [_switch_text(switch, answer.ret)]


def _settings_failure(number, answer):
    if not answer.ok:
        return [f"outlet {number}: settings not written: {answer.error.message}"]
    if answer.ret == 0:
        return []
    reason = SETTINGS_CODES.get(answer.ret, "the device refused the call")
    return [f"outlet {number}: settings not written (code {answer.ret}): {reason}"]


def _power_after(wanted, switch):
    if wanted in ("on", "cycle"):
        return {number: "on" for number in switch}
    if wanted == "off":
        return {number: "off" for number in switch}
    return {}


def view(number, state, settings, power=None):
    """The returned form of one outlet (1-based number, readable enums; cycle_delay 0 = the PDU's)."""
    return {
        "number": number,
        "name": settings.get("name", ""),
        "state": power or ("on" if is_on_requested(state) else "off"),
        "startup_state": name_of(OUTLET_STARTUP_STATE, settings.get("startupState")),
        "cycle_delay": 0 if settings.get("usePduCycleDelay") else settings.get("cycleDelay"),
        "non_critical": bool(settings.get("nonCritical")),
    }


def _numbers_text(numbers):
    return ", ".join(str(number) for number in numbers)
