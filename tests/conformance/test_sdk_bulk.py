# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bulk RPC through the SDK's BulkRequestHelper (XERUS-PROTOCOL.md section 2)."""

import pytest
import raritan.rpc
from raritan.rpc import BulkRequestHelper, firmware, pdumodel, perform_bulk

PDU = "/model/pdu/0"
Outlet = pdumodel.Outlet


def outlet(agent, number):
    return Outlet(f"{PDU}/outlet/{number}", agent)


def test_bulk_reads_with_a_missing_outlet_fail_only_that_entry(agent, sim):
    count = sim.device["outlets"]
    helper = BulkRequestHelper(agent)
    for number in range(count):
        helper.add_request(outlet(agent, number).getState)
        helper.add_request(outlet(agent, number).getSettings)
    helper.add_request(outlet(agent, count).getState)
    responses = helper.perform_bulk()

    assert len(agent.exchanges) == 1 and agent.exchanges[0].path == "/bulk"
    assert all(isinstance(r, Outlet.State) for r in responses[0:-1:2])
    assert all(isinstance(r, Outlet.Settings) for r in responses[1:-1:2])
    missing = responses[-1]
    assert isinstance(missing, raritan.rpc.HttpException) and "404" in str(missing)
    raw = agent.exchanges[0].response_json()["result"]["responses"][-1]
    assert raw["statcode"] == 404 and raw["json"]["error"]["code"] == -32601
    assert all(entry["json"]["jsonrpc"] == "2.0" for entry in agent.exchanges[0].response_json()["result"]["responses"])


def test_bulk_raises_the_first_failure_when_asked(agent, sim):
    helper = BulkRequestHelper(agent)
    helper.add_request(firmware.Firmware("/firmware", agent).getVersion)
    helper.add_request(outlet(agent, sim.device["outlets"] + 5).getState)
    with pytest.raises(raritan.rpc.HttpException):
        helper.perform_bulk(raise_subreq_failure=True)
    assert isinstance(helper.responses[0], str)


def test_bulk_writes_apply_in_order(agent):
    target = outlet(agent, 6)
    settings = target.getSettings()
    settings.name = "bulk-7"
    responses = perform_bulk(
        agent,
        [
            (target.setPowerState, [Outlet.PowerState.PS_OFF]),
            (target.setSettings, [settings]),
            (target.getState, []),
            (target.getSettings, []),
        ],
    )
    assert responses[0] == 0 and responses[1] == 0
    assert responses[2].powerState == Outlet.PowerState.PS_OFF
    assert responses[3].name == "bulk-7"
    assert target.setPowerState(Outlet.PowerState.PS_ON) == 0


def test_bulk_multi_outlet_write_and_business_codes(agent):
    pdu = pdumodel.Pdu(PDU, agent)
    responses = perform_bulk(
        agent,
        [
            (pdu.setMultipleOutletPowerStates, [[0, 1], Outlet.PowerState.PS_OFF, False]),
            (pdu.setMultipleOutletPowerStates, [[99], Outlet.PowerState.PS_ON, False]),
            (outlet(agent, 0).getState, []),
        ],
    )
    assert responses[:2] == [0, 1]
    assert responses[2].powerState == Outlet.PowerState.PS_OFF


def test_bulk_sub_request_errors_stay_local(agent):
    helper = BulkRequestHelper(agent)
    helper.add_request(firmware.Firmware("/firmware", agent).getVersion)
    helper.add_request(firmware.Firmware("/nosuch", agent).getVersion)
    responses = helper.perform_bulk()
    assert isinstance(responses[0], str)
    assert isinstance(responses[1], raritan.rpc.HttpException)
