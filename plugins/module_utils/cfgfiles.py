# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bulk and raw configuration files (protocol 8.4, 9.2): parsing, normalising, masking,
device lists and macros.

Pure functions on text: no network, no Ansible import.  Comment lines never carry
meaning here (protocol 13); only ``#!`` magic lines and ``key=value`` lines do.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re

SECRET_KEYS = frozenset(("snmp.v2c.read_community", "snmp.v2c.write_community"))
MASK = "********"
ENC_MARK = ":enc"
CHECKSUM_PREFIX = "#!checksum sha256="
HEADER_PREFIX = "#!header"
OPTIONS_PREFIX = "#!options"
MATCH_FIELDS = ("serial", "mac", "ip")
# Header items that differ between two downloads of an unchanged device (8.4).
VOLATILE_HEADER_ITEMS = ("salt",)

_MATCH = re.compile(r"(serial|mac|ip):([1-9][0-9]{0,3})")
_MACRO = re.compile(r"\$\{([1-9][0-9]{0,3})\}")


class ConfigFileError(ValueError):
    """A configuration file, device list or value that cannot be used; the text names the problem."""


class BulkFile:
    """A parsed bulk configuration file: header items, clear values, encrypted keys, checksum."""

    def __init__(self, header, values, encrypted, checksum):
        self.header = header          # dict of #!header items, file order
        self.values = values          # dict key -> clear value, file order
        self.encrypted = encrypted    # dict key -> opaque token (key:enc=token)
        self.checksum = checksum      # hex digest of the #!checksum line, or None

    @property
    def mode(self):
        return self.header.get("mode", "")


class RawFile:
    """A parsed raw configuration file: the match option, clear values, encrypted keys."""

    def __init__(self, match, values, encrypted):
        self.match = match            # (field, column) or None
        self.values = values
        self.encrypted = encrypted


def is_secret(key):
    return key in SECRET_KEYS


def shown(key, value, encrypted=False):
    """The value as it may appear in results, diffs and messages."""
    return MASK if encrypted or is_secret(key) else value


def render_value(value):
    """A settings value as the configuration file writes it: booleans true/false, lists comma-joined."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ",".join(render_value(item) for item in value)
    text = str(value)
    if "\n" in text or "\r" in text:
        raise ConfigFileError("a value cannot contain a line break")
    return text


def decode(data, what):
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigFileError("%s is not UTF-8 text" % what) from None


def _lines(text):
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def _value_line(line, what, number):
    left, sep, value = line.partition("=")
    if not sep or not left.strip():
        raise ConfigFileError("%s line %d is not key=value" % (what, number))
    if left.endswith(ENC_MARK):
        return left[:-len(ENC_MARK)], value, True
    return left, value, False


def _add(values, encrypted, key, value, is_encrypted, what, number):
    if key in values or key in encrypted:
        raise ConfigFileError("%s line %d repeats the key %s" % (what, number, key))
    (encrypted if is_encrypted else values)[key] = value


def parse_bulk(data):
    """Parse a bulk configuration file (bytes or text) into a BulkFile."""
    lines = _lines(decode(data, "the bulk configuration file"))
    headers = [line for line in lines if line == HEADER_PREFIX or line.startswith(HEADER_PREFIX + " ")]
    if not headers:
        raise ConfigFileError("not a bulk configuration file: no #!header line")
    if len(headers) > 1:
        raise ConfigFileError("the bulk configuration file has more than one #!header line")
    values, encrypted, checksum = {}, {}, None
    for number, line in enumerate(lines, 1):
        if line.startswith(CHECKSUM_PREFIX):
            checksum = line[len(CHECKSUM_PREFIX):].strip().lower()
        elif line.strip() and not line.startswith("#"):
            key, value, is_encrypted = _value_line(line, "bulk configuration file", number)
            _add(values, encrypted, key, value, is_encrypted, "bulk configuration file", number)
    return BulkFile(parse_header(headers[0][len(HEADER_PREFIX):]), values, encrypted, checksum)


def parse_header(items):
    header = {}
    for item in items.split():
        name, _sep, value = item.partition("=")
        header[name] = value
    return header


def checksum_matches(data):
    """True when the last line is '#!checksum sha256=<hex>' over every byte before it (8.4)."""
    stripped = data[:-1] if data.endswith(b"\n") else data
    cut = stripped.rfind(b"\n")
    before, last = stripped[:cut + 1], stripped[cut + 1:]
    if not last.startswith(CHECKSUM_PREFIX.encode()):
        return False
    digest = last[len(CHECKSUM_PREFIX):].decode("ascii", "replace").strip().lower()
    return hashlib.sha256(before).hexdigest() == digest


def with_checksum(body):
    """Bytes of a bulk file whose checksum line is (re)computed over ``body`` (the bytes before it)."""
    if not body.endswith(b"\n"):
        body += b"\n"
    return body + (CHECKSUM_PREFIX + hashlib.sha256(body).hexdigest() + "\n").encode()


def bulk_normalised(bulk):
    """Lines that stay equal between two downloads of an unchanged device (8.4).

    Header items except the salt, every clear key=value line, and for encrypted values
    only the key (tokens change on every download).  No checksum, no comments.
    """
    header = " ".join("%s=%s" % (name, value) for name, value in sorted(bulk.header.items())
                      if name not in VOLATILE_HEADER_ITEMS)
    lines = ["#!header " + header]
    keys = sorted(set(bulk.values) | set(bulk.encrypted))
    for key in keys:
        if key in bulk.encrypted:
            lines.append("%s%s=<encrypted>" % (key, ENC_MARK))
        else:
            lines.append("%s=%s" % (key, bulk.values[key]))
    return lines


def masked_lines(lines):
    """Normalised lines with secret values replaced by the mask."""
    out = []
    for line in lines:
        key, sep, value = line.partition("=")
        if sep and not key.startswith("#") and is_secret(key):
            value = MASK
        out.append(key + sep + value)
    return out


def parse_raw(data, what="the raw configuration file"):
    """Parse a raw configuration file into a RawFile; magic lines other than #!options are refused."""
    text = decode(data, what)
    match, values, encrypted = None, {}, {}
    for number, line in enumerate(_lines(text), 1):
        if line.startswith("#!"):
            word, _sep, rest = line[2:].partition(" ")
            if word != "options":
                raise ConfigFileError("%s line %d: unknown magic line #!%s (only #!options exists)" % (what, number, word))
            for item in rest.split():
                if not item.startswith("match=") or match is not None:
                    raise ConfigFileError("%s line %d: bad #!options item %r" % (what, number, item))
                match = parse_match(item[len("match="):])
        elif line.strip() and not line.startswith("#"):
            key, value, is_encrypted = _value_line(line, what, number)
            _add(values, encrypted, key, value, is_encrypted, what, number)
    return RawFile(match, values, encrypted)


