# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A listening TCP socket that can be closed (connections refused) and reopened on the same port."""

import socket
import struct
import threading

from xerus_sim.fleet.start_error import StartError

LINGER_RESET = struct.pack("ii", 1, 0)  # close() sends RST instead of FIN


def reset(sock):
    """Close with an RST, sending nothing else."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
    except OSError:
        pass
    sock.close()


class Listener:
    def __init__(self, host, port, on_connection, name, reject=lambda: False):
        self.host = host
        self.port = port
        self.on_connection = on_connection
        self.reject = reject  # consulted per accepted connection: True = reset it at once
        self.name = name
        self._sock = None
        self._lock = threading.Lock()

    @property
    def is_open(self):
        return self._sock is not None

    def open(self):
        with self._lock:
            if self._sock is not None:
                return
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((self.host, self.port))
            except OSError as error:
                sock.close()
                raise StartError(f"cannot listen on {self.host}:{self.port}: {error.strerror}") from None
            sock.listen(128)
            self.port = sock.getsockname()[1]
            self._sock = sock
            threading.Thread(target=self._accept_loop, args=(sock,), name=f"accept-{self.name}", daemon=True).start()

    def close(self):
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
            except OSError:
                pass
            sock.close()

    def _accept_loop(self, sock):
        while True:
            try:
                conn, address = sock.accept()
            except OSError:
                return
            if self._sock is not sock:
                conn.close()
                return
            if self.reject():
                # in the accept thread, before any byte is read or written: the client's first
                # read or write fails with ECONNRESET, in accept order
                reset(conn)
                continue
            # answers are written as head + body: without NODELAY, Nagle holds the body for the
            # client's delayed ACK (~40 ms per request)
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(
                target=self.on_connection, args=(conn, address), name=f"conn-{self.name}", daemon=True
            ).start()
