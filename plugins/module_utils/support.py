# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Support material of a PDU as files: the diagnostic data archive and the event log.

Both are written the way exports are (atomic.py): streamed into a private (0600) temporary file next to
the destination, then moved over it, and only when the content (or the file mode) differs from what
the destination holds. No Ansible import.

- Diagnostic data: ``GET /cgi-bin/diag-data.cgi`` streamed to the file (docs/protocol/XERUS-PROTOCOL.md
  section 10); the archive differs on every download.
- Event log: logging.EventLog at /eventlog, read chunk by chunk forward from the first entry (getInfo,
  then getChunk until a chunk has no entries; a changed log creation time means the log was cleared or
  restarted meanwhile, and reading starts over). Each entry becomes one JSON line
  ``{"id", "time", "class", "message"}`` (time in UTC, ISO 8601); only one chunk is held in memory.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os

from ansible_collections.xerus.pdu.plugins.module_utils import atomic, rids
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError

FORWARD = 0  # logging.RangeDirection
ALL_ENTRIES = -1  # "everything in the requested chunk after the start id" (Log.idl)
MAX_CHUNKS = 100000
MAX_RESTARTS = 3
HASH_BLOCK = 64 * 1024


class SupportError(XerusError):
    """A support file could not be written or the device's answer cannot be used."""


def save_diagnostics(client, dest, check_mode=False):
    """Stream the diagnostic data archive to ``dest``; a dict with path, size, sha256, changed."""

    def fill(tmp):
        answer = client.download(rids.DIAG_DOWNLOAD_CGI, dest=tmp.path)
        return {"size": answer.size}

    return _save(client.device, dest, "diagnostics_dest", fill, check_mode)


def save_eventlog(client, dest, check_mode=False):
    """Read the whole event log into ``dest`` (JSON lines); a dict with path, entries, size, sha256, changed."""

    def fill(tmp):
        for _attempt in range(MAX_RESTARTS + 1):
            entries = _read_log(client, tmp.path)
            if entries is not None:
                return {"entries": entries}
        raise SupportError(client.device, f"the event log was cleared or restarted {MAX_RESTARTS + 1} times while read")

    return _save(client.device, dest, "eventlog_dest", fill, check_mode)


def _save(device, dest, option, fill, check_mode):
    try:
        with atomic.AtomicFile(dest) as tmp:
            details = fill(tmp)
            digest, size = file_sha256(tmp.path), os.path.getsize(tmp.path)
            changed = digest != file_sha256(dest) or atomic.file_mode(dest) != atomic.PRIVATE_MODE
            if changed and not check_mode:
                tmp.commit()
            return dict(details, path=dest, size=size, sha256=digest, changed=changed)
    except atomic.DestinationError as exc:
        raise SupportError(device, f"option {option}: {exc.message}", option=option) from None
    except OSError as exc:
        raise SupportError(device, f"option {option}: cannot write {dest}: {exc.strerror}", option=option) from None


def _read_log(client, path):
    """Write every entry to ``path``; the number of entries, or None when the log was reset meanwhile."""
    info = client.call(rids.EVENT_LOG, "getInfo", safe=True).get("_ret_") or {}
    created, start, entries = info.get("creationTime"), info.get("idFirst", 0), 0
    with open(path, "w", encoding="utf-8") as out:
        for _chunk in range(MAX_CHUNKS):
            params = {"refId": start, "count": ALL_ENTRIES, "direction": FORWARD, "categories": []}
            chunk = client.call(rids.EVENT_LOG, "getChunk", params, safe=True).get("_ret_") or {}
            if chunk.get("logCreationTime") != created:
                return None
            for entry in chunk.get("selEntries") or []:
                out.write(json.dumps(entry_line(entry), sort_keys=True) + "\n")
                entries += 1
            if not chunk.get("allEntryCnt"):
                return entries
            start = chunk.get("idFirst", start) + chunk["allEntryCnt"]
    raise SupportError(client.device, f"the event log did not end within {MAX_CHUNKS} chunks")


def entry_line(entry):
    """One log entry as written to the file."""
    stamp = entry.get("timestamp")
    when = (
        datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).isoformat()
        if isinstance(stamp, (int, float)) and not isinstance(stamp, bool)
        else None
    )
    return {
        "id": entry.get("id"),
        "time": when,
        "class": entry.get("eventClass", ""),
        "message": entry.get("message", ""),
    }


def file_sha256(path):
    """SHA-256 of a file read in blocks, or None when it does not exist."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(HASH_BLOCK), b""):
                digest.update(block)
    except FileNotFoundError:
        return None
    return digest.hexdigest()
