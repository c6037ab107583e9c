# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""firmware.upgrade() in plain Python against the simulator (a fresh device per test)."""

from __future__ import annotations

import hashlib
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
import urllib.request

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils.client import UploadPart, XerusClient
from ansible_collections.xerus.pdu.plugins.module_utils.firmware import (
    FirmwareError,
    ImageFileError,
    image_md5,
    inspect_image_file,
    upgrade,
)

START = "4.2.0.5-50274"
NEW = "4.3.0.1-50400"
UPLOAD_PATH = "/cgi-bin/fwupload.cgi"


class Simulator:
    def __init__(self, tmp_path, busy_seconds=0.3, extra=()):
        self.dir = tmp_path
        self.host = f"127.{random.randint(20, 219)}.{random.randint(1, 250)}.1"
        self.access_log = tmp_path / "access.log"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "xerus_sim",
                "--bind",
                self.host,
                "--port",
                "0",
                "--outlets",
                "2",
                "--state-dir",
                str(tmp_path / "state"),
                "--access-log",
                str(self.access_log),
                "--reboot-seconds",
                "0.5",
                "--update-seconds",
                "0.5",
                "--upload-busy-seconds",
                str(busy_seconds),
                *extra,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.device = json.loads(self._first_json_line())

    def _first_json_line(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if line.strip().startswith("{"):
                return line
            if not line and self.process.poll() is not None:
                break
        self.stop()
        raise RuntimeError("simulator did not start")

    def client(self, port=None, **options):
        return XerusClient(
            self.device["host"],
            port=port or self.device["port"],
            username="admin",
            password="legrand",
            ca_path=self.device["ca"],
            timeout=10,
            backoff=0.05,
            **options,
        )

    def control(self, method, path, payload=None):
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(
            self.device["control"].rstrip("/") + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = answer.read()
        return json.loads(body) if body.strip() else None

    def fault(self, name, **params):
        self.control("POST", f"/devices/{self.device['host']}/faults", {"fault": name, **params})

    def state(self):
        return self.control("GET", f"/devices/{self.device['host']}/state")["state"]

    def uploads(self):
        if not self.access_log.exists():
            return 0
        lines = [json.loads(line) for line in self.access_log.read_text().splitlines() if line.strip()]
        return sum(1 for entry in lines if entry.get("path", "").split("?")[0] == UPLOAD_PATH)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process.stdout.close()


class CuttingRelay:
    """TCP relay in front of the device that cuts a connection once the client sent ``cut_after`` bytes on it.

    It listens on the device's own address, so the device certificate still matches; TLS passes through.
    """

    def __init__(self, host, port, cut_after):
        self.target = (host, port)
        self.cut_after = cut_after
        self.cuts = 0
        self.listener = socket.create_server((host, 0))
        self.port = self.listener.getsockname()[1]
        self.closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed.is_set():
            try:
                downstream, _addr = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target, timeout=10)
            threading.Thread(target=self._pump, args=(downstream, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, downstream, False), daemon=True).start()

    def _pump(self, source, sink, counted):
        sent = 0
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if counted and sent + len(data) > self.cut_after:
                    self.cuts += 1
                    break
                sink.sendall(data)
                sent += len(data)
        except OSError:
            pass
        for end in (source, sink):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()

    def close(self):
        self.closed.set()
        self.listener.close()


@pytest.fixture
def sim(tmp_path):
    simulator = Simulator(tmp_path)
    yield simulator
    simulator.stop()


def make_image(path, version, model="PX3", size=2048, corrupt=False, signed=True):
    block = b"payload!"
    body = (block * (size // len(block) + 1))[:size]
    digest = hashlib.sha256(body + (b"x" if corrupt else b"")).hexdigest()
    header = (
        f"XERUSFW1 model={model} version={version} size={size} sha256={digest} platform=px3 oem=Raritan "
        f"signed={1 if signed else 0}\n"
    )
    with open(path, "wb") as handle:
        handle.write(header.encode())
        handle.write(body)
    return str(path)


def test_stated_current_version_uploads_nothing(sim, tmp_path):
    image = make_image(tmp_path / "same.bin", START)
    with sim.client() as client:
        result = upgrade(client, image, version=START)
    assert not result.changed
    assert result.version == START and result.duration_upload is None
    assert sim.uploads() == 0


def test_upgrade_then_same_image_without_version_is_discarded(sim, tmp_path):
    image = make_image(tmp_path / "new.bin", NEW)
    lines = []
    with sim.client() as client:
        result = upgrade(client, image, reboot_timeout=60, poll_interval=0.1, progress=lines.append)
        again = upgrade(client, image, reboot_timeout=60, poll_interval=0.1)
    assert result.changed and result.previous_version == START and result.version == NEW
    assert result.update_history["imageVersion"] == NEW and result.update_history["status"] == "SUCCESSFUL"
    assert result.update_history["imageMD5"] == image_md5(image)
    assert result.duration_update > 0 and result.duration_upload >= 0
    assert lines == result.progress and lines[-1].startswith("done:")
    assert not again.changed and again.image_version == NEW
    assert sim.uploads() == 2
    assert sim.state()["firmware"]["image"] is None


def test_check_mode_uploads_nothing(sim, tmp_path):
    image = make_image(tmp_path / "new.bin", NEW)
    with sim.client() as client:
        known = upgrade(client, image, version=NEW, check_mode=True)
        unknown = upgrade(client, image, check_mode=True)
    assert known.changed and known.version == START
    assert unknown.changed and "set version" in unknown.msg
    assert sim.uploads() == 0


@pytest.mark.parametrize(
    "kind, message",
    [
        ("corrupt", "not a valid firmware image"),
        ("other_model", "does not support model PX3-5190R"),
        ("older", "older than the running"),
    ],
)
def test_bad_images_are_refused_and_discarded(sim, tmp_path, kind, message):
    image = {
        "corrupt": lambda: make_image(tmp_path / "bad.bin", NEW, corrupt=True),
        "other_model": lambda: make_image(tmp_path / "bad.bin", NEW, model="PX2"),
        "older": lambda: make_image(tmp_path / "bad.bin", "4.1.0.0-1"),
    }[kind]()
    with sim.client() as client, pytest.raises(FirmwareError) as caught:
        upgrade(client, image)
    assert message in caught.value.message and "discarded" in caught.value.message
    assert sim.state()["firmware"]["image"] is None
    assert sim.state()["identity"]["firmware_version"] == START


def test_update_the_device_does_not_take_is_a_failure(sim, tmp_path):
    image = make_image(tmp_path / "new.bin", NEW)
    sim.fault("update_fails", count=1)
    with sim.client() as client, pytest.raises(FirmwareError) as caught:
        upgrade(client, image, version=NEW, reboot_timeout=60, poll_interval=0.1)
    assert "the update failed" in caught.value.message
    assert caught.value.details["previous_version"] == START
    assert caught.value.changed is True  # the update had started: never changed=false


def test_device_that_does_not_return_in_time_is_a_failure(sim, tmp_path):
    image = make_image(tmp_path / "new.bin", NEW)
    with sim.client() as client, pytest.raises(FirmwareError) as caught:
        upgrade(client, image, version=NEW, reboot_timeout=0.3, poll_interval=0.05)
    assert "reboot_timeout=0.3" in caught.value.message
    assert caught.value.changed is True  # the update had started: never changed=false


def test_device_that_never_returns_is_a_failure(sim, tmp_path):
    image = make_image(tmp_path / "new.bin", NEW)

    def refuse_once_started(line):
        if line.startswith("update: started"):
            sim.fault("refuse")  # every connection refused until cleared: the device never comes back

    with sim.client() as client, pytest.raises(FirmwareError) as caught:
        upgrade(client, image, version=NEW, reboot_timeout=3, poll_interval=0.1, progress=refuse_once_started)
    assert "reboot_timeout=3" in caught.value.message and "state is unknown" in caught.value.message
    assert caught.value.details["duration_update"] >= 3
    assert any(line.startswith("reboot:") for line in caught.value.details["progress"])


def test_force_reinstalls_and_allow_untrusted_sends_the_flag(sim, tmp_path):
    image = make_image(tmp_path / "same-unsigned.bin", START, signed=False)
    with sim.client() as client:
        with pytest.raises(FirmwareError) as caught:
            upgrade(client, image, force=True)
        result = upgrade(client, image, force=True, allow_untrusted=True, reboot_timeout=60, poll_interval=0.1)
    assert "allow_untrusted" in caught.value.message
    assert result.changed and result.version == START
    assert result.update_history["imageVersion"] == START and result.update_history["oldVersion"] == START


def test_upload_streams_the_image(sim, tmp_path):
    image = make_image(tmp_path / "big.bin", NEW, size=24 * 1024 * 1024)
    with sim.client() as client:
        tracemalloc.start()
        try:
            with pytest.raises(FirmwareError):
                # the stated version differs from the image's: refused after the upload, which is what we measure
                upgrade(client, image, version="4.3.0.1-50401")
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"upload held {peak} bytes"
    assert sim.uploads() == 1 and sim.state()["firmware"]["image"] is None


def test_upload_broken_mid_body_fails_and_discards(sim, tmp_path):
    image = make_image(tmp_path / "big.bin", NEW, size=4 * 1024 * 1024)
    relay = CuttingRelay(sim.device["host"], sim.device["port"], cut_after=1024 * 1024)
    try:
        with sim.client(port=relay.port) as client, pytest.raises(FirmwareError) as caught:
            upgrade(client, image, version=NEW, poll_interval=0.1)
    finally:
        relay.close()
    assert relay.cuts >= 1
    assert "firmware upload failed" in caught.value.message and f"still runs {START}" in caught.value.message
    state = sim.state()
    assert state["identity"]["firmware_version"] == START
    assert state["firmware"]["image"] is None


def test_missing_image_file(tmp_path):
    with pytest.raises(ImageFileError, match="does not exist"):
        inspect_image_file(str(tmp_path / "nope.bin"))
    assert not os.path.exists(tmp_path / "nope.bin")


def test_image_must_be_a_non_empty_regular_file(tmp_path):
    fifo = tmp_path / "image.fifo"
    os.mkfifo(fifo)
    (tmp_path / "empty.bin").write_bytes(b"")
    with pytest.raises(ImageFileError, match="not a regular file"):
        inspect_image_file(str(fifo))  # refused at once: opening never waits for a writer
    with pytest.raises(ImageFileError, match="FIFO"):
        image_md5(str(fifo))
    with pytest.raises(ImageFileError, match="is a directory"):
        inspect_image_file(str(tmp_path))
    with pytest.raises(ImageFileError, match="is empty"):
        inspect_image_file(str(tmp_path / "empty.bin"))
    real = make_image(tmp_path / "real.bin", NEW)
    os.symlink(real, tmp_path / "link.bin")
    found = inspect_image_file(str(tmp_path / "link.bin"))
    assert found.real_path == os.path.realpath(real) and found.size == os.path.getsize(real)


def test_image_staged_by_someone_else_is_kept_unless_asked(sim, tmp_path):
    theirs = make_image(tmp_path / "theirs.bin", "4.4.0.2-50611")
    ours = make_image(tmp_path / "ours.bin", NEW)
    with sim.client() as client:
        client.upload(UPLOAD_PATH, [UploadPart("upfile", "upfile.bin", path=theirs)])
        staged = sim.state()["firmware"]["image"]
        with pytest.raises(FirmwareError) as kept:
            upgrade(client, ours, version=NEW, busy_timeout=10, poll_interval=0.1)
        with pytest.raises(FirmwareError) as kept_in_check_mode:
            upgrade(client, ours, version=NEW, check_mode=True)
        planned = upgrade(client, ours, version=NEW, discard_staged=True, check_mode=True)
        assert sim.state()["firmware"]["image"] == staged
        done = upgrade(client, ours, version=NEW, discard_staged=True, reboot_timeout=60, poll_interval=0.1)
    for caught in (kept, kept_in_check_mode):
        assert "staged by someone else" in caught.value.message and "4.4.0.2-50611" in caught.value.message
        assert "discard_staged" in caught.value.message and caught.value.changed is False
    assert planned.changed and "would discard the staged image (version 4.4.0.2-50611" in planned.msg
    assert done.changed and done.version == NEW
    assert any(line.startswith("discard: removing the image staged") for line in done.progress)
    assert sim.uploads() == 2


def test_busy_device_after_the_upload_is_waited_for(tmp_path):
    busy = Simulator(tmp_path, busy_seconds=1.5)
    try:
        image = make_image(tmp_path / "new.bin", NEW)
        with busy.client() as client:
            with pytest.raises(FirmwareError) as impatient:
                upgrade(client, image, version=NEW, busy_timeout=0, poll_interval=0.1)
            patient = upgrade(
                client, image, version=NEW, discard_staged=True, busy_timeout=10, reboot_timeout=60, poll_interval=0.1
            )
    finally:
        busy.stop()
    # without a busy window the refusal is reported, and the image it could not discard is a change
    assert "could not read the uploaded image" in impatient.value.message
    assert "busy" in impatient.value.message.lower()
    assert impatient.value.changed is True and "stays staged" in impatient.value.message
    assert patient.changed and patient.version == NEW
    assert any(line.startswith("busy: the device refuses calls after the upload") for line in patient.progress)


def test_success_is_proven_by_history_while_the_progress_cgi_says_none(sim, tmp_path):
    image = make_image(tmp_path / "new.bin", NEW)
    with sim.client() as client:
        result = upgrade(client, image, version=NEW, reboot_timeout=60, poll_interval=0.1)
    progress = json.loads(
        urllib.request.urlopen(
            urllib.request.Request(
                f"https://{sim.device['host']}:{sim.device['port']}/cgi-bin/fwupdate_progress.cgi",
                data=json.dumps({"method": "getStatus", "params": {}, "id": 1}).encode(),
                method="POST",
            ),
            context=_trusting(sim),
            timeout=10,
        ).read()
    )
    assert progress["result"]["_ret_"]["state"] == "NONE"
    assert result.changed and result.version == NEW and result.update_history["status"] == "SUCCESSFUL"
    assert any(line.startswith("check: the device answers, running " + NEW) for line in result.progress)


def _trusting(sim):
    import ssl

    return ssl.create_default_context(cafile=sim.device["ca"])


def test_waits_never_sleep_past_their_deadline(sim, tmp_path):
    image = make_image(tmp_path / "new.bin", NEW)
    naps = []

    def sleep(seconds):
        naps.append(seconds)
        time.sleep(seconds)

    def refuse_once_started(line):
        if line.startswith("update: started"):
            sim.fault("refuse")

    with sim.client() as client, pytest.raises(FirmwareError) as caught:
        upgrade(
            client,
            image,
            version=NEW,
            reboot_timeout=1,
            busy_timeout=1,
            poll_interval=30,
            progress=refuse_once_started,
            sleep=sleep,
        )
    assert "reboot_timeout=1" in caught.value.message and caught.value.changed is True
    # the busy window after the upload and the reboot wait: each at most 1 s, however long poll_interval is
    assert naps and max(naps) <= 1 and sum(naps) <= 2


def test_upgrade_on_the_older_generation(tmp_path):
    older = Simulator(tmp_path, extra=("--fw-generation", "4.0"))
    try:
        image = make_image(tmp_path / "new.bin", NEW)
        with older.client() as client:
            result = upgrade(client, image, version=NEW, reboot_timeout=60, poll_interval=0.1)
        calls = [name for line in older.access_log.read_text().splitlines() for name in json.loads(line)["rpc"]]
    finally:
        older.stop()
    assert result.changed and result.version == NEW and result.update_history["status"] == "SUCCESSFUL"
    assert "product" not in result.update_history and "details" not in result.update_history  # Firmware 2.0.2
    assert "/firmware:getUpdateHistory" in calls and "/firmware:getInfo" not in calls


def test_update_history_is_read_tolerantly():
    from ansible_collections.xerus.pdu.plugins.module_utils.firmware import _history_entries, _history_status

    older_generation = {"timestamp": 1, "oldVersion": "4.0.0", "imageVersion": "4.0.1", "imageMD5": "", "status": 0}
    assert _history_entries([older_generation, "junk", None]) == [older_generation]
    assert _history_entries(None) == [] and _history_entries({"x": 1}) == []
    assert _history_status(0) == "SUCCESSFUL" and _history_status(7) == "unknown(7)"
    assert _history_status("firmware.UpdateHistoryStatus.FAILED") == "FAILED"
