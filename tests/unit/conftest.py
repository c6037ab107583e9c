# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared unit-test set-up: import path of the collection, and the project's simulator as a fixture.

The collection is imported as ``ansible_collections.xerus.pdu``: a link
``<repo>/.collections/ansible_collections/xerus/pdu -> <repo>`` is created when
missing (the Makefile creates the same one) and ``<repo>/.collections`` goes
on sys.path.
"""

from __future__ import annotations

import json
import os
import random
import select
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SIMULATOR_DIR = REPO / "simulator"
COLLECTIONS = REPO / ".collections"
START_TIMEOUT = 30


def _link_collection():
    link = COLLECTIONS / "ansible_collections" / "xerus" / "pdu"
    if not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        try:
            link.symlink_to(REPO, target_is_directory=True)
        except FileExistsError:  # another test process made it meanwhile
            pass
    for path in (str(COLLECTIONS), str(SIMULATOR_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)


_link_collection()


@dataclass
class RunningSimulator:
    """One simulator process and what the tests need to talk to it."""

    process: subprocess.Popen
    devices: list
    access_log: Path
    user: str = "admin"
    password: str = "legrand"
    log_marks: dict = field(default_factory=dict)

    @property
    def device(self):
        return self.devices[0]

    @property
    def host(self):
        return self.device["host"]

    @property
    def port(self):
        return self.device["port"]

    @property
    def cert(self):
        return self.device["cert"]

    @property
    def ca(self):
        return self.device["ca"]

    @property
    def control(self):
        return self.device["control"]

    def inject(self, fault, count=None, host=None, **params):
        from xerus_sim.fleet import control_client

        return control_client.inject(self.control, host or self.host, fault, count=count, **params)

    def clear_faults(self, host=None):
        from xerus_sim.fleet import control_client

        return control_client.clear(self.control, host or self.host)

    def device_state(self, host=None):
        """The persisted state of a device (the control server's state dump)."""
        from xerus_sim.fleet import control_client

        return control_client.state(self.control, host or self.host)["state"]

    def access_entries(self):
        if not self.access_log.exists():
            return []
        with open(self.access_log, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def mark(self):
        """Position in the access log; requests_since(mark) counts what came after.

        A log line is written after its answer left, so the lines of the requests just made may still come:
        the mark is taken once the log has been quiet for 50 ms (2 s at most)."""
        count, deadline = len(self.access_entries()), time.monotonic() + 2
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = len(self.access_entries())
            if now == count:
                break
            count = now
        return count

    def requests_since(self, mark, path=None):
        time.sleep(0.05)  # the log line is written after the answer left
        entries = self.access_entries()[mark:]
        return [entry for entry in entries if path is None or entry["path"] == path]

    def client(self, **options):
        from ansible_collections.xerus.pdu.plugins.module_utils.client import XerusClient

        settings = dict(username=self.user, password=self.password, ca_path=self.cert, timeout=10, backoff=0.05)
        settings.update(options)
        return XerusClient(self.host, self.port, **settings)

    def connection_options(self):
        """The modules' connection options for this simulator's first device."""
        return dict(host=self.host, port=self.port, username=self.user, password=self.password, ca_path=self.cert)

    def login_connection_options(self):
        """The same under the login_* names (the only ones of a module whose own settings use the plain names)."""
        options = self.connection_options()
        return dict(options, **{f"login_{name}": options.pop(name) for name in ("port", "username", "password")})

    def session_token(self):
        """A session token for the token option, opened with Basic auth (Session.newSession, protocol 1.6)."""
        from ansible_collections.xerus.pdu.plugins.module_utils import rids

        with self.client() as client:
            return client.call(rids.SESSION, "newSession")["token"]

    def wait_up(self, timeout=30):
        """Until every device of this simulator serves again (after a reboot in a test)."""
        from xerus_sim.fleet import control_client

        deadline = time.monotonic() + timeout
        for device in self.devices:
            while control_client.state(self.control, device["host"]).get("phase") != "up":
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{device['host']} did not come back up")
                time.sleep(0.1)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def _read_json_lines(process, count, timeout):
    lines, buffer, deadline = [], b"", time.monotonic() + timeout
    fd = process.stdout.fileno()
    while len(lines) < count:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or process.poll() is not None:
            raise RuntimeError(f"simulator did not report ready (exit code {process.poll()})")
        ready, _w, _x = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            continue
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            if line.strip().startswith(b"{"):
                lines.append(json.loads(line))
    return lines


def start_simulator(workdir, *extra, fleet=1, self_signed=True):
    """Start `python -m xerus_sim` on a random 127.0.0.x address and a free port.

    self_signed: factory certificates as out of the box (device["cert"] is its own trust anchor);
    False: signed by the simulator's fleet CA (device["ca"])."""
    if self_signed:
        extra = ("--self-signed", *extra)
    workdir = Path(workdir)
    access_log = workdir / "access.log"
    bind = f"127.0.{random.randint(1, 250)}.{random.randint(2, 200)}"
    command = [
        sys.executable,
        "-m",
        "xerus_sim",
        "--bind",
        bind,
        "--port",
        "0",
        "--fleet",
        str(fleet),
        "--access-log",
        str(access_log),
        "--state-dir",
        str(workdir / "state"),
        *extra,
    ]
    process = subprocess.Popen(
        command, cwd=SIMULATOR_DIR, stdout=subprocess.PIPE, stderr=open(workdir / "simulator.err", "wb")
    )
    try:
        devices = _read_json_lines(process, fleet, START_TIMEOUT)
    except Exception:
        process.kill()
        process.wait(5)
        raise
    return RunningSimulator(process=process, devices=devices, access_log=access_log)


@pytest.fixture(scope="module")
def xerus_sim(tmp_path_factory):
    """A simulator shared by the tests of one module (faults cleared between tests)."""
    simulator = start_simulator(tmp_path_factory.mktemp("sim"), "--reboot-seconds", "1", "--cert-restart-ms", "200")
    yield simulator
    simulator.stop()


@pytest.fixture
def sim(xerus_sim):
    xerus_sim.clear_faults()
    xerus_sim.wait_up()
    yield xerus_sim
    xerus_sim.clear_faults()
    xerus_sim.wait_up()


def module_args(args):
    """A context in which AnsibleModule reads ``args``: ansible-core's public patch_module_args (2.19 on),
    the module argument buffer AnsiballZ fills before that (2.16 to 2.18)."""
    try:
        from ansible.module_utils.testing import patch_module_args
    except ImportError:
        from unittest import mock

        from ansible.module_utils import basic
        from ansible.module_utils.common.text.converters import to_bytes

        return mock.patch.object(basic, "_ANSIBLE_ARGS", to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args})))
    return patch_module_args(args)


