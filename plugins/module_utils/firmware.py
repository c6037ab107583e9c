# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Firmware upgrade of one Xerus PDU (protocol 7 and 12.3), on top of client.py.

No Ansible import: the module, the roles and the bench share ``upgrade()``.

    from ansible_collections.xerus.pdu.plugins.module_utils.firmware import upgrade
    result = upgrade(client, "/srv/fw/px3-4.3.0.1.bin", version="4.3.0.1-50400")
    result.changed, result.version, result.as_dict()

Success is proven by the device's update history and its running version after the reboot, never by
the progress CGI, which real devices reset to NONE by the reboot (protocol 7.3, 12.3). Only
``getVersion``, ``getImageStatus``, ``getImageInfo``, ``getUpdateHistory``, ``discardImage`` and
``startUpdate`` are used: they exist in every Firmware interface version (protocol 14), unlike ``getInfo``.

Failures raise FirmwareError (a XerusError; ``.changed`` and ``.details`` hold what is known) or
ImageFileError (the local file, an input error).
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from dataclasses import asdict, dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call, UploadPart
from ansible_collections.xerus.pdu.plugins.module_utils.enums import FIRMWARE_IMAGE_STATE, UPDATE_HISTORY_STATUS
from ansible_collections.xerus.pdu.plugins.module_utils.errors import (
    XerusAuthError,
    XerusConnectionError,
    XerusError,
    XerusHttpError,
    XerusInputError,
    XerusRpcError,
)
from ansible_collections.xerus.pdu.plugins.module_utils.versions import (
    VersionError,
    is_older,
    same_version,
)

FLAG_ALLOW_UNTRUSTED = 2
PROGRESS_STATES = ("INIT", "PREP", "SIMULATE", "UPDATE")
UPLOAD_PART_NAME = "upfile"
UPLOAD_FILENAME = "upfile.bin"
UPLOAD_CODES = {
    1: "refused by the device's low-memory upload rules",
    2: "refused as a malformed upload request",
    3: "refused because another upload is running",
    4: "broken off before the whole body arrived",
}
MAX_IMAGE_BYTES = 1024**3  # real images are tens of MiB; the device's storage is far smaller
_CHUNK = 1024 * 1024
_PROGRESS_REPEAT_SECONDS = 30.0
_BROKEN_UPLOAD_SETTLE_SECONDS = 10.0


class ImageFileError(XerusInputError):
    """The local image file cannot be used (missing, not a regular file, unreadable, empty, too large)."""

    def __init__(self, message):
        super().__init__(f"option image: {message}", option="image", details={"progress": []})


class FirmwareError(XerusError):
    """The upgrade failed or was refused.

    ``.changed`` says whether the device was changed; ``.details`` holds what is known so far (progress,
    versions); ``.cause`` is the client error behind it, if any, and names the error.
    """

    def __init__(self, device, message, result=None, cause=None):
        details = dict(result or {})
        super().__init__(device, message, changed=details.pop("changed", False), details=details)
        self.cause = cause

    @property
    def error_name(self):
        return type(self.cause or self).__name__


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
    path: str  # as the user gave it (for messages)
    real_path: str  # links resolved (for reading)
    size: int


def _open_regular_file(path):
    """A binary file object of ``path`` (links resolved) if it is a regular file; never blocks on a FIFO."""
    if not path:
        raise ImageFileError("no path given")
    real = os.path.realpath(path)
    try:
        descriptor = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ImageFileError(f"{path!r} does not exist") from None
    except OSError as exc:
        raise ImageFileError(f"{path!r} cannot be opened: {exc.strerror or exc}") from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        kind = "a directory" if stat.S_ISDIR(mode) else "not a regular file (a FIFO, socket or device)"
        raise ImageFileError(f"{path!r} is {kind}")
    return os.fdopen(descriptor, "rb")


