# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection per device: what the control server arms and the server consults."""

import threading

from xerus_sim.rpc.errors import RpcError

FAULTS = (
    "refuse",
    "wrong_cert",
    "delay",
    "http_status",
    "rpc_error",
    "drop_mid_body",
    "reboot_mid_call",
    "truncate_download",
    "update_fails",
)


class FaultError(ValueError):
    pass


def _validate(name, params):
    if name not in FAULTS:
        raise FaultError(f"unknown fault {name!r}; known: {', '.join(FAULTS)}")
    if name == "delay" and not isinstance(params.get("seconds"), (int, float)):
        raise FaultError("delay needs a numeric 'seconds'")
    if name == "http_status" and params.get("status") not in (400, 401, 403, 404, 408, 500, 502, 503, 504):
        raise FaultError("http_status needs 'status' (e.g. 500 or 503)")
    if name == "rpc_error" and not isinstance(params.get("method"), str):
        raise FaultError("rpc_error needs 'method'")


class Faults:
    """Armed faults of one device; each fires at most `count` times (None = until cleared)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._armed = []
        self.on_change = None  # on_change(armed name or None) after arming/clearing (e.g. to close a listener)

    def arm(self, name, count=None, **params):
        _validate(name, params)
        if count is not None and (not isinstance(count, int) or count < 1):
            raise FaultError("count must be a positive integer")
        with self._lock:
            self._armed.append({"fault": name, "count": count, "fired": 0, **params})
        self._changed(name)

    def clear(self):
        with self._lock:
            self._armed = []
        self._changed()

    def _changed(self, armed=None):
        if self.on_change:
            self.on_change(armed)

    def describe(self):
        with self._lock:
            return [dict(entry) for entry in self._armed]

    def active(self, name):
        with self._lock:
            return any(entry["fault"] == name for entry in self._armed)

    def take(self, name, match=lambda entry: True):
        """Consume one occurrence of an armed fault that matches; return its entry or None."""
        with self._lock:
            for entry in self._armed:
                if entry["fault"] == name and match(entry):
                    entry["fired"] += 1
                    if entry["count"] is not None and entry["fired"] >= entry["count"]:
                        self._armed.remove(entry)
                    return dict(entry)
        return None

    def rpc_error_for(self, rid, method):
        def match(entry):
            wanted = entry["method"]
            return wanted in (method, f"{rid}:{method}") and entry.get("rid", rid) == rid

        entry = self.take("rpc_error", match)
        if entry is None:
            return None
        return RpcError(entry.get("code", -32603), entry.get("message", "Internal error (injected)"))
