# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One simulated PDU: identity, persisted state, objects, sessions, faults."""

import ipaddress
import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from xerus_sim.fleet.faults import Faults
from xerus_sim.http import errorlog
from xerus_sim.model import generations, usermgmt
from xerus_sim.model import state as defaults


@dataclass
class Timings:
    reboot_seconds: float = 5.0
    update_seconds: float = 1.0
    cert_restart_ms: float = 300.0
    restore_delay: float = 0.5
    session_timeout: float = 30.0
    raw_apply_delay: float = 1.0
    upload_busy_seconds: float = 3.0


@dataclass
class DeviceConfig:
    model: str = "PX3-5190R"
    firmware_version: str = "4.2.0.5-50274"
    outlets: int = 24
    user: str = "admin"
    password: str = field(default="legrand", repr=False)
    generation: str = generations.DEFAULT


def serial_for(host):
    """XEM + the address's last three octets as one number (7 digits, 8 beyond 127.152.x.x): unique per address."""
    octets = ipaddress.IPv4Address(host).packed
    return f"XEM{int.from_bytes(octets[1:], 'big'):07d}"


def mac_for(host):
    octets = ipaddress.IPv4Address(host).packed
    return "00:0d:5d:" + ":".join(f"{b:02x}" for b in octets[1:])


class Device:
    def __init__(self, host, port, http_port, config, state_root, timings):
        self.host = host
        self.port = port
        self.http_port = http_port
        self.serial = serial_for(host)
        self.mac = mac_for(host)
        self.config = config
        self.timings = timings
        self.lock = threading.RLock()
        self.state_root = Path(state_root)
        self.state_dir = self.state_root / self.serial
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.state_file = self.state_root / f"{self.serial}.json"
        self.boot_time = time.monotonic()
        self.phase = "up"  # up | flashing | rebooting | restarting
        self.busy_until = 0.0  # time.monotonic() until which JSON-RPC calls are refused
        self.busy_message = ""
        self.faults = Faults()
        self.objects = {}
        self.server = None  # set by the fleet: DeviceServer
        self.mdns = None  # set by the fleet when --mdns
        self.sessions = None  # set by objects.build: SessionStore
        self.control_url = ""
        self.state = self._load_or_create()

    # -- identity -------------------------------------------------------
    @property
    def model(self):
        return self.state["identity"]["model"]

    @property
    def generation(self):
        """The firmware generation whose interface versions the device presents (fixed per run)."""
        return self.config.generation

    @property
    def firmware_version(self):
        with self.lock:
            return self.state["identity"]["firmware_version"]

    @property
    def outlet_count(self):
        with self.lock:
            return len(self.state["outlets"])

    def now(self):
        return int(time.time())

    def refuse_calls_for(self, seconds, message):
        """Refuse JSON-RPC calls (not objects marked SERVED_WHEN_BUSY) for ``seconds`` from now."""
        self.busy_message = message
        self.busy_until = time.monotonic() + max(0.0, seconds)

    def busy(self):
        return time.monotonic() < self.busy_until

    def uptime(self):
        return int(time.monotonic() - self.boot_time)

    # -- persistence ----------------------------------------------------
    def _load_or_create(self):
        if self.state_file.exists():
            with open(self.state_file, encoding="utf-8") as handle:
                return json.load(handle)
        identity = {
            "model": self.config.model,
            "serial": self.serial,
            "mac": self.mac,
            "firmware_version": self.config.firmware_version,
        }
        state = defaults.initial_state(identity, self.config.outlets, self.host, self.now())
        self._write(state)
        return state

    def save(self):
        with self.lock:
            self._write(self.state)

    def _write(self, state):
        temporary = self.state_file.with_suffix(".tmp")
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(state, handle, indent=1, sort_keys=True)
        os.replace(temporary, self.state_file)

    def factory_reset(self):
        with self.lock:
            defaults.reset_settings(self.state, self.outlet_count, self.host, self.now())
            self.save()

    # -- objects --------------------------------------------------------
    def find_object(self, rid):
        obj = self.objects.get(rid)
        if obj is None:
            obj = self.objects.get(_canonical_rid(rid))
        if obj is None:
            from xerus_sim.rpc import registry  # registry builds devices' objects: imported when first needed

            obj = registry.find_dynamic(self, _canonical_rid(rid))
        return obj

    def check_credentials(self, user, password):
        return usermgmt.login_allowed(self, user, password)

    def log_exception(self, where):
        errorlog.report_current(f"{self.host} {where}")


def _canonical_rid(rid):
    rid = rid.rstrip("/") or "/"
    for alias, target in (("/model/outlet/", "/model/pdu/0/outlet/"), ("/model/inlet/", "/model/pdu/0/inlet/")):
        if rid.startswith(alias):
            return target + rid[len(alias) :]
    return rid
