# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The per-process control server: list devices, read state, arm and clear faults, set sensor readings
(plain HTTP, loopback)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from xerus_sim.config import pending
from xerus_sim.fleet.faults import FaultError
from xerus_sim.model import switching


def device_info(device):
    return {
        "host": device.host,
        "port": device.port,
        "http_port": device.http_port or 0,
        "serial": device.serial,
        "model": device.model,
        "mac": device.mac,
        "firmware_version": device.firmware_version,
        "generation": device.generation,
        "outlets": device.outlet_count,
        "cert": str(device.server.cert_path),
        "ca": str(device.ca_path),
        "control": device.control_url,
        "state_file": str(device.state_file),
    }


def _state_dump(device):
    with device.lock:
        switching.advance(device)
        pending.settle_all(device)
        snapshot = json.loads(json.dumps(device.state))
    return {
        "state": snapshot,
        "phase": device.phase,
        "faults": device.faults.describe(),
        "sessions": len(device.sessions.all()),
        **device_info(device),
    }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fleet = {}

    def log_message(self, *args):
        pass

    def _send(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _device(self, parts):
        if len(parts) < 2 or parts[0] != "devices":
            return None
        return self.fleet.get(parts[1])

    def _parts(self):
        return [part for part in self.path.split("?")[0].split("/") if part]

    def do_GET(self):
        parts = self._parts()
        if parts == ["devices"]:
            return self._send(200, [device_info(d) for d in self.fleet.values()])
        device = self._device(parts)
        if device is None:
            return self._send(404, {"error": "no such device"})
        if parts[2:] == ["state"]:
            return self._send(200, _state_dump(device))
        if parts[2:] == ["faults"]:
            return self._send(200, device.faults.describe())
        return self._send(404, {"error": "unknown path"})

    def do_POST(self):
        parts = self._parts()
        device = self._device(parts)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if device is not None and parts[2:] == ["readings"]:
            return self._set_reading(device, raw)
        if device is None or parts[2:] != ["faults"]:
            return self._send(404, {"error": "unknown path or device"})
        try:
            spec = json.loads(raw or b"{}")
            params = {k: v for k, v in spec.items() if k not in ("fault", "count")}
            device.faults.arm(spec.get("fault"), spec.get("count"), **params)
        except (ValueError, FaultError, AttributeError) as error:
            return self._send(400, {"error": str(error)})
        return self._send(200, {"armed": device.faults.describe()})

    def _set_reading(self, device, raw):
        """{"rid": <sensor rid, well-known or opaque>, "value": <number, or null to measure again>}."""
        try:
            spec = json.loads(raw or b"{}")
            sensor = device.find_object(str(spec["rid"]))
            value = spec["value"]
            if sensor is None or not hasattr(sensor, "alert_state"):
                raise ValueError(f"no sensor at {spec['rid']}")
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise ValueError("value must be a number or null")
        except (ValueError, KeyError, TypeError) as error:
            return self._send(400, {"error": str(error)})
        with device.lock:
            readings = device.state.setdefault("sensor_readings", {})
            if value is None:
                readings.pop(sensor.opaque_name, None)
            else:
                readings[sensor.opaque_name] = value
            device.save()
        return self._send(200, {"sensor": sensor.opaque_name, "value": value})

    def do_DELETE(self):
        parts = self._parts()
        device = self._device(parts)
        if device is None or parts[2:] != ["faults"]:
            return self._send(404, {"error": "unknown path or device"})
        device.faults.clear()
        return self._send(200, {"armed": []})


class ControlServer:
    def __init__(self, address, devices):
        host, _, port = address.rpartition(":")
        handler = type("Handler", (_Handler,), {"fleet": {d.host: d for d in devices}})
        self.httpd = ThreadingHTTPServer((host or "127.0.0.1", int(port or 0)), handler)
        self.httpd.daemon_threads = True
        host, port = self.httpd.server_address[:2]
        self.url = f"http://{host}:{port}"
        self.serving = False

    def start(self):
        threading.Thread(target=self.httpd.serve_forever, name="control", daemon=True).start()
        self.serving = True

    def stop(self):
        # shutdown() waits for serve_forever() to end: never started (a fleet that failed to start), it would
        # wait for ever
        if self.serving:
            self.httpd.shutdown()
        self.httpd.server_close()
