# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""POST /cgi-bin/fwupload.cgi: the image is streamed to disk (constant memory, chunked accepted)."""

import os
import urllib.parse

from xerus_sim.http import httpio
from xerus_sim.http.cgi import code_response
from xerus_sim.http.multipart import MultipartError
from xerus_sim.ops.firmware import COMPLETE, UPLOAD_FAILED, UPLOADING, discard_image, fw_state, image_path
from xerus_sim.ops.firmware_image import ImageScanner, version_key

STORED, LOW_MEMORY_REFUSED, BAD_REQUEST, BUSY, BROKEN_OFF = 0, 1, 2, 3, 4
# protocol 7.1: JSON-RPC calls are refused for a short time after an upload
BUSY_MESSAGE = "Device busy: processing the uploaded firmware image, retry in a few seconds"
LOW_MEMORY_KEYS = ("lowMemoryUpload", "allowLowMemoryDowngrade", "allowLowMemoryUntrusted")


def _options(query):
    """The low-memory flags, or None when the query is not acceptable."""
    if not query:
        return {key: False for key in LOW_MEMORY_KEYS}
    try:
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return None
    values = dict(pairs)
    if (
        len(values) != len(pairs)
        or set(values) - set(LOW_MEMORY_KEYS)
        or any(v not in ("0", "1") for v in values.values())
    ):
        return None
    return {key: values.get(key) == "1" for key in LOW_MEMORY_KEYS}


def _low_memory_refusal(device, info, options):
    if not options["lowMemoryUpload"] or not info["valid"]:
        return None
    if version_key(info["version"]) < version_key(device.firmware_version) and not options["allowLowMemoryDowngrade"]:
        return "Downgrade not allowed in low memory upload mode"
    if not info["signature_present"] and not options["allowLowMemoryUntrusted"]:
        return "Untrusted image not allowed in low memory upload mode"
    return None


class _Progress:
    """Counts body bytes as they are read so getImageStatus shows size_done growing."""

    def __init__(self, device, reader, total):
        self.device, self.reader = device, reader
        self.status = {
            "state": UPLOADING,
            "error_message": "",
            "time_started": device.now(),
            "size_total": total or 0,
            "size_done": 0,
        }

    @property
    def exhausted(self):
        return self.reader.exhausted

    def read(self, size=-1):
        data = self.reader.read(size)
        self.status["size_done"] += len(data)
        return data


def _finish(device, status, info=None, md5="", size=0):
    with device.lock:
        device.fw_upload = None
        device.fw_uploading = False
        if status["state"] == COMPLETE:
            fw_state(device)["image"] = dict(status, size_total=size, size_done=size, md5=md5, info=info)
        else:
            fw_state(device)["image"] = dict(status, md5="", info=None)
        device.save()


def upload(device, request):
    options = _options(request.query)
    if options is None or not request.is_form_data():
        return code_response(BAD_REQUEST)
    with device.lock:
        if getattr(device, "fw_uploading", False) or getattr(device, "fw_update_running", False):
            return code_response(BUSY)
        device.fw_uploading = True
        discard_image(device)
        progress = _Progress(device, request.rfile, request.content_length)
        device.fw_upload = progress.status
    partial = device.state_dir / "firmware.part"
    scanner, found = ImageScanner(), []
    try:
        with open(partial, "wb") as sink:

            def open_part(name, filename, content_type):
                if name != "upfile" or found:
                    return None
                found.append(name)

                def write(data):
                    sink.write(data)
                    scanner.feed(data)

                return write

            request.stream_parts(open_part, rfile=progress)
    except (MultipartError, httpio.ClientGone, OSError) as error:
        os.unlink(partial)
        _finish(device, dict(progress.status, state=UPLOAD_FAILED, error_message=f"upload broken off: {error}"))
        return code_response(BROKEN_OFF)
    if not found:
        os.unlink(partial)
        _finish(device, dict(progress.status, state=UPLOAD_FAILED, error_message="no upfile part"))
        return code_response(BAD_REQUEST)
    info = scanner.image_info(device.model)
    refusal = _low_memory_refusal(device, info, options)
    status = dict(progress.status, size_total=scanner.size, size_done=scanner.size)
    if refusal:
        os.unlink(partial)
        _finish(device, dict(status, state=UPLOAD_FAILED, error_message=refusal))
        return code_response(LOW_MEMORY_REFUSED)
    os.replace(partial, image_path(device))
    _finish(device, dict(status, state=COMPLETE), info, scanner.md5.hexdigest(), scanner.size)
    device.refuse_calls_for(device.timings.upload_busy_seconds, BUSY_MESSAGE)
    return code_response(STORED)


CGI_HANDLERS = {("POST", "/cgi-bin/fwupload.cgi"): upload}
