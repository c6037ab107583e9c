# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Protocol 1.8 stale-connection rule, against a tiny local HTTPS server that drops on cue.

The simulator closes idle connections only after 30-60 s, so this transport-level
behaviour is tested with a server that closes a kept-alive connection on its
second request without answering.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils.client import XerusClient
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusConnectionError


class DroppingServer:
    """Answers JSON-RPC with {"_ret_": 0}; drops without answer per `drop(index_on_connection)`."""

    def __init__(self, cert, key, drop):
        self.drop = drop
        self.requests = 0
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                raw, _address = self.listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._serve, args=(raw,), daemon=True).start()

    def _serve(self, raw):
        try:
            with self.context.wrap_socket(raw, server_side=True) as tls:
                tls.settimeout(5)
                reader = tls.makefile("rb")
                index = 0
                while True:
                    body = self._read_request(reader)
                    if body is None:
                        return
                    self.requests += 1
                    if self.drop(index):
                        return
                    index += 1
                    answer = json.dumps(
                        {"jsonrpc": "2.0", "result": {"_ret_": 0}, "id": json.loads(body)["id"]}
                    ).encode()
                    tls.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        b"Content-Length: %d\r\n\r\n%s" % (len(answer), answer)
                    )
        except (OSError, ssl.SSLError, ValueError):
            return

    @staticmethod
    def _read_request(reader):
        length = None
        line = reader.readline()
        if not line:
            return None
        while True:
            line = reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _sep, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        return reader.read(length or 0)

    def close(self):
        self.running = False
        self.thread.join(2)
        self.listener.close()


@pytest.fixture
def identity(tmp_path):
    from xerus_sim import tlscert

    cert, key = tlscert.ensure_identity(str(tmp_path), "127.0.0.1", "XEM0000777", "PX3-5190R")
    return str(cert), str(key)


def _client(server, identity):
    return XerusClient(
        "127.0.0.1", server.port, "admin", "secret", ca_path=identity[0], timeout=5, retries=3, backoff=0.01
    )


def test_stale_pooled_connection_is_resent_once_even_when_unsafe(identity):
    server = DroppingServer(*identity, drop=lambda index: index == 1)
    try:
        with _client(server, identity) as client:
            assert client.call_ret("/model/pdu/0", "getMetaData") == 0
            assert client.call_ret("/model/pdu/0/outlet/0", "setPowerState", {"pstate": 1}) == 0
        assert server.requests == 3
    finally:
        server.close()


def test_fresh_connection_dying_is_not_resent_when_unsafe(identity):
    server = DroppingServer(*identity, drop=lambda index: True)
    try:
        with _client(server, identity) as client:
            with pytest.raises(XerusConnectionError) as caught:
                client.call("/model/pdu/0/outlet/0", "setPowerState", {"pstate": 1})
        assert "without answering" in str(caught.value)
        assert server.requests == 1
    finally:
        server.close()


def test_fresh_connection_dying_is_retried_when_safe(identity):
    server = DroppingServer(*identity, drop=lambda index: True)
    try:
        with _client(server, identity) as client:
            with pytest.raises(XerusConnectionError):
                client.call("/model/pdu/0", "getMetaData", safe=True)
        assert server.requests == 4  # 1 + retries
    finally:
        server.close()
