# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bulk configuration area (protocol 8, 12.4): export and idempotent apply.

Apply: wait for a pending restore, download the current configuration in the same mode
in clear text, compare the key=value lines the file would restore, upload only when one
differs, map the response code, follow getStatus until the restore ends.
Export: stream the file to a private temporary file next to ``dest`` and replace ``dest``
only when the normalised content differs.  No Ansible import.
"""

from __future__ import annotations

import fnmatch
from urllib.parse import quote

from ansible_collections.xerus.pdu.plugins.module_utils import config_files, config_transfer, rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import UploadPart
from ansible_collections.xerus.pdu.plugins.module_utils.enums import BULK_CONFIG_STATUS

FILE_PART = "bulk_config_file"
FILE_NAME = "bulk_config.txt"
IDENTITY_CODES = {4: "device_type", 5: "model", 6: "firmware_version"}
# Restore CGI response codes (protocol 8.3): code -> (vendor description, what to do); the advice is ours.
BULK_CODES = {
    1: (
        "an internal error occurred",
        "the device could not read the upload; retry, and if it persists check the device's event log",
    ),
    2: (
        "a parameter error occurred",
        "the device refused the request parameters: a file exported with a password needs the same "
        "password in config_password; otherwise check mode and skip_checks",
    ),
    3: (
        "invalid XML data provided",
        "the file is in an old XML format; export a new file from a device with current firmware",
    ),
    4: (
        "the config data is incompatible (device type mismatch)",
        "the file was exported from another kind of device (header device_type); it cannot be applied to this PDU",
    ),
    5: (
        "the config data is incompatible (device model mismatch)",
        "the file was exported from another model; set skip_checks: [model] to apply it anyway",
    ),
    6: (
        "the config data is incompatible (firmware version mismatch)",
        "the file was exported under another firmware version; set skip_checks: [firmware_version] to apply it anyway, "
        "or export it again from a device running this firmware",
    ),
    7: (
        "the config data is incompatible (unknown data type)",
        "the device does not know the data in the file; export a new file from a device with current firmware",
    ),
    8: ("the config data is invalid", "export the configuration again; the file is not usable"),
    9: ("the checksum of the config data is wrong", "the file was changed after its export; export it again"),
    10: (
        "mode mismatch (bulk config vs. full config)",
        "use mode: backup for a file exported in backup mode and mode: bulk for a bulk file",
    ),
    11: (
        "a restore operation is already running",
        "another bulk configuration restore has not finished yet; retry later or raise restore_timeout",
    ),
    12: (
        "the file is too large",
        "the device accepts configuration files up to 4 MiB; use a file exported from a device",
    ),
    13: (
        "the file is invalid",
        "the file is not UTF-8, has no or two #!header lines, names a key this device does not have "
        "(for example an outlet it lacks), holds an invalid value, or was encrypted with another password "
        "than config_password",
    ),
    14: (
        "the checksum is missing or invalid",
        "the file was edited without its checksum, or is not a bulk configuration file: export it again, or "
        "recompute the last line '#!checksum sha256=<hex>' as the SHA-256 of every byte before it",
    ),
    15: (
        "unknown filters",
        "the header names a filter this device does not know; export the file from a device with the same firmware",
    ),
}

FILE_CHECKSUM_MESSAGE = (
    "the file's checksum is missing or does not match its content, so it was truncated or edited "
    "after its export; nothing was compared or sent. Export it again, or recompute the last line "
    "'#!checksum sha256=<hex>' as the SHA-256 of every byte before it"
)


def save_query(mode, password=None):
    """Query of the save CGI in SDK order (8.2): clear text unless a password encrypts secrets."""
    items = ["bulk_config_password=" + quote(password)] if password else ["config_format=cleartext"]
    items.append("link_ids=1")
    if mode == "backup":
        items.append("mode=backup")
    return "&".join(items)


def restore_query(mode, skip_checks=(), password=None):
    """Query of the restore CGI in SDK order (8.3)."""
    items = ["user_password=" + quote(password)] if password else []
    checks = sorted(set(skip_checks or ()))
    if checks:
        items.append("skip_checks=" + ",".join(checks))
    items.append("link_ids=1")
    if mode == "backup":
        items.append("mode=backup")
    return "&".join(items)


class BulkPlan:
    """What applying a file would change: differing keys, keys not compared, keys the device skips."""

    def __init__(self):
        self.differences = []  # (key, before or None, after)
        self.uncompared = []  # encrypted keys of the file
        self.skipped = []  # keys the restore would not apply in this mode

    @property
    def changed(self):
        return bool(self.differences)

    def changed_keys(self):
        return [
            {
                "key": key,
                "before": config_files.shown(key, before) if before is not None else None,
                "after": config_files.shown(key, after),
            }
            for key, before, after in self.differences
        ]


def skipped_by_restore(filters, file_mode, restore_mode, key):
    """True when a restore of a ``file_mode`` file with ``restore_mode`` leaves ``key`` alone (8.3).

    ``filters``: getFilters result; the first filter whose rule matches owns the key.
    A bulk-mode file never applies keys of noOverride filters (network); a backup file
    restored in bulk mode skips the bulk-only filters.
    """
    owner = next(
        (item for item in filters if any(fnmatch.fnmatchcase(key, rule) for rule in item.get("ruleSpecs") or ())), None
    )
    if owner is None:
        return False
    if file_mode == "bulk":
        return bool(owner.get("noOverride"))
    return restore_mode != "backup" and bool(owner.get("bulkOnly"))


def plan_apply(current, desired, restore_mode, filters_lookup):
    """Compare a desired BulkFile with the current clear-text BulkFile of the same mode.

    ``filters_lookup()`` returns the device's filters; it is called only when a value differs
    or is missing from the download, to leave out keys the restore would skip in this mode
    (so they cannot make every run report a change) from keys to send.
    """
    plan = BulkPlan()
    filters = None
    for key, value in desired.values.items():
        before = current.values.get(key)
        if before == value:
            continue
        if filters is None:
            filters = filters_lookup()
        if skipped_by_restore(filters, desired.mode, restore_mode, key):
            plan.skipped.append(key)
        else:
            plan.differences.append((key, before, value))
    plan.uncompared = sorted(desired.encrypted)
    return plan


def diff_texts(current, plan):
    """(before, after) line texts of the normalised key=value configuration, secrets masked."""
    after_values = dict(current.values)
    changed = set()
    for key, _before, value in plan.differences:
        after_values[key] = value
        changed.add(key)
    before_lines = [f"{key}={config_files.shown(key, value)}" for key, value in sorted(current.values.items())]
    after_lines = []
    for key, value in sorted(after_values.items()):
        text = config_files.shown(key, value)
        if config_files.is_secret(key) and key in changed:
            text += " (changed)"
        after_lines.append(f"{key}={text}")
    return "\n".join(before_lines) + "\n", "\n".join(after_lines) + "\n"


class BulkConfig(config_transfer.ConfigTransfer):
    """Bulk configuration operations on one device through a XerusClient."""

    STATUS_RID = rids.BULKCFG
    STATUS_NAMES = BULK_CONFIG_STATUS
    WHAT = "bulk configuration"
    OPERATION = "bulk configuration restore"
    TIMEOUT_OPTION = "restore_timeout"
    CODES = BULK_CODES
    BUSY_CODE = 11

    def __init__(self, client, timeout=120, poll_interval=0.2):
        super().__init__(client, timeout, poll_interval)

    # --- reading -------------------------------------------------------------------------

    def download(self, dest=None, mode="bulk", password=None):
        return self.client.download(rids.BULKCFG_SAVE_CGI, dest=dest, query=save_query(mode, password))

    def current(self, mode):
        """The device's configuration in ``mode``, clear text, parsed."""
        return self.parse_download(_parse_device_file, self.download(mode=mode).content)

    def filters(self):
        return self.client.call_ret(rids.BULKCFG, "getFilters", {}, safe=True) or []

    # --- apply ---------------------------------------------------------------------------

    def apply(self, desired_data, mode="bulk", skip_checks=(), password=None, check_mode=False, source=None):
        """Apply a bulk file (bytes); ``source``: path to stream the upload from (else the bytes).

        Returns a dict: changed, changed_keys, uncompared_keys, skipped_keys, diff, status.
        """
        option = "src" if source else "content"
        if not config_files.checksum_matches(desired_data):
            data = desired_data.encode("utf-8") if isinstance(desired_data, str) else desired_data
            if config_files.HEADER_PREFIX.encode() not in data:
                self.fail(
                    f"{option}: not a bulk configuration file: no #!header line and no valid checksum", option=option
                )
            self.fail(f"{option}: {FILE_CHECKSUM_MESSAGE}", option=option)
        try:
            desired = config_files.parse_bulk(desired_data, option)
        except config_files.ConfigFileError as exc:
            self.fail(f"{option}: {exc}" if not str(exc).startswith(option) else str(exc), option=option)
        if desired.header.get("encryption") == "password" and not password:
            self.fail(
                f"{option} was exported with a password (header encryption=password): set config_password",
                option="config_password",
            )
        self.wait_idle()
        current = self.current(mode)
        plan = plan_apply(current, desired, mode, self.filters)
        result = {
            "changed": plan.changed,
            "changed_keys": plan.changed_keys(),
            "uncompared_keys": plan.uncompared,
            "skipped_keys": plan.skipped,
            "diff": dict(zip(("before", "after"), diff_texts(current, plan))),
            "warnings": config_transfer.unsafe_warnings(self.device, self.WHAT, current.unsafe),
        }
        if not plan.changed or check_mode:
            return result
        status = self.restore(desired_data, source, desired, current, mode, skip_checks, password)
        result["status"] = status
        return result

    def restore(self, data, source, desired, current, mode, skip_checks, password):
        part = UploadPart(FILE_PART, FILE_NAME, path=source, content=None if source else data)
        answer = self.client.upload(rids.BULKCFG_RESTORE_CGI, [part], query=restore_query(mode, skip_checks, password))
        code = answer.response_code
        if code != 0:
            self.fail(self.refusal(code, desired, current), code=code)
        return self.wait_outcome(
            config_transfer.upload_time(answer),
            "the device accepted the file",
            "the restore did not finish",
            ": the configuration was not (fully) restored",
        )

    def refusal(self, code, desired, current):
        message = config_transfer.explain(BULK_CODES, code, "the bulk configuration restore was")
        field = IDENTITY_CODES.get(code)
        if field:
            message += (
                f" (file: {field}={desired.header.get(field, '?')}, device: {field}={current.header.get(field, '?')})"
            )
        return message

    # --- export --------------------------------------------------------------------------

    def export_view(self, data, dest):
        downloaded = self.parse_download(_parse_device_file, data)
        new_lines = config_files.masked_lines(config_files.bulk_normalised(downloaded))
        old_lines = _existing_lines(dest)
        return config_transfer.ExportView(
            old_lines == new_lines, _text(old_lines or []), _text(new_lines), downloaded.unsafe
        )


def _parse_device_file(data):
    return config_files.parse_bulk(data, "the device's bulk configuration", strict=False)


def _existing_lines(path):
    """Normalised, masked lines of an existing export, or None (missing or not a bulk file)."""
    try:
        with open(path, "rb") as handle:
            return config_files.masked_lines(
                config_files.bulk_normalised(config_files.parse_bulk(handle.read(), strict=False))
            )
    except (OSError, config_files.ConfigFileError):
        return None


def _text(lines):
    return "".join(f"{config_files.printable(line)}\n" for line in lines)
