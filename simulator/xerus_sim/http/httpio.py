# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Minimal HTTP/1.1 framing on a socket file: requests in, responses out.

Hand-written (rather than http.server) so the device can stream bodies,
accept chunked uploads, drop connections mid-answer and frame every answer
the way the reference describes."""

import email.message
import email.utils
from http import HTTPStatus
from pathlib import Path

MAX_LINE = 65536
MAX_HEADERS = 100


class BadRequest(Exception):
    """The request cannot be framed; answer 400 and close."""


class ClientGone(Exception):
    """The peer closed or the body was cut short."""


class Request:
    def __init__(self, method, target, version, headers):
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        path, _, query = target.partition("?")
        self.raw_path = path
        self.query = query

    @property
    def wants_close(self):
        connection = (self.headers.get("Connection") or "").lower()
        if self.version == "HTTP/1.0":
            return "keep-alive" not in connection
        return "close" in connection

    @property
    def chunked(self):
        return "chunked" in (self.headers.get("Transfer-Encoding") or "").lower()

    def content_length(self):
        """int, None when absent; BadRequest when malformed."""
        value = self.headers.get("Content-Length")
        if value is None:
            return None
        if not value.strip().isdigit():
            raise BadRequest("bad Content-Length")
        return int(value)


def _readline(rfile):
    line = rfile.readline(MAX_LINE + 1)
    if len(line) > MAX_LINE:
        raise BadRequest("line too long")
    return line


def read_request(rfile):
    """The next request head, or None when the peer closed the idle connection."""
    line = _readline(rfile)
    while line in (b"\r\n", b"\n"):
        line = _readline(rfile)
    if not line:
        return None
    parts = line.decode("latin-1").rstrip("\r\n").split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise BadRequest("bad request line")
    headers = email.message.Message()
    for _ in range(MAX_HEADERS):
        header = _readline(rfile)
        if header in (b"\r\n", b"\n", b""):
            break
        name, sep, value = header.decode("latin-1").partition(":")
        if not sep:
            raise BadRequest("bad header line")
        headers[name.strip()] = value.strip()
    else:
        raise BadRequest("too many headers")
    return Request(parts[0], parts[1], parts[2], headers)


class LengthReader:
    """The body of a request with Content-Length: never reads past it."""

    def __init__(self, rfile, length, on_read=None):
        self.rfile, self.remaining, self.on_read = rfile, length, on_read

    def read(self, size=-1):
        if self.remaining <= 0:
            return b""
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self.rfile.read1(size) if hasattr(self.rfile, "read1") else self.rfile.read(size)
        if not data:
            raise ClientGone("body cut short")
        self.remaining -= len(data)
        if self.on_read:
            self.on_read(len(data))
        return data

    @property
    def exhausted(self):
        return self.remaining <= 0


class ChunkedReader:
    """A chunked request body, decoded."""

    def __init__(self, rfile, on_read=None):
        self.rfile, self.on_read = rfile, on_read
        self.left_in_chunk = 0
        self.done = False

    def _next_chunk(self):
        line = self.rfile.readline(MAX_LINE)
        if not line:
            raise ClientGone("body cut short")
        try:
            size = int(line.split(b";")[0].strip(), 16)
        except ValueError:
            raise BadRequest("bad chunk size") from None
        if size == 0:
            while self.rfile.readline(MAX_LINE) not in (b"\r\n", b"\n", b""):
                pass
            self.done = True
        self.left_in_chunk = size

    def read(self, size=-1):
        if self.done:
            return b""
        if self.left_in_chunk == 0:
            self._next_chunk()
            if self.done:
                return b""
        size = self.left_in_chunk if size is None or size < 0 else min(size, self.left_in_chunk)
        data = self.rfile.read1(size) if hasattr(self.rfile, "read1") else self.rfile.read(size)
        if not data:
            raise ClientGone("body cut short")
        self.left_in_chunk -= len(data)
        if self.left_in_chunk == 0:
            self.rfile.readline(MAX_LINE)
        if self.on_read:
            self.on_read(len(data))
        return data

    @property
    def exhausted(self):
        return self.done


class EmptyReader:
    exhausted = True

    def read(self, size=-1):
        return b""


def read_all(reader, limit):
    """The whole body; BadRequest when larger than limit."""
    chunks, total = [], 0
    while True:
        data = reader.read(65536)
        if not data:
            return b"".join(chunks)
        total += len(data)
        if total > limit:
            raise BadRequest("body too large")
        chunks.append(data)


def drain(reader, limit=64 * 1024 * 1024):
    """Discard what a handler left unread; False when too much is left (close instead)."""
    total = 0
    while not reader.exhausted:
        data = reader.read(65536)
        if not data:
            break
        total += len(data)
        if total > limit:
            return False
    return True


def status_line(status):
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    return f"HTTP/1.1 {status} {reason}\r\n"


def head_bytes(status, headers, length, close):
    lines = [status_line(status), "Server: Xerus\r\n", f"Date: {email.utils.formatdate(usegmt=True)}\r\n"]
    ordered = dict(headers)
    content_type = ordered.pop("Content-Type", None)
    if content_type:
        lines.append(f"Content-Type: {content_type}\r\n")
    lines.append(f"Content-Length: {length}\r\n")
    lines.append("Cache-Control: no-cache\r\n")
    for name, value in ordered.items():
        lines.append(f"{name}: {value}\r\n")
    if close:
        lines.append("Connection: close\r\n")
    lines.append("\r\n")
    return "".join(lines).encode("latin-1")


def send_body(wfile, body, limit=None):
    """Write bytes or a file's content; `limit` cuts it short. Returns bytes written."""
    if isinstance(body, (str, Path)):
        written = 0
        with open(body, "rb") as handle:
            while limit is None or written < limit:
                chunk = handle.read(65536 if limit is None else min(65536, limit - written))
                if not chunk:
                    break
                wfile.write(chunk)
                written += len(chunk)
        return written
    data = body if limit is None else body[:limit]
    wfile.write(data)
    return len(data)
