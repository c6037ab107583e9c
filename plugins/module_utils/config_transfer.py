# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the bulk and the raw configuration areas share (docs/protocol/XERUS-PROTOCOL.md sections 8, 9,
12.4, 12.5): the ConfigTransfer base (failing, waiting for a pending operation and for the outcome of an
upload, exporting to a private file), the status poller and the error type.

No Ansible import.  The areas are bulk_config.py and raw_config.py; the file formats are config_files.py.
"""

from __future__ import annotations

import email.utils
import os
import time

from ansible_collections.xerus.pdu.plugins.module_utils import atomic
from ansible_collections.xerus.pdu.plugins.module_utils.config_files import ConfigFileError, printable
from ansible_collections.xerus.pdu.plugins.module_utils.errors import (
    XerusAuthError,
    XerusConnectionError,
    XerusError,
    XerusHttpError,
)

# Answers that mean "the device is restarting" while an update is applied by a reboot (12.5 step 4).
REBOOT_HTTP_STATUSES = (502, 503, 504)
# Index of the pending, succeeded and failed values in both status enumerations (enums.py).
PENDING, DONE_OK, DONE_FAILED = 2, 3, 4


class ConfigError(XerusError):
    """A refusal or failure of a configuration operation.

    ``option`` names the module option at fault when there is one; ``response_code`` is the
    device's upload code when the device gave one (also in ``details``); ``changed`` is true when
    a write had reached the device before the failure.  Never holds secret values.
    """

    def __init__(self, device, message, option=None, response_code=None, changed=False):
        details = {} if response_code is None else {"response_code": response_code}
        super().__init__(device, message, option=option, changed=changed, details=details)
        self.response_code = response_code


def unsafe_warnings(device, what, keys):
    """Reports of a device file whose values carry line breaks or control characters."""
    if not keys:
        return []
    return [
        f"{device}: the device's {what} carries a line break or control character in "
        f"{', '.join(printable(key) for key in keys)} (written by another tool); such a value is shown with "
        "escapes and replaced when this collection sets the key"
    ]


def explain(table, code, what):
    """'<what> refused with response code N (<description>): <advice>'."""
    if code in table:
        description, advice = table[code]
        return f"{what} refused with response code {code} ({description}): {advice}"
    return f"{what} refused with response code {code}, which this collection does not know"


def status_name(names, status):
    return names[status] if isinstance(status, int) and 0 <= status < len(names) else f"status {status}"


# --- status polling ---------------------------------------------------------------------


def read_status(client, rid, timeout=None, retries=0):
    """(status, timeStamp) of BulkConfiguration / RawConfiguration.getStatus; one attempt within ``timeout``
    unless ``retries`` (None: the client's bounded retries of a safe read)."""
    result = client.call(rid, "getStatus", {}, safe=True, timeout=timeout, retries=retries)
    return result.get("status"), result.get("timeStamp") or 0


def _rebooting(error):
    """True for the answers of a device that restarts: refused, reset, timed out, 502/503/504."""
    if isinstance(error, XerusHttpError):
        return error.status in REBOOT_HTTP_STATUSES
    return isinstance(error, XerusConnectionError)


class StatusPoller:
    """Polls getStatus on ``rid`` until a condition holds or ``timeout`` seconds have passed.

    The device may restart meanwhile (raw updates are applied by a reboot, 9.1): a refused
    connection, a reset or a 503 counts as "not yet", and every read uses a new attempt whose
    timeout ends with the deadline, so neither a read nor ``interval`` stretches the wait.
    ``last_error`` holds the last such answer while the device was away.
    """

    def __init__(
        self, client, rid, names, timeout, interval=0.2, max_interval=1.0, clock=time.monotonic, sleep=time.sleep
    ):
        self.client = client
        self.rid = rid
        self.names = names
        self.timeout = timeout
        self.interval = interval
        self.max_interval = max(max_interval, interval)
        self.clock = clock
        self.sleep = sleep
        self.last_error = None

    def _read(self, remaining):
        read_timeout = min(float(getattr(self.client, "timeout", remaining) or remaining), max(remaining, 0.5))
        try:
            status = read_status(self.client, self.rid, read_timeout)
        except XerusAuthError:
            raise
        except (XerusConnectionError, XerusHttpError) as exc:
            if not _rebooting(exc):
                raise
            self.last_error = exc.message
            return None
        self.last_error = None
        return status

    def _poll(self, done):
        deadline = self.clock() + self.timeout
        interval = self.interval
        status, stamp = None, 0
        while True:
            answer = self._read(deadline - self.clock())
            if answer is not None:
                status, stamp = answer
                if done(status, stamp):
                    return status, stamp, True
            remaining = deadline - self.clock()
            if remaining <= 0:
                return status, stamp, False
            self.sleep(min(interval, remaining))
            interval = min(interval * 1.5, self.max_interval)

    def wait_idle(self):
        """Wait while an operation is pending; returns (status, timeStamp, idle).

        Before our upload nothing of ours restarts the device: the first read takes the client's
        bounded retries and its failure is the task's (refused, 500, 503 name their cause). Only
        once a pending operation was seen may the device be away, rebooting to apply it.
        """
        status, stamp = read_status(self.client, self.rid, retries=None)
        if status != PENDING:
            return status, stamp, True
        return self._poll(lambda status, stamp: status != PENDING)

    def wait_finished(self, since):
        """Wait for the end of the operation started at device time ``since`` (epoch seconds).

        A final status counts when its timeStamp is not older than ``since``, or when a
        pending status was seen first (our upload is the only one that can be pending).
        Returns (status, timeStamp, finished).
        """
        seen_pending = []

        def done(status, stamp):
            if status == PENDING:
                seen_pending.append(stamp)
                return False
            if status not in (DONE_OK, DONE_FAILED):
                return False
            return bool(seen_pending) or stamp >= since

        return self._poll(done)


def upload_time(upload_result, fallback=None):
    """Device time of an upload: the Date header of its answer (whole seconds), else ``fallback``."""
    headers = getattr(upload_result, "headers", None) or {}
    date = None
    for name, value in headers.items():
        if name.lower() == "date":
            date = value
    if date:
        try:
            return int(email.utils.parsedate_to_datetime(date).timestamp())
        except (TypeError, ValueError, IndexError):
            pass
    return int(time.time()) if fallback is None else fallback


class ExportView:
    """How an export compares with the file it would replace: ``same`` content, masked ``before`` and
    ``after`` texts for the diff, keys whose values carry unsafe text."""

    def __init__(self, same, before, after, unsafe=()):
        self.same = same
        self.before = before
        self.after = after
        self.unsafe = list(unsafe)


class ConfigTransfer:
    """One configuration area of one device: the bulk (bulk_config.BulkConfig) or raw (raw_config.RawConfig).

    A subclass sets STATUS_RID, STATUS_NAMES, WHAT ("bulk configuration"), OPERATION ("bulk configuration
    restore"), TIMEOUT_OPTION, CODES and BUSY_CODE, and provides download() and export_view().
    """

    STATUS_RID = STATUS_NAMES = WHAT = OPERATION = TIMEOUT_OPTION = None
    CODES = {}
    BUSY_CODE = None

    def __init__(self, client, timeout, poll_interval, max_interval=1.0):
        self.client = client
        self.device = client.device
        self.timeout = timeout
        self.poller = StatusPoller(
            client, self.STATUS_RID, self.STATUS_NAMES, timeout, poll_interval, max_interval=max_interval
        )

    def fail(self, message, option=None, code=None, changed=False):
        raise ConfigError(self.device, message, option=option, response_code=code, changed=changed)

    def parse_download(self, parse, data):
        """parse(data) of a file the device sent; a file that does not parse fails the operation."""
        try:
            return parse(data)
        except ConfigFileError as exc:
            self.fail(f"the device's {self.WHAT} download is not as the protocol describes: {exc}")

    def status_text(self, status):
        return status_name(self.STATUS_NAMES, status) if status is not None else "unknown"

    def wait_idle(self):
        """Wait while another operation is pending; fail naming the timeout option when it does not end."""
        status, _stamp, idle = self.poller.wait_idle()
        if not idle:
            self.fail(
                f"a {self.OPERATION} is still {status_name(self.STATUS_NAMES, status)} after {self.timeout} s: "
                f"{self.CODES[self.BUSY_CODE][1]}",
                option=self.TIMEOUT_OPTION,
            )

    def wait_outcome(self, since, accepted, ending, failed_detail):
        """Wait for the end of the operation our upload started at device time ``since``; its status name.

        Fails with changed=true when it does not end in time ("<accepted>, but <ending> within ...") or
        does not succeed ("<accepted> but reports <status><failed_detail>").
        """
        status, _stamp, finished = self.poller.wait_finished(since)
        name = self.status_text(status)
        if not finished:
            away = f"; the device did not answer (last: {self.poller.last_error})" if self.poller.last_error else ""
            self.fail(
                f"{accepted}, but {ending} within {self.TIMEOUT_OPTION} ({self.timeout} s); last status "
                f"{name}{away}. Check the device before running again",
                option=self.TIMEOUT_OPTION,
                code=0,
                changed=True,
            )
        if status != DONE_OK:
            self.fail(
                f"{accepted} but reports {name}{failed_detail}; check the device's event log", code=0, changed=True
            )
        return name

    def download(self, dest=None, **options):
        raise NotImplementedError

    def export_view(self, data, dest, **options):
        """An ExportView of the downloaded ``data`` against the existing ``dest``."""
        raise NotImplementedError

    def export(self, dest, check_mode=False, backup=None, **options):
        """Write the configuration to ``dest`` (0600, atomic) when it differs from what ``dest`` holds.

        ``backup(dest)`` is called before an existing file is replaced and returns the backup path.
        """
        try:
            with atomic.AtomicFile(dest) as tmp:
                self.download(dest=tmp.path, **options)
                view = self.export_view(tmp.read(), dest)
                changed = not view.same or atomic.file_mode(dest) != atomic.PRIVATE_MODE
                result = {
                    "changed": changed,
                    "dest": dest,
                    "diff": {"before": view.before, "after": view.after},
                    "warnings": unsafe_warnings(self.device, self.WHAT, view.unsafe),
                }
                if changed and not check_mode:
                    if backup and os.path.exists(dest):
                        result["backup_file"] = backup(dest)
                    tmp.commit()
                return result
        except atomic.DestinationError as exc:
            self.fail(f"dest: {exc}", option="dest")
