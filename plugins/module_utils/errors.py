# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Typed errors of the Xerus client. No Ansible import: usable from plain Python.

Every error names the device ("host:port"); ``str(error)`` is "<device>: <message>".
Messages are built by the client from its own words, never from request data,
so they carry no password, token or query string.
"""

from __future__ import annotations


class XerusError(Exception):
    """Base of every error the client raises."""

    def __init__(self, device, message):
        self.device = device
        self.message = message
        super().__init__(f"{device}: {message}")

    def __repr__(self):
        return f"{type(self).__name__}({str(self)!r})"


class XerusConnectionError(XerusError):
    """No usable TCP connection: refused, reset, dropped, name not resolved."""


class XerusTimeoutError(XerusConnectionError):
    """Connecting, sending, answering or waiting took longer than allowed."""


class XerusTLSError(XerusError):
    """TLS handshake or certificate verification failed."""


class XerusAuthError(XerusError):
    """The device refused the credentials or the session token (HTTP 401)."""


class XerusHttpError(XerusError):
    """An HTTP answer other than 200 (and other than 401)."""

    def __init__(self, device, message, status, body=""):
        super().__init__(device, message)
        self.status = status
        self.body = body


class XerusRpcError(XerusError):
    """A JSON-RPC ``error`` answer (or a failed bulk entry).

    ``code`` is None when the failure was not an ``error`` member (for example a
    bulk entry whose ``statcode`` is not 200 or whose ``id`` does not match).
    """

    def __init__(self, device, code, rpc_message, rid=None, method=None, data=None, statcode=None):
        where = f"{method} on {rid}" if method and rid else (method or rid or "call")
        code_text = f" {code}" if code is not None else ""
        super().__init__(device, f"{where} failed: JSON-RPC error{code_text}: {rpc_message}")
        self.code = code
        self.rpc_message = rpc_message
        self.rid = rid
        self.method = method
        self.data = data
        self.statcode = statcode


class XerusProtocolError(XerusError):
    """The answer does not follow the protocol (not JSON, no result, wrong id...)."""
