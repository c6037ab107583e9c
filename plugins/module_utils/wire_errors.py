# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Translate transport exceptions (requests, urllib3, ssl, socket) into Xerus errors.

Messages come from the leaf OS / TLS error only: the outer exceptions of
``requests`` quote the URL, and a URL may carry a password in its query
(bulk configuration export), so their text is never used.
"""

from __future__ import annotations

import http.client
import socket
import ssl

from ansible_collections.xerus.pdu.plugins.module_utils.errors import (
    XerusConnectionError,
    XerusTimeoutError,
    XerusTLSError,
)

try:
    from requests import exceptions as _rexc
    from urllib3 import exceptions as _uexc
except ImportError:  # pragma: no cover - reported by the client and the module
    _rexc = _uexc = None

# A connection that ends like this has delivered no byte of an answer.
_NO_ANSWER = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, ConnectionAbortedError)


def causes(exc, limit=12):
    """The exception and everything it wraps (args, .reason, cause, context), outermost first."""
    seen, order, queue = set(), [], [exc]
    while queue and len(order) < limit:
        current = queue.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        order.append(current)
        inner = [arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException)]
        for candidate in inner + [getattr(current, "reason", None), current.__cause__, current.__context__]:
            if isinstance(candidate, BaseException):
                queue.append(candidate)
    return order


def _first(chain, kinds):
    for item in chain:
        if isinstance(item, kinds):
            return item
    return None


def _innermost_oserror(chain):
    """The OS-level error at the bottom (requests' own exceptions are OSErrors too)."""
    wrappers = (_rexc.RequestException,) if _rexc is not None else ()
    for item in reversed(chain):
        if isinstance(item, OSError) and not isinstance(item, wrappers):
            return item
    return None


def _is_timeout(chain):
    if _first(chain, (ConnectionRefusedError, socket.gaierror)) is not None:
        return False
    if _rexc is not None and _first(chain, (_rexc.Timeout, _uexc.ReadTimeoutError)):
        return True
    if _uexc is not None:
        connect = _first(chain, (_uexc.ConnectTimeoutError,))
        if connect is not None and not isinstance(connect, _uexc.NewConnectionError):
            return True
    return _first(chain, (socket.timeout, TimeoutError)) is not None


def _tls_error(device, chain):
    verify = _first(chain, (ssl.SSLCertVerificationError,))
    if verify is not None:
        detail = getattr(verify, "verify_message", "") or "certificate verify failed"
        return XerusTLSError(
            device,
            f"TLS certificate verification failed: {detail} "
            "(set ca_path to the CA bundle that signed the device certificate, "
            "or validate_certs=false)",
        )
    tls = _first(chain, (ssl.SSLError,))
    if tls is None or isinstance(tls, (ssl.SSLEOFError, ssl.SSLZeroReturnError)):
        return None
    reason = getattr(tls, "reason", None) or "handshake failed"
    if "CERTIFICATE_VERIFY_FAILED" in str(reason).upper():
        return XerusTLSError(device, "TLS certificate verification failed")
    return XerusTLSError(device, f"TLS handshake failed: {reason}")


def describe_oserror(error):
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, socket.gaierror):
        return "cannot resolve the host name"
    if isinstance(error, http.client.RemoteDisconnected):
        return "the device closed the connection without answering"
    if isinstance(error, ConnectionResetError):
        return "connection reset by the device"
    if isinstance(error, BrokenPipeError):
        return "the device closed the connection while the request was sent"
    if isinstance(error, (ssl.SSLEOFError, ssl.SSLZeroReturnError)):
        return "the device closed the connection during the TLS handshake"
    return error.strerror or type(error).__name__


def translate(exc, device, timeout, during="request"):
    """Map a transport exception to a XerusError; returns (error, no_answer_byte)."""
    chain = causes(exc)
    tls = _tls_error(device, chain)
    if tls is not None:
        return tls, False
    if _is_timeout(chain):
        return XerusTimeoutError(device, f"no answer within {timeout:g} s ({during})"), False
    mid_body = _first(chain, (http.client.IncompleteRead,))
    if mid_body is not None or (_rexc is not None and _first(chain, (_rexc.ChunkedEncodingError,))):
        return XerusConnectionError(device, f"connection dropped in the middle of the answer ({during})"), False
    no_answer = _first(chain, _NO_ANSWER)
    if no_answer is not None:
        return XerusConnectionError(device, f"{describe_oserror(no_answer)} ({during})"), True
    oserror = _innermost_oserror(chain)
    if oserror is not None:
        return XerusConnectionError(device, f"{describe_oserror(oserror)} ({during})"), False
    return XerusConnectionError(device, f"connection failed: {type(exc).__name__} ({during})"), False
