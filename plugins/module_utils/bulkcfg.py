# -*- coding: utf-8 -*-
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
import os
from urllib.parse import quote

from ansible_collections.xerus.pdu.plugins.module_utils import atomic, cfgfiles, configs, rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import UploadPart

MODES = ("bulk", "backup")
SKIP_CHECKS = ("model", "firmware_version")
FILE_PART = "bulk_config_file"
FILE_NAME = "bulk_config.txt"
IDENTITY_CODES = {4: "device_type", 5: "model", 6: "firmware_version"}
FILE_CHECKSUM_MESSAGE = ("the file's checksum is missing or does not match its content, so it was truncated or edited "
                         "after its export; nothing was compared or sent. Export it again, or recompute the last line "
                         "'#!checksum sha256=<hex>' as the SHA-256 of every byte before it")


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
        self.differences = []     # (key, before or None, after)
        self.uncompared = []      # encrypted keys of the file
        self.skipped = []         # keys the restore would not apply in this mode

    @property
    def changed(self):
        return bool(self.differences)

    def changed_keys(self):
        return [{"key": key, "before": cfgfiles.shown(key, before) if before is not None else None,
                 "after": cfgfiles.shown(key, after)} for key, before, after in self.differences]


def skipped_by_restore(filters, file_mode, restore_mode, key):
    """True when a restore of a ``file_mode`` file with ``restore_mode`` leaves ``key`` alone (8.3).

    ``filters``: getFilters result; the first filter whose rule matches owns the key.
    A bulk-mode file never applies keys of noOverride filters (network); a backup file
    restored in bulk mode skips the bulk-only filters.
    """
    owner = next((item for item in filters
                  if any(fnmatch.fnmatchcase(key, rule) for rule in item.get("ruleSpecs") or ())), None)
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
    before_lines = ["%s=%s" % (key, cfgfiles.shown(key, value)) for key, value in sorted(current.values.items())]
    after_lines = []
    for key, value in sorted(after_values.items()):
        text = cfgfiles.shown(key, value)
        if cfgfiles.is_secret(key) and key in changed:
            text += " (changed)"
        after_lines.append("%s=%s" % (key, text))
    return "\n".join(before_lines) + "\n", "\n".join(after_lines) + "\n"


