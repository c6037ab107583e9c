# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No password, token or secret query value in reprs, exception texts or log lines."""

from __future__ import annotations

import socket
import traceback

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import XerusClient
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError

PASSWORD = "s3cr3t-Pa55word"
QUERY_SECRET = "query-Secret-99"


def _texts(error):
    return [str(error), repr(error), "".join(traceback.format_exception(error))]


def _assert_clean(texts, *secrets):
    for text in texts:
        for secret in secrets:
            assert secret not in text, text


def test_repr_has_no_secret(sim):
    client = sim.client(password=PASSWORD, token="tok-" + PASSWORD)
    _assert_clean([repr(client), str(client)], PASSWORD)
    client.close()


def test_failures_and_logs_have_no_password(sim):
    lines = []
    errors = []
    with sim.client(password=PASSWORD, log=lines.append, retries=1) as client:
        for fault, params in (
            ("http_status", {"status": 500}),
            ("delay", {"seconds": 2}),
            ("drop_mid_body", {}),
            ("rpc_error", {"method": "getVersion"}),
        ):
            sim.inject(fault, count=1, **params)
            client.timeout = 1
            try:
                client.call(rids.FIRMWARE, "getVersion")
            except XerusError as exc:
                errors.append(exc)
        try:
            client.call(rids.FIRMWARE, "getVersion", safe=True)
        except XerusError as exc:  # wrong password: 401
            errors.append(exc)
    assert len(errors) == 5
    assert lines
    _assert_clean(lines, PASSWORD)
    for error in errors:
        _assert_clean(_texts(error), PASSWORD)


def test_session_token_never_shown(sim):
    lines = []
    token = sim.session_token()
    with sim.client(username=None, password=None, token=token, log=lines.append) as client:
        client.call(rids.FIRMWARE, "getVersion")
        sim.inject("http_status", count=1, status=503, path=rids.FIRMWARE)
        with pytest.raises(XerusError) as caught:
            client.call(rids.FIRMWARE, "getVersion")
    _assert_clean(lines + _texts(caught.value) + [repr(client)], token, sim.password)


def test_query_values_stay_out_of_errors_and_logs(sim):
    lines = []
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = XerusClient("127.0.0.1", port, "admin", PASSWORD, validate_certs=False, retries=0, log=lines.append)
    with pytest.raises(XerusError) as refused:
        client.download(rids.BULKCFG_SAVE_CGI, query={"bulk_config_password": QUERY_SECRET})
    with sim.client(log=lines.append, retries=0) as device:
        sim.inject("http_status", count=1, status=500)
        with pytest.raises(XerusError) as failed:
            device.download(rids.BULKCFG_SAVE_CGI, query={"bulk_config_password": QUERY_SECRET})
    _assert_clean(lines + _texts(refused.value) + _texts(failed.value), QUERY_SECRET, PASSWORD)