def inspect_image_file(path):
    """The image's resolved path and size; refuses what is not a readable, non-empty regular file of sane size."""
    with _open_regular_file(path) as handle:
        size = os.fstat(handle.fileno()).st_size
    if size == 0:
        raise ImageFileError(f"{path!r} is empty")
    if size > MAX_IMAGE_BYTES:
        raise ImageFileError(f"{path!r} has {size} bytes, more than a firmware image can have ({MAX_IMAGE_BYTES})")
    return ImageFile(path=path, real_path=os.path.realpath(path), size=size)


def image_md5(path):
    """MD5 of the image, read in chunks (never held in memory)."""
    digest = hashlib.md5(usedforsecurity=False)
    try:
        with _open_regular_file(path) as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                digest.update(chunk)
    except OSError as exc:
        raise ImageFileError(f"{path!r} cannot be read: {exc.strerror or exc}") from None
    return digest.hexdigest()


def upgrade(
    client,
    image,
    version=None,
    force=False,
    allow_downgrade=False,
    allow_untrusted=False,
    discard_staged=False,
    reboot_timeout=900.0,
    poll_interval=2.0,
    busy_timeout=30.0,
    check_mode=False,
    progress=None,
    clock=time.monotonic,
    sleep=time.sleep,
):
    """Install the firmware ``image`` (a path) on the device behind ``client`` unless it already runs it.

    ``version``: the version the image carries, when known; equal to the running version -> no upload.
    ``discard_staged``: replace an image someone else uploaded and left on the device (else: fail).
    ``busy_timeout``: seconds after the upload during which JSON-RPC errors mean "busy, retry" (protocol 7.1).
    ``progress``: optional callable receiving one human-readable line per phase.
    Returns UpgradeResult; raises FirmwareError / ImageFileError.
    """
    job = _Upgrade(
        client,
        inspect_image_file(image),
        _Options(
            wanted=version or None,
            force=force,
            allow_downgrade=allow_downgrade,
            allow_untrusted=allow_untrusted,
            discard_staged=discard_staged,
            reboot_timeout=float(reboot_timeout),
            poll_interval=max(float(poll_interval), 0.05),
            busy_timeout=max(float(busy_timeout), 0.0),
        ),
        progress,
        clock,
        sleep,
    )
    try:
        return job.run(check_mode)
    except FirmwareError:
        raise
    except XerusError as exc:
        hint = "; the update had started: check the device before retrying" if job.update_started else ""
        raise FirmwareError(exc.device, exc.message + hint, job.partial(), cause=exc) from None


@dataclass
class _Options:
    wanted: str | None
    force: bool
    allow_downgrade: bool
    allow_untrusted: bool
    discard_staged: bool
    reboot_timeout: float
    poll_interval: float
    busy_timeout: float


