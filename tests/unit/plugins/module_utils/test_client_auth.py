# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Authentication of XerusClient: Basic, session login, given token, re-login on 401."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusAuthError


def test_basic_auth(sim):
    with sim.client() as client:
        assert client.call_ret(rids.FIRMWARE, "getVersion")
        with pytest.raises(Exception):
            client.call(rids.SESSION, "getCurrentSession")  # needs a token: -32000 with Basic


def test_wrong_password_is_an_auth_error(sim):
    with sim.client(password="not-the-password", retries=2) as client:
        mark = sim.mark()
        with pytest.raises(XerusAuthError) as caught:
            client.call(rids.FIRMWARE, "getVersion", safe=True)
    assert str(caught.value).startswith(f"{sim.host}:{sim.port}: authentication failed")
    assert len(sim.requests_since(mark)) == 1  # a 401 is not retried


def test_given_token_is_sent_instead_of_basic(sim):
    token = sim.session_token()
    with sim.client(username=None, password=None, token=token) as borrower:
        assert borrower.call_ret(rids.SESSION, "getCurrentSession")["username"] == sim.user
        borrower.close()  # did not log in: must not close the session
    with sim.client(username=None, password=None, token=token) as again:
        assert again.call_ret(rids.SESSION, "getCurrentSession")["username"] == sim.user
