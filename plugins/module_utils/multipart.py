# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A multipart/form-data body that is read from disk while it is sent (protocol 7.1).

The body is a file-like object of known length: ``requests`` sets
Content-Length from ``len()`` and streams it with ``read()``, so a firmware
image is never held in memory. Framing, per part::

    --<b>\\r\\n
    Content-Disposition: form-data; name="<name>"; filename="<filename>"\\r\\n
    Content-Type: <type>\\r\\n
    \\r\\n
    <bytes>\\r\\n

then ``--<b>--\\r\\n``.
"""

from __future__ import annotations

import io
import os
import uuid
from dataclasses import dataclass


@dataclass
class UploadPart:
    """One form part: file content from ``path`` (streamed) or ``content`` (bytes/str)."""

    name: str
    filename: str
    path: str | None = None
    content: bytes | str | None = None
    content_type: str = "application/octet-stream"

    def size(self):
        if self.path is not None:
            return os.path.getsize(self.path)
        return len(self.data())

    def data(self):
        if isinstance(self.content, str):
            return self.content.encode("utf-8")
        return self.content or b""

    def open(self):
        if self.path is not None:
            return open(self.path, "rb")
        return io.BytesIO(self.data())


def _quote(value):
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\r", " ").replace("\n", " ")


class MultipartBody:
    """Read-once stream of the whole multipart body; build a new one for a resend.

    It has ``__len__`` and a working ``tell()``: that is what makes ``requests``
    send a Content-Length instead of chunked encoding.
    """

    CHUNK = 64 * 1024

    def __init__(self, parts, boundary=None):
        if not parts:
            raise ValueError("an upload needs at least one part")
        for part in parts:
            if (part.path is None) == (part.content is None):
                raise ValueError(f"part {part.name!r} needs exactly one of path or content")
        self.boundary = boundary or uuid.uuid4().hex
        self._segments = self._plan(parts)
        self._length = sum(size for _kind, _value, size in self._segments)
        self._position = 0
        self._index = 0
        self._current = None
        self._left = 0

    @property
    def content_type(self):
        return f"multipart/form-data; boundary={self.boundary}"

    def _plan(self, parts):
        segments = []
        for part in parts:
            head = (
                f"--{self.boundary}\r\n"
                f'Content-Disposition: form-data; name="{_quote(part.name)}"; filename="{_quote(part.filename)}"\r\n'
                f"Content-Type: {part.content_type}\r\n\r\n"
            ).encode("utf-8")
            segments.append(("bytes", head, len(head)))
            segments.append(("part", part, part.size()))
            segments.append(("bytes", b"\r\n", 2))
        tail = f"--{self.boundary}--\r\n".encode("ascii")
        segments.append(("bytes", tail, len(tail)))
        return segments

    def __len__(self):
        return self._length

    def tell(self):
        return self._position

    def __iter__(self):
        while True:
            chunk = self.read(self.CHUNK)
            if not chunk:
                return
            yield chunk

    def read(self, size=-1):
        if size is None or size < 0:
            size = self._length - self._position
        chunks = []
        wanted = size
        while wanted > 0 and self._index < len(self._segments):
            if self._current is None:
                self._open_segment()
            if self._left == 0:
                self._close_segment()
                self._index += 1
                continue
            chunk = self._current.read(min(wanted, self._left))
            if not chunk:
                raise OSError("an upload file became shorter while it was being sent")
            self._left -= len(chunk)
            wanted -= len(chunk)
            chunks.append(chunk)
        data = b"".join(chunks)
        self._position += len(data)
        return data

    def _open_segment(self):
        kind, value, size = self._segments[self._index]
        self._current = io.BytesIO(value) if kind == "bytes" else value.open()
        self._left = size

    def _close_segment(self):
        if self._current is not None:
            self._current.close()
            self._current = None

    def close(self):
        self._close_segment()
        self._index = len(self._segments)
