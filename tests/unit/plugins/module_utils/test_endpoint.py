# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""endpoint.py and the client: a malformed address sends nothing anywhere; no redirect, no proxy; system CA store."""

from __future__ import annotations

import http.server
import json
import socket
import ssl
import threading

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import client as client_module
from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import XerusClient
from ansible_collections.xerus.pdu.plugins.module_utils.endpoint import (
    EndpointError,
    check_host,
    check_port,
    check_timeout,
)
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusHttpError
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule

from conftest import module_args


@pytest.mark.parametrize(
    "given, used",
    [
        ("pdu-a1.example.com", "pdu-a1.example.com"),
        ("pdu_1.local.", "pdu_1.local."),
        ("PDU7", "PDU7"),
        ("192.0.2.10", "192.0.2.10"),
        (" 192.0.2.10 ", "192.0.2.10"),
        ("2001:db8::1", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("fe80::1%eth0", "fe80::1%eth0"),
        ("::1", "::1"),
    ],
)
def test_host_names_and_ip_literals_are_accepted(given, used):
    assert check_host(given) == used


@pytest.mark.parametrize(
    "given, hint",
    [
        ("https://192.0.2.10", "URL scheme"),
        ("http://127.0.0.1:9999/", "URL scheme"),
        ("admin@192.0.2.10", "user info"),
        ("192.0.2.10/rpc", "a path"),
        ("pdu?x=1", "a query"),
        ("pdu#frag", "a fragment"),
        ("127.0.0.1:9999", "carries a port"),
        ("pdu.example.com:8443", "carries a port"),
        ("[2001:db8::1]:443", "not a host name"),
        ("[pdu]", "not an IPv6 address"),
        ("fe80::1%eth0/x", "a path"),
        ("pdu\nx", "control characters"),
        ("pdu a", "white space"),
        ("-pdu", "labels"),
        ("a..b", "labels"),
        ("127.1", "labels"),
        ("x" * 64 + ".com", "labels"),
        ("", "give the host"),
        (None, "give the host"),
        ("a." * 130, "too long"),
    ],
)
def test_anything_else_is_refused_naming_the_option(given, hint):
    with pytest.raises(EndpointError, match=hint) as caught:
        check_host(given)
    assert caught.value.option == "host" and str(caught.value).startswith("option host: ")


@pytest.mark.parametrize("value, port", [(1, 1), (443, 443), ("8443", 8443), (65535, 65535)])
def test_ports(value, port):
    assert check_port(value) == port


@pytest.mark.parametrize("value", [0, -1, 65536, 10**12, "https", True, None, "80x"])
def test_bad_ports(value):
    with pytest.raises(EndpointError, match="option port: .*not a TCP port number"):
        check_port(value)


@pytest.mark.parametrize("value, seconds", [(30, 30.0), ("2.5", 2.5), (600, 600.0), (0.01, 0.01)])
def test_timeouts(value, seconds):
    assert check_timeout(value) == seconds


@pytest.mark.parametrize("value", [0, -1, 601, float("inf"), float("nan"), "soon", None, True, 1e12])
def test_bad_timeouts(value):
    with pytest.raises(EndpointError, match="option timeout: "):
        check_timeout(value)


# -- nothing reaches an address the task did not name --------------------------------------------


class Listener:
    """A TCP listener that records every connection and every byte it receives."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.received = b""
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.settimeout(0.5)
            try:
                self.received += conn.recv(65536)
            except OSError:
                pass
            conn.close()

    def stop(self):
        self.running = False
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    running = Listener()
    yield running
    running.stop()


def run_module(monkeypatch, capsys, args):
    with module_args(args), pytest.raises(SystemExit):
        module = XerusModule(argument_spec={}, supports_check_mode=True)
        with module.errors_to_fail_json(), module.client() as client:
            module.exit_json(changed=False, version=client.call_ret(rids.FIRMWARE, "getVersion", safe=True))
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1:{port}",
        "admin@127.0.0.1:{port}",
        "http://127.0.0.1:{port}/",
        "https://127.0.0.1:{port}/rpc",
        "127.0.0.1:{port}#x",
        "[::1]:{port}",
    ],
)
def test_a_malformed_host_sends_nothing(monkeypatch, capsys, listener, host):
    args = {"host": host.format(port=listener.port), "username": "admin", "password": "Secret-Pass-1", "timeout": 1}
    result = run_module(monkeypatch, capsys, args)
    assert result["failed"] and result["option"] == "host"
    assert result["msg"].startswith("option host: ") and "nothing was sent" in result["msg"]
    assert "Secret-Pass-1" not in json.dumps(result)
    listener.stop()
    assert (listener.connections, listener.received) == (0, b"")


@pytest.mark.parametrize(
    "args, option",
    [
        ({"port": 0}, "port"),
        ({"port": 70000}, "port"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": -3}, "timeout"),
        ({"timeout": 86400}, "timeout"),
    ],
)
def test_bad_port_or_timeout_fails_naming_the_option(monkeypatch, capsys, args, option):
    result = run_module(monkeypatch, capsys, dict(args, host="192.0.2.7", username="admin", password="x"))
    assert result["failed"] and result["option"] == option
    assert result["msg"].startswith(f"192.0.2.7: option {option}: ")


def test_the_client_refuses_a_malformed_host_too():
    with pytest.raises(EndpointError, match="option host"):
        XerusClient("admin@127.0.0.1", username="admin", password="x")


class _Redirector(http.server.BaseHTTPRequestHandler):
    target = ""

    def do_POST(self):  # noqa: N802 - http.server's naming
        self.send_response(307)
        self.send_header("Location", self.target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_redirect_to_another_port_is_not_followed(listener, tmp_path):
    from xerus_sim.http import tlscert

    cert, key = tlscert.ensure_identity(str(tmp_path), "127.0.0.1", "XEM0000001", "PX3-5190R")
    _Redirector.target = f"https://127.0.0.1:{listener.port}/model/firmware"
    server = http.server.HTTPServer(("127.0.0.1", 0), _Redirector)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with XerusClient(
            "127.0.0.1",
            server.server_address[1],
            username="admin",
            password="Secret-Pass-2",
            ca_path=str(cert),
            timeout=3,
        ) as client:
            with pytest.raises(XerusHttpError) as caught:
                client.call(rids.FIRMWARE, "getVersion", safe=True)
    finally:
        server.shutdown()
        server.server_close()
    assert caught.value.status == 307
    listener.stop()
    assert (listener.connections, listener.received) == (0, b"")


def test_proxy_variables_are_ignored(sim, monkeypatch, listener):
    proxy = f"http://127.0.0.1:{listener.port}"
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY"):
        monkeypatch.setenv(name, proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with sim.client() as client:
        assert client.call_ret(rids.FIRMWARE, "getVersion", safe=True)
    listener.stop()
    assert (listener.connections, listener.received) == (0, b"")


def test_validate_certs_without_ca_path_trusts_the_system_store(sim, monkeypatch):
    # OpenSSL's default CA file follows SSL_CERT_FILE: point it at the device's certificate. certifi's bundle
    # (what requests would use) does not hold it, so only the system store can make this call verify.
    monkeypatch.setenv("SSL_CERT_FILE", sim.cert)
    assert client_module._system_ca_store() == sim.cert
    with sim.client(ca_path=None) as client:
        assert client.call_ret(rids.FIRMWARE, "getVersion", safe=True)
