# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Raw configuration area (protocol 9, 12.5): managed keys, fleet files, export.

Apply: wait for a pending update, download the raw configuration (every key, clear text),
resolve the device-list row and ${N} macros locally as the device would, compare only the
managed keys, upload only the differing ones (device list first), map the response code,
follow getStatus until the update ends.  Export: atomic 0600 file, rewritten only when its
bytes differ.  No Ansible import.
"""

from __future__ import annotations

import os
import socket

from ansible_collections.xerus.pdu.plugins.module_utils import atomic, cfgfiles, configs, rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import UploadPart

CONFIG_PART, CONFIG_NAME = "config_file", "config.txt"
DEVICES_PART, DEVICES_NAME = "devices_file", "devices.csv"


class DesiredRaw:
    """Managed keys: ``values`` key -> text (may hold ${N} macros), ``encrypted`` key -> token."""

    def __init__(self, values, encrypted=None, match=None, device_list=None, option="settings"):
        self.values = values
        self.encrypted = encrypted or {}
        self.match = match                # (field, column) or None
        self.device_list = device_list    # bytes or None
        self.option = option              # module option that holds the values


def host_addresses(host):
    """IP addresses ``host`` resolves to (the literal itself for an IP); [] when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        return []
    found = []
    for info in infos:
        address = info[4][0]
        if address not in found:
            found.append(address)
    return found


def device_host(device):
    """'host:port' or '[v6]:port' -> host."""
    host = device.rsplit(":", 1)[0] if ":" in device else device
    return host.strip("[]")


def changed_entries(differences):
    return [{"key": key, "before": cfgfiles.shown(key, before), "after": cfgfiles.shown(key, after)}
            for key, before, after in differences]


def diff_texts(differences):
    before = "".join("%s=%s\n" % (key, cfgfiles.shown(key, old)) for key, old, _new in differences)
    after = "".join("%s=%s\n" % (key, cfgfiles.shown(key, new) + (" (changed)" if cfgfiles.is_secret(key) else ""))
                    for key, _old, new in differences)
    return {"before": before, "after": after}


