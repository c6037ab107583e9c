# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One HTTP request on a device: faults, flashing window, auth, routing to JSON-RPC or CGI."""

import base64
import re
import time
import urllib.parse

from xerus_sim.config import pending
from xerus_sim.http import cgi, httpio
from xerus_sim.model import lifecycle, security
from xerus_sim.rpc import context, jsonrpc, registry

RPC_BODY_LIMIT = 16 * 1024 * 1024
PROGRESS_CGI = "/cgi-bin/fwupdate_progress.cgi"
INDEX_HTML = b"<html><head><title>Xerus PDU</title></head><body>Xerus PDU</body></html>\n"


class Exchange:
    """Bookkeeping of one request: counters for the access log and the faults that apply to its answer."""

    def __init__(self, server, connection, request, scheme):
        self.server = server
        self.device = server.device
        self.connection = connection
        self.request = request
        self.scheme = scheme
        # The vendor's 4.0.20 bindings join base URL and rid with a slash ("https://pdu//model/pdu/0"); the
        # device's web server treats repeated slashes as one.
        self.path = re.sub(r"/{2,}", "/", urllib.parse.unquote(request.raw_path)) or "/"
        self.bytes_in = 0
        self.bytes_out = 0
        self.status = 0
        self.drop_mid_body = False
        self.truncate = False
        self.ctx = context.RequestContext(
            remote_ip=connection.remote_ip, client_type=request.headers.get("X-Client-Type") or "HTTP"
        )

    def count_in(self, size):
        self.bytes_in += size

    def body_reader(self):
        request = self.request
        if request.chunked:
            return httpio.ChunkedReader(self.connection.rfile, self.count_in)
        length = request.content_length()
        if length is None:
            return httpio.EmptyReader()
        return httpio.LengthReader(self.connection.rfile, length, self.count_in)

    def respond(self, status, headers, body=b"", close=False):
        """Write the answer; True when the connection must be closed afterwards."""
        self.status = status
        length = body if isinstance(body, int) else None
        if length is None:
            length = cgi.CgiResponse(status, headers, body).body_length()
        close = close or self.request.wants_close
        head = httpio.head_bytes(status, headers, length, close)
        limit = None
        if self.drop_mid_body or self.truncate:
            limit = length // 2
        wfile = self.connection.wfile
        wfile.write(head)
        self.bytes_out += len(head)
        if self.request.method != "HEAD":
            self.bytes_out += httpio.send_body(wfile, body, limit)
        if limit is not None:
            self.connection.drop()
            return True
        return close

    def text(self, status, text, headers=None, close=False):
        all_headers = {"Content-Type": "text/plain"}
        all_headers.update(headers or {})
        return self.respond(status, all_headers, text.encode(), close)

    def json(self, status, envelope, close=False):
        return self.respond(status, {"Content-Type": "application/json"}, jsonrpc.encode(envelope), close)


def handle(server, connection, request, scheme):
    """Serve one request; True when the connection must be closed."""
    exchange = Exchange(server, connection, request, scheme)
    token = context.current.set(exchange.ctx)
    try:
        close = _handle(exchange)
    except httpio.BadRequest:
        close = exchange.text(400, "Bad Request\n", close=True)
    finally:
        context.current.reset(token)
        server.access_log.write(
            server.device.host,
            request.method,
            exchange.path,
            exchange.ctx.rpc_names,
            exchange.status,
            exchange.bytes_in,
            exchange.bytes_out,
        )
    return close


def _handle(exchange):
    if exchange.scheme == "http":
        return _redirect(exchange)
    device = exchange.device
    # A restore whose delay elapsed is in effect for every reader, not only for getStatus polls.
    pending.settle_all(device)
    faults = device.faults
    if faults.take("reboot_mid_call"):
        # Down first (listener closed, phase set), so a resend after the drop is refused, never answered.
        lifecycle.reboot(device)
        exchange.connection.drop()
        return True
    if device.phase == "flashing" and exchange.path != PROGRESS_CGI:
        return _discard_then(exchange, lambda: exchange.text(503, "Service Unavailable: firmware update in progress\n"))
    delay = faults.take("delay")
    if delay:
        time.sleep(min(float(delay["seconds"]), 600))
    injected = faults.take("http_status", lambda entry: entry.get("path", exchange.path) == exchange.path)
    if injected:
        return _discard_then(
            exchange, lambda: exchange.text(injected["status"], f"Injected HTTP {injected['status']}\n")
        )
    exchange.drop_mid_body = bool(faults.take("drop_mid_body"))
    if exchange.request.method in ("GET", "HEAD") and exchange.path in ("/", "/index.html"):
        return exchange.respond(200, {"Content-Type": "text/html"}, INDEX_HTML)
    # protocol 7.3: the progress CGI answers without credentials and ignores credentials that are sent
    if exchange.path != PROGRESS_CGI and not _authenticate(exchange):
        return _discard_then(
            exchange, lambda: exchange.text(401, "Unauthorized\n", {"WWW-Authenticate": 'Basic realm="Xerus"'})
        )
    return _route(exchange)


