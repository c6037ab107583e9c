# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-device HTTPS (and optional plain HTTP) server: connections, TLS, keep-alive, drops."""

import socket
import ssl
import threading

from xerus_sim.http import handler, httpio, tlscert
from xerus_sim.http.listener import LINGER_RESET, Listener
from xerus_sim.model import security

IDLE_TIMEOUT = 45  # seconds an idle keep-alive connection stays open
IO_TIMEOUT = 120  # seconds a started request may stall


class Connection:
    def __init__(self, sock, remote_ip):
        self.sock = sock
        self.remote_ip = remote_ip
        self.rfile = sock.makefile("rb", buffering=65536)
        self.wfile = sock.makefile("wb", buffering=0)

    def drop(self):
        """Close abruptly: no answer, no Connection: close."""
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
        except OSError:
            pass
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def close(self):
        for item in (self.rfile, self.wfile, self.sock):
            try:
                item.close()
            except OSError:
                pass


class DeviceServer:
    def __init__(self, device, access_log, workdir, issuer=None, factory_key=None):
        """factory_key: PEM of the key a new device's factory certificate is made for (default a new key)."""
        self.device = device
        self.access_log = access_log
        self.workdir = workdir
        self._connections = set()
        self._lock = threading.Lock()
        self.cert_path, self.key_path = tlscert.ensure_identity(
            device.state_dir, device.host, device.serial, device.model, issuer, factory_key
        )
        self.context = tlscert.server_context(self.cert_path, self.key_path)
        self.https = Listener(device.host, device.port, self._serve_tls, f"{device.host}:https", self._take_refusal)
        self.http = None
        if device.http_port:
            self.http = Listener(
                device.host, device.http_port, self._serve_plain, f"{device.host}:http", self._take_refusal
            )
        device.server = self
        device.faults.on_change = self._faults_changed

    # -- lifecycle ------------------------------------------------------
    def open(self):
        if self.device.faults.active("refuse") and self._refuse_forever():
            return
        self.https.open()
        self.device.port = self.https.port
        if self.http:
            self.http.open()
            self.device.http_port = self.http.port

    def close(self):
        self.https.close()
        if self.http:
            self.http.close()

    def drop_all(self):
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            connection.drop()

    def reload_certificate(self):
        self.context = tlscert.server_context(self.cert_path, self.key_path)

    def _refuse_forever(self):
        return any(entry["fault"] == "refuse" and entry["count"] is None for entry in self.device.faults.describe())

    def _take_refusal(self):
        return self.device.faults.take("refuse") is not None

    def _faults_changed(self, armed=None):
        if self.device.phase != "up":
            return
        if self._refuse_forever():
            self.close()
        elif not self.https.is_open:
            self.open()
        if armed == "refuse":
            # a refusing device serves no old keep-alive connection either: the next request of
            # every client needs a new connection and meets the refusal
            self.drop_all()

    # -- connections ----------------------------------------------------
    def _track(self, connection, add):
        with self._lock:
            (self._connections.add if add else self._connections.discard)(connection)

    def _serve_tls(self, sock, address):
        if security.refuses(self.device, address[0]):
            sock.close()
            return
        context = self.context
        if self.device.faults.take("wrong_cert"):
            context = tlscert.wrong_context(self.workdir)
        sock.settimeout(15)
        try:
            tls_sock = context.wrap_socket(sock, server_side=True)
        except (OSError, ssl.SSLError):
            sock.close()
            return
        self._serve(Connection(tls_sock, address[0]), "https")

    def _serve_plain(self, sock, address):
        if security.refuses(self.device, address[0]):
            sock.close()
            return
        self._serve(Connection(sock, address[0]), "http")

    def _serve(self, connection, scheme):
        self._track(connection, True)
        if self.device.phase in ("rebooting", "restarting"):
            # accepted just before the listener closed: the device is down, it serves nothing more
            connection.drop()
        try:
            while True:
                connection.sock.settimeout(IDLE_TIMEOUT)
                try:
                    request = httpio.read_request(connection.rfile)
                except (OSError, httpio.BadRequest):
                    return
                if request is None:
                    return
                connection.sock.settimeout(IO_TIMEOUT)
                if handler.handle(self, connection, request, scheme):
                    return
        except (OSError, ssl.SSLError, httpio.ClientGone):
            return
        finally:
            self._track(connection, False)
            connection.close()
