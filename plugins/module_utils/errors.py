# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one error contract of the collection. No Ansible import: usable from plain Python.

Every error the collection's code raises is a XerusError and carries what a
module's ``fail_json`` needs (xerus_module.XerusModule.failures() turns it into one):

- ``message``: what went wrong, in the collection's own words (never request data,
  so no password, token or query string);
- ``device``: "host:port" (None while unknown: an input error found before any
  client existed gets the module's device filled in);
- ``option``: the module option at fault, when the user's input is;
- ``changed``: True when a write had already reached the device;
- ``details``: further return values (HTTP status, response code, progress...).

``str(error)`` is "<device>: <message>" (just the message while the device is unknown).
"""

from __future__ import annotations

import contextlib


class XerusError(Exception):
    """Base of every error the collection raises."""

    def __init__(self, device, message, *, option=None, changed=False, details=None):
        super().__init__(message)
        self.device = device
        self.message = message
        self.option = option
        self.changed = bool(changed)
        self.details = dict(details or {})

    def __str__(self):
        return f"{self.device}: {self.message}" if self.device else self.message

    def __repr__(self):
        return f"{type(self).__name__}({str(self)!r})"

    @property
    def error_name(self):
        """The class name reported as ``error`` in a failed task."""
        return type(self).__name__

    def failure(self):
        """The keyword arguments of fail_json for this error."""
        result = dict(self.details, msg=str(self), error=self.error_name, device=self.device, changed=self.changed)
        if self.option is not None:
            result["option"] = self.option
        return result


class XerusInputError(XerusError, ValueError):
    """The user's input (an option, a file, a value) cannot be used; raised before it reaches the device.

    The base of every input error: option values, file options, PEM input, configuration files,
    outlet selections, subsets, version strings.
    """

    def __init__(self, message, option=None, device=None, details=None):
        super().__init__(device, message, option=option, details=details)

    @classmethod
    def for_option(cls, option, message):
        """An input error "option <option>: <message>"."""
        return cls(f"option {option}: {message}", option=option)


@contextlib.contextmanager
def naming_option(option):
    """Input errors raised in the block name ``option`` (a check that knows only the value, not its option)."""
    try:
        yield
    except XerusInputError as exc:
        exc.option = exc.option or option
        raise


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
        super().__init__(device, message, details={"status": status})
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
        super().__init__(
            device,
            f"{where} failed: JSON-RPC error{code_text}: {rpc_message}",
            details={"rpc_code": code, "rpc_message": rpc_message},
        )
        self.code = code
        self.rpc_message = rpc_message
        self.rid = rid
        self.method = method
        self.data = data
        self.statcode = statcode


class XerusProtocolError(XerusError):
    """The answer does not follow the protocol (not JSON, no result, wrong id...)."""
