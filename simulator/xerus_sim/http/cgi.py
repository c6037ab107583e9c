# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CGI plumbing: the request handed to handlers and the response they return."""

from dataclasses import dataclass, field
from pathlib import Path

from xerus_sim.http import multipart


@dataclass
class CgiResponse:
    status: int
    headers: dict = field(default_factory=dict)
    body: object = b""  # bytes, or a str/Path of a file streamed from disk

    def body_length(self):
        if isinstance(self.body, (str, Path)):
            return Path(self.body).stat().st_size
        return len(self.body)


def code_response(code, status=200):
    """The upload answer (protocol 6.2): X-Response-Code header and a `return_code=<n>` body."""
    return CgiResponse(
        status, {"Content-Type": "text/plain", "X-Response-Code": str(code)}, f"return_code={code}\n".encode()
    )


def refused(code, status=400):
    """A download refusal: HTTP error status, X-Response-Code, text body."""
    text = {400: b"Bad Request\n"}.get(status, b"Error\n")
    return CgiResponse(status, {"Content-Type": "text/plain", "X-Response-Code": str(code)}, text)


def attachment(body, content_type, filename, extra=None):
    """A download: the body as an attachment named filename."""
    headers = {"Content-Type": content_type, "Content-Disposition": f'attachment; filename="{filename}"'}
    headers.update(extra or {})
    return CgiResponse(200, headers, body)


def text_response(status, text, headers=None):
    all_headers = {"Content-Type": "text/plain"}
    all_headers.update(headers or {})
    return CgiResponse(status, all_headers, text.encode())


class CgiRequest:
    """What a CGI handler sees: method, path, raw query, headers, and the body as a limited stream."""

    def __init__(self, method, path, query, headers, content_length, rfile, remote_ip=""):
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.content_length = content_length
        self.rfile = rfile
        self.remote_ip = remote_ip

    def is_form_data(self):
        return multipart.is_form_data(self.headers.get("Content-Type"))

    def form_parts(self, max_part_size):
        """Every part of a small multipart/form-data body in memory (xerus_sim.http.multipart.parse_form)."""
        return multipart.parse_form(self.headers.get("Content-Type"), self.rfile, self.content_length, max_part_size)

    def stream_parts(self, open_part, rfile=None):
        """Hand each part to open_part's writer in chunks (xerus_sim.http.multipart.stream_parts);
        rfile, when given, wraps the request body (to count the bytes read)."""
        multipart.stream_parts(self.headers.get("Content-Type"), rfile or self.rfile, self.content_length, open_part)
