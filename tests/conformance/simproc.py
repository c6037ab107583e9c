# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A real simulator process on a free 127.0.0.x address, and recording SDK agents for it."""

import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from recorder import RecordingAgent

REPO = Path(__file__).resolve().parents[2]
SIMULATOR_DIR = REPO / "simulator"
CAPTURES = Path(os.environ.get("XERUS_CAPTURES", Path(__file__).resolve().parents[1] / "protocol" / "captures"))
USER, PASSWORD = "admin", "legrand"
# Timings of the captures (captures/README.md), so replays see the same phases.
CAPTURE_TIMINGS = [
    "--reboot-seconds",
    "2",
    "--update-seconds",
    "1",
    "--cert-restart-ms",
    "300",
    "--restore-delay",
    "0.3",
    "--upload-busy-seconds",
    "1",
]
START_TIMEOUT = 20


def _address_is_free(host, count):
    for index in range(count):
        address = host.rsplit(".", 1)[0] + "." + str(int(host.rsplit(".", 1)[1]) + index)
        with socket.socket() as probe:
            try:
                probe.bind((address, 0))
            except OSError:
                return False
    return True


def free_loopback_address(count=1):
    """A 127.0.0.x base address; x is random so parallel runs rarely meet."""
    candidates = list(range(100, 250 - count))
    random.shuffle(candidates)
    for last in candidates[:40]:
        host = f"127.0.0.{last}"
        if _address_is_free(host, count):
            return host
    raise RuntimeError("no free 127.0.0.x address found")


def free_port(host):
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class Simulator:
    """`python -m xerus_sim` as a subprocess; `devices` holds its JSON device lines."""

    def __init__(self, *extra, fleet=1, outlets=8, http=False):
        self.host = free_loopback_address(fleet)
        if http:
            extra = ("--http-port", str(free_port(self.host)), *extra)
        self.command = [
            sys.executable,
            "-m",
            "xerus_sim",
            "--bind",
            self.host,
            "--port",
            "0",
            "--outlets",
            str(outlets),
            "--fleet",
            str(fleet),
            *CAPTURE_TIMINGS,
            *extra,
        ]
        # stderr goes to a file: an unread pipe could fill up and stall the simulator.
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            self.command,
            cwd=SIMULATOR_DIR,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
            env=dict(os.environ, PYTHONPATH=str(SIMULATOR_DIR)),
        )
        self.devices = self._read_device_lines(fleet)

    def _read_device_lines(self, count):
        devices = []
        deadline = time.monotonic() + START_TIMEOUT
        while len(devices) < count:
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("simulator did not report ready in time")
            line = self.process.stdout.readline()
            if not line:
                self.stop()
                raise RuntimeError("simulator exited: " + self.log_tail())
            devices.append(json.loads(line))
        return devices

    def log_tail(self, size=2000):
        self.stderr.seek(0)
        return self.stderr.read()[-size:]

    @property
    def device(self):
        return self.devices[0]

    @property
    def address(self):
        return f"{self.device['host']}:{self.device['port']}"

    def address_of(self, generation):
        """host:port of the fleet's first device of a firmware generation."""
        device = next(d for d in self.devices if d["generation"] == generation)
        return f"{device['host']}:{device['port']}"

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process.stdout.close()
        self.stderr.close()
        return self.process.returncode


def make_agent(address, user=USER, password=PASSWORD, token=None, scheme="https", timeout=10):
    """A recording SDK agent (certificate checks off: the simulator's certificate is self-signed)."""
    agent = RecordingAgent(scheme, address, user, password, disable_certificate_verification=True, timeout=timeout)
    if token:
        agent.set_auth_token(token)
    return agent
