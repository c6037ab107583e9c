# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one multipart/form-data reader (configuration, certificate and firmware uploads).

One incremental parser reads the body in 64 KiB chunks, so a part delimiter
split across chunk edges is still found:

- ``stream_parts(...)`` hands each part's data to a writer in chunks
  (constant memory, firmware images);
- ``parse_form(...)`` keeps every part in memory (configuration and
  certificate uploads).

Both raise ``PartTooLarge`` as soon as a part exceeds the limit, and another
``MultipartError`` when the body is not multipart/form-data or is broken off.
"""

from dataclasses import dataclass, field

CHUNK_SIZE = 64 * 1024
MAX_HEADER_BYTES = 16 * 1024


class MultipartError(Exception):
    """Body is not multipart/form-data or cannot be parsed."""


class NotMultipart(MultipartError):
    """Content-Type is not multipart/form-data or has no boundary."""


class MultipartTruncated(MultipartError):
    """The body ended before the closing delimiter (upload broken off)."""


class PartTooLarge(MultipartError):
    def __init__(self, name, limit):
        super().__init__(f"part {name!r} exceeds {limit} bytes")
        self.name = name
        self.limit = limit


@dataclass
class Part:
    name: str
    filename: str | None
    content_type: str | None
    data: bytes = field(repr=False)  # uploads may carry secrets: keep them out of reprs and logs


def boundary_of(content_type_header):
    """Return the boundary of a multipart/form-data Content-Type, else raise NotMultipart."""
    if not content_type_header:
        raise NotMultipart("no Content-Type")
    kind, params = _split_header_value(content_type_header)
    if kind.lower() != "multipart/form-data":
        raise NotMultipart("not multipart/form-data")
    boundary = params.get("boundary", "")
    if not boundary or len(boundary) > 200:
        raise NotMultipart("missing or bad boundary")
    return boundary


def is_form_data(content_type_header):
    """True when the Content-Type is multipart/form-data with a usable boundary."""
    try:
        boundary_of(content_type_header)
    except NotMultipart:
        return False
    return True


def stream_parts(content_type_header, rfile, content_length, open_part, max_part_size=None):
    """Read every part in body order; open_part(name, filename, content_type) returns a
    write(bytes) callable that gets the part's data in chunks, or None to drop the part."""
    reader = _PartReader(content_type_header, rfile, content_length)
    for headers in reader.part_headers():
        name, filename, content_type = _describe(headers)
        write = open_part(name, filename, content_type)
        size = 0
        for data in reader.part_data():
            size += len(data)
            if max_part_size is not None and size > max_part_size:
                raise PartTooLarge(name, max_part_size)
            if write is not None:
                write(data)


def parse_form(content_type_header, rfile, content_length, max_part_size):
    """Read the whole form into memory; returns [Part] in body order."""
    collected = []

    def open_part(name, filename, content_type):
        buffer = bytearray()
        collected.append((name, filename, content_type, buffer))
        return buffer.extend

    stream_parts(content_type_header, rfile, content_length, open_part, max_part_size)
    return [Part(name, filename, content_type, bytes(buffer)) for name, filename, content_type, buffer in collected]


class _PartReader:
    """Incremental delimiter scanner over a bounded body stream."""

    def __init__(self, content_type_header, rfile, content_length):
        boundary = boundary_of(content_type_header).encode("latin-1")
        self._first = b"--" + boundary
        self._delim = b"\r\n--" + boundary
        self._rfile = rfile
        self._left = content_length
        self._buf = bytearray()
        self._eof = False

    def _fill(self):
        """Read one more chunk; False at end of body."""
        if self._eof:
            return False
        want = CHUNK_SIZE if self._left is None else min(CHUNK_SIZE, self._left)
        chunk = self._rfile.read(want) if want > 0 else b""
        if not chunk:
            self._eof = True
            if self._left:
                raise MultipartTruncated("body shorter than Content-Length")
            return False
        self._buf += chunk
        if self._left is not None:
            self._left -= len(chunk)
        return True

    def _need(self, count):
        while len(self._buf) < count:
            if not self._fill():
                raise MultipartTruncated("body ended inside the multipart framing")

    def part_headers(self):
        """Yield the header dict of each part; the caller drains part_data() in between."""
        self._skip_preamble()
        while True:
            self._need(2)
            marker = bytes(self._buf[:2])
            if marker == b"--":
                self._drain_epilogue()
                return
            if marker != b"\r\n":
                raise MultipartError("bad delimiter line")
            del self._buf[:2]
            self._part_done = False
            yield self._read_headers()
            if not self._part_done:
                for _ in self.part_data():
                    pass

    def _skip_preamble(self):
        while True:
            at = self._buf.find(self._first)
            if at >= 0:
                del self._buf[: at + len(self._first)]
                return
            keep = len(self._first) - 1
            if len(self._buf) > keep:
                del self._buf[: len(self._buf) - keep]
            if not self._fill():
                raise MultipartError("no multipart delimiter in body")

    def _drain_epilogue(self):
        self._buf.clear()
        while self._fill():
            self._buf.clear()

    def _read_headers(self):
        while True:
            end = self._buf.find(b"\r\n\r\n")
            if end >= 0:
                raw = bytes(self._buf[:end])
                del self._buf[: end + 4]
                return _parse_part_headers(raw)
            if len(self._buf) > MAX_HEADER_BYTES:
                raise MultipartError("part headers too long")
            if not self._fill():
                raise MultipartTruncated("body ended inside part headers")

    def part_data(self):
        """Yield the current part's bytes up to (not including) the next delimiter."""
        keep = len(self._delim) - 1
        while True:
            at = self._buf.find(self._delim)
            if at >= 0:
                if at:
                    yield bytes(self._buf[:at])
                del self._buf[: at + len(self._delim)]
                self._part_done = True
                return
            if len(self._buf) > keep:
                cut = len(self._buf) - keep
                yield bytes(self._buf[:cut])
                del self._buf[:cut]
            if not self._fill():
                raise MultipartTruncated("body ended inside a part")


def _parse_part_headers(raw):
    headers = {}
    for line in raw.split(b"\r\n"):
        if not line:
            continue
        name, sep, value = line.partition(b":")
        if not sep:
            raise MultipartError("malformed part header")
        headers[name.decode("latin-1").strip().lower()] = value.decode("utf-8", "replace").strip()
    return headers


def _describe(headers):
    disposition = headers.get("content-disposition")
    if not disposition:
        raise MultipartError("part without Content-Disposition")
    kind, params = _split_header_value(disposition)
    if kind.lower() != "form-data" or "name" not in params:
        raise MultipartError("part is not a named form-data field")
    return params["name"], params.get("filename"), headers.get("content-type")


def _split_header_value(value):
    """Split 'type; a=1; b="x;y"' into ('type', {'a': '1', 'b': 'x;y'})."""
    items = _split_unquoted(value, ";")
    params = {}
    for item in items[1:]:
        key, sep, val = item.partition("=")
        if not sep:
            continue
        params[key.strip().lower()] = _unquote(val.strip())
    return items[0].strip(), params


def _split_unquoted(text, sep):
    items, current, quoted, escaped = [], [], False, False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == sep and not quoted:
            items.append("".join(current))
            current = []
            continue
        current.append(char)
    items.append("".join(current))
    return items


def _unquote(value):
    if len(value) >= 2 and value[0] == value[-1] == '"':
        inner = value[1:-1]
        out, escaped = [], False
        for char in inner:
            if escaped or char != "\\":
                out.append(char)
                escaped = False
            else:
                escaped = True
        return "".join(out)
    return value
