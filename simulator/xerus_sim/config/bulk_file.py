# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bulk configuration file: writing (8.2/8.4) and reading for a restore (8.3).

``build`` returns the file bytes. ``read`` checks an uploaded file against the
device and returns the (key, text) items to apply, or raises ``BulkFileError``
with the CGI response code.
"""

import hashlib
import re

from xerus_sim.config import crypto, filter_profiles, keys

FORMAT = "xerus-bulkcfg/1"
DEVICE_TYPE = "PDU"
TITLE = "# Xerus bulk configuration"
REQUIRED_HEADER = ("format", "device_type", "model", "firmware_version", "mode", "profile", "filters", "encryption")
_CHECKSUM = re.compile(rb"#!checksum sha256=([0-9a-fA-F]{64})")

(INVALID_DEVICE_TYPE, INVALID_MODEL, INVALID_FIRMWARE, FILE_INVALID, BAD_CHECKSUM, UNKNOWN_FILTERS, PARAMETER_ERROR) = (
    4,
    5,
    6,
    13,
    14,
    15,
    2,
)


class BulkFileError(Exception):
    def __init__(self, code, reason):
        super().__init__(reason)
        self.code = code


def build(device, profile_name, filters, backup, encryption, password=None):
    """File bytes for the keys owned by `filters`; encryption is none|device|password."""
    values = keys.read_all(device)
    header = {
        "format": FORMAT,
        "device_type": DEVICE_TYPE,
        "model": device.model,
        "firmware_version": device.firmware_version,
        "mode": "backup" if backup else "bulk",
        "profile": profile_name,
        "filters": ",".join(filters),
    }
    fernet = None
    if encryption == "password":
        header["salt"] = crypto.new_salt()
        fernet = crypto.password_fernet(password, header["salt"])
    elif encryption == "device":
        fernet = crypto.device_fernet(device)
    header["encryption"] = encryption
    lines = [TITLE, "#!header " + " ".join(f"{k}={v}" for k, v in header.items())]
    for key, value in values.items():
        if filter_profiles.owner(key) not in filters:
            continue
        if fernet and key in keys.SECRET_KEYS:
            lines.append(f"{key}:enc={crypto.encrypt(fernet, value)}")
        else:
            lines.append(f"{key}={value}")
    body = ("\n".join(lines) + "\n").encode("utf-8")
    return body + b"#!checksum sha256=" + hashlib.sha256(body).hexdigest().encode() + b"\n"


def read(device, data, user_password=None, skip_checks=(), backup_requested=False):
    """Validated (key, text) items to apply; raises BulkFileError(code, reason)."""
    content = _verified_content(data)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise BulkFileError(FILE_INVALID, "not UTF-8") from None
    lines = text.split("\n")[:-1] if text else []
    header = _header(lines)
    _check_identity(device, header, skip_checks)
    fernet = _fernet(device, header, user_password)
    items = _items(lines, fernet)
    reason = keys.validate(device, items)
    if reason:
        raise BulkFileError(FILE_INVALID, reason)
    return _applicable(items, header["mode"], backup_requested)


def _verified_content(data):
    """Bytes before the checksum line, after checking the digest (else code 14)."""
    stripped = data[:-1] if data.endswith(b"\n") else data
    cut = stripped.rfind(b"\n")
    before, last = (stripped[: cut + 1], stripped[cut + 1 :]) if cut >= 0 else (b"", stripped)
    match = _CHECKSUM.fullmatch(last)
    if not match:
        raise BulkFileError(BAD_CHECKSUM, "checksum line missing or malformed")
    if hashlib.sha256(before).hexdigest() != match.group(1).decode().lower():
        raise BulkFileError(BAD_CHECKSUM, "checksum mismatch")
    return before


def _header(lines):
    magic = [line for line in lines if line.startswith("#!")]
    headers = [line for line in magic if line == "#!header" or line.startswith("#!header ")]
    if len(headers) != 1 or len(magic) != 1:
        raise BulkFileError(FILE_INVALID, "need exactly one #!header line and no other magic line")
    header = {}
    for item in headers[0][len("#!header") :].split():
        name, sep, value = item.partition("=")
        if not sep or name in header:
            raise BulkFileError(FILE_INVALID, "malformed or repeated header item")
        header[name] = value
    missing = [name for name in REQUIRED_HEADER if name not in header]
    if missing:
        raise BulkFileError(FILE_INVALID, "header lacks " + ",".join(missing))
    if header["format"] != FORMAT:
        raise BulkFileError(FILE_INVALID, "unknown format")
    if header["mode"] not in ("bulk", "backup"):
        raise BulkFileError(FILE_INVALID, "unknown mode")
    if header["encryption"] not in ("none", "device", "password"):
        raise BulkFileError(FILE_INVALID, "unknown encryption")
    return header


def _check_identity(device, header, skip_checks):
    if header["device_type"] != DEVICE_TYPE:
        raise BulkFileError(INVALID_DEVICE_TYPE, "device type mismatch")
    if header["model"] != device.model and "model" not in skip_checks:
        raise BulkFileError(INVALID_MODEL, "model mismatch")
    if header["firmware_version"] != device.firmware_version and "firmware_version" not in skip_checks:
        raise BulkFileError(INVALID_FIRMWARE, "firmware version mismatch")
    named = [name for name in header["filters"].split(",") if name]
    if any(name not in filter_profiles.FILTER_NAMES for name in named):
        raise BulkFileError(UNKNOWN_FILTERS, "unknown filter in header")


def _fernet(device, header, user_password):
    if header["encryption"] == "device":
        return crypto.device_fernet(device)
    if header["encryption"] == "none":
        return None
    if not user_password:
        raise BulkFileError(PARAMETER_ERROR, "password-encrypted file needs user_password")
    try:
        return crypto.password_fernet(user_password, header.get("salt", ""))
    except ValueError:
        raise BulkFileError(FILE_INVALID, "bad or missing salt") from None


def _items(lines, fernet):
    items, seen = [], set()
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        left, sep, value = line.partition("=")
        if not sep:
            raise BulkFileError(FILE_INVALID, "line without '='")
        key = left
        if left.endswith(":enc"):
            key = left[: -len(":enc")]
            if fernet is None:
                raise BulkFileError(FILE_INVALID, "encrypted value in an unencrypted file")
            try:
                value = crypto.decrypt(fernet, value)
            except crypto.DecryptError:
                raise BulkFileError(FILE_INVALID, f"cannot decrypt {key} (wrong password or key)") from None
        if key in seen:
            raise BulkFileError(FILE_INVALID, f"repeated key {key}")
        seen.add(key)
        items.append((key, value))
    return items


def _applicable(items, file_mode, backup_requested):
    if file_mode == "bulk":
        return [(k, v) for k, v in items if filter_profiles.owner(k) != "network"]
    if backup_requested:
        return items
    return [(k, v) for k, v in items if filter_profiles.owner(k) not in filter_profiles.BULK_ONLY]
