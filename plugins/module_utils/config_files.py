# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bulk and raw configuration files (protocol 8.4, 9.2): parsing, normalising, masking,
device lists and macros.

Pure functions on text: no network, no Ansible import.  Comment lines never carry
meaning here (protocol 13); only ``#!`` magic lines and ``key=value`` lines do.

Keys are compared in one spelling (``canonical_key``): real devices show vector elements
and map instances in brackets (``net.dns.server_addrs[0]._c_``) and take the input form
(``net.dns.server_addrs._e_.0``) too.  Values bound for a file must stay on their line:
every character ``str.splitlines()`` splits on and every other control character is
refused (text_checks.py).  A file the device sends that carries one is not refused: the
key is recorded in ``unsafe`` so that the caller can report it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re

from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError
from ansible_collections.xerus.pdu.plugins.module_utils.text_checks import (
    UnsafeTextError,
    check_single_line,
    first_unsafe_char,
)

SECRET_KEYS = frozenset(("snmp.v2c.read_community", "snmp.v2c.write_community"))
# Last path component of other keys that hold secrets (passphrases, keys, tokens of any area).
_SECRET_FIELD = re.compile(r"(community|(^|_)(password|passwd|passphrase|secret|psk|token)|private_key)$")
SIZE_SUFFIX = "._s_"
CONTENT_SUFFIX = "._c_"
_INPUT_FORM = re.compile(r"\._e_\.([^.\[\]]+)")
_ELEMENT = re.compile(r"(.+)\[([0-9]{1,6})\]")
_OLD_OUTLET_KEY = re.compile(r"(outlet|inlet)\.([0-9]+)\.(.+)")
MASK = "********"
ENC_MARK = ":enc"
CHECKSUM_PREFIX = "#!checksum sha256="
HEADER_PREFIX = "#!header"
OPTIONS_PREFIX = "#!options"
# Header items that differ between two downloads of an unchanged device (8.4).
VOLATILE_HEADER_ITEMS = ("salt",)

_MATCH = re.compile(r"(serial|mac|ip):([1-9][0-9]{0,3})")
_MACRO = re.compile(r"\$\{([1-9][0-9]{0,3})\}")


class ConfigFileError(XerusInputError):
    """A configuration file, device list or value that cannot be used; the text names the problem."""


class BulkFile:
    """A parsed bulk configuration file: header items, clear values, encrypted keys, checksum."""

    def __init__(self, header, values, encrypted, checksum, unsafe=()):
        self.header = header  # dict of #!header items, file order
        self.values = values  # dict canonical key -> clear value, file order
        self.encrypted = encrypted  # dict canonical key -> opaque token (key:enc=token)
        self.checksum = checksum  # hex digest of the #!checksum line, or None
        self.unsafe = list(unsafe)  # keys (or 'line N') of a device file that carry a line break

    @property
    def mode(self):
        return self.header.get("mode", "")


class RawFile:
    """A parsed raw configuration file: the match option, clear values, encrypted keys."""

    def __init__(self, match, values, encrypted, spelling=None, unsafe=()):
        self.match = match  # (field, column) or None
        self.values = values  # canonical key -> value
        self.encrypted = encrypted  # canonical key -> token
        self.spelling = spelling or {}  # canonical key -> the key as the file wrote it
        self.unsafe = list(unsafe)


def canonical_key(key):
    """One spelling per key (9.2): ``v._e_.N`` -> ``v[N]``, ``m._e_.name`` -> ``m[name]``, no ``._c_``."""
    key = _INPUT_FORM.sub(lambda found: "[" + found.group(1) + "]", key.strip())
    return key[: -len(CONTENT_SUFFIX)] if key.endswith(CONTENT_SUFFIX) else key


def element_of(key):
    """(vector, index) of an element key in canonical form, or None."""
    found = _ELEMENT.fullmatch(key)
    return (found.group(1), int(found.group(2))) if found else None


def element_input_key(vector, index):
    """The input form of a vector element, as the vendor's mass deployment tool writes it (9.2)."""
    return f"{vector}._e_.{index}"


