# -*- coding: utf-8 -*-
"""Sessions expire when idle (protocol 1.6): the client logs in again before using a token the device
has dropped, and once when a token is refused; void results (null) are accepted."""

from __future__ import annotations

import time

import pytest

from conftest import start_simulator

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call

SESSION_TIMEOUT = 3


@pytest.fixture(scope="module")
def short_sessions(tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("sim"), "--session-timeout", str(SESSION_TIMEOUT))
    yield simulator
    simulator.stop()


def test_the_session_timeout_comes_from_new_session(short_sessions):
    with short_sessions.client(session_login=True) as client:
        client.call(rids.FIRMWARE, "getVersion")
        assert client._session_timeout == SESSION_TIMEOUT


def test_an_idle_session_is_replaced_before_use(short_sessions):
    sim = short_sessions
    with sim.client(session_login=True) as client:
        first = client.call_ret(rids.SESSION, "getCurrentSession")
        time.sleep(SESSION_TIMEOUT - 1.5)            # past timeout minus the client's margin
        mark = sim.mark()
        second = client.call_ret(rids.SESSION, "getCurrentSession")
        statuses = [(entry["path"], entry["status"]) for entry in sim.requests_since(mark)]
    assert second["sessionId"] != first["sessionId"]
    assert statuses == [("/session", 200), ("/session", 200)]     # newSession, then the call: no 401


def test_an_active_session_is_kept(short_sessions):
    with short_sessions.client(session_login=True) as client:
        first = client.call_ret(rids.SESSION, "getCurrentSession")
        assert client.call_ret(rids.SESSION, "getCurrentSession")["sessionId"] == first["sessionId"]


def test_closing_an_expired_session_sends_nothing(short_sessions):
    sim = short_sessions
    client = sim.client(session_login=True)
    client.call(rids.FIRMWARE, "getVersion")
    time.sleep(SESSION_TIMEOUT - 1.5)
    mark = sim.mark()
    client.close()
    assert sim.requests_since(mark) == []


def test_void_results_null_are_empty_objects(short_sessions):
    with short_sessions.client() as client:
        assert client.call(rids.PDU, "cancelOutletSequence") == {}
        entry, = client.bulk([Call(rids.PDU, "cancelOutletSequence")])
        assert entry.ok and entry.result == {} and entry.ret is None
