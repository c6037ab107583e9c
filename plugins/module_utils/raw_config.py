# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Raw configuration area (protocol 9, 12.5): managed keys, fleet files, export.

Apply: wait for a pending update, download the raw configuration (every key, clear text),
resolve the device-list row and ${N} macros locally as the device would, compare only the
managed keys (vectors as a whole: size and elements), upload only the differing ones
(device list first), map the response code, wait through the reboot that applies the
update until getStatus reports its outcome, then download again to prove the values.
Export: atomic 0600 file, rewritten only when its bytes differ.  No Ansible import.
"""

from __future__ import annotations

import socket

from ansible_collections.xerus.pdu.plugins.module_utils import config_files, config_transfer, rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import UploadPart
from ansible_collections.xerus.pdu.plugins.module_utils.enums import RAW_CONFIG_STATUS

CONFIG_PART, CONFIG_NAME = "config_file", "config.txt"
DEVICES_PART, DEVICES_NAME = "devices_file", "devices.csv"
# Update CGI response codes (protocol 9.3): code -> (vendor description, what to do); the advice is ours.
RAW_CODES = {
    1: (
        "an internal error occurred",
        "the device could not read the upload; retry, and if it persists check the device's event log",
    ),
    2: (
        "a parameter error occurred",
        "the device refused the request (no config_file part or a query string); this is a client problem, "
        "please report it",
    ),
    3: (
        "a raw config update operation is already running",
        "another raw configuration update has not finished yet; retry later or raise update_timeout",
    ),
    4: ("the file is too large", "the device accepts parts up to 4 MiB; split the configuration or the device list"),
    5: (
        "invalid raw config file provided",
        "a line has no '=', a key is unknown to this device, or a value is invalid (range, format, length); "
        "compare with an export of the device's raw configuration",
    ),
    6: (
        "invalid device list file or match provided",
        "the device list must be CSV with the match column in every row, and the configuration needs a match option",
    ),
    7: ("device list file required but missing", "a match option needs device_list (the device list is sent first)"),
    8: (
        "no matching entry in device list found",
        "add a row for this device to device_list, or check the match field and column",
    ),
    9: (
        "macro substitution error",
        "a ${N} macro is malformed or refers to a column beyond the matching device-list row",
    ),
    10: ("decrypting value failed", "a key:enc= value was not encrypted by this device; use the clear value instead"),
    11: ("unknown magic line", "only '#!options' magic lines exist; remove the other '#!' lines"),
    12: ("processing magic line failed", "'#!options' takes only match=<serial|mac|ip>:<column>"),
}


class DesiredRaw:
    """Managed keys (canonical form): ``values`` key -> text (may hold ${N} macros), ``encrypted`` key -> token.

    ``vectors``: keys given as a whole list (their ``._s_`` and every element are in ``values``).
    """

    def __init__(self, values, encrypted=None, match=None, device_list=None, option="settings", vectors=()):
        self.values = values
        self.encrypted = encrypted or {}
        self.match = match  # (field, column) or None
        self.device_list = device_list  # bytes or None
        self.option = option  # module option that holds the values
        self.vectors = list(vectors)


class RawPlan:
    """What an apply changes: ``differences`` [(key, before, after)] for reports, ``lines`` [(key, value)] to send."""

    def __init__(self):
        self.differences = []
        self.lines = []
        self.written = {}  # canonical key -> value the device must show after the apply


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
    return [
        {"key": key, "before": config_files.shown(key, before), "after": config_files.shown(key, after)}
        for key, before, after in differences
    ]


def diff_texts(differences):
    before = "".join(f"{key}={config_files.shown(key, old)}\n" for key, old, _new in differences if old is not None)
    after = "".join(
        f"{key}={config_files.shown(key, new)}{' (changed)' if config_files.is_secret(key) else ''}\n"
        for key, _old, new in differences
        if new is not None
    )
    return {"before": before, "after": after}


def _is_leaf_vector(vector, current):
    """True for a vector of values (``v[N]`` lines, or empty); false for ``pdu.outlets`` (``v[N].field``)."""
    size_key = vector + config_files.SIZE_SUFFIX
    return size_key in current and (vector + "[0]" in current or current[size_key] == "0")


def _unknown_key_message(option, unknown):
    hints = [
        f"{key} (the device's key is {config_files.real_key_hint(key)})" if config_files.real_key_hint(key) else key
        for key in sorted(unknown)
    ]
    plural = "s" if len(unknown) > 1 else ""
    return (
        f"{option}: unknown configuration key{plural} {', '.join(hints)} for this device (its raw configuration "
        "export lists every key; outlets are pdu.outlets[N] with N from 0, vector elements v[N] or v._e_.N)"
    )


class RawConfig(config_transfer.ConfigTransfer):
    """Raw configuration operations on one device through a XerusClient."""

    STATUS_RID = rids.RAWCFG
    STATUS_NAMES = RAW_CONFIG_STATUS
    WHAT = "raw configuration"
    OPERATION = "raw configuration update"
    TIMEOUT_OPTION = "update_timeout"
    CODES = RAW_CODES
    BUSY_CODE = 3

    def __init__(self, client, timeout=600, poll_interval=1.0, session_token=False):
        super().__init__(client, timeout, poll_interval, max_interval=max(poll_interval, 2.0))
        # The update's reboot ends every session (protocol 1.6): with a token alone it could not be verified.
        self.session_token = session_token

    # --- reading -------------------------------------------------------------------------

    def download(self, dest=None):
        return self.client.download(rids.RAWCFG_DOWNLOAD_CGI, dest=dest)

    def current(self):
        """RawFile of the device's raw configuration (canonical keys, unsafe values recorded)."""
        return self.parse_download(config_files.raw_download, self.download().content)

    def identities(self, field, current):
        """Values of the device's serial / MAC / IP to look up in a device list, best first."""
        if field == "ip":
            candidates = host_addresses(device_host(self.device))
            configured = current.get("net.interfaces[eth0].ipv4.static.addr_cidr.addr", "")
            return candidates + ([configured] if configured else [])
        meta = self.client.call_ret(rids.PDU, "getMetaData", {}, safe=True) or {}
        if field == "mac":
            return [meta.get("macAddress", "")]
        return [(meta.get("nameplate") or {}).get("serialNumber", "")]

    # --- apply ---------------------------------------------------------------------------

    def resolve_row(self, desired, current):
        """The device-list row for this device, or None without a device list."""
        if desired.device_list is None:
            if desired.match:
                self.fail(f"match needs device_list: {RAW_CODES[7][1]}", option="device_list")
            return None
        if not desired.match:
            self.fail(
                "device_list needs a match (the match option or a '#!options match=...' line in src)", option="match"
            )
        field, column = desired.match
        identities = self.identities(field, current)
        try:
            rows = config_files.parse_device_list(desired.device_list)
            row = config_files.find_row(rows, column, identities)
        except config_files.ConfigFileError as exc:
            self.fail(f"device_list: {exc}", option="device_list")
        if row is None:
            known = ", ".join(item for item in identities if item) or "unknown"
            self.fail(
                f"device_list has no row whose column {column} matches this device's {field} ({known}): add a "
                "row for it or fix match",
                option="device_list",
            )
        return row

    def resolved(self, desired, row):
        """key -> value after macro substitution, each checked to stay on its line."""
        values = {}
        for key, value in desired.values.items():
            try:
                text = config_files.substitute(value, row)
            except config_files.ConfigFileError as exc:
                self.fail(f"{desired.option}: {key}: {exc}", option=desired.option)
            try:
                values[key] = config_files.safe_text(text, f"{desired.option}: {key} (after macro substitution)")
            except config_files.ConfigFileError as exc:
                self.fail(str(exc), option=desired.option)
        return values

    def split_vectors(self, desired, wanted, current):
        """(scalars {key: value}, vectors {vector: [size or None, {index: value}]}) of the wanted values."""
        for key in desired.vectors:
            if not _is_leaf_vector(key, current):
                self.fail(
                    f"{desired.option}: {key} is given as a list but is not a vector of values on this device "
                    f"(no {key}{config_files.SIZE_SUFFIX} in its raw configuration)",
                    option=desired.option,
                )
        scalars, vectors = {}, {}
        for key, value in wanted.items():
            element = config_files.element_of(key)
            if key.endswith(config_files.SIZE_SUFFIX) and _is_leaf_vector(
                key[: -len(config_files.SIZE_SUFFIX)], current
            ):
                vectors.setdefault(key[: -len(config_files.SIZE_SUFFIX)], [None, {}])[0] = value
            elif element and _is_leaf_vector(element[0], current):
                vectors.setdefault(element[0], [None, {}])[1][element[1]] = value
            else:
                scalars[key] = value
        return scalars, vectors

    def plan(self, desired, current):
        """A RawPlan for the desired keys against the current download (a RawFile)."""
        row = self.resolve_row(desired, current.values)
        scalars, vectors = self.split_vectors(desired, self.resolved(desired, row), current.values)
        unknown = [key for key in list(scalars) + list(desired.encrypted) if key not in current.values]
        if unknown:
            self.fail(_unknown_key_message(desired.option, unknown), option=desired.option)
        plan = RawPlan()
        for key, value in scalars.items():
            if value != current.values[key]:
                plan.differences.append((key, current.values[key], value))
                plan.lines.append((current.spelling.get(key, key), desired.values[key]))
                plan.written[key] = value
        for vector, (size, elements) in vectors.items():
            self.plan_vector(plan, desired, current, vector, size, elements)
        return plan

    def plan_vector(self, plan, desired, current, vector, size, elements):
        """Compare a vector as a whole; when it differs, send its size and every element (9.2)."""
        values = current.values
        current_size = int(values[vector + config_files.SIZE_SUFFIX])
        before = [values.get(f"{vector}[{index}]") for index in range(current_size)]
        after = list(before)
        if size is not None:
            if not size.isdigit():
                self.fail(
                    f"{desired.option}: {vector}{config_files.SIZE_SUFFIX} must be a number of elements",
                    option=desired.option,
                )
            after = (after + [None] * int(size))[: int(size)]
        for index, value in elements.items():
            after.extend([None] * (index + 1 - len(after)))
            after[index] = value
        if None in after:
            self.fail(
                f"{desired.option}: element {after.index(None)} of the vector {vector} has no value: give every "
                "element up to the size",
                option=desired.option,
            )
        if after == before:
            return
        size_key = vector + config_files.SIZE_SUFFIX
        if len(after) != len(before):
            plan.differences.append((size_key, str(len(before)), str(len(after))))
        for index in range(max(len(before), len(after))):
            old = before[index] if index < len(before) else None
            new = after[index] if index < len(after) else None
            if old != new:
                plan.differences.append((f"{vector}[{index}]", old, new))
        plan.lines.append((current.spelling.get(size_key, size_key), str(len(after))))
        plan.written[size_key] = str(len(after))
        for index, value in enumerate(after):
            key = f"{vector}[{index}]"
            plan.lines.append((config_files.element_input_key(vector, index), desired.values.get(key, value)))
            plan.written[key] = value

    def apply(self, desired, check_mode=False):
        """Returns a dict: changed, changed_keys, uncompared_keys, diff, warnings, status."""
        self.wait_idle()
        current = self.current()
        plan = self.plan(desired, current)
        result = {
            "changed": bool(plan.differences),
            "changed_keys": changed_entries(plan.differences),
            "uncompared_keys": sorted(desired.encrypted),
            "diff": diff_texts(plan.differences),
            "warnings": config_transfer.unsafe_warnings(self.device, self.WHAT, current.unsafe),
        }
        if plan.differences and not check_mode:
            if self.session_token:
                keys = ", ".join(key for key, _old, _new in plan.differences)
                self.fail(
                    f"token: {len(plan.differences)} key(s) differ ({keys}), but the update's reboot ends every "
                    "session, so a task authenticated with a session token could not verify them afterwards; give "
                    "username and password instead. Nothing was uploaded",
                    option="token",
                )
            result["status"] = self.update(desired, plan)
        return result

    def update(self, desired, plan):
        match = desired.match if desired.device_list is not None else None
        try:
            text = config_files.raw_file_text(plan.lines, match, desired.encrypted)
        except config_files.ConfigFileError as exc:
            self.fail(f"{desired.option}: {exc}", option=desired.option)
        parts = []
        if desired.device_list is not None:
            parts.append(UploadPart(DEVICES_PART, DEVICES_NAME, content=desired.device_list))
        parts.append(UploadPart(CONFIG_PART, CONFIG_NAME, content=text.encode("utf-8")))
        keys = ", ".join(key for key, _old, _new in plan.differences)
        answer = self.client.upload(rids.RAWCFG_UPDATE_CGI, parts)
        code = answer.response_code
        if code != 0:
            self.fail(
                config_transfer.explain(RAW_CODES, code, "the raw configuration update was") + f" (keys sent: {keys})",
                code=code,
            )
        status = self.wait_applied(config_transfer.upload_time(answer), keys)
        self.verify(plan)
        return status

    def wait_applied(self, since, keys):
        """Wait through the reboot that applies the update (9.1) and return UPDATE_OK, else fail (changed)."""
        return self.wait_outcome(
            since,
            f"the device accepted the update of {keys}",
            "it did not report the outcome of the reboot that applies it",
            " after its reboot",
        )

    def verify(self, plan):
        """Download again: every key written must show its new value (a key filtered at boot does not)."""
        after = self.current().values
        missed = sorted(key for key, value in plan.written.items() if after.get(key) != value)
        if missed:
            self.fail(
                f"the device reports UPDATE_OK but does not show the new value of {', '.join(missed)} after its "
                "reboot (the firmware may filter these keys)",
                code=0,
                changed=True,
            )

    # --- export --------------------------------------------------------------------------

    def export_view(self, data, dest):
        """The raw configuration is exported as the device sends it: compared byte by byte."""
        old = _read(dest)
        return config_transfer.ExportView(old == data, _masked(old), _masked(data), _unsafe_keys(data))


def _read(path):
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _unsafe_keys(data):
    try:
        return config_files.raw_download(data).unsafe
    except config_files.ConfigFileError:
        return []


def _masked(data):
    """The file for a diff: lines split on \\n only, secrets masked, control characters escaped."""
    if data is None:
        return ""
    text = data.decode("utf-8", "replace")
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    return "".join(f"{config_files.printable(line)}\n" for line in config_files.masked_lines(lines))
