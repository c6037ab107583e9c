# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""JSON-RPC client of one Xerus PDU (protocol sections 1, 2, 6.3, 7.1, 12).

No Ansible import: the modules, the inventory plugin, the roles' helpers and
the bench share it.

    with XerusClient("192.0.2.10", username="admin", password="...") as client:
        version = client.call_ret(rids.FIRMWARE, "getVersion", safe=True)
        states = client.read_all([Call(rids.outlet(0), "getState"), Call(rids.outlet(1), "getState")])

Authentication: HTTP Basic with username and password on every request, or a session token
(X-SessionToken) the caller obtained (protocol 1.6). The client opens no session itself.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import itertools
import json
import os
import socket
import ssl
import time
import urllib.parse
import warnings
from dataclasses import dataclass, field
from typing import Any

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.endpoint import check_host, check_port, check_timeout
from ansible_collections.xerus.pdu.plugins.module_utils.errors import (
    XerusAuthError,
    XerusConnectionError,
    XerusError,
    XerusHttpError,
    XerusProtocolError,
    XerusRpcError,
    XerusTimeoutError,
    XerusTLSError,
)
from ansible_collections.xerus.pdu.plugins.module_utils.multipart import MultipartBody, UploadPart
from ansible_collections.xerus.pdu.plugins.module_utils.upload_answer import response_code
from ansible_collections.xerus.pdu.plugins.module_utils.wire_errors import describe_oserror, translate

try:
    import requests
    from urllib3.exceptions import InsecureRequestWarning
except ImportError as _import_error:  # ansible-test import sanity runs without requests
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = _import_error
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

__all__ = [
    "XerusClient",
    "Call",
    "BulkResult",
    "UploadPart",
    "UploadResult",
    "DownloadResult",
    "HAS_REQUESTS",
    "REQUESTS_IMPORT_ERROR",
]

BULK_BATCH = 200  # protocol 2: batch at a few hundred calls
CHUNK = 64 * 1024  # download chunk
RETRY_STATUSES = (408, 429, 500, 502, 503, 504)
BACKOFF_CAP = 8.0
CLIENT_TYPE = "xerus.pdu"
_REQUEST_IDS = itertools.count(1)  # process-wide, like the SDK: ids stay unique across clients


@dataclass
class Call:
    """One JSON-RPC call for bulk(): rid, method, params (None -> {})."""

    rid: str
    method: str
    params: Any = None


@dataclass
class BulkResult:
    call: Call
    ok: bool
    result: dict | None = None
    error: XerusRpcError | None = None
    statcode: int | None = None

    @property
    def ret(self):
        return self.result.get("_ret_") if isinstance(self.result, dict) else None

    @property
    def value(self):
        """``_ret_`` when the result has one, else the result object; raises the entry's error if it failed."""
        self.raise_for_error()
        return self.ret if "_ret_" in self.result else self.result

    def raise_for_error(self):
        if self.error is not None:
            raise self.error
        return self.result


@dataclass
class UploadResult:
    status: int
    headers: dict = field(default_factory=dict)
    text: str = ""
    response_code: int | None = None


@dataclass
class DownloadResult:
    status: int
    headers: dict = field(default_factory=dict)
    path: str | None = None
    content: bytes | None = None
    size: int = 0
    sha256: str = ""


