# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reboots: reboot_mid_call ordering (the device is down before the client sees the drop)."""

import socket
import ssl

import pytest
from simfixture import AUTH, Simulator, new_session, result, wait_for

from xerus_sim.fleet import control_client

ROUNDS = 20


@pytest.fixture(scope="module")
def sim():
    simulator = Simulator("--reboot-seconds", "0.15")
    yield simulator
    assert simulator.stop() == 0


def _tls_context():
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return context


def _request(sim):
    body = b'{"method": "getVersion", "params": {}, "id": 1}'
    import base64

    auth = base64.b64encode(f"{AUTH[0]}:{AUTH[1]}".encode()).decode()
    return (
        f"POST /firmware HTTP/1.1\r\nHost: {sim.device['host']}\r\nAuthorization: Basic {auth}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def _open(sim):
    raw = socket.create_connection((sim.device["host"], sim.device["port"]), timeout=5)
    return _tls_context().wrap_socket(raw)


def _quick_reconnect_is_accepted(sim):
    """True when a connection opened right after the drop was accepted (the listener was still open)."""
    try:
        socket.create_connection((sim.device["host"], sim.device["port"]), timeout=5).close()
    except ConnectionRefusedError:
        return False
    return True


def test_reboot_mid_call_is_down_before_the_drop_is_seen(sim):
    host = sim.device["host"]
    answered = 0
    for _ in range(ROUNDS):
        wait_for(lambda: control_client.state(sim.control, host)["phase"] == "up", timeout=10, interval=0.05)
        tls = _open(sim)  # connected and handshaken before the fault is armed
        control_client.inject(sim.control, host, "reboot_mid_call", count=1)
        with tls:
            tls.sendall(_request(sim))
            try:
                assert tls.recv(64) == b""
            except OSError:
                pass
        answered += _quick_reconnect_is_accepted(sim)
    assert answered == 0, f"{answered} of {ROUNDS} immediate reconnects were accepted by a device that reboots"
    wait_for(lambda: control_client.state(sim.control, host)["phase"] == "up", timeout=10, interval=0.05)


def _outlet_settings(startup_state):
    return {
        "name": "",
        "startupState": startup_state,
        "usePduCycleDelay": True,
        "cycleDelay": 10,
        "nonCritical": False,
        "sequenceDelay": 0,
    }


def test_startup_states_applied_at_reboot(sim):
    host = sim.device["host"]
    session = new_session()
    outlet = "/model/pdu/0/outlet/{}".format
    # 0 SS_ON (off now), 1 SS_OFF (on now), 2 SS_LASTKNOWN (on), 3 SS_LASTKNOWN (off), 4.. SS_PDUDEF
    for number, startup_state in ((0, 0), (1, 1), (2, 2), (3, 2)):
        assert (
            result(session, sim, outlet(number), "setSettings", {"settings": _outlet_settings(startup_state)})["_ret_"]
            == 0
        )
    for number, pstate in ((0, 0), (1, 1), (2, 1), (3, 0), (4, 0), (5, 1)):
        assert result(session, sim, outlet(number), "setPowerState", {"pstate": pstate})["_ret_"] == 0
    assert result(session, sim, "/model/pdu/0", "setSettings", {"settings": {"startupState": 0}})["_ret_"] == 0
    result(session, sim, "/firmware", "reboot")
    wait_for(lambda: control_client.state(sim.control, host)["phase"] != "up", timeout=5, interval=0.02)
    wait_for(lambda: control_client.state(sim.control, host)["phase"] == "up", timeout=10, interval=0.05)
    session = new_session()
    states = [result(session, sim, outlet(n), "getState")["_ret_"]["powerState"] for n in range(8)]
    assert states == [1, 0, 1, 0, 1, 1, 1, 1]  # PDU SS_ON for 4..7
    assert result(session, sim, "/model/pdu/0", "setSettings", {"settings": {"startupState": 1}})["_ret_"] == 0
    result(session, sim, "/firmware", "reboot")
    wait_for(lambda: control_client.state(sim.control, host)["phase"] != "up", timeout=5, interval=0.02)
    wait_for(lambda: control_client.state(sim.control, host)["phase"] == "up", timeout=10, interval=0.05)
    session = new_session()
    states = [result(session, sim, outlet(n), "getState")["_ret_"]["powerState"] for n in range(8)]
    assert states == [1, 0, 1, 0, 0, 0, 0, 0]  # PDU SS_OFF for 4..7
    assert result(session, sim, "/model/pdu/0", "setSettings", {"settings": {"startupState": 2}})["_ret_"] == 0