class RawConfig:
    """Raw configuration operations on one device through a XerusClient."""

    def __init__(self, client, timeout=120, poll_interval=0.2):
        self.client = client
        self.device = client.device
        self.timeout = timeout
        self.poller = configs.StatusPoller(client, rids.RAWCFG, configs.RAW_STATUS, timeout, poll_interval)

    def fail(self, message, option=None, code=None):
        raise configs.ConfigError(self.device, message, option=option, response_code=code)

    # --- reading -------------------------------------------------------------------------

    def download(self, dest=None):
        return self.client.download(rids.RAWCFG_DOWNLOAD_CGI, dest=dest)

    def current(self):
        try:
            return cfgfiles.raw_values(self.download().content)
        except cfgfiles.ConfigFileError as exc:
            self.fail("the device's raw configuration download is not as the protocol describes: %s" % exc)

    def identities(self, field, current):
        """Values of the device's serial / MAC / IP to look up in a device list, best first."""
        if field == "ip":
            candidates = host_addresses(device_host(self.device))
            configured = current.get("net.ipv4.address", "").split("/")[0]
            return candidates + ([configured] if configured else [])
        meta = self.client.call_ret(rids.PDU, "getMetaData", {}, safe=True) or {}
        if field == "mac":
            return [meta.get("macAddress", "")]
        return [(meta.get("nameplate") or {}).get("serialNumber", "")]

    def wait_idle(self):
        status, _stamp, idle = self.poller.wait_idle()
        if not idle:
            self.fail("a raw configuration update is still %s after %s s: %s"
                      % (configs.status_name(configs.RAW_STATUS, status), self.timeout, configs.RAW_CODES[3][1]),
                      option="update_timeout")

    # --- apply ---------------------------------------------------------------------------

    def resolve_row(self, desired, current):
        """The device-list row for this device, or None without a device list."""
        if desired.device_list is None:
            if desired.match:
                self.fail("match needs device_list: %s" % configs.RAW_CODES[7][1], option="device_list")
            return None
        if not desired.match:
            self.fail("device_list needs a match (the match option or a '#!options match=...' line in src)", option="match")
        field, column = desired.match
        identities = self.identities(field, current)
        try:
            rows = cfgfiles.parse_device_list(desired.device_list)
            row = cfgfiles.find_row(rows, column, identities)
        except cfgfiles.ConfigFileError as exc:
            self.fail("device_list: %s" % exc, option="device_list")
        if row is None:
            self.fail("device_list has no row whose column %d matches this device's %s (%s): add a row for it or fix match"
                      % (column, field, ", ".join(item for item in identities if item) or "unknown"), option="device_list")
        return row

    def plan(self, desired, current):
        """(differences [(key, before, after)], uncompared encrypted keys)."""
        unknown = [key for key in list(desired.values) + list(desired.encrypted) if key not in current]
        if unknown:
            self.fail("%s: unknown configuration key%s %s for this device (its raw configuration export lists every key)"
                      % (desired.option, "s" if len(unknown) > 1 else "", ", ".join(sorted(unknown))),
                      option=desired.option)
        row = self.resolve_row(desired, current)
        differences = []
        for key, value in desired.values.items():
            try:
                resolved = cfgfiles.substitute(value, row)
            except cfgfiles.ConfigFileError as exc:
                self.fail("%s: %s: %s" % (desired.option, key, exc), option=desired.option)
            if resolved != current[key]:
                differences.append((key, current[key], resolved))
        return differences, sorted(desired.encrypted)

    def apply(self, desired, check_mode=False):
        """Returns a dict: changed, changed_keys, uncompared_keys, diff, status."""
        self.wait_idle()
        current = self.current()
        differences, uncompared = self.plan(desired, current)
        result = {"changed": bool(differences), "changed_keys": changed_entries(differences),
                  "uncompared_keys": uncompared, "diff": diff_texts(differences)}
        if differences and not check_mode:
            result["status"] = self.update(desired, [key for key, _old, _new in differences])
        return result

    def update(self, desired, keys):
        values = dict((key, desired.values[key]) for key in keys)
        match = desired.match if desired.device_list is not None else None
        text = cfgfiles.raw_file_text(values, match, desired.encrypted)
        parts = []
        if desired.device_list is not None:
            parts.append(UploadPart(DEVICES_PART, DEVICES_NAME, content=desired.device_list))
        parts.append(UploadPart(CONFIG_PART, CONFIG_NAME, content=text.encode("utf-8")))
        answer = self.client.upload(rids.RAWCFG_UPDATE_CGI, parts)
        code = configs.response_code(answer)
        if code != 0:
            self.fail(configs.explain(configs.RAW_CODES, code, "the raw configuration update was")
                      + " (keys sent: %s)" % ", ".join(keys), code=code)
        status, _stamp, finished = self.poller.wait_finished(configs.upload_time(answer))
        name = configs.status_name(configs.RAW_STATUS, status)
        if not finished:
            self.fail("the device accepted the update but it did not finish within update_timeout (%s s); last status %s"
                      % (self.timeout, name), option="update_timeout", code=0)
        if status != configs.DONE_OK:
            self.fail("the device accepted the update but reports %s; check the device's event log" % name, code=0)
        return name

    # --- export --------------------------------------------------------------------------

    def export(self, dest, check_mode=False, backup=None):
        """Write the raw configuration to ``dest`` (0600, atomic) when its bytes differ."""
        try:
            with atomic.AtomicFile(dest) as tmp:
                self.download(dest=tmp.path)
                new = tmp.read()
                old = _read(dest)
                changed = old != new or atomic.file_mode(dest) != atomic.PRIVATE_MODE
                result = {"changed": changed, "dest": dest,
                          "diff": {"before": _masked(old), "after": _masked(new)}}
                if changed and not check_mode:
                    if backup and os.path.exists(dest):
                        result["backup_file"] = backup(dest)
                    tmp.commit()
                return result
        except atomic.DestinationError as exc:
            self.fail("dest: %s" % exc, option="dest")


def _read(path):
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _masked(data):
    if data is None:
        return ""
    text = data.decode("utf-8", "replace")
    return "\n".join(cfgfiles.masked_lines(text.splitlines())) + "\n"