def _discard_then(exchange, answer):
    """Answer without using the body, reading it away first so the connection stays usable."""
    reader = exchange.body_reader()
    if not httpio.drain(reader, RPC_BODY_LIMIT):
        answer()
        return True
    return answer()


SESSION_PARAMETER = "session"


def _query_token(exchange):
    """`?session=<token>` on a CGI, as the vendor's demo scripts upload (protocol 1.6, CGI credentials)."""
    if not exchange.path.startswith("/cgi-bin/"):
        return None
    return dict(urllib.parse.parse_qsl(exchange.request.query or "")).get(SESSION_PARAMETER)


def _cgi_query(query):
    """The query a CGI sees: `session=<token>` carries credentials (consumed by _authenticate), not an option,
    so a CGI that takes no query still accepts it (protocol 1.6, captures/auth.json)."""
    kept = [item for item in (query or "").split("&") if item and item.partition("=")[0] != SESSION_PARAMETER]
    return "&".join(kept)


def _authenticate(exchange):
    headers = exchange.request.headers
    device = exchange.device
    token = headers.get("X-SessionToken")
    if token is None and not headers.get("Authorization"):
        token = _query_token(exchange)
    if token is not None:
        session = device.sessions.authenticate(token)
        if session is None:
            return False
        exchange.ctx.session = session
        exchange.ctx.username = session.username
        return True
    authorization = headers.get("Authorization") or ""
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        user, _, password = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError):
        return False
    if not security.login_allowed(device, user):
        return False
    succeeded = device.check_credentials(user, password)
    security.record_login(device, user, succeeded)
    if not succeeded:
        return False
    exchange.ctx.username = user
    return True


def _route(exchange):
    device = exchange.device
    method = exchange.request.method
    path = exchange.path
    if device.find_object(path) is not None:
        if method != "POST":
            return _discard_then(exchange, lambda: exchange.text(405, "Method Not Allowed\n", {"Allow": "POST"}))
        return _json_rpc(exchange)
    handlers = registry.cgi_handlers()
    methods = sorted(m for (m, p) in handlers if p == path)
    if methods:
        if method not in methods:
            allow = ", ".join(methods)
            return _discard_then(exchange, lambda: exchange.text(405, "Method Not Allowed\n", {"Allow": allow}))
        return _cgi(exchange, handlers[(method, path)])
    if method == "POST" and not path.startswith("/cgi-bin/"):
        return _json_rpc(exchange)
    return _discard_then(exchange, lambda: exchange.text(404, "Not Found\n"))


def _json_rpc(exchange):
    request = exchange.request
    if not request.chunked and request.content_length() is None:
        return exchange.text(400, "Bad Request: Content-Length required\n", close=True)
    length = request.content_length()
    if length is not None and length > RPC_BODY_LIMIT:
        return exchange.text(400, "Bad Request: body too large\n", close=True)
    body = httpio.read_all(exchange.body_reader(), RPC_BODY_LIMIT)
    status, envelope = jsonrpc.handle_body(exchange.device, exchange.path, body)
    return exchange.json(status, envelope)


def _cgi(exchange, function):
    request = exchange.request
    if request.method == "POST" and not request.chunked and request.content_length() is None:
        return exchange.text(411, "Length Required\n", close=True)
    reader = exchange.body_reader()
    cgi_request = cgi.CgiRequest(
        request.method,
        exchange.path,
        _cgi_query(request.query),
        request.headers,
        request.content_length(),
        reader,
        exchange.connection.remote_ip,
    )
    exchange.ctx.rpc_names.append(f"cgi:{exchange.path}")
    try:
        response = function(exchange.device, cgi_request)
    except httpio.ClientGone:
        exchange.connection.drop()
        return True
    if not httpio.drain(reader):
        response.headers = dict(response.headers)
        return exchange.respond(response.status, response.headers, response.body, close=True)
    if request.method == "GET" and response.status == 200:
        exchange.truncate = bool(exchange.device.faults.take("truncate_download"))
    return exchange.respond(response.status, response.headers, response.body)


def _redirect(exchange):
    """Plain HTTP: 302 to the same path on HTTPS, body read and discarded."""
    host = (exchange.request.headers.get("Host") or exchange.device.host).rsplit(":", 1)[0]
    port = exchange.device.port
    location = f"https://{host}{'' if port == 443 else f':{port}'}{exchange.request.target}"
    html = f'<html><body>Moved to <a href="{location}">{location}</a></body></html>\n'
    return _discard_then(
        exchange, lambda: exchange.respond(302, {"Location": location, "Content-Type": "text/html"}, html.encode())
    )