def _handshake_only_context():
    """TLS client context that reads the peer certificate without verifying it (never changed after this)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


# Built at import: the first SSLContext of a process also initialises OpenSSL (about 2 ms). Ansible imports the
# collection before it forks a worker per host and task, so each worker's connections start from an initialised
# library instead of paying for it again.
_HANDSHAKE_ONLY = _handshake_only_context()


def _system_ca_store():
    """The operating system's CA store (OpenSSL's default file or directory), not the certifi bundle.

    requests would use certifi's bundle for ``verify=True``; the documented promise is the system store,
    where company CAs are installed. certifi stays only when the system has no store at all.
    """
    paths = ssl.get_default_verify_paths()
    for candidate, usable in ((paths.cafile, os.path.isfile), (paths.capath, os.path.isdir)):
        if candidate and usable(candidate):
            return candidate
    return True


def _result_object(result):
    """The ``result`` member as an object: a void method's ``null`` and ``{}`` alike become ``{}``;
    a bare value (one vendor example omits ``_ret_``) becomes ``{"_ret_": value}`` (protocol 1.3)."""
    if result is None:
        return {}
    return result if isinstance(result, dict) else {"_ret_": result}


class _NotYet(Exception):
    """wait_until_reachable(): the device answers, but not as expected yet."""


class _OutOfTime(Exception):
    """wait_until_reachable(): the deadline came before the next step of a probe."""


def _presented_certificate(response):
    """DER of the peer certificate on the connection a response came on, while the response is open; None when
    the transport hides it (requests/urllib3 internals: ``raw.connection`` in urllib3 2.x, also ``_connection``
    in 1.26, ``sock`` an ssl.SSLSocket or urllib3's pyOpenSSL wrapper)."""
    try:
        raw = response.raw
        connection = getattr(raw, "connection", None) or getattr(raw, "_connection", None)
        return connection.sock.getpeercert(binary_form=True) or None
    except Exception:  # internals of requests/urllib3 we do not know: the caller handshakes itself
        return None


def _quote_rid(rid):
    path = rid if rid.startswith("/") else "/" + rid
    return urllib.parse.quote(path, safe="/")


class XerusClient:
    """One device, one requests.Session (keep-alive), always with a timeout."""

    def __init__(
        self,
        host,
        port=443,
        username=None,
        password=None,
        token=None,
        validate_certs=True,
        ca_path=None,
        timeout=30,
        retries=3,
        backoff=0.5,
        log=None,
    ):
        if not HAS_REQUESTS:
            raise ImportError("the Python library 'requests' is required") from REQUESTS_IMPORT_ERROR
        # EndpointError (a ValueError) for a host that is not a bare name or IP literal: the URL is built from it
        self.host = check_host(host)
        self.port = check_port(443 if port is None else port)
        self.device = f"{self.host}:{self.port}"
        self.username = username
        self._password = password
        self._token = token or None
        self.validate_certs = bool(validate_certs)
        self.ca_path = ca_path
        self.timeout = check_timeout(30.0 if timeout is None else timeout)
        self.retries = max(0, int(retries))
        self.backoff = max(0.0, float(backoff))
        self._log_target = log
        self._presented_der = None
        self._session = self._new_session()
        self._base_url = f"https://{self._url_host()}:{self.port}"

    # -- set-up ----------------------------------------------------------

    def _url_host(self):
        return f"[{self.host}]" if ":" in self.host else self.host

    def _verify_setting(self):
        if not self.validate_certs:
            warnings.filterwarnings("ignore", category=InsecureRequestWarning)
            return False
        if self.ca_path:
            if not os.path.exists(self.ca_path):
                raise XerusTLSError(self.device, f"CA bundle {self.ca_path} does not exist")
            return self.ca_path
        return _system_ca_store()

    def _new_session(self):
        session = requests.Session()
        # No .netrc, no proxy variables, no REQUESTS_CA_BUNDLE: every request goes straight to host:port.
        # Redirects are never followed (allow_redirects=False), so the credentials cannot be sent elsewhere.
        session.trust_env = False
        session.verify = self._verify_setting()
        session.headers.clear()
        return session

    def __repr__(self):
        auth = "token" if self._token else ("basic" if self.username else "none")
        return f"XerusClient(device={self.device!r}, username={self.username!r}, auth={auth!r})"

    def __enter__(self):
        return self

    def __exit__(self, *_exc_info):
        self.close()
        return False

    def _log(self, message):
        target = self._log_target
        if target is None:
            return
        message = self._scrub(message)
        if hasattr(target, "debug"):
            target.debug(message)
        else:
            target(message)

    def _scrub(self, text):
        for secret in (self._password, self._token):
            if secret:
                text = text.replace(secret, "<redacted>")
        return text

    # -- authentication --------------------------------------------------

    def _auth_headers(self):
        if self._token:
            return {"X-SessionToken": self._token}
        if self.username is not None and self._password is not None:
            raw = f"{self.username}:{self._password}".encode("utf-8")
            return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}
        return {}

    def close(self):
        self._session.close()

    def variant(self, **changes):
        """A new client of the same device with some settings changed (its own connections).

        ``client.variant(username=None, password=None, token=None)`` polls without credentials,
        ``client.with_trust(ca_path)`` verifies against another CA bundle.
        """
        settings = dict(
            host=self.host,
            port=self.port,
            username=self.username,
            password=self._password,
            token=self._token,
            validate_certs=self.validate_certs,
            ca_path=self.ca_path,
            timeout=self.timeout,
            retries=self.retries,
            backoff=self.backoff,
            log=self._log_target,
        )
        settings.update(changes)
        return XerusClient(**settings)

    def with_trust(self, ca_path):
        """A new client of the same device that verifies its certificate against ``ca_path``
        (after a certificate installation, the new chain)."""
        return self.variant(validate_certs=True, ca_path=ca_path)

    @contextlib.contextmanager
    def capped_timeout(self, seconds):
        """Within the block no request waits longer than ``seconds`` (at least 0.1 s): a read while
        waiting for something must not outlast that wait's deadline."""
        saved = self.timeout
        self.timeout = max(0.1, min(saved, seconds))
        try:
            yield self
        finally:
            self.timeout = saved

    def reset_connections(self):
        """Discard pooled connections (after a reboot or a web-server restart)."""
        for adapter in self._session.adapters.values():
            adapter.close()

    # -- transport core ----------------------------------------------------

    def _has_pooled_connection(self):
        try:
            for adapter in self._session.adapters.values():
                for key in list(adapter.poolmanager.pools.keys()):
                    pool = adapter.poolmanager.pools[key]
                    if any(conn is not None for conn in list(pool.pool.queue)):
                        return True
            return False
        except Exception:  # internals of urllib3 changed: assume reuse, the rule is then only one resend
            return True

    def _send_once(self, method, path, headers, data, query, timeout):
        all_headers = {"Accept-Encoding": "identity", "X-Client-Type": CLIENT_TYPE}
        all_headers.update(headers)
        all_headers.update(self._auth_headers())
        started = time.monotonic()
        # Prepared on its own rather than through Session.request(): the session would merge its cookies, hooks,
        # headers and environment settings into every request, and this client uses none of them (trust_env is
        # off, no session headers, no cookies in the protocol). That merge is a good part of requests' CPU cost
        # per request, which every host of a fleet pays. send() still applies the session's verify setting.
        prepared = requests.Request(method, self._base_url + path, headers=all_headers, data=data, params=query)
        response = self._session.send(
            prepared.prepare(), timeout=(timeout, timeout), stream=True, allow_redirects=False
        )
        self._presented_der = _presented_certificate(response)
        self._log(f"{method} {path} -> HTTP {response.status_code} ({(time.monotonic() - started) * 1000:.0f} ms)")
        return response

    def _status_error(self, response, what):
        text = ""
        try:
            text = response.text[:300].strip()
        except Exception:  # body unreadable: the status alone is the message
            text = ""
        if response.status_code == 401:
            how = "session token" if self._token else "username/password"
            return XerusAuthError(self.device, f"authentication failed for {what} (HTTP 401): check the {how}")
        detail = text
        try:
            error = json.loads(text).get("error") if text.startswith("{") else None
            if isinstance(error, dict):
                detail = str(error.get("message", text))
        except ValueError:
            pass
        reason = response.reason or ""
        message = f"HTTP {response.status_code} {reason} for {what}".replace("  ", " ")
        if detail:
            message += f": {self._scrub(detail)}"
        return XerusHttpError(self.device, message, response.status_code, self._scrub(text))

    def _retryable(self, error):
        if isinstance(error, XerusHttpError):
            return error.status in RETRY_STATUSES
        return isinstance(error, XerusConnectionError)

    def _attempt(self, method, path, body_factory, consume, query, timeout, what):
        """One request and its body; returns (value, None) or (None, (error, no_answer, reused))."""
        reused = self._has_pooled_connection()
        data, headers = body_factory() if body_factory else (None, {})
        try:
            response = self._send_once(method, path, headers, data, query, timeout)
        except requests.RequestException as exc:
            error, no_answer = translate(exc, self.device, timeout, what)
            return None, (error, no_answer, reused)
        except OSError as exc:  # the upload file could not be read
            if isinstance(data, MultipartBody):
                data.close()
                raise XerusError(self.device, f"cannot read the upload file: {describe_oserror(exc)}") from None
            raise
        finally:
            if isinstance(data, MultipartBody):
                data.close()
        try:
            if response.status_code != 200:
                return None, (self._status_error(response, what), False, reused)
            return consume(response), None
        except requests.RequestException as exc:
            error, _no_answer = translate(exc, self.device, timeout, what)
            return None, (error, False, reused)
        finally:
            response.close()

    def _request(
        self,
        method,
        path,
        *,
        consume,
        body_factory=None,
        query=None,
        safe=False,
        timeout=None,
        retries=None,
        what="request",
    ):
        timeout = timeout or self.timeout
        retries = self.retries if retries is None else retries
        attempts_left = retries if safe else 0
        stale_resent = False
        first_error = None
        delay = self.backoff
        while True:
            value, failure = self._attempt(method, path, body_factory, consume, query, timeout, what)
            if failure is None:
                return value
            error, no_answer, reused = failure
            if no_answer and reused and not stale_resent:
                # protocol 1.8: a pooled connection that died before any answer byte is stale
                stale_resent = True
                self._log(f"{what}: {error.message}; resending once on a new connection")
                self.reset_connections()
                first_error = error
                continue
            if first_error is not None and isinstance(error, XerusConnectionError):
                error = type(error)(self.device, f"{first_error.message}; resent on a new connection: {error.message}")
            first_error = None
            if attempts_left > 0 and self._retryable(error):
                attempts_left -= 1
                self._log(f"{what}: {error.message}; retrying in {delay:g} s")
                time.sleep(delay)
                delay = min(delay * 2, BACKOFF_CAP)
                self.reset_connections()
                continue
            raise error

    # -- JSON-RPC --------------------------------------------------------

    @staticmethod
    def _envelope(method, params):
        return {
            "jsonrpc": "2.0",
            "method": method,
            "params": {} if params is None else params,
            "id": next(_REQUEST_IDS),
        }

    def _exchange_json(self, rid, envelope, safe, timeout=None, retries=None):
        body = json.dumps(envelope, separators=(",", ":")).encode("utf-8")
        what = f"{envelope['method']} on {rid}"

        def body_factory():
            return body, {"Content-Type": "application/json"}

        def consume(response):
            raw = response.content
            try:
                return json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise XerusProtocolError(self.device, f"{what}: the answer is not JSON") from None

        return self._request(
            "POST",
            _quote_rid(rid),
            consume=consume,
            body_factory=body_factory,
            safe=safe,
            timeout=timeout,
            retries=retries,
            what=what,
        )

    def _result_of(self, answer, request_id, rid, method):
        if not isinstance(answer, dict):
            raise XerusProtocolError(self.device, f"{method} on {rid}: the answer is not a JSON object")
        error = answer.get("error")
        if error is not None:
            raise self._rpc_error(error, rid, method)
        if answer.get("id") != request_id:
            raise XerusProtocolError(
                self.device, f"{method} on {rid}: answer id {answer.get('id')!r} does not match request id {request_id}"
            )
        if "result" not in answer:
            raise XerusProtocolError(self.device, f"{method} on {rid}: the answer has neither result nor error")
        return _result_object(answer["result"])

    def _rpc_error(self, error, rid, method, statcode=None):
        if not isinstance(error, dict):
            return XerusRpcError(self.device, None, str(error), rid, method, statcode=statcode)
        code = error.get("code")
        code = code if isinstance(code, int) else None
        return XerusRpcError(
            self.device,
            code,
            self._scrub(str(error.get("message", ""))),
            rid,
            method,
            data=error.get("data"),
            statcode=statcode,
        )

    def call(self, rid, method, params=None, safe=False, timeout=None, retries=None):
        """One JSON-RPC call; returns the ``result`` object, raises XerusRpcError on ``error``.

        ``timeout`` and ``retries`` replace the client's own for this call.
        """
        envelope = self._envelope(method, params)
        answer = self._exchange_json(rid, envelope, safe, timeout=timeout, retries=retries)
        return self._result_of(answer, envelope["id"], rid, method)

    def call_ret(self, rid, method, params=None, safe=False):
        return self.call(rid, method, params, safe).get("_ret_")

    # -- bulk ------------------------------------------------------------

    def read_all(self, calls):
        """Values of read-only calls in one bulk request (``_ret_`` or the result object, in order);
        raises the error of the first call that failed."""
        return [entry.value for entry in self.bulk(calls, safe=True)]

    def bulk(self, calls, safe=False):
        """Several calls in one /bulk performBulk request per batch; failures stay per entry."""
        calls = list(calls)
        results = []
        for start in range(0, len(calls), BULK_BATCH):
            results.extend(self._bulk_batch(calls[start : start + BULK_BATCH], safe))
        return results

    def _bulk_batch(self, calls, safe):
        envelopes = [self._envelope(call.method, call.params) for call in calls]
        requests_ = [{"rid": call.rid, "json": envelope} for call, envelope in zip(calls, envelopes)]
        result = self.call(rids.BULK, "performBulk", {"requests": requests_}, safe=safe)
        responses = result.get("responses")
        if not isinstance(responses, list) or len(responses) != len(calls):
            count = len(responses) if isinstance(responses, list) else "no"
            raise XerusProtocolError(self.device, f"performBulk answered {count} responses for {len(calls)} requests")
        return [
            self._bulk_entry(call, envelope["id"], response)
            for call, envelope, response in zip(calls, envelopes, responses)
        ]

    def _bulk_entry(self, call, request_id, response):
        def failed(error, statcode=None):
            return BulkResult(call=call, ok=False, error=error, statcode=statcode)

        if not isinstance(response, dict) or not isinstance(response.get("json"), dict):
            return failed(XerusRpcError(self.device, None, "malformed bulk response entry", call.rid, call.method))
        answer, statcode = response["json"], response.get("statcode")
        if answer.get("error") is not None:
            return failed(self._rpc_error(answer["error"], call.rid, call.method, statcode), statcode)
        if statcode != 200:
            return failed(
                XerusRpcError(self.device, None, f"statcode {statcode}", call.rid, call.method, statcode=statcode),
                statcode,
            )
        if answer.get("id") != request_id:
            return failed(
                XerusRpcError(
                    self.device,
                    None,
                    f"answer id {answer.get('id')!r} does not match request id {request_id}",
                    call.rid,
                    call.method,
                    statcode=statcode,
                ),
                statcode,
            )
        if "result" not in answer:
            return failed(
                XerusRpcError(self.device, None, "neither result nor error", call.rid, call.method, statcode=statcode),
                statcode,
            )
        return BulkResult(call=call, ok=True, result=_result_object(answer["result"]), statcode=statcode)

    # -- CGI upload / download ---------------------------------------------

    def upload(self, cgi_path, parts, query=None, safe=False, timeout=None):
        """Streamed multipart POST (protocol 7.1): files are read while they are sent."""
        parts = list(parts)
        MultipartBody(parts).close()  # validates the parts and the files before any request

        def body_factory():
            body = MultipartBody(parts)
            return body, {"Content-Type": body.content_type}

        def consume(response):
            return UploadResult(
                status=response.status_code,
                headers=dict(response.headers),
                text=response.text,
                response_code=response_code(response.headers, response.text),
            )

        return self._request(
            "POST",
            _quote_rid(cgi_path),
            consume=consume,
            body_factory=body_factory,
            query=query,
            safe=safe,
            timeout=timeout,
            what=f"upload to {cgi_path}",
        )

    def download(self, cgi_path, dest=None, query=None, safe=True, timeout=None):
        """Streamed GET; with ``dest`` the body goes to that file chunk by chunk."""

        def consume(response):
            digest, size = hashlib.sha256(), 0
            chunks = []
            with open(dest, "wb") if dest is not None else _MemorySink(chunks) as sink:
                for chunk in response.iter_content(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    sink.write(chunk)
            expected = response.headers.get("Content-Length")
            if expected is not None and expected.isdigit() and int(expected) != size:
                raise XerusConnectionError(
                    self.device, f"download from {cgi_path} cut short ({size} of {expected} bytes)"
                )
            return DownloadResult(
                status=response.status_code,
                headers=dict(response.headers),
                path=dest,
                content=b"".join(chunks) if dest is None else None,
                size=size,
                sha256=digest.hexdigest(),
            )

        return self._request(
            "GET",
            _quote_rid(cgi_path),
            consume=consume,
            query=query,
            safe=safe,
            timeout=timeout,
            what=f"download from {cgi_path}",
        )

    # -- TLS and reachability --------------------------------------------

    def presented_certificate_der(self, timeout=None):
        """DER of the certificate the device presented on the connection of the latest answer.

        No second handshake when a request was made already; peer_certificate_der() when none was, or the
        transport does not expose the socket. For the certificate presented *now* (after an installation),
        use peer_certificate_der()."""
        return self._presented_der or self.peer_certificate_der(timeout)

    def peer_certificate_der(self, timeout=None):
        """DER of the certificate the device presents on a new connection (handshake only, no verification)."""
        timeout = timeout or self.timeout
        try:
            with socket.create_connection((self.host, self.port), timeout=timeout) as raw:
                with _HANDSHAKE_ONLY.wrap_socket(raw, server_hostname=self.host) as tls:
                    return tls.getpeercert(binary_form=True)
        except socket.timeout:
            raise XerusTimeoutError(self.device, f"no TLS handshake within {timeout:g} s") from None
        except (ssl.SSLEOFError, ssl.SSLZeroReturnError, ConnectionError) as exc:
            raise XerusConnectionError(self.device, describe_oserror(exc)) from None
        except ssl.SSLError as exc:
            raise XerusTLSError(self.device, f"TLS handshake failed: {exc.reason or 'unknown reason'}") from None
        except OSError as exc:
            raise XerusConnectionError(self.device, describe_oserror(exc)) from None

    def source_address(self, timeout=None):
        """The local address of a TCP connection to the device: the address the device sees this side as
        (unless a proxy or NAT is in between)."""
        timeout = timeout or self.timeout
        try:
            with socket.create_connection((self.host, self.port), timeout=timeout) as raw:
                return raw.getsockname()[0]
        except socket.timeout:
            raise XerusTimeoutError(self.device, f"no connection within {timeout:g} s") from None
        except OSError as exc:
            raise XerusConnectionError(self.device, describe_oserror(exc)) from None

    def wait_until_reachable(self, timeout, interval=1.0, expect_fingerprint_sha256=None, progress=None):
        """Poll with new connections until the device serves an authenticated call again."""
        started = time.monotonic()
        deadline = started + float(timeout)
        expected = (expect_fingerprint_sha256 or "").replace(":", "").lower() or None
        last = "not tried yet"
        while True:
            self.reset_connections()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise XerusTimeoutError(self.device, f"not reachable again within {float(timeout):g} s (last: {last})")
            try:
                self._probe(expected, deadline)
                return time.monotonic() - started
            except _NotYet as exc:
                last = str(exc)
            except _OutOfTime:
                continue
            except XerusConnectionError as exc:
                last = exc.message
            except XerusHttpError as exc:
                if exc.status not in RETRY_STATUSES:
                    raise
                last = exc.message
            if progress is not None:
                progress(time.monotonic() - started, last)
            time.sleep(max(0.0, min(interval, deadline - time.monotonic())))

    def _probe(self, expected_fingerprint, deadline):
        """Handshake, then an authenticated call, each with what is left until the deadline."""
        der = self.peer_certificate_der(self._time_left(deadline))
        if expected_fingerprint and hashlib.sha256(der).hexdigest() != expected_fingerprint:
            raise _NotYet("the device still presents another certificate")
        self.call(rids.FIRMWARE, "getVersion", safe=False, timeout=self._time_left(deadline), retries=0)

    def _time_left(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _OutOfTime()
        return min(self.timeout, remaining)


class _MemorySink:
    def __init__(self, chunks):
        self.chunks = chunks

    def __enter__(self):
        return self

    def __exit__(self, *_exc_info):
        return False

    def write(self, data):
        self.chunks.append(data)
        return len(data)
