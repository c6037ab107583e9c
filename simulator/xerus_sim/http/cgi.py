"""CGI plumbing (CONTRACT 3): the request handed to handlers and the response they return."""

from dataclasses import dataclass, field
from pathlib import Path

from xerus_sim.http import formdata
from xerus_sim.http.formdata import MultipartError, Part, PartTooLarge  # noqa: F401 - re-exported


@dataclass
class CgiResponse:
    status: int
    headers: dict = field(default_factory=dict)
    body: object = b""          # bytes, or a str/Path of a file streamed from disk

    def body_length(self):
        if isinstance(self.body, (str, Path)):
            return Path(self.body).stat().st_size
        return len(self.body)


def code_response(code, status=200):
    """The upload answer (protocol 6.2): X-Response-Code header and a `return_code=<n>` body."""
    return CgiResponse(status, {"Content-Type": "text/plain", "X-Response-Code": str(code)},
                       f"return_code={code}\n".encode())


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

    def boundary(self):
        return formdata.boundary_of(self.headers.get("Content-Type", ""))

    def form_parts(self, max_part_size):
        """Parse a small multipart/form-data body; MultipartError when unreadable
        (PartTooLarge, a subclass, when a part exceeds max_part_size)."""
        boundary = self.boundary()
        if boundary is None:
            raise MultipartError("not multipart/form-data")
        return formdata.read_parts(self.rfile, boundary, max_part_size)
