# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start and stop a real simulator process for the tests (no mocks: the device is the simulator)."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

SIM_ROOT = Path(__file__).resolve().parents[1]
if str(SIM_ROOT) not in sys.path:
    sys.path.insert(0, str(SIM_ROOT))
CAPTURES = Path(__file__).resolve().parents[2] / "tests" / "protocol" / "captures"
AUTH = ("admin", "legrand")

requests.packages.urllib3.disable_warnings()


class Simulator:
    """A running `python -m xerus_sim` with its device lines."""

    def __init__(self, *args, state_dir=None, timeout=30):
        command = [
            sys.executable,
            "-m",
            "xerus_sim",
            "--port",
            "0",
            "--outlets",
            "8",
            "--reboot-seconds",
            "1",
            "--update-seconds",
            "0.5",
            "--cert-restart-ms",
            "300",
            "--upload-busy-seconds",
            "0.5",
            *args,
        ]
        if state_dir:
            command += ["--state-dir", str(state_dir)]
        self.process = subprocess.Popen(
            command,
            cwd=SIM_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ, PYTHONPATH=str(SIM_ROOT)),
        )
        self.devices = []
        count = int(args[args.index("--fleet") + 1]) if "--fleet" in args else 1
        deadline = time.monotonic() + timeout
        while len(self.devices) < count:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("simulator ended: " + self.process.stderr.read())
            self.devices.append(json.loads(line))
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("simulator did not start in time")

    @property
    def device(self):
        return self.devices[0]

    @property
    def control(self):
        return self.device["control"]

    def index_of(self, generation):
        """Index of the fleet's first device of a firmware generation."""
        return next(index for index, device in enumerate(self.devices) if device["generation"] == generation)

    def url(self, path, index=0):
        device = self.devices[index]
        return f"https://{device['host']}:{device['port']}{path}"

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        return self.process.returncode


def rpc(session, sim, rid, method, params=None, req_id=1, index=0, **kwargs):
    """One JSON-RPC call; returns the decoded envelope (HTTP status must be 200)."""
    body = {"method": method, "params": {} if params is None else params, "id": req_id}
    response = session.post(sim.url(rid, index), json=body, verify=False, timeout=10, **kwargs)
    assert response.status_code == 200, (response.status_code, response.text)
    return response.json()


def result(session, sim, rid, method, params=None, **kwargs):
    envelope = rpc(session, sim, rid, method, params, **kwargs)
    assert "error" not in envelope, envelope
    return envelope["result"]


def result_on(sim, generation, rid, method, params=None):
    """result() on the fleet's first device of a generation, in a new session."""
    return result(new_session(), sim, rid, method, params, index=sim.index_of(generation))


def raw_lines(sim, index=0):
    """The lines of a device's raw configuration download."""
    url = sim.url("/cgi-bin/raw_config_download.cgi", index)
    return new_session().get(url, verify=False, timeout=10).text.splitlines()


def new_session(auth=AUTH):
    session = requests.Session()
    session.auth = auth
    return session


def wait_for(predicate, timeout=20, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (requests.RequestException, OSError):
            pass
        time.sleep(interval)
    raise AssertionError("condition not met in time")


def result_after_upload(session, sim, rid, method, params=None, timeout=10, **kwargs):
    """result() of a call retried while the device refuses calls after a firmware upload (protocol 7.1)."""
    deadline = time.monotonic() + timeout
    while True:
        envelope = rpc(session, sim, rid, method, params, **kwargs)
        error = envelope.get("error") or {}
        if "busy" not in error.get("message", "").lower() or time.monotonic() > deadline:
            assert "error" not in envelope, envelope
            return envelope["result"]
        time.sleep(0.1)


def multipart(parts):
    """(content type, body) framed like the SDK: [(name, filename, bytes)]."""
    import uuid

    boundary = uuid.uuid4().hex
    body = b""
    for name, filename, data in parts:
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + data
            + b"\r\n"
        )
    body += f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body


def free_port(host="127.0.0.1"):
    import socket

    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]
