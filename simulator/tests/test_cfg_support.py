"""Shared helpers of the test_cfg_* tests: a stand-in device and request for
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

from xerus_sim import multipart  # noqa: E402


class Timings:
    restore_delay = 0.2


class StandInDevice:
    """Just the Device attributes the configuration modules use (CONTRACT 4)."""

    def __init__(self, outlets=8, serial="XEM0000001", model="PX3-5190R",
                 firmware="4.2.0.5-50274", host="127.0.0.1"):
        self.lock = threading.RLock()
        self.host, self.model, self.serial = host, model, serial
        self.mac = "00:0d:5d:00:00:01"
        self.firmware_version = firmware
        self.outlet_count = outlets
        self.timings = Timings()
        self.saves = 0
        self.state = {
            "pdu_settings": {"name": "rack-7", "startupState": 2, "cycleDelay": 10, "inRushGuardDelay": 200,
                             "outletPowerStateSequence": [], "powerOnDelay": 0,
                             "suspendTripCauseOutlets": False, "inhibitRelayControl": False},
            "inlet_settings": {"name": ""},
            "outlets": [{"settings": {"name": "", "startupState": 3, "usePduCycleDelay": True,
                                      "cycleDelay": 10, "nonCritical": False, "sequenceDelay": 0},
                         "powerState": 1} for _ in range(outlets)],
            "snmp": {"v2enable": False, "v3enable": False, "readComm": "public", "writeComm": "private",
                     "sysContact": "", "sysName": "", "sysLocation": ""},
            "net": {"hostname": "px-" + serial.lower(), "ipv4_method": "static",
                    "ipv4_address": "127.0.0.1/8", "ipv4_gateway": "", "dns_servers": []},
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


class StandInRequest:
    def __init__(self, method, path, query="", body=b"", content_type=None):
        self.method, self.path, self.query = method, path, query
        self.headers = Headers({"Content-Type": content_type} if content_type else {})
        self.content_length = len(body)
        self.rfile = io.BytesIO(body)

    def form_parts(self, max_part_size):
        return multipart.parse_form(self.headers.get("Content-Type"), self.rfile,
                                    self.content_length, max_part_size)


def form_body(parts):
    """(content_type, body) for [(name, filename, bytes[, mimetype])], framed like the SDK."""
    boundary = uuid.uuid4().hex
    body = b""
    for part in parts:
        name, filename, data = part[:3]
        mimetype = part[3] if len(part) > 3 else "application/octet-stream"
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
                 f"filename=\"{filename}\"\r\nContent-Type: {mimetype}\r\n\r\n").encode() + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body