class BulkConfig:
    """Bulk configuration operations on one device through a XerusClient."""

    def __init__(self, client, timeout=120, poll_interval=0.2):
        self.client = client
        self.device = client.device
        self.poller = configs.StatusPoller(client, rids.BULKCFG, configs.BULK_STATUS, timeout, poll_interval)
        self.timeout = timeout

    def fail(self, message, option=None, code=None, changed=False):
        raise configs.ConfigError(self.device, message, option=option, response_code=code, changed=changed)

    # --- reading -------------------------------------------------------------------------

    def download(self, mode, password=None, dest=None):
        return self.client.download(rids.BULKCFG_SAVE_CGI, dest=dest, query=save_query(mode, password))

    def current(self, mode):
        """The device's configuration in ``mode``, clear text, parsed."""
        data = self.download(mode).content
        try:
            return cfgfiles.parse_bulk(data, "the device's bulk configuration", strict=False)
        except cfgfiles.ConfigFileError as exc:
            self.fail("the device's bulk configuration download is not as the protocol describes: %s" % exc)

    def filters(self):
        return self.client.call_ret(rids.BULKCFG, "getFilters", {}, safe=True) or []

    def wait_idle(self):
        status, _stamp, idle = self.poller.wait_idle()
        if not idle:
            self.fail("a bulk configuration restore is still %s after %s s: %s"
                      % (configs.status_name(configs.BULK_STATUS, status), self.timeout, configs.BULK_CODES[11][1]),
                      option="restore_timeout", code=None)

    # --- apply ---------------------------------------------------------------------------

    def apply(self, desired_data, mode="bulk", skip_checks=(), password=None, check_mode=False, source=None):
        """Apply a bulk file (bytes); ``source``: path to stream the upload from (else the bytes).

        Returns a dict: changed, changed_keys, uncompared_keys, skipped_keys, diff, status.
        """
        option = "src" if source else "content"
        if not cfgfiles.checksum_matches(desired_data):
            data = desired_data.encode("utf-8") if isinstance(desired_data, str) else desired_data
            if cfgfiles.HEADER_PREFIX.encode() not in data:
                self.fail("%s: not a bulk configuration file: no #!header line and no valid checksum" % option,
                          option=option)
            self.fail("%s: %s" % (option, FILE_CHECKSUM_MESSAGE), option=option)
        try:
            desired = cfgfiles.parse_bulk(desired_data, option)
        except cfgfiles.ConfigFileError as exc:
            self.fail("%s: %s" % (option, exc) if not str(exc).startswith(option) else str(exc), option=option)
        if desired.header.get("encryption") == "password" and not password:
            self.fail("%s was exported with a password (header encryption=password): set config_password" % option,
                      option="config_password")
        self.wait_idle()
        current = self.current(mode)
        plan = plan_apply(current, desired, mode, self.filters)
        result = {"changed": plan.changed, "changed_keys": plan.changed_keys(), "uncompared_keys": plan.uncompared,
                  "skipped_keys": plan.skipped, "diff": dict(zip(("before", "after"), diff_texts(current, plan))),
                  "warnings": configs.unsafe_warnings(self.device, "bulk configuration", current.unsafe)}
        if not plan.changed or check_mode:
            return result
        status = self.restore(desired_data, source, desired, current, mode, skip_checks, password)
        result["status"] = status
        return result

    def restore(self, data, source, desired, current, mode, skip_checks, password):
        part = UploadPart(FILE_PART, FILE_NAME, path=source, content=None if source else data)
        answer = self.client.upload(rids.BULKCFG_RESTORE_CGI, [part], query=restore_query(mode, skip_checks, password))
        code = configs.response_code(answer)
        if code != 0:
            self.fail(self.refusal(code, desired, current), code=code)
        since = configs.upload_time(answer)
        status, _stamp, finished = self.poller.wait_finished(since)
        name = configs.status_name(configs.BULK_STATUS, status)
        if not finished:
            away = "; the device did not answer (last: %s)" % self.poller.last_error if self.poller.last_error else ""
            self.fail("the device accepted the file but the restore did not finish within restore_timeout (%s s); "
                      "last status %s%s. Check the device before running again"
                      % (self.timeout, name if status is not None else "unknown", away),
                      option="restore_timeout", code=0, changed=True)
        if status != configs.DONE_OK:
            self.fail("the device accepted the file but reports %s: the configuration was not (fully) restored; "
                      "check the device's event log" % name, code=0, changed=True)
        return name

    def refusal(self, code, desired, current):
        message = configs.explain(configs.BULK_CODES, code, "the bulk configuration restore was")
        field = IDENTITY_CODES.get(code)
        if field:
            message += " (file: %s=%s, device: %s=%s)" % (field, desired.header.get(field, "?"),
                                                          field, current.header.get(field, "?"))
        return message

    # --- export --------------------------------------------------------------------------

    def export(self, dest, mode="bulk", password=None, check_mode=False, backup=None):
        """Write the configuration to ``dest`` (0600, atomic) when its normalised content differs.

        ``backup(dest)`` is called before an existing file is replaced and returns the backup path.
        """
        try:
            with atomic.AtomicFile(dest) as tmp:
                self.download(mode, password, dest=tmp.path)
                downloaded = cfgfiles.parse_bulk(tmp.read(), "the device's bulk configuration", strict=False)
                new_lines = cfgfiles.masked_lines(cfgfiles.bulk_normalised(downloaded))
                old_lines = _existing_lines(dest)
                changed = old_lines != new_lines or atomic.file_mode(dest) != atomic.PRIVATE_MODE
                result = {"changed": changed, "dest": dest,
                          "diff": {"before": _text(old_lines or []), "after": _text(new_lines)},
                          "warnings": configs.unsafe_warnings(self.device, "bulk configuration", downloaded.unsafe)}
                if changed and not check_mode:
                    if backup and os.path.exists(dest):
                        result["backup_file"] = backup(dest)
                    tmp.commit()
                return result
        except atomic.DestinationError as exc:
            self.fail("dest: %s" % exc, option="dest")
        except cfgfiles.ConfigFileError as exc:
            self.fail("the device's bulk configuration download is not as the protocol describes: %s" % exc)


def _existing_lines(path):
    """Normalised, masked lines of an existing export, or None (missing or not a bulk file)."""
    try:
        with open(path, "rb") as handle:
            return cfgfiles.masked_lines(cfgfiles.bulk_normalised(cfgfiles.parse_bulk(handle.read(), strict=False)))
    except (OSError, cfgfiles.ConfigFileError):
        return None


def _text(lines):
    return "".join("%s\n" % cfgfiles.printable(line) for line in lines)