def real_key_hint(key):
    """For an old-style key (``outlet.1.name``) the real one (``pdu.outlets[0].name``), else ''."""
    found = _OLD_OUTLET_KEY.fullmatch(key)
    if not found or int(found.group(2)) < 1:
        return ""
    return f"pdu.{found.group(1)}s[{int(found.group(2)) - 1}].{found.group(3)}"


def is_secret(key):
    key = canonical_key(key)
    return key in SECRET_KEYS or bool(_SECRET_FIELD.search(key.rsplit(".", 1)[-1]))


def printable(value):
    """The value with line breaks and control characters written as escapes (for reports only)."""
    if value is None or not first_unsafe_char(value):
        return value
    return "".join(char if not first_unsafe_char(char) else f"\\u{ord(char):04x}" for char in value)


def shown(key, value, encrypted=False):
    """The value as it may appear in results, diffs and messages."""
    return MASK if encrypted or is_secret(key) else printable(value)


def safe_text(value, what):
    """``value`` when it stays on one line, else ConfigFileError naming ``what`` (never the value)."""
    try:
        return check_single_line(value, what)
    except UnsafeTextError as exc:
        raise ConfigFileError(str(exc)) from None


def render_value(value, what="a value"):
    """A settings value as the configuration file writes it: booleans 0/1 (9.2), null empty.

    Lists are vectors and are expanded by the caller; a dict or a list here is refused.
    """
    if isinstance(value, bool):
        return "1" if value else "0"
    if value is None:
        return ""
    if isinstance(value, (dict, list, tuple, set)):
        kind = "dict" if isinstance(value, dict) else "nested list"
        raise ConfigFileError(f"{what} is a {kind}: give a single value (a list only for a whole vector)")
    return safe_text(str(value), what)


def settings_values(settings, option="settings"):
    """(key -> text, vectors given as lists) of a settings dict; list values become ``._s_`` plus elements."""
    values, vectors = {}, []
    for raw_key, value in settings.items():
        key = canonical_key(safe_text(str(raw_key), f"{option} key {str(raw_key)[:80]!r}"))
        what = f"{option}: {key}"
        if isinstance(value, (list, tuple)):
            vectors.append(key)
            _put(values, key + SIZE_SUFFIX, str(len(value)), what)
            for index, item in enumerate(value):
                _put(values, f"{key}[{index}]", render_value(item, f"{what} element {index}"), what)
        else:
            _put(values, key, render_value(value, what), what)
    return values, vectors


def _put(values, key, text, what):
    if key in values:
        raise ConfigFileError(f"{what}: the key {key} is given twice (display and input form are the same key)")
    values[key] = text