XERUS_ENV = ("XERUS_HOST", "XERUS_PORT", "XERUS_USERNAME", "XERUS_PASSWORD", "XERUS_TOKEN", "XERUS_CA_PATH")


@pytest.fixture
def no_xerus_env(monkeypatch):
    """No XERUS_* connection variable from the environment reaches the module."""
    for name in XERUS_ENV:
        monkeypatch.delenv(name, raising=False)


def run_module(module, args, capsys):
    """What a module's main() prints (its exit_json or fail_json result) for ``args``, run as in a module process
    of its own (a test process has imported controller code, where 2.19 prints warnings instead of returning
    them; and it runs many modules, each of which must start without the warnings of the one before)."""
    from ansible_collections.xerus.pdu.plugins.plugin_utils import in_process

    saved_side = in_process._as_module_side()
    in_process._clear_module_messages()
    try:
        with module_args(args), pytest.raises(SystemExit):
            module.main()
    finally:
        in_process._restore_side(saved_side)
        in_process._clear_module_messages()
    return capsys.readouterr().out


def assert_hidden(out, *secrets):
    """The printed result, parsed, after checking that none of ``secrets`` appears in it."""
    result = json.loads(out)
    assert "invocation" in result
    for secret in secrets:
        assert secret not in out
    return result
