# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared helpers of the configuration tests (tests/config/): a stand-in device and a CGI request for
unit tests of the configuration modules (the end-to-end tests use the real
simulator), and a multipart body builder that frames parts as the SDK does."""

import io
import sys
import threading
import time
import uuid
from pathlib import Path

SIM_ROOT = Path(__file__).resolve().parents[1]
if str(SIM_ROOT) not in sys.path:
    sys.path.insert(0, str(SIM_ROOT))

from xerus_sim.http.cgi import CgiRequest  # noqa: E402 - after the path set-up above


class Timings:
    restore_delay = 0.2
    raw_apply_delay = 0.2


class StandInDevice:
    """Just the Device attributes the configuration modules use."""

    def __init__(self, outlets=8, serial="XEM0000001", model="PX3-5190R", firmware="4.2.0.5-50274", host="127.0.0.1"):
        self.lock = threading.RLock()
        self.host, self.model, self.serial = host, model, serial
        self.mac = "00:0d:5d:00:00:01"
        self.firmware_version = firmware
        self.outlet_count = outlets
        self.timings = Timings()
        self.saves = 0
        self.state = {
            "pdu_settings": {
                "name": "rack-7",
                "startupState": 2,
                "cycleDelay": 10,
                "inRushGuardDelay": 200,
                "outletPowerStateSequence": [],
                "powerOnDelay": 0,
                "suspendTripCauseOutlets": False,
                "inhibitRelayControl": False,
            },
            "inlet_settings": {"name": ""},
            "outlets": [
                {
                    "settings": {
                        "name": "",
                        "startupState": 3,
                        "usePduCycleDelay": True,
                        "cycleDelay": 10,
                        "nonCritical": False,
                        "sequenceDelay": 0,
                    },
                    "powerState": 1,
                }
                for _ in range(outlets)
            ],
            "snmp": {
                "v2enable": False,
                "v3enable": False,
                "readComm": "public",
                "writeComm": "private",
                "sysContact": "",
                "sysName": "",
                "sysLocation": "",
            },
            "net": {
                "hostname": "px-" + serial.lower(),
                "ipv4_method": "static",
                "ipv4_address": "127.0.0.1/8",
                "ipv4_gateway": "",
                "dns_servers": "",
            },
        }

    def save(self):
        self.saves += 1

    def now(self):
        return int(time.time())


class Headers(dict):
    def get(self, name, default=None):
        for key, value in self.items():
            if key.lower() == name.lower():
                return value
        return default


def cgi_request(method, path, query="", body=b"", content_type=None):
    """The CGI request a handler gets, its body in memory."""
    headers = Headers({"Content-Type": content_type} if content_type else {})
    return CgiRequest(method, path, query, headers, len(body), io.BytesIO(body))


def form_body(parts):
    """(content_type, body) for [(name, filename, bytes[, mimetype])], framed like the SDK."""
    boundary = uuid.uuid4().hex
    body = b""
    for part in parts:
        name, filename, data = part[:3]
        mimetype = part[3] if len(part) > 3 else "application/octet-stream"
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {mimetype}\r\n\r\n'
            ).encode()
            + data
            + b"\r\n"
        )
    body += f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body


CAPTURES = Path(__file__).resolve().parents[2] / "tests" / "protocol" / "captures"


def captured_steps(area):
    import json

    with open(CAPTURES / f"{area}.json", encoding="utf-8") as handle:
        return json.load(handle)["steps"]


def captured_exchange(step):
    return step["exchanges"][0]


def request_from_capture(request):
    """A cgi_request rebuilt from a captured request (multipart parts re-framed as the SDK does)."""
    body, content_type = b"", None
    multipart_body = (request.get("body") or {}).get("multipart")
    if multipart_body:
        parts = [
            (p["name"], p["filename"], p["text"].encode("utf-8"), p["content_type"]) for p in multipart_body["parts"]
        ]
        content_type, body = form_body(parts)
    return cgi_request(request["method"], request["path"], request["query"], body, content_type)


def header_value(response, name):
    for line in response["headers"]:
        key, _, value = line.partition(": ")
        if key.lower() == name.lower():
            return value
    return None


def wait_until_settled(read_status, pending=2, timeout=5.0):
    deadline = time.time() + timeout
    while True:
        result = read_status()
        if result["status"] != pending or time.time() > deadline:
            return result
        time.sleep(0.02)
