# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Firmware upgrade of one Xerus PDU (protocol 7 and 12.3), on top of client.py.

No Ansible import: the module, the roles and the bench share ``upgrade()``.

    from ansible_collections.xerus.pdu.plugins.module_utils.firmware import upgrade
    result = upgrade(client, "/srv/fw/px3-4.3.0.1.bin", version="4.3.0.1-50400")
    result.changed, result.version, result.as_dict()

Failures raise FirmwareError (a XerusError) or ImageFileError (the local file).
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import asdict, dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call, UploadPart
from ansible_collections.xerus.pdu.plugins.module_utils.errors import (
    XerusConnectionError,
    XerusError,
    XerusHttpError,
    XerusRpcError,
    XerusTimeoutError,
)
from ansible_collections.xerus.pdu.plugins.module_utils.versions import (
    VersionError,
    is_older,
    same_version,
)

IMAGE_STATES = {0: "NONE", 1: "UPLOADING", 2: "UPLOAD_FAILED", 3: "DOWNLOADING", 4: "DOWNLOAD_FAILED", 5: "COMPLETE"}
HISTORY_STATUS = {0: "SUCCESSFUL", 1: "FAILED", 2: "INCOMPLETE"}
FLAG_ALLOW_UNTRUSTED = 2
FLASHING_STATES = ("INIT", "PREP", "SIMULATE", "UPDATE")
UPLOAD_PART_NAME = "upfile"
UPLOAD_FILENAME = "upfile.bin"
UPLOAD_CODES = {
    1: "refused by the device's low-memory upload rules",
    2: "refused as a malformed upload request",
    3: "refused because another upload is running",
    4: "broken off before the whole body arrived",
}
_CHUNK = 1024 * 1024
_PROGRESS_REPEAT_SECONDS = 30.0
_BROKEN_UPLOAD_SETTLE_SECONDS = 10.0


class ImageFileError(ValueError):
    """The local image file cannot be used (missing, not a file, unreadable)."""


class FirmwareError(XerusError):
    """The upgrade failed or was refused; ``.result`` holds what is known so far (progress, versions)."""

    def __init__(self, device, message, result=None):
        super().__init__(device, message)
        self.result = result or {}


@dataclass
class UpgradeResult:
    changed: bool
    msg: str
    previous_version: str
    version: str
    image_version: str | None = None
    duration_upload: float | None = None
    duration_update: float | None = None
    update_history: dict | None = None
    progress: list = field(default_factory=list)

    def as_dict(self):
        return asdict(self)


@dataclass
class ImageFile:
    path: str
    size: int
    md5: str


def inspect_image_file(path):
    """Size and MD5 of the image, read in chunks (never held in memory)."""
    if not path or not os.path.isfile(path):
        raise ImageFileError(f"{path!r} is not an existing regular file")
    digest = hashlib.md5(usedforsecurity=False)
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                digest.update(chunk)
    except OSError as exc:
        raise ImageFileError(f"{path!r} cannot be read: {exc.strerror or exc}") from None
    return ImageFile(path=path, size=os.path.getsize(path), md5=digest.hexdigest())


def upgrade(client, image, version=None, force=False, allow_downgrade=False, allow_untrusted=False,
            reboot_timeout=900.0, poll_interval=2.0, check_mode=False, progress=None,
            clock=time.monotonic, sleep=time.sleep):
    """Install the firmware ``image`` (a path) on the device behind ``client`` unless it already runs it.

    ``version``: the version the image carries, when known; equal to the running version -> no upload.
    ``progress``: optional callable receiving one human-readable line per phase.
    Returns UpgradeResult; raises FirmwareError / ImageFileError / XerusError.
    """
    job = _Upgrade(client, inspect_image_file(image), version, force, allow_downgrade, allow_untrusted,
                   float(reboot_timeout), float(poll_interval), progress, clock, sleep)
    return job.run(check_mode)


