"""Outlet relay semantics (protocol 5.3): immediate off, sequenced switch-on with the
in-rush guard, cycles, queue evaluated lazily.  Every function expects device.lock held."""

import time

VOLTAGE = 230.0
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
    """Apply every queued switch-on that is due."""
    now = time.time()
    due = [(o["pendingOn"]["at"], n) for n, o in enumerate(_outlets(device))
           if o.get("pendingOn") and o["pendingOn"]["at"] <= now]
    for at, number in sorted(due):
        _outlets(device)[number]["pendingOn"] = None
        _set_state(device, number, 1, at)


def pending(device, number):
    return _outlets(device)[number].get("pendingOn")


def relay_inhibited(device):
    return device.state["pdu_settings"]["inhibitRelayControl"]


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


def _schedule_on(device, number, earliest, kind):
    runtime = device.state.setdefault("runtime", {"lastSwitchOnAt": 0.0})
    at = max(earliest, runtime.get("lastSwitchOnAt", 0.0) + _guard_gap(device, number))
    runtime["lastSwitchOnAt"] = at
    _outlets(device)[number]["pendingOn"] = {"at": at, "kind": kind}


def set_power_state(device, number, pstate):
    """Outlet.setPowerState: immediate, cancels what was queued for that outlet."""
    _outlets(device)[number]["pendingOn"] = None
    now = time.time()
    if pstate == 1 and _outlets(device)[number]["powerState"] == 0:
        device.state.setdefault("runtime", {})["lastSwitchOnAt"] = now
    _set_state(device, number, pstate, now)


def switch_off(device, numbers):
    now = time.time()
    for number in numbers:
        _outlets(device)[number]["pendingOn"] = None
        _set_state(device, number, 0, now)


def switch_on(device, numbers):
    """Queue switch-ons in the given order; outlets already on (or queued) are skipped."""
    now = time.time()
    for number in numbers:
        outlet = _outlets(device)[number]
        if outlet["powerState"] == 1 or outlet.get("pendingOn"):
            continue
        _schedule_on(device, number, now, "sequence")
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
    queued = sorted((o["pendingOn"]["at"], n, o["pendingOn"]["kind"])
                    for n, o in enumerate(_outlets(device)) if o.get("pendingOn"))
    cancelable = [entry for entry in queued if entry[2] == "sequence"]
    return {
        "sequenceRunning": bool(cancelable),
        "nextOutletToSwitch": queued[0][1] if queued else -1,
        "timeUntilNextSwitch": max(0, int((queued[0][0] - now) * 1000)) if queued else 0,
        "outletsRemaining": len(queued),
        "cancelableOutletsRemaining": len(cancelable),
    }


def cancel_sequence(device):
    for outlet in _outlets(device):
        if outlet.get("pendingOn") and outlet["pendingOn"]["kind"] == "sequence":
            outlet["pendingOn"] = None
