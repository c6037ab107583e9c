# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Diagnostic data (protocol 10): ``GET /cgi-bin/diag-data.cgi`` and the
``diag.DiagLogSettings`` object at /diag, which answers neutral values."""

import gzip
import io
import json
import tarfile
import time

from xerus_sim.config import pending, raw_file
from xerus_sim.http.cgi import attachment, refused

ERR_NONE, ERR_UNKNOWN_LOG_CONTEXT_NAME, ERR_UNKNOWN_LOG_LEVEL = 0, 1, 2
LOG_LEVELS = range(6)


class DiagLogSettings:
    TYPE = "diag.DiagLogSettings:1.0.0"

    def __init__(self, device):
        self.device = device

    def resetLogLevelsForAllCtxNames(self):
        return {}

    def getLogLevelsForAllCtxNames(self):
        return {"_ret_": []}

    def setLogLevelForAllCtxNames(self, logLevel: int):
        return {"_ret_": ERR_NONE if logLevel in LOG_LEVELS else ERR_UNKNOWN_LOG_LEVEL}

    def getLogLevelByCtxName(self, ctxName: str):
        return {"_ret_": ERR_UNKNOWN_LOG_CONTEXT_NAME, "logLevel": 0}

    def setLogLevelByCtxName(self, ctxName: str, logLevel: int):
        if logLevel not in LOG_LEVELS:
            return {"_ret_": ERR_UNKNOWN_LOG_LEVEL}
        return {"_ret_": ERR_UNKNOWN_LOG_CONTEXT_NAME}


def download(device, request):
    """GET /cgi-bin/diag-data.cgi: gzip tar of diag/summary.json, config.txt, version.txt."""
    if request.query:
        return refused(2)
    pending.settle_all(device)
    with device.lock:
        members = {
            "diag/summary.json": json.dumps(_summary(device), indent=1, sort_keys=True).encode() + b"\n",
            "diag/config.txt": raw_file.download_text(device),
            "diag/version.txt": f"{device.firmware_version}\n".encode(),
        }
    return attachment(_tgz(members), "application/x-gzip", "diag-data.tgz")


def _summary(device):
    uptime = device.uptime() if hasattr(device, "uptime") else None
    return {
        "model": device.model,
        "serial": device.serial,
        "mac": device.mac,
        "firmware_version": device.firmware_version,
        "outlets": device.outlet_count,
        "time": device.now(),
        "uptime": uptime,
        "generated": time.time(),
    }


def _tgz(members):
    raw = io.BytesIO()
    mtime = int(time.time())
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = mtime
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue())


RPC_OBJECTS = {"/diag": DiagLogSettings}
CGI_HANDLERS = {("GET", "/cgi-bin/diag-data.cgi"): download}
