# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Raw configuration: ``rawcfg.RawConfiguration`` at /rawcfg and the download /
update CGIs (protocol 9). An accepted update is applied by a reboot (9.1):
UPDATE_PENDING, the reboot after ``timings.raw_apply_delay``, UPDATE_OK or
UPDATE_FAILED after the boot."""

from xerus_sim.config import pending, raw_file
from xerus_sim.http.cgi import attachment, code_response, refused
from xerus_sim.http.multipart import MultipartError, NotMultipart, PartTooLarge
from xerus_sim.model import lifecycle

AREA = "rawcfg"
MAX_PART = 4 * 1024 * 1024
(OK, INTERNAL, PARAMETER, RUNNING, TOO_LARGE) = (0, 1, 2, 3, 4)
DEVICE_LIST_MISSING = raw_file.DEVICE_LIST_MISSING


class RawConfiguration:
    TYPE = "rawcfg.RawConfiguration:1.0.1"

    def __init__(self, device):
        self.device = device

    def getStatus(self):
        return pending.status(self.device, AREA)


def download(device, request):
    """GET /cgi-bin/raw_config_download.cgi"""
    if request.query:
        return refused(PARAMETER)
    pending.settle_all(device)
    with device.lock:
        body = raw_file.download_text(device)
    return attachment(body, "text/plain", "config.txt")


def update(device, request):
    """POST /cgi-bin/raw_config_update.cgi"""
    pending.settle(device, AREA)
    parts, code = _read_parts(request)
    if pending.is_pending(device, AREA):
        return code_response(RUNNING)
    if request.query:
        code = PARAMETER
    if not code:
        code, items = _read_update(device, parts)
    if code:
        pending.upload_failed(device, AREA)
        return code_response(code)
    _apply_by_reboot(device, items)
    return code_response(OK)


def _apply_by_reboot(device, items):
    delay = float(getattr(device.timings, "raw_apply_delay", 1.0))
    rebootable = getattr(device, "server", None) is not None
    pending.start(device, AREA, items, delay=delay, by_reboot=rebootable)
    if rebootable:
        lifecycle.reboot_later(device, delay=delay, while_down=lambda: pending.apply_now(device, AREA))


def _read_parts(request):
    try:
        return request.form_parts(MAX_PART), OK
    except NotMultipart:
        return None, PARAMETER
    except PartTooLarge:
        return None, TOO_LARGE
    except MultipartError:
        return None, INTERNAL


def _read_update(device, parts):
    names = [p.name for p in parts]
    if "config_file" not in names:
        return PARAMETER, None
    config = parts[names.index("config_file")]
    devices = parts[names.index("devices_file")] if "devices_file" in names else None
    if devices is not None and names.index("devices_file") > names.index("config_file"):
        return DEVICE_LIST_MISSING, None
    try:
        items = raw_file.read_update(device, config.data, devices.data if devices else None)
    except raw_file.RawFileError as exc:
        return exc.code, None
    return OK, items


RPC_OBJECTS = {"/rawcfg": RawConfiguration}
CGI_HANDLERS = {
    ("GET", "/cgi-bin/raw_config_download.cgi"): download,
    ("POST", "/cgi-bin/raw_config_update.cgi"): update,
}