class _Upgrade:
    def __init__(self, client, image, options, progress, clock, sleep):
        self.client = client
        self.image = image
        self.options = options
        self.wanted = options.wanted
        self.callback = progress
        self.clock = clock
        self.sleep = sleep
        self.lines = []
        self.running = None
        self.model = None
        self.image_version = None
        self.duration_upload = None
        self.duration_update = None
        self.history_before = []
        self.update_started = None
        self.busy_until = None
        self.removed_staged_image = False  # someone else's image, discarded on request
        self.left_image = False  # our upload is staged on the device
        self.last_progress = "none yet"
        self.last_seen_version = None

    @property
    def device_changed(self):
        return self.removed_staged_image or self.left_image or self.update_started is not None

    # -- reporting -------------------------------------------------------
    def note(self, line):
        self.lines.append(line)
        if self.callback:
            self.callback(line)

    def partial(self):
        if self.update_started is not None and self.duration_update is None:
            self.duration_update = round(self.clock() - self.update_started, 3)
        return {
            "changed": self.device_changed,
            "previous_version": self.running,
            "image_version": self.image_version,
            "duration_upload": self.duration_upload,
            "duration_update": self.duration_update,
            "progress": list(self.lines),
        }

    def fail(self, message):
        raise FirmwareError(self.client.device, message, self.partial())

    def result(self, changed, msg, version, history=None):
        return UpgradeResult(
            changed=changed,
            msg=msg,
            previous_version=self.running,
            version=version,
            image_version=self.image_version,
            duration_upload=self.duration_upload,
            duration_update=self.duration_update,
            update_history=history,
            progress=list(self.lines),
        )

    def pause(self, deadline):
        """Sleep one poll interval, never past ``deadline``."""
        self.sleep(max(0.0, min(self.options.poll_interval, deadline - self.clock())))

    # -- flow ------------------------------------------------------------
    def run(self, check_mode):
        image_status, staged = self.read_device()
        skip = self.decide_from_wanted()
        if skip:
            return skip
        state = _state_name(image_status)
        if state == "UPLOADING":
            self.fail(
                f"another firmware upload is running on the device ({image_status.get('size_done')} of "
                f"{image_status.get('size_total')} bytes); try again later"
            )
        if state == "COMPLETE" and not self.options.discard_staged:
            self.fail(
                f"an image staged by someone else is on the device ({_describe_staged(staged)}); "
                "set discard_staged=true to replace it; nothing was changed"
            )
        if check_mode:
            return self.check_mode_result(staged if state == "COMPLETE" else None)
        if state == "COMPLETE":
            self.note(f"discard: removing the image staged on the device ({_describe_staged(staged)})")
            self.discard()
            self.removed_staged_image = True
        elif state == "UPLOAD_FAILED":
            self.note("discard: clearing the failed upload reported by the device")
            self.discard()
        self.upload()
        verdict = self.inspect_uploaded()
        if verdict:
            return verdict
        return self.install()

    def read_device(self):
        calls = [
            Call(rids.FIRMWARE, "getVersion"),
            Call(rids.PDU, "getMetaData"),
            Call(rids.FIRMWARE, "getImageStatus"),
            Call(rids.FIRMWARE, "getUpdateHistory"),
            Call(rids.FIRMWARE, "getImageInfo"),
        ]
        self.busy_until = self.clock() + self.options.busy_timeout  # someone else's upload may just have ended
        try:
            results = self.while_busy(lambda: self.client.bulk(calls, safe=True), "read the firmware state", required=4)
        except XerusRpcError as exc:
            self.fail(f"could not read the firmware state: {exc.message}")
        version, meta, status, history = (entry.value for entry in results[:4])
        self.running = version
        self.model = ((meta or {}).get("nameplate") or {}).get("model") or ""
        self.history_before = _history_entries(history)
        staged = (results[4].result or {}) if results[4].ok else {}
        self.note(f"read: running {self.running}, model {self.model}, image slot {_state_name(status)}")
        return status or {}, staged.get("info") if staged.get("_ret_") else None

    def decide_from_wanted(self):
        if not self.wanted:
            return None
        if same_version(self.wanted, self.running) and not self.options.force:
            self.image_version = self.wanted
            self.note(f"skip: the device already runs {self.running}; nothing uploaded")
            return self.result(False, f"firmware {self.running} is already running", self.running)
        problem = None if self.options.allow_downgrade else self.downgrade_problem(self.wanted)
        if problem:
            self.fail(f"{problem}; nothing was uploaded")
        return None

    def check_mode_result(self, staged):
        first = f"would discard the staged image ({_describe_staged(staged)}), then " if staged else "would "
        if staged:
            self.note(f"check mode: would discard the image staged on the device ({_describe_staged(staged)})")
        if self.wanted:
            self.image_version = self.wanted
            self.note(f"check mode: would upload {self.image.path} and update {self.running} -> {self.wanted}")
            return self.result(True, f"{first}update firmware {self.running} -> {self.wanted}", self.running)
        self.note("check mode: the image's version is only known after an upload; nothing uploaded")
        return self.result(
            True,
            f"{first}upload {self.image.path} and update unless it carries the running "
            f"version {self.running} (set version to let check mode tell)",
            self.running,
        )

    # -- upload and judge ------------------------------------------------
    def upload(self):
        self.note(f"upload: streaming {self.image.path} ({self.image.size} bytes)")
        started = self.clock()
        part = UploadPart(UPLOAD_PART_NAME, UPLOAD_FILENAME, path=self.image.real_path)
        try:
            answer = self.client.upload(rids.FW_UPLOAD_CGI, [part], safe=True)
        except (XerusConnectionError, XerusHttpError) as exc:
            self.duration_upload = round(self.clock() - started, 3)
            self.discard_after_broken_upload()
            self.fail(
                f"firmware upload failed ({exc.message}); {self.discard_outcome()} and the device "
                f"still runs {self.running}"
            )
        self.duration_upload = round(self.clock() - started, 3)
        self.busy_until = self.clock() + self.options.busy_timeout
        self.left_image = True
        code = answer.response_code
        if code not in (None, 0):
            self.discard_quietly()
            self.fail(
                f"firmware upload {UPLOAD_CODES.get(code, 'refused')} (code {code}); the device still runs "
                f"{self.running}"
            )
        self.note(f"upload: done in {self.duration_upload:.1f} s")

    def inspect_uploaded(self):
        calls = [Call(rids.FIRMWARE, "getImageStatus"), Call(rids.FIRMWARE, "getImageInfo")]
        try:
            status_entry, info_entry = self.while_busy(
                lambda: self.client.bulk(calls, safe=True), "read the uploaded image", required=2
            )
        except XerusRpcError as exc:
            self.discard_quietly()
            self.fail(
                f"could not read the uploaded image: {exc.message}; {self.discard_outcome()} and the device "
                f"still runs {self.running}"
            )
        status, info_result = status_entry.ret or {}, info_entry.result or {}
        info = info_result.get("info") or {}
        self.image_version = info.get("version") or None
        problem = self.image_problem(status, info_result.get("_ret_"), info)
        if problem:
            self.discard_quietly()
            self.fail(f"{problem}; {self.discard_outcome()} and the device still runs {self.running}")
        self.note(f"image: version {self.image_version}, valid, supports model {self.model}")
        if same_version(self.image_version, self.running) and not self.options.force:
            self.discard_quietly()
            self.note(f"skip: the image carries the running version {self.running}; {self.discard_outcome()}")
            return self.result(
                self.device_changed,
                f"firmware {self.running} is already running (the uploaded image carries it)",
                self.running,
            )
        return None

    def image_problem(self, status, present, info):
        checks = (
            (
                _state_name(status) != "COMPLETE",
                lambda: (
                    f"the upload did not complete (image state {_state_name(status)}"
                    f"{': ' + status.get('error_message') if status.get('error_message') else ''})"
                ),
            ),
            (
                status.get("size_total") != self.image.size,
                lambda: (
                    f"the device stored {status.get('size_total')} bytes but {self.image.path} has {self.image.size}"
                ),
            ),
            (not present, lambda: "the device reports no firmware image after the upload"),
            (not info.get("valid"), lambda: f"{self.image.path} is not a valid firmware image (corrupt or wrong file)"),
            (
                not info.get("model_supported"),
                lambda: f"the image (product {info.get('product') or '?'}) does not support model {self.model}",
            ),
            (
                not info.get("compatible"),
                lambda: (
                    f"the image (product {info.get('product') or '?'}, platform {info.get('platform') or '?'}, "
                    f"OEM {info.get('oem') or '?'}) is not compatible with this device"
                ),
            ),
            (
                bool(self.wanted) and not same_version(self.wanted, self.image_version),
                lambda: f"the image carries version {self.image_version}, not the expected version {self.wanted}",
            ),
            (
                not (info.get("signature_present") and info.get("signature_good")) and not self.options.allow_untrusted,
                lambda: "the image is not signed or its signature is not good; set allow_untrusted=true to install it",
            ),
            (
                self.below_min_required(info.get("min_required_version")),
                lambda: (
                    f"the image requires at least version {info.get('min_required_version')} to be running, "
                    f"the device runs {self.running}"
                ),
            ),
            (not self.options.allow_downgrade and self.downgrade_problem() is not None, self.downgrade_problem),
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
            return (
                f"version {candidate} is older than the running {self.running}; set allow_downgrade=true to install it"
            )
        return None

    # -- install and follow ----------------------------------------------
    def install(self):
        flags = [FLAG_ALLOW_UNTRUSTED] if self.options.allow_untrusted else []
        started = self.clock()
        try:
            self.while_busy(
                lambda: self.client.call(rids.FIRMWARE, "startUpdate", {"flags": flags}), "start the update"
            )
        except XerusRpcError as exc:
            self.discard_quietly()
            self.fail(
                f"the device refused the update: {exc.rpc_message}; {self.discard_outcome()} and the device "
                f"still runs {self.running}"
            )
        except (XerusConnectionError, XerusHttpError) as exc:
            self.update_started = started
            self.fail(
                f"startUpdate got no answer ({exc.message}); the update may have started: check the device "
                "before retrying"
            )
        self.update_started = started
        self.note(f"update: started {self.running} -> {self.image_version}")
        entry, version = self.follow_update(started + self.options.reboot_timeout)
        self.duration_update = round(self.clock() - started, 3)
        self.note(
            f"done: the device runs {version} after {self.duration_update:.1f} s; its update history "
            f"records the update as {entry['status']}"
        )
        return self.result(True, f"firmware updated {self.running} -> {version}", version, history=entry)

    def follow_update(self, deadline):
        """Poll the progress CGI through flashing and reboot; whenever it says NONE (or cannot tell), ask the
        device itself whether the update is done. Returns (history entry, running version)."""
        last_state, last_line_at, rebooting = None, None, False
        while True:
            if self.clock() >= deadline:
                self.fail_timeout()
            status = self.poll_progress(deadline)
            state = status.get("state") if status is not None else None
            if status is None:
                self.last_progress = "no answer"
                if not rebooting:
                    self.note("reboot: the device does not answer (flashing or rebooting)")
                rebooting = True
            elif state == "FAIL":
                self.fail(
                    f"the device reports the update failed: {status.get('error_message') or 'no detail'}; "
                    f"it should come back with {self.running}"
                )
            elif state == "SUCCESS" or state in PROGRESS_STATES:
                self.last_progress = state
                if state != last_state or self.clock() - last_line_at >= _PROGRESS_REPEAT_SECONDS:
                    self.note(
                        f"flashing: state {state}, {status.get('elapsed', 0)} s of about "
                        f"{status.get('estimated', 0) or '?'} s"
                        + ("; the reboot follows" if state == "SUCCESS" else "")
                    )
                    last_state, last_line_at = state, self.clock()
            else:
                self.last_progress = state or "unknown"
                done = self.update_outcome(deadline)
                if done is not None:
                    return done
            self.pause(deadline)

    def poll_progress(self, deadline):
        """The progress CGI's status (protocol 7.3), polled without credentials on a new connection; None when
        the device does not answer (or answers 503); {} when the progress CGI cannot tell."""
        timeout = max(0.1, min(self.client.timeout, deadline - self.clock()))
        try:
            with self.client.variant(username=None, password=None, token=None, timeout=timeout, retries=0) as anonymous:
                try:
                    result = anonymous.call(rids.FW_PROGRESS, "getStatus")
                except XerusAuthError:  # a device that wants credentials after all
                    result = self.client.call(rids.FW_PROGRESS, "getStatus")
        except XerusConnectionError:
            return None
        except XerusHttpError as exc:
            return None if exc.status == 503 else {}
        except XerusError:
            return {}
        status = result.get("_ret_") if isinstance(result.get("_ret_"), dict) else result
        return status if isinstance(status, dict) else {}

    def update_outcome(self, deadline):
        """(judged history entry, version) once the device answers with a new update history entry, else None."""
        self.client.reset_connections()
        calls = [Call(rids.FIRMWARE, "getVersion"), Call(rids.FIRMWARE, "getUpdateHistory")]
        try:
            with self.client.capped_timeout(deadline - self.clock()):
                version, history = self.client.read_all(calls)
        except XerusAuthError:
            raise
        except XerusError as exc:
            self.last_progress = f"{self.last_progress}, device: {exc.message}"
            return None
        if version != self.last_seen_version:
            self.note(f"check: the device answers, running {version}")
            self.last_seen_version = version
        entry = self.new_history_entry(history)
        if entry is None:
            return None
        return self.judge(version, entry), version

    def new_history_entry(self, history):
        """The last entry of the update history that was not there before the update, or None."""
        entries = _history_entries(history)
        if entries and entries[-1] not in self.history_before:
            return entries[-1]
        return None

    def judge(self, version, entry):
        status = _history_status(entry.get("status"))
        shown = dict(entry, status=status)
        ok = (
            status == "SUCCESSFUL"
            and same_version(entry.get("imageVersion"), self.image_version)
            and same_version(version, self.image_version)
        )
        if not ok:
            detail = f": {entry['details']}" if entry.get("details") else ""
            self.fail(
                f"the update did not take: the device came back with version {version}, its update history "
                f"says {status} for {entry.get('imageVersion')}{detail}"
            )
        recorded_md5 = entry.get("imageMD5")
        if isinstance(recorded_md5, str) and recorded_md5:
            try:
                local_md5 = image_md5(self.image.real_path)
            except ImageFileError as exc:
                self.fail(f"the device runs {version}, but its recorded image MD5 cannot be compared: {exc}")
            if recorded_md5.lower() != local_md5:
                self.fail(
                    f"the device installed an image with MD5 {recorded_md5}, not {self.image.path} (MD5 {local_md5})"
                )
        return shown

    def fail_timeout(self):
        self.fail(
            f"the device did not answer with version {self.image_version} and a new update history entry "
            f"within reboot_timeout={self.options.reboot_timeout:g} s after the update started (last progress "
            f"state: {self.last_progress}; last seen version: {self.last_seen_version or 'none'}); its state "
            "is unknown: check it before retrying"
        )

    # -- the busy window after an upload (protocol 7.1) --------------------
    def while_busy(self, action, purpose, required=0):
        """Run ``action``; retry it while it fails with a JSON-RPC error inside the busy window after the upload.
        The window closes early once the device answered a call normally.

        ``required``: ``action`` returns bulk results whose first ``required`` entries must have succeeded.
        """
        noted = False
        while True:
            try:
                value = action()
                for entry in value[:required] if required else ():
                    entry.raise_for_error()
            except XerusRpcError as exc:
                if self.busy_until is None or self.clock() >= self.busy_until:
                    raise
                if not noted:
                    self.note(
                        f"busy: the device refuses calls after the upload ({exc.rpc_message}); retrying for "
                        f"up to {self.options.busy_timeout:g} s to {purpose}"
                    )
                    noted = True
                self.pause(self.busy_until)
                continue
            self.busy_until = None
            return value

    # -- discarding ------------------------------------------------------
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
                self.sleep(max(0.0, min(self.options.poll_interval, 0.5, deadline - self.clock())))
        except XerusError:
            pass
        self.discard_quietly()

    def discard_quietly(self):
        try:
            self.while_busy(self.discard, "discard the image")
            self.left_image = False
        except XerusError:
            self.note("discard: the device did not accept discardImage; the image stays staged on the device")

    def discard_outcome(self):
        if self.left_image:
            return "the image could not be discarded (it stays staged on the device)"
        return "the image was discarded"


def _history_entries(history):
    """The update history as a list of entries; tolerant of what a device of another generation sends."""
    return [entry for entry in history if isinstance(entry, dict)] if isinstance(history, list) else []


def _history_status(value):
    """The update history status in upper case, as RV(update_history) of xerus_firmware returns it."""
    if isinstance(value, str) and value:
        return value.rsplit(".", 1)[-1].upper()
    name = UPDATE_HISTORY_STATUS.get(value) if isinstance(value, int) else None
    return name.upper() if name else f"unknown({value})"


def _describe_staged(info):
    if not info:
        return "version unknown"
    return f"version {info.get('version') or 'unknown'}, product {info.get('product') or '?'}"


def _state_name(status):
    state = (status or {}).get("state")
    return FIRMWARE_IMAGE_STATE.get(state, f"unknown({state})")
