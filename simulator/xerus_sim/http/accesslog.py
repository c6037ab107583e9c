# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""--access-log: one JSON line per HTTP request, flushed per line."""

import json
import threading
import time


class AccessLog:
    def __init__(self, path):
        self._handle = open(path, "a", encoding="utf-8") if path else None
        self._lock = threading.Lock()

    def write(self, device, method, path, rpc, status, bytes_in, bytes_out):
        if self._handle is None:
            return
        line = json.dumps(
            {
                "time": round(time.time(), 3),
                "device": device,
                "method": method,
                "path": path,
                "rpc": rpc,
                "status": status,
                "bytes_in": bytes_in,
                "bytes_out": bytes_out,
            }
        )
        with self._lock:
            self._handle.write(line + "\n")
            self._handle.flush()

    def close(self):
        if self._handle:
            self._handle.close()
