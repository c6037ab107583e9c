# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Raw configuration files (protocol 9.2): the download text and the parsing of
an update (options line, device list, macros, encrypted values). Keys are
checked by ``config/keys.py``, which takes the display and the input form.

``read_update`` returns the (key, text) items to apply or raises
``RawFileError`` with the CGI response code of the 9.1 table.
"""

import csv
import io
import re

from xerus_sim.config import crypto, keys

(
    INVALID_FILE,
    BAD_DEVICE_LIST,
    DEVICE_LIST_MISSING,
    NO_MATCH,
    MACRO_ERROR,
    DECRYPT_FAILED,
    UNKNOWN_MAGIC,
    BAD_MAGIC,
) = (5, 6, 7, 8, 9, 10, 11, 12)
MATCH_FIELDS = ("serial", "mac", "ip")
_MATCH = re.compile(r"match=(serial|mac|ip):([1-9][0-9]{0,3})")
_MACRO = re.compile(r"\$\{([1-9][0-9]{0,3})\}")


class RawFileError(Exception):
    def __init__(self, code, reason):
        super().__init__(reason)
        self.code = code


def download_text(device):
    lines = [
        "# Xerus raw configuration",
        f"# model={device.model} serial={device.serial} firmware_version={device.firmware_version}",
    ]
    lines += [f"{key}={value}" for key, value in keys.read_lines(device)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def read_update(device, config_data, devices_data=None):
    """Validated (key, text) items in file order."""
    text = _utf8(config_data, INVALID_FILE)
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    match = _options(lines)
    row = _device_row(device, match, devices_data)
    items = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        items.append(_item(device, line, row))
    reason = keys.validate(device, items)
    if reason:
        raise RawFileError(INVALID_FILE, reason)
    return items


def _utf8(data, code):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise RawFileError(code, "not UTF-8") from None


def _options(lines):
    """The (field, column) of a match option, or None; codes 11/12 for bad magic lines."""
    match = None
    for line in lines:
        if not line.startswith("#!"):
            continue
        word, _, rest = line[2:].partition(" ")
        if word != "options":
            raise RawFileError(UNKNOWN_MAGIC, "unknown magic line")
        for item in rest.split():
            found = _MATCH.fullmatch(item)
            if not found or match is not None:
                raise RawFileError(BAD_MAGIC, "bad #!options item")
            match = (found.group(1), int(found.group(2)))
    return match


def _device_row(device, match, devices_data):
    if devices_data is None:
        if match is not None:
            raise RawFileError(DEVICE_LIST_MISSING, "match option without a device list")
        return None
    if match is None:
        raise RawFileError(BAD_DEVICE_LIST, "device list without a match option")
    rows = _csv_rows(devices_data)
    field, column = match
    if any(len(row) < column for row in rows):
        raise RawFileError(BAD_DEVICE_LIST, "match column missing")
    wanted = _device_value(device, field)
    for row in rows:
        if row[column - 1].strip().lower() == wanted:
            return row
    raise RawFileError(NO_MATCH, "no matching device list entry")


def _csv_rows(data):
    text = _utf8(data, BAD_DEVICE_LIST)
    kept = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    try:
        rows = [row for row in csv.reader(io.StringIO(kept), strict=True) if any(c.strip() for c in row)]
    except csv.Error:
        raise RawFileError(BAD_DEVICE_LIST, "not CSV") from None
    if not rows:
        raise RawFileError(BAD_DEVICE_LIST, "empty device list")
    return rows


def _device_value(device, field):
    value = {"serial": device.serial, "mac": device.mac, "ip": device.host}[field]
    return str(value).strip().lower()


def _item(device, line, row):
    left, sep, value = line.partition("=")
    if not sep:
        raise RawFileError(INVALID_FILE, "line without '='")
    if left.endswith(":enc"):
        key = left[: -len(":enc")]
        try:
            value = crypto.decrypt(crypto.device_fernet(device), value)
        except crypto.DecryptError:
            raise RawFileError(DECRYPT_FAILED, f"cannot decrypt {key}") from None
        return key, value
    return left, _substitute(value, row)


def _substitute(value, row):
    if "${" not in value:
        return value
    if row is None:
        raise RawFileError(MACRO_ERROR, "macro without a device list match")
    out, pos = [], 0
    while True:
        start = value.find("${", pos)
        if start < 0:
            out.append(value[pos:])
            return "".join(out)
        found = _MACRO.match(value, start)
        if not found or int(found.group(1)) > len(row):
            raise RawFileError(MACRO_ERROR, "malformed macro or column beyond the row")
        out.append(value[pos:start])
        out.append(row[int(found.group(1)) - 1].strip())
        pos = found.end()
