"""Streaming multipart/form-data reading (used by the CGI request and the firmware upload).

Part and MultipartError come from SimB's xerus_sim.http.multipart when present so
every CGI sees one exception class; the fallbacks below keep the framework
usable before that module exists.
"""

import re
from collections import namedtuple

try:
    from xerus_sim.http.multipart import MultipartError, Part, PartTooLarge
except ModuleNotFoundError as missing:
    if missing.name != "xerus_sim.http.multipart":
        raise

    class MultipartError(Exception):
        """The multipart body cannot be read."""

    class PartTooLarge(MultipartError):
        """A part is larger than the caller allows (the CGI maps it to its "too large" code)."""

        def __init__(self, name, limit):
            super().__init__(f"part {name!r} exceeds {limit} bytes")
            self.name, self.limit = name, limit

    Part = namedtuple("Part", "name filename content_type data")


HEADER_LIMIT = 16 * 1024
CHUNK = 64 * 1024
_BOUNDARY = re.compile(r'boundary=(?:"([^"]+)"|([^;\s]+))', re.I)
_PARAM = re.compile(r';\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))')


def boundary_of(content_type):
    """The boundary of a multipart/form-data Content-Type, or None."""
    if not content_type or not content_type.lower().startswith("multipart/form-data"):
        return None
    match = _BOUNDARY.search(content_type)
    return (match.group(1) or match.group(2)).encode("latin-1") if match else None


def _disposition(value):
    params = {m.group(1).lower(): (m.group(2) if m.group(2) is not None else m.group(3).strip())
              for m in _PARAM.finditer(";" + value.split(";", 1)[1] if ";" in value else "")}
    return params.get("name"), params.get("filename")


class _Buffer:
    def __init__(self, rfile):
        self.rfile, self.data, self.eof = rfile, b"", False

    def fill(self):
        if self.eof:
            return False
        chunk = self.rfile.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.data += chunk
        return True

    def read_until(self, marker, limit):
        while marker not in self.data:
            if len(self.data) > limit or not self.fill():
                raise MultipartError("multipart framing not found")
        before, self.data = self.data.split(marker, 1)
        return before

    def take(self, count):
        while len(self.data) < count and self.fill():
            pass
        taken, self.data = self.data[:count], self.data[count:]
        return taken


def _part_headers(buffer):
    raw = buffer.read_until(b"\r\n\r\n", HEADER_LIMIT).decode("latin-1")
    headers = {}
    for line in raw.split("\r\n"):
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip().lower()] = value.strip()
    name, filename = _disposition(headers.get("content-disposition", ""))
    if name is None:
        raise MultipartError("part without a form name")
    return name, filename, headers.get("content-type", "text/plain")


def _stream_data(buffer, separator, write):
    keep = len(separator)
    while True:
        index = buffer.data.find(separator)
        if index >= 0:
            write(buffer.data[:index])
            buffer.data = buffer.data[index + keep:]
            return
        if len(buffer.data) > keep:
            write(buffer.data[:-keep])
            buffer.data = buffer.data[-keep:]
        if not buffer.fill():
            raise MultipartError("body ends inside a part")


def stream_parts(rfile, boundary, open_part):
    """Read every part; open_part(name, filename, content_type) returns a write(bytes) callable or None.

    Part data are handed over in chunks, so memory stays constant whatever the size.
    """
    buffer = _Buffer(rfile)
    buffer.read_until(b"--" + boundary, 1 << 20)
    separator = b"\r\n--" + boundary
    while True:
        ending = buffer.take(2)
        if ending == b"--":
            return
        if ending != b"\r\n":
            raise MultipartError("bad boundary line")
        name, filename, content_type = _part_headers(buffer)
        write = open_part(name, filename, content_type) or (lambda data: None)
        _stream_data(buffer, separator, write)


def read_parts(rfile, boundary, max_part_size):
    """All parts in memory (small uploads); PartTooLarge when one exceeds max_part_size."""
    parts = []

    def open_part(name, filename, content_type):
        chunks, size = [], [0]
        parts.append((name, filename, content_type, chunks))

        def write(data):
            size[0] += len(data)
            if size[0] > max_part_size:
                raise PartTooLarge(name, max_part_size)
            chunks.append(data)
        return write

    stream_parts(rfile, boundary, open_part)
    return [Part(name, filename, ctype, b"".join(chunks)) for name, filename, ctype, chunks in parts]
