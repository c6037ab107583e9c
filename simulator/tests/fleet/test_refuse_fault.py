# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The refuse fault as a client sees it: counted = reset before any byte, unlimited = refused; neither
leaves an old keep-alive connection serving."""

import base64
import http.client
import socket
import ssl

import pytest
import requests
from fault_fixtures import clean_faults, sim  # noqa: F401  (fixtures)
from simfixture import AUTH, new_session, result

from xerus_sim.fleet import control_client

AUTHORIZATION = "Basic " + base64.b64encode(f"{AUTH[0]}:{AUTH[1]}".encode()).decode()


def _connection(sim):
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    connection = http.client.HTTPSConnection(sim.device["host"], sim.device["port"], context=context, timeout=5)
    connection.auto_open = 0  # never reconnect silently: a dropped connection must show
    connection.connect()
    return connection


def _answered(connection):
    """True when a request on this (kept-alive) connection got a full 200 answer."""
    try:
        connection.request(
            "POST",
            "/firmware",
            body=b'{"method": "getVersion", "params": {}, "id": 1}',
            headers={"Authorization": AUTHORIZATION, "Content-Type": "application/json"},
        )
        response = connection.getresponse()
        return response.status == 200 and b"_ret_" in response.read()
    except (OSError, http.client.HTTPException):
        return False


def test_counted_refuse_resets_every_attempt_before_any_byte(sim):
    control_client.inject(sim.control, sim.device["host"], "refuse", count=3)
    for _ in range(3):
        with pytest.raises(ConnectionResetError):  # at connect() or at the first read/write
            with socket.create_connection((sim.device["host"], sim.device["port"]), timeout=5) as raw:
                raw.sendall(b"\x16\x03\x01\x00\x00")
                raw.recv(16)
    assert _answered(_connection(sim))


def test_counted_refuse_reaches_a_client_with_a_kept_alive_connection(sim):
    session = new_session()
    assert result(session, sim, "/firmware", "getVersion")["_ret_"]
    control_client.inject(sim.control, sim.device["host"], "refuse", count=1)
    with pytest.raises(requests.ConnectionError):
        session.post(sim.url("/firmware"), json={"method": "getVersion", "id": 2}, verify=False, timeout=5)
    assert result(session, sim, "/firmware", "getVersion")["_ret_"]


def test_unlimited_refuse_refuses_and_drops_kept_alive_connections(sim):
    old = _connection(sim)
    assert _answered(old) and _answered(old)
    control_client.inject(sim.control, sim.device["host"], "refuse")
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((sim.device["host"], sim.device["port"]), timeout=5).close()
    assert not _answered(old)
    old.close()
    control_client.clear(sim.control, sim.device["host"])
    assert _answered(_connection(sim))