def raw_values(data):
    """key -> value of a raw configuration download (every key, clear text)."""
    return parse_raw(data, "the device's raw configuration").values


def parse_match(text):
    """'serial:1' -> ('serial', 1); field serial, mac or ip, column 1-based."""
    found = _MATCH.fullmatch(text.strip()) if isinstance(text, str) else None
    if not found:
        raise ConfigFileError("match must be <field>:<column> with field serial, mac or ip and a column from 1, got %r" % (text,))
    return found.group(1), int(found.group(2))


def parse_device_list(data):
    """Rows of a device list (CSV; lines starting with # ignored; blank rows skipped)."""
    text = decode(data, "the device list")
    kept = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    try:
        rows = [row for row in csv.reader(io.StringIO(kept), strict=True) if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise ConfigFileError("the device list is not valid CSV (%s)" % exc) from None
    if not rows:
        raise ConfigFileError("the device list has no rows")
    return rows


def find_row(rows, column, candidates):
    """The first row whose ``column`` (1-based) equals one of ``candidates`` (trimmed, case-insensitive).

    Candidates are tried in order, so the caller puts the most reliable identity first.
    """
    if any(len(row) < column for row in rows):
        raise ConfigFileError("the device list has rows without column %d" % column)
    for candidate in candidates:
        wanted = str(candidate or "").strip().lower()
        if not wanted:
            continue
        for row in rows:
            if row[column - 1].strip().lower() == wanted:
                return row
    return None


def substitute(value, row):
    """Replace ${N} by column N of the device-list row, as the device does (9.2)."""
    if "${" not in value:
        return value
    if row is None:
        raise ConfigFileError("the value %r uses a ${N} macro but no device list row applies" % (value,))
    out, pos = [], 0
    while True:
        start = value.find("${", pos)
        if start < 0:
            out.append(value[pos:])
            return "".join(out)
        found = _MACRO.match(value, start)
        if not found or int(found.group(1)) > len(row):
            raise ConfigFileError("malformed ${N} macro or column beyond the device-list row in %r" % (value,))
        out.append(value[pos:start])
        out.append(row[int(found.group(1)) - 1].strip())
        pos = found.end()


def raw_file_text(values, match=None, encrypted=None):
    """Text of a raw configuration upload: optional #!options line, key=value lines in the given order."""
    lines = []
    if match:
        lines.append("%s match=%s:%d" % (OPTIONS_PREFIX, match[0], match[1]))
    lines.extend("%s=%s" % (key, value) for key, value in values.items())
    lines.extend("%s%s=%s" % (key, ENC_MARK, token) for key, token in (encrypted or {}).items())
    return "\n".join(lines) + "\n"
