# -*- coding: utf-8 -*-
"""Authentication of XerusClient: Basic, session login, given token, re-login on 401."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusAuthError


def test_basic_auth(sim):
    with sim.client() as client:
        assert client.call_ret(rids.FIRMWARE, "getVersion")
        with pytest.raises(Exception):
            client.call(rids.SESSION, "getCurrentSession")   # needs a token: -32000 with Basic


def test_wrong_password_is_an_auth_error(sim):
    with sim.client(password="not-the-password", retries=2) as client:
        mark = sim.mark()
        with pytest.raises(XerusAuthError) as caught:
            client.call(rids.FIRMWARE, "getVersion", safe=True)
    assert str(caught.value).startswith(f"{sim.host}:{sim.port}: authentication failed")
    assert len(sim.requests_since(mark)) == 1        # a 401 is not retried


def test_session_login_uses_the_token_and_logs_out(sim):
    client = sim.client(session_login=True)
    current = client.call_ret(rids.SESSION, "getCurrentSession")     # only works with a token
    assert current["username"] == sim.user
    token = client._token
    assert token
    client.close()
    with sim.client(username=None, password=None, token=token) as stale:
        with pytest.raises(XerusAuthError):
            stale.call(rids.FIRMWARE, "getVersion")


def test_given_token_is_sent_instead_of_basic(sim):
    with sim.client(session_login=True) as owner:
        owner.call(rids.FIRMWARE, "getVersion")
        with sim.client(username=None, password=None, token=owner._token) as borrower:
            assert borrower.call_ret(rids.SESSION, "getCurrentSession")["username"] == sim.user
            borrower.close()                            # did not log in: must not close the session
        assert owner.call_ret(rids.SESSION, "getCurrentSession")["username"] == sim.user


def test_expired_token_logs_in_again_once(sim):
    with sim.client(session_login=True) as client:
        first = client.call_ret(rids.SESSION, "getCurrentSession")
        with sim.client() as admin:
            assert admin.call(rids.SESSION, "closeSession", {"sessionId": first["sessionId"], "reason": 3}) == {}
        mark = sim.mark()
        second = client.call_ret(rids.SESSION, "getCurrentSession")
        assert second["sessionId"] != first["sessionId"]
        paths = [(entry["path"], entry["status"]) for entry in sim.requests_since(mark)]
        assert paths == [("/session", 401), ("/session", 200), ("/session", 200)]


def test_session_login_with_wrong_password(sim):
    with sim.client(session_login=True, password="nope") as client:
        with pytest.raises(XerusAuthError):
            client.call(rids.FIRMWARE, "getVersion")
