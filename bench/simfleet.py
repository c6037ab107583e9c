# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A simulated fleet for the bench: one `python -m xerus_sim` process, its access log, and its cleanup."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SIMULATOR_DIR = REPO / "simulator"
USER, PASSWORD = "admin", "legrand"
PORT = 8443  # every device of a fleet listens on its own address, this port
START_TIMEOUT = 60
START_SECONDS_PER_DEVICE = 0.6  # fresh TLS keys: about 0.35 s per device on a loaded 2-core machine

_RUNNING = []  # every fleet still running, stopped by stop_all() (atexit / signal handler of bench.py)


class Fleet:
    """Devices 127.<a>.<b>.1 .. on port 8443; `devices` holds the JSON device lines."""

    def __init__(self, base, count, *extra, outlets=24, timings=True, state_dir=None):
        """state_dir: keep the devices' state (keys, settings) there across fleets; default: a new one, removed."""
        self.base = base
        self.count = count
        self.work = Path(tempfile.mkdtemp(prefix="xerus-bench-"))
        state_dir = state_dir or self.work / "state"
        self.access_log = self.work / "access.log"
        fast = ["--reboot-seconds", "1", "--update-seconds", "1"] if timings else []
        self.command = [
            sys.executable,
            "-m",
            "xerus_sim",
            "--bind",
            base,
            "--port",
            str(PORT),
            "--fleet",
            str(count),
            "--outlets",
            str(outlets),
            "--state-dir",
            str(state_dir),
            "--access-log",
            str(self.access_log),
            *fast,
            *extra,
        ]
        self.stderr = open(self.work / "simulator.log", "w", encoding="utf-8")
        started = time.monotonic()
        self.process = subprocess.Popen(
            self.command,
            cwd=SIMULATOR_DIR,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
            env=dict(os.environ, PYTHONPATH=str(SIMULATOR_DIR)),
        )
        _RUNNING.append(self)
        self.devices = self._read_device_lines()
        self.start_seconds = time.monotonic() - started
        self.ca_bundle = self.work / "ca-bundle.pem"
        with open(self.ca_bundle, "w", encoding="utf-8") as out:
            for path in sorted({device["ca"] for device in self.devices}):
                out.write(Path(path).read_text(encoding="utf-8"))

    def _read_device_lines(self):
        devices = []
        limit = START_TIMEOUT + START_SECONDS_PER_DEVICE * self.count
        deadline = time.monotonic() + limit
        while len(devices) < self.count:
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"simulator fleet {self.base} x{self.count} not ready in {limit:.0f} s")
            line = self.process.stdout.readline()
            if not line:
                tail = (self.work / "simulator.log").read_text(encoding="utf-8")[-2000:]
                self.stop()
                raise RuntimeError("simulator exited: " + tail)
            if line.strip().startswith("{"):
                devices.append(json.loads(line))
        return devices

    @property
    def control(self):
        return self.devices[0]["control"]

    @property
    def hosts(self):
        return [device["host"] for device in self.devices]

    def mark(self):
        """Number of access-log lines now."""
        return len(self.entries())

    def entries(self, since=0):
        if not self.access_log.exists():
            return []
        with open(self.access_log, encoding="utf-8") as handle:
            lines = handle.readlines()
        return [json.loads(line) for line in lines[since:] if line.strip()]

    def settle(self, quiet=0.3, limit=5.0):
        """Wait until the access log stopped growing: the simulator writes a request's line after its answer."""
        deadline = time.monotonic() + limit
        count = self.mark()
        while time.monotonic() < deadline:
            time.sleep(quiet)
            now = self.mark()
            if now == count:
                return now
            count = now
        return count

    def requests_per_device(self, since=0):
        self.settle()
        counts = {host: 0 for host in self.hosts}
        for entry in self.entries(since):
            counts[entry["device"]] = counts.get(entry["device"], 0) + 1
        return counts

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process.stdout:
            self.process.stdout.close()
        self.stderr.close()
        if self in _RUNNING:
            _RUNNING.remove(self)
        shutil.rmtree(self.work, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def stop_all():
    for fleet in list(_RUNNING):
        fleet.stop()


def fleet_addresses(base, count):
    """The count consecutive addresses from base, as the simulator assigns them (beyond .255 into the next /24)."""
    import ipaddress

    start = ipaddress.IPv4Address(base)
    return [str(start + index) for index in range(count)]


def free_base(count, used=()):
    """A 127.<a>.<b>.1 base whose count consecutive addresses are free (bench range a = 230..250)."""
    import random
    import socket

    for _ in range(60):
        base = f"127.{random.randint(230, 250)}.{random.randint(0, 255 - count // 256)}.1"
        prefix = base.rsplit(".", 1)[0]
        if prefix in used:
            continue
        try:
            for address in fleet_addresses(base, count):
                with socket.socket() as probe:
                    probe.bind((address, PORT))
        except OSError:
            continue
        return base
    raise RuntimeError("no free 127.x.y.1 address range for the bench")
