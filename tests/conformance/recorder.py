# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Record what the vendor SDK sends and receives, without changing how it does it.

The SDK's `Agent._request` creates its HTTP(S) connection objects through the
`http_client` name of its own module.  `install()` puts a thin factory there
that wraps each new connection in a `RecordingConnection` when the agent that
asked for it is a `RecordingAgent`; every other agent gets the plain object.
The SDK's request logic (retries, redirects, keep-alive) runs unchanged.
"""

import http.client
import json
import sys
import threading
import types

import raritan.rpc

_active = threading.local()
SECRET_HEADERS = {"authorization": "Authorization: <redacted>", "x-sessiontoken": "X-SessionToken: <redacted>"}


class Exchange:
    """One HTTP request and its response (or the socket-level error)."""

    def __init__(self, scheme, method, url, body, headers):
        path, _sep, query = url.partition("?")
        self.scheme, self.method, self.path, self.query = scheme, method, path, query
        self.request_body = body if isinstance(body, bytes) else (body or "").encode()
        self.request_headers = dict(headers or {})
        self.sent_headers = []
        self.status = None
        self.reason = None
        self.response_headers = {}
        self.response_body = b""
        self.error = None

    def request_json(self):
        return _json_or_none(self.request_body)

    def response_json(self):
        return _json_or_none(self.response_body)

    def response_header(self, name):
        for key, value in self.response_headers.items():
            if key.lower() == name.lower():
                return value
        return None

    def describe(self):
        """Readable one-liner without secrets (headers are never printed)."""
        target = self.path + ("?" + self.query if self.query else "")
        outcome = self.error or f"{self.status} {self.reason}"
        return f"{self.method} {_redact_query(target)} -> {outcome}"


def _json_or_none(data):
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _text(value):
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _redact_query(target):
    for secret in ("password=", "bulk_config_password="):
        if secret in target:
            head, _sep, rest = target.partition(secret)
            tail = rest.partition("&")
            target = head + secret + "<redacted>" + (tail[1] + tail[2] if tail[1] else "")
    return target


class _RecordedResponse:
    """The SDK reads `code`, `status`, `reason`, `headers` and `read()` once."""

    def __init__(self, response, body):
        self.code = response.status
        self.status = response.status
        self.reason = response.reason
        self.headers = response.headers
        self._body = body

    def read(self, *args):
        body, self._body = self._body, b""
        return body

    def getheader(self, name, default=None):
        return self.headers.get(name, default)


class RecordingConnection:
    """Wraps an http.client connection; appends one Exchange per request."""

    def __init__(self, connection, scheme, exchanges):
        self._connection = connection
        self._scheme = scheme
        self._exchanges = exchanges
        self._current = None
        real_putheader = connection.putheader

        def putheader(header, *values):
            if self._current is not None:
                self._current.sent_headers.append((_text(header), ", ".join(_text(v) for v in values)))
            return real_putheader(header, *values)

        connection.putheader = putheader

    def __getattr__(self, name):
        return getattr(self._connection, name)

    def request(self, method, url, body=None, headers=None, **kwargs):
        self._current = Exchange(self._scheme, method, url, body, headers)
        self._exchanges.append(self._current)
        try:
            return self._connection.request(method, url, body, headers or {}, **kwargs)
        except Exception as error:
            self._current.error = type(error).__name__
            raise

    def getresponse(self):
        exchange = self._current
        try:
            response = self._connection.getresponse()
            body = response.read()
        except Exception as error:
            exchange.error = type(error).__name__
            raise
        exchange.status, exchange.reason = response.status, response.reason
        exchange.response_headers = dict(response.headers.items())
        exchange.response_body = body
        return _RecordedResponse(response, body)


def _factory(scheme, real_class):
    def create(*args, **kwargs):
        connection = real_class(*args, **kwargs)
        exchanges = getattr(_active, "exchanges", None)
        if exchanges is None:
            return connection
        return RecordingConnection(connection, scheme, exchanges)

    return create


def install():
    """Idempotently route the SDK's connection creation through the recording factory."""
    module = sys.modules[raritan.rpc.Agent.__module__]
    if getattr(module.http_client, "_xerus_recording", False):
        return
    shim = types.SimpleNamespace(
        HTTPConnection=_factory("http", http.client.HTTPConnection),
        HTTPSConnection=_factory("https", http.client.HTTPSConnection),
        _xerus_recording=True,
    )
    module.http_client = shim


class RecordingAgent(raritan.rpc.Agent):
    """An SDK Agent whose HTTP exchanges land in `self.exchanges`."""

    def __init__(self, *args, **kwargs):
        install()
        super().__init__(*args, **kwargs)
        self.exchanges = []

    def _request(self, *args, **kwargs):
        previous = getattr(_active, "exchanges", None)
        _active.exchanges = self.exchanges
        try:
            return super()._request(*args, **kwargs)
        finally:
            _active.exchanges = previous

    def take(self):
        """Return and forget the exchanges recorded so far."""
        taken, self.exchanges[:] = list(self.exchanges), []
        return taken