def values_to_hide(key, value):
    """Texts of a file line or setting to keep out of logs: a secret value, and a value carrying a
    line break together with every piece after it (it may smuggle in a secret line of its own)."""
    hidden = [value] if value and is_secret(key) else []
    if value and first_unsafe_char(value):
        hidden.append(value)
        for piece in re.split(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+", value)[1:]:
            hidden.extend(item for item in (piece, piece.partition("=")[2]) if item)
    return hidden


def settings_to_hide(settings):
    """Texts of a settings option to keep out of logs, whatever shape it has (it may not be checked yet):
    what ``values_to_hide`` finds in every value, element or nested item, and in a key that tries to
    break its line; every text of a value that is not a dict at all is hidden whole."""
    if settings is None:
        return []
    if not isinstance(settings, dict):
        return _scalars(settings)
    hidden = []
    for key, value in settings.items():
        hidden.extend(values_to_hide("", str(key)))
        for item in _scalars(value):
            hidden.extend(values_to_hide(str(key), item))
    return hidden


def file_text_to_hide(content):
    """Texts of a configuration file given inline to keep out of logs: ``values_to_hide`` of every
    key=value line; content that is not text is hidden whole."""
    if content is None:
        return []
    if not isinstance(content, str):
        return [str(content)]
    hidden = []
    for line in content.split("\n"):
        key, sep, value = line.partition("=")
        if sep and not key.startswith("#"):
            hidden.extend(values_to_hide(key.strip(), value))
    return hidden


def _scalars(value):
    """Every scalar of a value as text (None as ''), lists and dicts walked."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple, set)):
        return [text for item in value for text in _scalars(item)]
    return ["" if value is None else str(value)]


def decode(data, what):
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigFileError(f"{what} is not UTF-8 text") from None


def _lines(text):
    """Lines split on \\n only (a device file's record separator), a trailing \\r dropped."""
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def _value_line(line, what, number):
    """(canonical key, key as written, value, encrypted); ConfigFileError for a line that is not key=value."""
    left, sep, value = line.partition("=")
    if not sep or not left.strip():
        raise ConfigFileError(f"{what} line {number} is not key=value")
    is_encrypted = left.endswith(ENC_MARK)
    written = left[: -len(ENC_MARK)] if is_encrypted else left
    return canonical_key(written), written, value, is_encrypted


class _Collector:
    """Collects key=value lines of one file; ``strict`` refuses unsafe text, else records it."""

    def __init__(self, what, strict):
        self.what = what
        self.strict = strict
        self.values, self.encrypted, self.spelling, self.unsafe = {}, {}, {}, []

    def add_line(self, line, number):
        try:
            key, written, value, is_encrypted = _value_line(line, self.what, number)
        except ConfigFileError:
            if self.strict:
                raise
            self.unsafe.append(f"line {number}")
            return
        if first_unsafe_char(line):
            if self.strict:
                safe_text(line, f"{self.what} line {number} (key {printable(key)})")
            self.unsafe.append(key)
        if key in self.values or key in self.encrypted:
            raise ConfigFileError(
                f"{self.what} line {number} repeats the key {key} (display and input form are the same key)"
            )
        (self.encrypted if is_encrypted else self.values)[key] = value
        self.spelling[key] = written


def parse_bulk(data, what="the bulk configuration file", strict=True):
    """Parse a bulk configuration file (bytes or text) into a BulkFile.

    ``strict=False`` for the device's own files: text that does not stay on its line is recorded
    in ``unsafe`` instead of refused.
    """
    lines = _lines(decode(data, what))
    headers = [line for line in lines if line == HEADER_PREFIX or line.startswith(HEADER_PREFIX + " ")]
    if not headers:
        raise ConfigFileError("not a bulk configuration file: no #!header line")
    if len(headers) > 1:
        raise ConfigFileError("the bulk configuration file has more than one #!header line")
    collector, checksum = _Collector(what, strict), None
    for number, line in enumerate(lines, 1):
        if line.startswith(CHECKSUM_PREFIX):
            checksum = line[len(CHECKSUM_PREFIX) :].strip().lower()
        elif line.strip() and not line.startswith("#"):
            collector.add_line(line, number)
    return BulkFile(
        parse_header(headers[0][len(HEADER_PREFIX) :]),
        collector.values,
        collector.encrypted,
        checksum,
        collector.unsafe,
    )


def parse_header(items):
    header = {}
    for item in items.split():
        name, _sep, value = item.partition("=")
        header[name] = value
    return header


def checksum_matches(data):
    """True when the last line is '#!checksum sha256=<hex>' over every byte before it (8.4)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    stripped = data[:-1] if data.endswith(b"\n") else data
    cut = stripped.rfind(b"\n")
    before, last = stripped[: cut + 1], stripped[cut + 1 :]
    if not last.startswith(CHECKSUM_PREFIX.encode()):
        return False
    digest = last[len(CHECKSUM_PREFIX) :].decode("ascii", "replace").strip().lower()
    return hashlib.sha256(before).hexdigest() == digest


def bulk_normalised(bulk):
    """Lines that stay equal between two downloads of an unchanged device (8.4).

    Header items except the salt, every clear key=value line, and for encrypted values
    only the key (tokens change on every download).  No checksum, no comments.
    """
    header = " ".join(
        f"{name}={value}" for name, value in sorted(bulk.header.items()) if name not in VOLATILE_HEADER_ITEMS
    )
    lines = ["#!header " + header]
    keys = sorted(set(bulk.values) | set(bulk.encrypted))
    for key in keys:
        if key in bulk.encrypted:
            lines.append(f"{key}{ENC_MARK}=<encrypted>")
        else:
            lines.append(f"{key}={bulk.values[key]}")
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


def parse_raw(data, what="the raw configuration file", strict=True):
    """Parse a raw configuration file into a RawFile; magic lines other than #!options are refused.

    ``strict=False`` for the device's own download (see parse_bulk).
    """
    text = decode(data, what)
    match, collector = None, _Collector(what, strict)
    for number, line in enumerate(_lines(text), 1):
        if line.startswith("#!"):
            word, _sep, rest = line[2:].partition(" ")
            if word != "options":
                raise ConfigFileError(f"{what} line {number}: unknown magic line #!{word} (only #!options exists)")
            for item in rest.split():
                if not item.startswith("match=") or match is not None:
                    raise ConfigFileError(f"{what} line {number}: bad #!options item {item!r}")
                match = parse_match(item[len("match=") :])
        elif line.strip() and not line.startswith("#"):
            collector.add_line(line, number)
    return RawFile(match, collector.values, collector.encrypted, collector.spelling, collector.unsafe)


def raw_download(data):
    """RawFile of the device's raw configuration download (every key, clear text, unsafe text recorded)."""
    return parse_raw(data, "the device's raw configuration", strict=False)


def parse_match(text):
    """'serial:1' -> ('serial', 1); field serial, mac or ip, column 1-based."""
    found = _MATCH.fullmatch(text.strip()) if isinstance(text, str) else None
    if not found:
        raise ConfigFileError(
            f"match must be <field>:<column> with field serial, mac or ip and a column from 1, got {text!r}"
        )
    return found.group(1), int(found.group(2))


def parse_device_list(data):
    """Rows of a device list (CSV; lines starting with # ignored; blank rows skipped).

    A cell that holds a line break (quoted CSV allows it) or another control character is refused.
    """
    text = decode(data, "the device list")
    kept = "\n".join(line for line in _lines(text) if not line.startswith("#"))
    try:
        rows = [
            row for row in csv.reader(io.StringIO(kept, newline=""), strict=True) if any(cell.strip() for cell in row)
        ]
    except csv.Error as exc:
        raise ConfigFileError(f"the device list is not valid CSV ({exc})") from None
    if not rows:
        raise ConfigFileError("the device list has no rows")
    for number, row in enumerate(rows, 1):
        for column, cell in enumerate(row, 1):
            safe_text(cell, f"the device list, row {number} column {column}")
    return rows


def find_row(rows, column, candidates):
    """The first row whose ``column`` (1-based) equals one of ``candidates`` (trimmed, case-insensitive).

    Candidates are tried in order, so the caller puts the most reliable identity first.
    """
    if any(len(row) < column for row in rows):
        raise ConfigFileError(f"the device list has rows without column {column}")
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
        raise ConfigFileError(f"the value {value!r} uses a ${{N}} macro but no device list row applies")
    out, pos = [], 0
    while True:
        start = value.find("${", pos)
        if start < 0:
            out.append(value[pos:])
            return "".join(out)
        found = _MACRO.match(value, start)
        if not found or int(found.group(1)) > len(row):
            raise ConfigFileError(f"malformed ${{N}} macro or column beyond the device-list row in {value!r}")
        out.append(value[pos:start])
        out.append(row[int(found.group(1)) - 1].strip())
        pos = found.end()


def raw_file_text(lines, match=None, encrypted=None):
    """Text of a raw configuration upload: optional #!options line, then the (key, value) lines in order.

    Every key and value is checked once more, so no value can add a line of its own.
    """
    out = []
    if match:
        out.append(f"{OPTIONS_PREFIX} match={match[0]}:{match[1]}")
    items = list(lines) + [(f"{key}{ENC_MARK}", token) for key, token in (encrypted or {}).items()]
    for key, value in items:
        safe_text(key, f"the key {printable(key)}")
        safe_text(value, f"the value of {key}")
        out.append(f"{key}={value}")
    return "\n".join(out) + "\n"
