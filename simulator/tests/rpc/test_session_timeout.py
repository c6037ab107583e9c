# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""--session-timeout: a token idle longer than the timeout gets 401; activity keeps it alive."""

import time

import pytest
import requests
from simfixture import Simulator, new_session, result

TIMEOUT = 1.0


@pytest.fixture(scope="module")
def sim():
    simulator = Simulator("--session-timeout", str(TIMEOUT))
    yield simulator
    assert simulator.stop() == 0


def _by_token(token):
    session = requests.Session()
    session.headers["X-SessionToken"] = token
    return session


def _status(sim, token):
    return (
        _by_token(token)
        .post(sim.url("/firmware"), json={"method": "getVersion", "id": 1}, verify=False, timeout=10)
        .status_code
    )


def test_idle_session_expires_after_the_configured_timeout(sim):
    opened = result(new_session(), sim, "/session", "newSession")
    assert opened["session"]["timeout"] == 1
    token = opened["token"]
    for _ in range(3):  # activity within the timeout keeps it alive
        time.sleep(TIMEOUT * 0.5)
        assert _status(sim, token) == 200
    time.sleep(TIMEOUT + 0.3)
    assert _status(sim, token) == 401
    assert _status(sim, result(new_session(), sim, "/session", "newSession")["token"]) == 200
