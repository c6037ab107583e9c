# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared pieces of the bulk and raw configuration areas (protocol 8, 9, 12.4, 12.5):
response-code tables with explanations, restore/update status polling, the error type.

No Ansible import.  The area logic lives in bulkcfg.py and rawcfg.py; file formats in cfgfiles.py.
"""

from __future__ import annotations

import email.utils
import re
import time

from ansible_collections.xerus.pdu.plugins.module_utils.cfgfiles import printable
from ansible_collections.xerus.pdu.plugins.module_utils.errors import (
    XerusAuthError,
    XerusConnectionError,
    XerusError,
    XerusHttpError,
)

# Answers that mean "the device is restarting" while an update is applied by a reboot (12.5 step 4).
REBOOT_HTTP_STATUSES = (502, 503, 504)
_BODY_CODE = re.compile(r"\s*[A-Za-z_]+\s*=\s*(-?[0-9]+)\s*")

# --- upload response codes --------------------------------------------------------------

# code -> (vendor description, what to do).  Texts of 8.3; advice is ours.
BULK_CODES = {
    1: ("an internal error occurred",
        "the device could not read the upload; retry, and if it persists check the device's event log"),
    2: ("a parameter error occurred",
        "the device refused the request parameters: a file exported with a password needs the same "
        "password in config_password; otherwise check mode and skip_checks"),
    3: ("invalid XML data provided",
        "the file is in an old XML format; export a new file from a device with current firmware"),
    4: ("the config data is incompatible (device type mismatch)",
        "the file was exported from another kind of device (header device_type); it cannot be applied to this PDU"),
    5: ("the config data is incompatible (device model mismatch)",
        "the file was exported from another model; set skip_checks: [model] to apply it anyway"),
    6: ("the config data is incompatible (firmware version mismatch)",
        "the file was exported under another firmware version; set skip_checks: [firmware_version] to apply it anyway, "
        "or export it again from a device running this firmware"),
    7: ("the config data is incompatible (unknown data type)",
        "the device does not know the data in the file; export a new file from a device with current firmware"),
    8: ("the config data is invalid",
        "export the configuration again; the file is not usable"),
    9: ("the checksum of the config data is wrong",
        "the file was changed after its export; export it again"),
    10: ("mode mismatch (bulk config vs. full config)",
         "use mode: backup for a file exported in backup mode and mode: bulk for a bulk file"),
    11: ("a restore operation is already running",
         "another bulk configuration restore has not finished yet; retry later or raise restore_timeout"),
    12: ("the file is too large",
         "the device accepts configuration files up to 4 MiB; use a file exported from a device"),
    13: ("the file is invalid",
         "the file is not UTF-8, has no or two #!header lines, names a key this device does not have "
         "(for example an outlet it lacks), holds an invalid value, or was encrypted with another password "
         "than config_password"),
    14: ("the checksum is missing or invalid",
         "the file was edited without its checksum, or is not a bulk configuration file: export it again, or "
         "recompute the last line '#!checksum sha256=<hex>' as the SHA-256 of every byte before it"),
    15: ("unknown filters",
         "the header names a filter this device does not know; export the file from a device with the same firmware"),
}

RAW_CODES = {
    1: ("an internal error occurred",
        "the device could not read the upload; retry, and if it persists check the device's event log"),
    2: ("a parameter error occurred",
        "the device refused the request (no config_file part or a query string); this is a client problem, please report it"),
    3: ("a raw config update operation is already running",
        "another raw configuration update has not finished yet; retry later or raise update_timeout"),
    4: ("the file is too large",
        "the device accepts parts up to 4 MiB; split the configuration or the device list"),
    5: ("invalid raw config file provided",
        "a line has no '=', a key is unknown to this device, or a value is invalid (range, format, length); "
        "compare with an export of the device's raw configuration"),
    6: ("invalid device list file or match provided",
        "the device list must be CSV with the match column in every row, and the configuration needs a match option"),
    7: ("device list file required but missing",
        "a match option needs device_list (the device list is sent first)"),
    8: ("no matching entry in device list found",
        "add a row for this device to device_list, or check the match field and column"),
    9: ("macro substitution error",
        "a ${N} macro is malformed or refers to a column beyond the matching device-list row"),
    10: ("decrypting value failed",
         "a key:enc= value was not encrypted by this device; use the clear value instead"),
    11: ("unknown magic line",
         "only '#!options' magic lines exist; remove the other '#!' lines"),
    12: ("processing magic line failed",
         "'#!options' takes only match=<serial|mac|ip>:<column>"),
}

# Status enumerations (8.1, 9.1): index -> name.
BULK_STATUS = ("UNKNOWN", "UPLOAD_FAILED", "RESTORE_PENDING", "RESTORE_OK", "RESTORE_FAILED")
RAW_STATUS = ("UNKNOWN", "UPLOAD_FAILED", "UPDATE_PENDING", "UPDATE_OK", "UPDATE_FAILED")
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
    return ["%s: the device's %s carries a line break or control character in %s (written by another tool); "
            "such a value is shown with escapes and replaced when this collection sets the key"
            % (device, what, ", ".join(printable(key) for key in keys))]


def explain(table, code, what):
    """'<what> refused with response code N (<description>): <advice>'."""
    if code in table:
        description, advice = table[code]
        return "%s refused with response code %d (%s): %s" % (what, code, description, advice)
    return "%s refused with response code %s, which this collection does not know" % (what, code)


def status_name(names, status):
    return names[status] if isinstance(status, int) and 0 <= status < len(names) else "status %s" % status


# --- status polling ---------------------------------------------------------------------

def read_status(client, rid, timeout=None):
    """(status, timeStamp) of BulkConfiguration / RawConfiguration.getStatus, one attempt within ``timeout``."""
    result = client.call(rid, "getStatus", {}, safe=True, timeout=timeout, retries=0)
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

    def __init__(self, client, rid, names, timeout, interval=0.2, max_interval=1.0,
                 clock=time.monotonic, sleep=time.sleep):
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
        """Wait while an operation is pending; returns (status, timeStamp, idle)."""
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


def response_code(upload_result):
    """The upload's response code (6.2): the X-Response-Code header when present, else the integer of
    a body ``<word>=<n>`` (``return_code=0``), else what the client made of the answer."""
    headers = getattr(upload_result, "headers", None) or {}
    for name, value in headers.items():
        if name.lower() == "x-response-code" and str(value).strip().lstrip("-").isdigit():
            return int(value)
    found = _BODY_CODE.fullmatch(getattr(upload_result, "text", "") or "")
    if found:
        return int(found.group(1))
    code = getattr(upload_result, "response_code", None)
    return code if isinstance(code, int) else None
