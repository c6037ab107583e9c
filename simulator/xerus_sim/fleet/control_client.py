# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plain-Python helpers for tests and the bench to drive a running simulator's control server."""

import json
import urllib.request


def _call(method, url, payload=None, timeout=10):
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"} if data else {}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


def devices(control_url):
    return _call("GET", f"{control_url}/devices")


def inject(control_url, host, fault, count=None, **params):
    """Arm a fault on one device; count=None means until cleared."""
    payload = {"fault": fault, **params}
    if count is not None:
        payload["count"] = count
    return _call("POST", f"{control_url}/devices/{host}/faults", payload)


def clear(control_url, host):
    return _call("DELETE", f"{control_url}/devices/{host}/faults")


def faults(control_url, host):
    return _call("GET", f"{control_url}/devices/{host}/faults")


def state(control_url, host):
    """State dump of one device: {"state": ..., "phase": ..., "faults": [...], ...}."""
    return _call("GET", f"{control_url}/devices/{host}/state")


def set_reading(control_url, host, rid, value):
    """Make the sensor at ``rid`` (well-known or opaque) read ``value``; None measures again."""
    return _call("POST", f"{control_url}/devices/{host}/readings", {"rid": rid, "value": value})
