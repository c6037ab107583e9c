# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Threshold states of numeric sensors as events: a crossed threshold asserts a STATE event, its end deasserts it.

[modelled] The device compares every numeric sensor's reading with its thresholds (as getThresholds and
getReading report them, whatever keeps them) and emits ``<Object>.<label>.Sensor.<sensor>.<State>`` when a
state begins (asserted) or ends (deasserted).  It looks after every call that may change something
(rpc/jsonrpc.py) and before the event log or the rules are read, and only at the sensors an enabled rule can
match: with no such rule nothing is delivered, and the first look at a sensor takes its states as they are.
"""

import re

# (Reading.status field, threshold active flag, threshold value, above?, event id component)
STATES = (
    ("aboveUpperCritical", "upperCriticalActive", "upperCritical", True, "AboveUpperCritical"),
    ("aboveUpperWarning", "upperWarningActive", "upperWarning", True, "AboveUpperWarning"),
    ("belowLowerWarning", "lowerWarningActive", "lowerWarning", False, "BelowLowerWarning"),
    ("belowLowerCritical", "lowerCriticalActive", "lowerCritical", False, "BelowLowerCritical"),
)
STATE_EVENTS = tuple(state[4] for state in STATES)
OBJECTS = (
    (re.compile(r"^/model/pdu/0/outlet/(\d+)/(\w+)$"), "Outlet", ""),
    (re.compile(r"^/model/pdu/0/inlet/(\d+)/(\w+)$"), "Inlet", "I"),
    (re.compile(r"^/model/pdu/0/ocp/(\d+)/(\w+)$"), "OverCurrentProtector", "C"),
)
_BASELINE = "_sensor_event_states"
_WATCHED = "_sensor_event_watch"


def _prefix(rid):
    """("Outlet", "3", "Sensor", "current") for /model/pdu/0/outlet/2/current; None for other rids."""
    for pattern, kind, label in OBJECTS:
        found = pattern.match(rid)
        if found:
            return kind, f"{label}{int(found.group(1)) + 1}", "Sensor", found.group(2)
    return None


def _numeric_sensors(device):
    for rid, obj in device.objects.items():
        prefix = _prefix(rid)
        if prefix and callable(getattr(obj, "getThresholds", None)) and callable(getattr(obj, "getReading", None)):
            yield prefix, obj


def sensor_prefixes(device):
    return [prefix for prefix, _obj in _numeric_sensors(device)]


def states_of(reading, thresholds):
    """The threshold states a reading is in: the device's own status flags and the thresholds compared."""
    value = reading.get("value")
    found = set()
    for status, active, limit, above, event in STATES:
        crossed = (
            isinstance(value, (int, float))
            and reading.get("valid", True)
            and thresholds.get(active)
            and (value > thresholds[limit] if above else value < thresholds[limit])
        )
        if crossed or (reading.get("status") or {}).get(status):
            found.add(event)
    return found


def _watched(prefix, patterns):
    """Whether some rule pattern can match one of this sensor's state events."""
    from xerus_sim.model import eventids

    return any(eventids.matches(pattern, [*prefix, state]) for pattern in patterns for state in STATE_EVENTS)


def _watched_sensors(device, patterns):
    """(prefix, sensor) of the sensors the patterns can match; kept while objects and patterns stay the same."""
    key = (id(device.objects), tuple(tuple(pattern) for pattern in patterns))
    cached = getattr(device, _WATCHED, None)
    if cached is None or cached[0] != key:
        cached = (key, [(prefix, sensor) for prefix, sensor in _numeric_sensors(device) if _watched(prefix, patterns)])
        setattr(device, _WATCHED, cached)
    return cached[1]


def evaluate(device):
    """Deliver an event for every threshold state that began or ended since the last look (device.lock held).

    Only sensors an enabled rule can match are looked at; a sensor looked at for the first time is taken as it is.
    """
    from xerus_sim.model import event

    patterns = event.enabled_patterns(device)
    if not patterns:
        setattr(device, _BASELINE, None)
        return
    before = getattr(device, _BASELINE, None) or {}
    now = {
        prefix: states_of(sensor.getReading()["_ret_"], sensor.getThresholds()["_ret_"])
        for prefix, sensor in _watched_sensors(device, patterns)
    }
    setattr(device, _BASELINE, now)
    for prefix, states in now.items():
        old = before.get(prefix)
        if old is None:
            continue
        for state in sorted(states - old):
            event.deliver(device, [*prefix, state], asserted=True, kind=event.STATE)
        for state in sorted(old - states):
            event.deliver(device, [*prefix, state], asserted=False, kind=event.STATE)