class _Upgrade:
    def __init__(self, client, image, version, force, allow_downgrade, allow_untrusted,
                 reboot_timeout, poll_interval, progress, clock, sleep):
        self.client = client
        self.image = image
        self.wanted = version or None
        self.force = force
        self.allow_downgrade = allow_downgrade
        self.allow_untrusted = allow_untrusted
        self.reboot_timeout = reboot_timeout
        self.poll_interval = max(poll_interval, 0.05)
        self.callback = progress
        self.clock = clock
        self.sleep = sleep
        self.lines = []
        self.running = None
        self.model = None
        self.image_version = None
        self.duration_upload = None
        self.duration_update = None
        self.history_before = None
        self.update_started = None

    # -- reporting -------------------------------------------------------
    def note(self, line):
        self.lines.append(line)
        if self.callback:
            self.callback(line)

    def partial(self):
        if self.update_started is not None and self.duration_update is None:
            self.duration_update = round(self.clock() - self.update_started, 3)
        return {"previous_version": self.running, "image_version": self.image_version,
                "duration_upload": self.duration_upload, "duration_update": self.duration_update,
                "progress": list(self.lines)}

    def fail(self, message):
        raise FirmwareError(self.client.device, message, self.partial())

    def result(self, changed, msg, version, history=None):
        return UpgradeResult(changed=changed, msg=msg, previous_version=self.running, version=version,
                             image_version=self.image_version, duration_upload=self.duration_upload,
                             duration_update=self.duration_update, update_history=history,
                             progress=list(self.lines))

    # -- flow ------------------------------------------------------------
    def run(self, check_mode):
        image_status = self.read_device()
        skip = self.decide_from_wanted()
        if skip:
            return skip
        if _state_name(image_status) == "UPLOADING":
            self.fail(f"another firmware upload is running on the device ({image_status.get('size_done')} of "
                      f"{image_status.get('size_total')} bytes); try again later")
        if check_mode:
            return self.check_mode_result()
        if _state_name(image_status) in ("COMPLETE", "UPLOAD_FAILED"):
            self.note(f"discard: removing the image already on the device (state {_state_name(image_status)})")
            self.discard()
        self.upload()
        verdict = self.inspect_uploaded()
        if verdict:
            return verdict
        return self.install()

    def read_device(self):
        calls = [Call(rids.FIRMWARE, "getVersion"), Call(rids.PDU, "getMetaData"),
                 Call(rids.FIRMWARE, "getImageStatus")]
        version, meta, status = self.bulk(calls, "read the firmware state")
        self.running = version
        self.model = ((meta or {}).get("nameplate") or {}).get("model") or ""
        self.note(f"read: running {self.running}, model {self.model}, image slot {_state_name(status)}")
        return status or {}

    def decide_from_wanted(self):
        if not self.wanted:
            return None
        if same_version(self.wanted, self.running) and not self.force:
            self.image_version = self.wanted
            self.note(f"skip: the device already runs {self.running}; nothing uploaded")
            return self.result(False, f"firmware {self.running} is already running", self.running)
        problem = None if self.allow_downgrade else self.downgrade_problem(self.wanted)
        if problem:
            self.fail(f"{problem}; nothing was uploaded")
        return None

    def check_mode_result(self):
        if self.wanted:
            self.image_version = self.wanted
            self.note(f"check mode: would upload {self.image.path} and update {self.running} -> {self.wanted}")
            return self.result(True, f"would update firmware {self.running} -> {self.wanted}", self.running)
        self.note("check mode: the image's version is only known after an upload; nothing uploaded")
        return self.result(True, f"would upload {self.image.path} and update unless it carries the running "
                                 f"version {self.running} (set version to let check mode tell)", self.running)

    # -- upload and judge ------------------------------------------------
    def upload(self):
        self.note(f"upload: streaming {self.image.path} ({self.image.size} bytes)")
        started = self.clock()
        part = UploadPart(UPLOAD_PART_NAME, UPLOAD_FILENAME, path=self.image.path)
        try:
            answer = self.client.upload(rids.FW_UPLOAD_CGI, [part], safe=True)
        except (XerusConnectionError, XerusHttpError) as exc:
            self.duration_upload = round(self.clock() - started, 3)
            self.discard_after_broken_upload()
            self.fail(f"firmware upload failed ({exc.message}); the image was discarded and the device "
                      f"still runs {self.running}")
        self.duration_upload = round(self.clock() - started, 3)
        code = answer.response_code
        if code not in (None, 0):
            self.discard_quietly()
            self.fail(f"firmware upload {UPLOAD_CODES.get(code, 'refused')} (code {code}); the device still runs "
                      f"{self.running}")
        self.note(f"upload: done in {self.duration_upload:.1f} s")

    def inspect_uploaded(self):
        calls = [Call(rids.FIRMWARE, "getImageStatus"), Call(rids.FIRMWARE, "getImageInfo"),
                 Call(rids.FIRMWARE, "getUpdateHistory")]
        results = self.bulk_results(calls, "read the uploaded image")
        status, info_result, history = results[0].ret or {}, results[1].result or {}, results[2].ret or []
        info = info_result.get("info") or {}
        self.image_version = info.get("version") or None
        self.history_before = list(history)
        problem = self.image_problem(status, info_result.get("_ret_"), info)
        if problem:
            self.discard_quietly()
            self.fail(f"{problem}; the image was discarded and the device still runs {self.running}")
        self.note(f"image: version {self.image_version}, valid, supports model {self.model}")
        if same_version(self.image_version, self.running) and not self.force:
            self.discard()
            self.note(f"skip: the image carries the running version {self.running}; image discarded")
            return self.result(False, f"firmware {self.running} is already running (the uploaded image carries it)",
                               self.running)
        return None

    def image_problem(self, status, present, info):
        checks = (
            (_state_name(status) != "COMPLETE",
             lambda: f"the upload did not complete (image state {_state_name(status)}"
                     f"{': ' + status.get('error_message') if status.get('error_message') else ''})"),
            (status.get("size_total") != self.image.size,
             lambda: f"the device stored {status.get('size_total')} bytes but {self.image.path} has {self.image.size}"),
            (not present, lambda: "the device reports no firmware image after the upload"),
            (not info.get("valid"), lambda: f"{self.image.path} is not a valid firmware image (corrupt or wrong file)"),
            (not info.get("model_supported"),
             lambda: f"the image (product {info.get('product') or '?'}) does not support model {self.model}"),
            (not info.get("compatible"),
             lambda: f"the image (product {info.get('product') or '?'}, platform {info.get('platform') or '?'}, "
                     f"OEM {info.get('oem') or '?'}) is not compatible with this device"),
            (bool(self.wanted) and not same_version(self.wanted, self.image_version),
             lambda: f"the image carries version {self.image_version}, not the expected version {self.wanted}"),
            (not (info.get("signature_present") and info.get("signature_good")) and not self.allow_untrusted,
             lambda: "the image is not signed or its signature is not good; set allow_untrusted=true to install it"),
            (self.below_min_required(info.get("min_required_version")),
             lambda: f"the image requires at least version {info.get('min_required_version')} to be running, "
                     f"the device runs {self.running}"),
            (not self.allow_downgrade and self.downgrade_problem() is not None, self.downgrade_problem),
        )
        for failed, describe in checks:
            if failed:
                return describe()
        return None

    def below_min_required(self, minimum):
        if not minimum:
            return False
        try:
            return is_older(self.running, minimum)
        except VersionError:
            return False

    def downgrade_problem(self, candidate=None):
        """Why installing ``candidate`` (default: the image) would be a refused downgrade, or None."""
        candidate = candidate or self.image_version
        try:
            older = is_older(candidate, self.running)
        except VersionError as exc:
            return f"cannot compare firmware versions ({exc}); set allow_downgrade=true to install anyway"
        if older:
            return f"version {candidate} is older than the running {self.running}; set allow_downgrade=true to install it"
        return None

    # -- install and follow ----------------------------------------------
    def install(self):
        flags = [FLAG_ALLOW_UNTRUSTED] if self.allow_untrusted else []
        started = self.clock()
        try:
            self.client.call(rids.FIRMWARE, "startUpdate", {"flags": flags})
        except XerusRpcError as exc:
            self.discard_quietly()
            self.fail(f"the device refused the update: {exc.rpc_message}; the image was discarded and the device "
                      f"still runs {self.running}")
        self.update_started = started
        self.note(f"update: started {self.running} -> {self.image_version}")
        deadline = started + self.reboot_timeout
        self.follow_flashing(deadline)
        entry = self.await_new_version(deadline)
        self.duration_update = round(self.clock() - started, 3)
        self.note(f"done: the device runs {self.image_version} after {self.duration_update:.1f} s")
        return self.result(True, f"firmware updated {self.running} -> {self.image_version}", self.image_version,
                           history=entry)

    def follow_flashing(self, deadline):
        """Poll the progress CGI until the device stops answering (reboot) or reports an end state."""
        last_state, last_line_at, quiet_polls = None, None, 0
        while self.clock() < deadline:
            status = self.poll_progress()
            if status is None:
                self.note("reboot: the device does not answer (rebooting)")
                return
            state = status.get("state") or "NONE"
            if state == "FAIL":
                self.fail(f"the device reports the update failed: {status.get('error_message') or 'no detail'}")
            if state == "SUCCESS" or (state == "NONE" and last_state is not None):
                self.note(f"flashing: finished (progress state {state})")
                return
            if state == "NONE":
                quiet_polls += 1
                if quiet_polls >= 3:
                    return
            elif state != last_state or self.clock() - last_line_at >= _PROGRESS_REPEAT_SECONDS:
                self.note(f"flashing: state {state}, {status.get('elapsed', 0)} s of about "
                          f"{status.get('estimated', 0) or '?'} s")
                last_state, last_line_at = state, self.clock()
            self.sleep(self.poll_interval)
        self.fail_timeout("while flashing")

    def poll_progress(self):
        """The progress CGI's status, or None when the device does not answer (reboot)."""
        try:
            return self.client.call_ret(rids.FW_PROGRESS, "getStatus") or {}
        except XerusHttpError as exc:
            if exc.status == 503:
                return {"state": "UPDATE"}
            raise
        except XerusConnectionError:
            self.client.reset_connections()
            return None

    def await_new_version(self, deadline):
        """Wait until the device answers with the image version and a successful history entry."""
        seen = None
        while True:
            remaining = deadline - self.clock()
            if remaining <= 0:
                self.fail_timeout(f"(last seen version {seen or 'none'})")
            try:
                self.client.wait_until_reachable(remaining, interval=self.poll_interval)
                version, history = self.bulk([Call(rids.FIRMWARE, "getVersion"),
                                              Call(rids.FIRMWARE, "getUpdateHistory")], "read the new version")
            except XerusTimeoutError:
                self.fail_timeout(f"(last seen version {seen or 'none'})")
            except (XerusConnectionError, XerusHttpError):
                self.client.reset_connections()
                self.sleep(self.poll_interval)
                continue
            if seen is None:
                self.note(f"back: the device answers, running {version}")
            seen = version
            entry = self.new_history_entry(history or [])
            if entry is not None:
                return self.judge(version, entry)
            self.sleep(self.poll_interval)

    def new_history_entry(self, history):
        if len(history) > len(self.history_before or []) or (history and history[-1] not in self.history_before):
            return history[-1]
        return None

    def judge(self, version, entry):
        shown = dict(entry, status=HISTORY_STATUS.get(entry.get("status"), entry.get("status")))
        ok = (entry.get("status") == 0 and same_version(entry.get("imageVersion"), self.image_version)
              and same_version(version, self.image_version))
        if not ok:
            detail = f": {entry['details']}" if entry.get("details") else ""
            self.fail(f"the update did not take: the device came back with version {version}, its update history "
                      f"says {shown['status']} for {entry.get('imageVersion')}{detail}")
        if entry.get("imageMD5") and entry["imageMD5"].lower() != self.image.md5:
            self.fail(f"the device installed an image with MD5 {entry['imageMD5']}, not {self.image.path} "
                      f"(MD5 {self.image.md5})")
        return shown

    def fail_timeout(self, detail):
        self.fail(f"the device did not answer with version {self.image_version} within reboot_timeout="
                  f"{self.reboot_timeout:g} s after the update started {detail}; its state is unknown: check it "
                  "before retrying")

    # -- helpers ---------------------------------------------------------
    def discard(self):
        self.client.call(rids.FIRMWARE, "discardImage", safe=True)

    def discard_after_broken_upload(self):
        """Let the device notice the broken upload (it leaves UPLOADING), then discard what it kept."""
        deadline = self.clock() + _BROKEN_UPLOAD_SETTLE_SECONDS
        try:
            while self.clock() < deadline:
                status = self.client.call_ret(rids.FIRMWARE, "getImageStatus", safe=True) or {}
                if _state_name(status) != "UPLOADING":
                    break
                self.sleep(min(self.poll_interval, 0.5))
        except XerusError:
            pass
        self.discard_quietly()

    def discard_quietly(self):
        try:
            self.discard()
        except XerusError:
            self.note("discard: the device did not accept discardImage")

    def bulk_results(self, calls, purpose):
        results = self.client.bulk(calls, safe=True)
        for entry in results:
            if not entry.ok:
                self.fail(f"could not {purpose}: {entry.call.method} failed ({_error_text(entry)})")
        return results

    def bulk(self, calls, purpose):
        return [entry.ret for entry in self.bulk_results(calls, purpose)]


def _state_name(status):
    state = (status or {}).get("state")
    return IMAGE_STATES.get(state, f"unknown({state})")


def _error_text(entry):
    if entry.error is not None:
        return getattr(entry.error, "rpc_message", None) or str(entry.error)
    return f"status {entry.statcode}"
