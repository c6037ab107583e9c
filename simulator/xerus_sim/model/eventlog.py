# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""logging.EventLog at /eventlog: the device's event log, a ring of entries handed out chunk by chunk.

Log.idl [vendor IDL]: ids start at 0 and grow by one per entry; clear() and a restart of the log start the
numbering again and change ``creationTime``; entries are read one chunk at a time (getChunk), forward or
backward from a start id.  [modelled] A chunk holds CHUNK_SIZE consecutive ids; the log keeps at most
MAX_ENTRIES entries (the oldest whole chunks go first); the log lives in the device state (``eventlog``),
so it survives a restart of the simulator.  Other modules add entries with ``append()``.
"""

import time

from xerus_sim.model import sensorstates
from xerus_sim.rpc.idltypes import Enum

TYPE = "logging.EventLog:2.0.0"
CHUNK_SIZE = 32
MAX_ENTRIES = 512
FORWARD, BACKWARD = 0, 1
RangeDirection = Enum("logging.RangeDirection:1.0.0", 2)


def _new_log():
    return {"creationTime": time.time_ns() // 1000, "idFirst": 0, "idNext": 0, "entries": []}


def log_state(device):
    """The device's event log (created on first use; device.lock held)."""
    return device.state.setdefault("eventlog", _new_log())


def append(device, event_class, message):
    """Add one entry (device.lock held); the oldest chunk goes when the log is full."""
    log = log_state(device)
    log["entries"].append(
        {"id": log["idNext"], "timestamp": device.now(), "eventClass": event_class, "message": message}
    )
    log["idNext"] += 1
    while len(log["entries"]) > MAX_ENTRIES:
        chunk_end = (log["entries"][0]["id"] // CHUNK_SIZE + 1) * CHUNK_SIZE
        log["entries"] = [entry for entry in log["entries"] if entry["id"] >= chunk_end]
    log["idFirst"] = log["entries"][0]["id"] if log["entries"] else log["idNext"]


def _chunk(log, ref_id, count, direction, categories):
    if (
        not log["entries"]
        or (direction == FORWARD and ref_id >= log["idNext"])
        or (direction == BACKWARD and ref_id < log["idFirst"])
    ):
        return {"logCreationTime": log["creationTime"], "idFirst": ref_id, "allEntryCnt": 0, "selEntries": []}
    ref_id = max(ref_id, log["idFirst"]) if direction == FORWARD else min(ref_id, log["idNext"] - 1)
    first = max(log["idFirst"], ref_id // CHUNK_SIZE * CHUNK_SIZE)
    last = min(log["idNext"] - 1, ref_id // CHUNK_SIZE * CHUNK_SIZE + CHUNK_SIZE - 1)
    chunk = [entry for entry in log["entries"] if first <= entry["id"] <= last]
    if direction == FORWARD:
        selected = [entry for entry in chunk if entry["id"] >= ref_id]
    else:
        selected = [entry for entry in reversed(chunk) if entry["id"] <= ref_id]
    if categories:
        selected = [entry for entry in selected if entry["eventClass"] in categories]
    if 0 <= count < len(selected):
        selected = selected[:count]
    return {
        "logCreationTime": log["creationTime"],
        "idFirst": first,
        "allEntryCnt": len(chunk),
        "selEntries": [dict(entry) for entry in selected],
    }


class EventLog:
    TYPE = TYPE

    def __init__(self, device):
        self.device = device

    def clear(self):
        with self.device.lock:
            self.device.state["eventlog"] = _new_log()
            append(self.device, "Event Log", "The event log was cleared.")
            self.device.save()
        return None

    def getInfo(self):
        with self.device.lock:
            sensorstates.evaluate(self.device)
            log = log_state(self.device)
            return {"_ret_": {"creationTime": log["creationTime"], "idFirst": log["idFirst"], "idNext": log["idNext"]}}

    def getChunk(self, refId: int, count: int, direction: RangeDirection, categories: list[str]):
        with self.device.lock:
            return {"_ret_": _chunk(log_state(self.device), refId, count, direction, categories)}


RPC_OBJECTS = {"/eventlog": EventLog}
