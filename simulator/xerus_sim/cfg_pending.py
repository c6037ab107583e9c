"""Pending restore / update status shared by bulk (8.3) and raw (9.1) configuration.

Status codes are the same integers in both interfaces: 0 UNKNOWN,
1 UPLOAD_FAILED, 2 *_PENDING, 3 *_OK, 4 *_FAILED. No timer runs: the
accepted items are stored with a due time and applied by ``settle`` on the
next read (status, downloads, new uploads) once the delay has passed.
"""

import time

from . import configkeys

UNKNOWN, UPLOAD_FAILED, PENDING, DONE_OK, DONE_FAILED = range(5)
AREAS = ("bulkcfg", "rawcfg")


def _area(device, area):
    record = device.state.get(area)
    if not isinstance(record, dict):
        record = device.state[area] = {}
    record.setdefault("status", UNKNOWN)
    record.setdefault("timeStamp", 0)
    record.setdefault("pending", None)
    return record


def settle(device, area):
    """Apply a pending item list whose delay has elapsed; returns the area record."""
    with device.lock:
        record = _area(device, area)
        pending = record["pending"]
        if record["status"] != PENDING or not pending or time.time() < pending["due"]:
            return record
        try:
            configkeys.apply(device, [tuple(item) for item in pending["items"]])
            record["status"] = DONE_OK
        except configkeys.ConfigValueError:
            record["status"] = DONE_FAILED
        record["timeStamp"] = device.now()
        record["pending"] = None
        device.save()
        return record


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


def start(device, area, items):
    """Accept items: status PENDING now, applied after device.timings.restore_delay."""
    with device.lock:
        record = _area(device, area)
        record["status"] = PENDING
        record["timeStamp"] = device.now()
        record["pending"] = {"due": time.time() + _delay(device), "items": [list(i) for i in items]}
        device.save()


def upload_failed(device, area):
    with device.lock:
        record = _area(device, area)
        record["status"] = UPLOAD_FAILED
        record["timeStamp"] = device.now()
        device.save()


def _delay(device):
    timings = getattr(device, "timings", None)
    return float(getattr(timings, "restore_delay", 0.5))
