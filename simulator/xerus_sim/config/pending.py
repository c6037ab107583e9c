# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pending restore / update status shared by bulk (8.3) and raw (9.1) configuration.

Status codes are the same integers in both interfaces: 0 UNKNOWN,
1 UPLOAD_FAILED, 2 *_PENDING, 3 *_OK, 4 *_FAILED.

A bulk restore runs no timer: the accepted items are stored with a due time
and applied by ``settle`` on the next read (status, downloads, new uploads)
once the delay has passed. A raw update is applied by a reboot (9.1): the
caller schedules it and the reboot calls ``apply_now`` while the device is
down. ``settle`` applies such an update itself only when its reboot never
came (the simulator stopped before it), well after it was due.
"""

import time

from xerus_sim.config import keys

UNKNOWN, UPLOAD_FAILED, PENDING, DONE_OK, DONE_FAILED = range(5)
AREAS = ("bulkcfg", "rawcfg")
LOST_REBOOT_GRACE = 10.0


def _area(device, area):
    record = device.state.get(area)
    if not isinstance(record, dict):
        record = device.state[area] = {}
    record.setdefault("status", UNKNOWN)
    record.setdefault("timeStamp", 0)
    record.setdefault("pending", None)
    return record


def _due(device, pending):
    if not pending.get("by_reboot"):
        return pending["due"]
    return pending["due"] + float(getattr(device.timings, "reboot_seconds", 5.0)) + LOST_REBOOT_GRACE


def settle(device, area):
    """Apply a pending item list whose delay has elapsed; returns the area record."""
    with device.lock:
        record = _area(device, area)
        pending = record["pending"]
        if record["status"] == PENDING and pending and time.time() >= _due(device, pending):
            apply_now(device, area)
        return record


def apply_now(device, area):
    """Apply the pending items now: status *_OK or *_FAILED with the time of the apply."""
    with device.lock:
        record = _area(device, area)
        pending = record["pending"]
        if record["status"] != PENDING or not pending:
            return
        try:
            keys.apply(device, [tuple(item) for item in pending["items"]])
            record["status"] = DONE_OK
        except keys.ConfigValueError:
            record["status"] = DONE_FAILED
        record["timeStamp"] = device.now()
        record["pending"] = None
        device.save()


def settle_all(device):
    """Settle both areas (for any reader of configuration state)."""
    for area in AREAS:
        settle(device, area)


def status(device, area):
    with device.lock:
        record = settle(device, area)
        return {"status": record["status"], "timeStamp": record["timeStamp"]}


def is_pending(device, area):
    with device.lock:
        return settle(device, area)["status"] == PENDING


def start(device, area, items, delay=None, by_reboot=False):
    """Accept items: status PENDING now, applied after ``delay`` (default: the restore delay)."""
    with device.lock:
        record = _area(device, area)
        record["status"] = PENDING
        record["timeStamp"] = device.now()
        due = time.time() + (_restore_delay(device) if delay is None else delay)
        record["pending"] = {"due": due, "items": [list(i) for i in items], "by_reboot": by_reboot}
        device.save()


def upload_failed(device, area):
    with device.lock:
        record = _area(device, area)
        record["status"] = UPLOAD_FAILED
        record["timeStamp"] = device.now()
        device.save()


def _restore_delay(device):
    timings = getattr(device, "timings", None)
    return float(getattr(timings, "restore_delay", 0.5))
