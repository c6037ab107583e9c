# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Outlet relay semantics (protocol 5.3): immediate off, sequenced switch-on with the
in-rush guard, cycles, queue evaluated lazily.  Every function expects device.lock held."""

import time

from xerus_sim.model import event, generations

VOLTAGE = 230.0
# A due switch-on reads as queued (powerState 0, switchOnInProgress, counted by getOutletSequenceState)
# until its relay settled: captures/outlets.json shows all outlets of a sequence, the first included,
# still queued right after setMultipleOutletPowerStates.
RELAY_SETTLE = 0.2
POWER_FACTOR = 0.95


def outlet_current(number):
    """A stable, plausible load per outlet (A) while it is on."""
    return round(0.3 + 0.07 * (number % 9), 2)


def outlet_power(number):
    return VOLTAGE * outlet_current(number) * POWER_FACTOR


def _outlets(device):
    return device.state["outlets"]


def _set_state(device, number, pstate, when):
    outlet = _outlets(device)[number]
    if outlet["powerState"] == pstate:
        return
    if outlet["powerState"] == 1:
        elapsed = max(0, int(when) - outlet["lastPowerStateChange"])
        outlet["energyWh"] = outlet.get("energyWh", 0.0) + outlet_power(number) * elapsed / 3600
    outlet["powerState"] = pstate
    outlet["lastPowerStateChange"] = int(when)
    event.deliver(device, ["Outlet", str(number + 1), "PowerControl", "On" if pstate == 1 else "Off"])


def set_relay(device, number, pstate, when):
    """The relay state itself, nothing queued or cancelled (boot-time startup states)."""
    _set_state(device, number, pstate, when)


def energy_wh(device, number):
    outlet = _outlets(device)[number]
    energy = outlet.get("energyWh", 0.0)
    if outlet["powerState"] == 1:
        energy += outlet_power(number) * max(0, device.now() - outlet["lastPowerStateChange"]) / 3600
    return round(energy, 3)


def advance(device):
    """Apply every queued switch-on whose relay has settled."""
    now = time.time()
    due = [
        (o["pendingOn"]["at"], n)
        for n, o in enumerate(_outlets(device))
        if o.get("pendingOn") and o["pendingOn"]["at"] + RELAY_SETTLE <= now
    ]
    for at, number in sorted(due):
        _outlets(device)[number]["pendingOn"] = None
        _set_state(device, number, 1, at)


def pending(device, number):
    return _outlets(device)[number].get("pendingOn")


def relay_inhibited(device):
    """Only the 4.4 generation knows the setting (docs/protocol/XERUS-PROTOCOL.md section 14)."""
    known = "inhibitRelayControl" not in generations.missing_fields(generations.of(device), "pdumodel.Pdu.Settings")
    return known and device.state["pdu_settings"]["inhibitRelayControl"]


def valid_numbers(device, numbers):
    return all(0 <= n < device.outlet_count for n in numbers)


def ordered(device, numbers, respect_sequence):
    unique = sorted(set(numbers))
    sequence = device.state["pdu_settings"]["outletPowerStateSequence"]
    if respect_sequence and sequence:
        rank = {number: index for index, number in enumerate(sequence)}
        return sorted(unique, key=lambda n: rank.get(n, len(rank) + n))
    return unique


def _guard_gap(device, number):
    settings = _outlets(device)[number]["settings"]
    return max(device.state["pdu_settings"]["inRushGuardDelay"], settings["sequenceDelay"]) / 1000.0


def _queued(device, kind=None, exclude=None):
    return [
        (o["pendingOn"]["at"], n)
        for n, o in enumerate(_outlets(device))
        if o.get("pendingOn") and n != exclude and kind in (None, o["pendingOn"]["kind"])
    ]


def _free_slot(device, earliest, gap, number):
    """The first time from `earliest` at least `gap` away from every other queued switch-on."""
    candidate = earliest
    for at, _ in sorted(_queued(device, exclude=number)):
        if at - gap < candidate < at + gap:
            candidate = at + gap
    return candidate


def _schedule_on(device, number, earliest, kind):
    at = _free_slot(device, earliest, _guard_gap(device, number), number)
    _outlets(device)[number]["pendingOn"] = {"at": at, "kind": kind}
    return at


def set_power_state(device, number, pstate):
    """Outlet.setPowerState: immediate, cancels what was queued for that outlet."""
    _outlets(device)[number]["pendingOn"] = None
    _set_state(device, number, pstate, time.time())


def switch_off(device, numbers):
    now = time.time()
    for number in numbers:
        _outlets(device)[number]["pendingOn"] = None
        _set_state(device, number, 0, now)


def switch_on(device, numbers):
    """Queue switch-ons in the given order, the first at once unless a sequence is still running (then
    after its last outlet); outlets already on or queued in a sequence are skipped.  An outlet off in a
    cycle joins the sequence instead (its cycle ends, as in captures/outlets.json).  Pending cycle
    switch-ons are not part of the sequence: they neither delay it nor count in it."""
    now = time.time()
    last = max((at for at, _ in _queued(device, "sequence")), default=None)
    for number in numbers:
        outlet = _outlets(device)[number]
        if outlet["powerState"] == 1 or (outlet.get("pendingOn") or {}).get("kind") == "sequence":
            continue
        outlet["pendingOn"] = None
        earliest = now if last is None else max(now, last + _guard_gap(device, number))
        last = _schedule_on(device, number, earliest, "sequence")
    advance(device)


def cycle(device, numbers):
    """Off at once, back on after the effective cycle delay, keeping the in-rush guard distance."""
    now = time.time()
    pdu_delay = device.state["pdu_settings"]["cycleDelay"]
    for number in numbers:
        settings = _outlets(device)[number]["settings"]
        delay = pdu_delay if settings["usePduCycleDelay"] else settings["cycleDelay"]
        _outlets(device)[number]["pendingOn"] = None
        _set_state(device, number, 0, now)
        _schedule_on(device, number, now + delay, "cycle")


def sequence_state(device):
    now = time.time()
    queued = sorted(_queued(device, "sequence"))
    return {
        "sequenceRunning": bool(queued),
        "nextOutletToSwitch": queued[0][1] if queued else -1,
        "timeUntilNextSwitch": max(0, int((queued[0][0] - now) * 1000)) if queued else 0,
        "outletsRemaining": len(queued),
        "cancelableOutletsRemaining": len(queued),
    }


def cancel_sequence(device):
    """Drop the queued switch-ons that are not due yet; a due relay is already moving."""
    now = time.time()
    for outlet in _outlets(device):
        queued = outlet.get("pendingOn")
        if queued and queued["kind"] == "sequence" and queued["at"] > now:
            outlet["pendingOn"] = None
