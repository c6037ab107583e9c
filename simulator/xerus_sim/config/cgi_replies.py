"""Responses and query parsing shared by the configuration CGIs."""

from urllib.parse import unquote

from xerus_sim.http import multipart


class QueryError(Exception):
    """Unknown, repeated or malformed query parameter (the text names no value)."""


def parse_query(query, allowed):
    """Parse 'a=1&b=2' into {name: unquoted value}; refuses unknown/repeated names."""
    params = {}
    if not query:
        return params
    for piece in query.split("&"):
        name, sep, value = piece.partition("=")
        if not sep or name not in allowed:
            raise QueryError(f"unknown or malformed parameter {name[:40]!r}")
        if name in params:
            raise QueryError(f"repeated parameter {name!r}")
        try:
            params[name] = unquote(value, errors="strict")
        except UnicodeDecodeError:
            raise QueryError(f"parameter {name!r} is not UTF-8") from None
    return params


def form_parts(request, max_part_size):
    """Parts of a multipart upload, read by xerus_sim.http.multipart (exception classes as documented there)."""
    return multipart.parse_form(request.headers.get("Content-Type"), request.rfile,
                                request.content_length, max_part_size)


def _cgi():
    from xerus_sim.http import cgi  # SimA's module; imported late so pure helpers work without it
    return cgi


def code_response(code, status=200):
    """An upload answer as the configuration CGIs give it (9.1): header and ``return_code=<n>`` body."""
    return response(status, {"Content-Type": "text/plain", "X-Response-Code": str(code)},
                    f"return_code={code}\n".encode())


def response(status, headers, body):
    return _cgi().CgiResponse(status, headers, body)


def refused(code, status=400):
    """A download refusal: HTTP error status, X-Response-Code, text body."""
    text = {400: b"Bad Request\n"}.get(status, b"Error\n")
    return response(status, {"Content-Type": "text/plain", "X-Response-Code": str(code)}, text)


def attachment(body, content_type, filename, extra=None):
    headers = {"Content-Type": content_type,
               "Content-Disposition": f'attachment; filename="{filename}"'}
    headers.update(extra or {})
    return response(200, headers, body)
