# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The comparison itself can fail: a real SDK exchange against deliberately altered recordings."""

import copy
import json

import pytest
from compare import exchange_differences, outcome_differences
from raritan.rpc import firmware, pdumodel
from simproc import CAPTURES


def recorded_step(area, sdk_call):
    steps = json.loads((CAPTURES / f"{area}.json").read_text())["steps"]
    return next(step for step in steps if step["sdk_call"] == sdk_call)


@pytest.fixture
def version_exchange(agent):
    firmware.Firmware("/firmware", agent).getVersion()
    return agent.exchanges[-1]


@pytest.fixture
def recorded():
    return recorded_step("device", "Firmware('/firmware').getVersion()")["exchanges"][0]


def test_unaltered_recording_matches(version_exchange, recorded):
    assert exchange_differences(recorded, version_exchange) == []


def test_value_type_change_is_reported(version_exchange, recorded):
    altered = copy.deepcopy(recorded)
    altered["response"]["body"]["json"]["result"]["_ret_"] = 4
    assert any("$.result._ret_: recorded int" in line for line in exchange_differences(altered, version_exchange))


def test_missing_and_extra_keys_are_reported(version_exchange, recorded):
    altered = copy.deepcopy(recorded)
    altered["response"]["body"]["json"]["result"]["extra"] = True
    del altered["response"]["body"]["json"]["jsonrpc"]
    problems = exchange_differences(altered, version_exchange)
    assert any("missing keys ['extra']" in line for line in problems)
    assert any("unexpected keys ['jsonrpc']" in line for line in problems)


def test_header_status_and_request_differences_are_reported(version_exchange, recorded):
    altered = copy.deepcopy(recorded)
    altered["response"]["status"] = 401
    altered["response"]["headers"].append('WWW-Authenticate: Basic realm="Xerus"')
    altered["request"]["headers"].append("X-Extra: 1")
    altered["request"]["body"]["json"]["params"] = {"x": 1}
    problems = "\n".join(exchange_differences(altered, version_exchange))
    for fragment in ("status: recorded 401", "WWW-Authenticate", "request header names", "request JSON"):
        assert fragment in problems


def test_business_codes_and_raises_are_compared(agent):
    pdu = pdumodel.Pdu("/model/pdu/0", agent)
    code = pdu.setMultipleOutletPowerStates([99], pdumodel.Outlet.PowerState.PS_ON, False)
    assert outcome_differences({"returned": 1}, ("returned", code)) == []
    assert outcome_differences({"returned": 0}, ("returned", code))
    assert outcome_differences({"raised": {"exception": "raritan.rpc.HttpException"}}, ("returned", code))
    state = pdumodel.Outlet("/model/pdu/0/outlet/0", agent).getState().powerState
    assert outcome_differences({"returned": ["pdumodel.Outlet.PowerState.PS_OFF"]}, ("returned", [state])) == (
        [] if state.val == 0 else [f"SDK returned[0]: recorded pdumodel.Outlet.PowerState.PS_OFF, got {state}"]
    )


def test_a_lost_connection_is_one_event_but_a_refused_one_is_another():
    from types import SimpleNamespace

    from compare import response_differences

    recorded = {"error": "SSLEOFError: EOF occurred in violation of protocol"}
    assert response_differences(recorded, SimpleNamespace(error="RemoteDisconnected", status=None)) == []
    assert response_differences(recorded, SimpleNamespace(error="ConnectionRefusedError", status=None)) == [
        "socket error: recorded SSLEOFError, got ConnectionRefusedError"
    ]
