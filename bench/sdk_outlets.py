# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vendor SDK switching outlets 1..k of one PDU the way a script does: naive proxies, or its bulk helper."""

import raritan.rpc
from raritan.rpc import pdumodel
from simfleet import PASSWORD, USER


def agent_for(host, port=8443):
    # The SDK takes no CA file; certificate checks off (the bench's modules verify against the CA bundle).
    return raritan.rpc.Agent(
        "https", f"{host}:{port}", USER, PASSWORD, disable_certificate_verification=True, timeout=30
    )


def _target(state):
    return pdumodel.Outlet.PowerState.PS_ON if state == "on" else pdumodel.Outlet.PowerState.PS_OFF


def switch_naive(host, k, state):
    """getOutlets, then per outlet getState and, when it differs, setPowerState."""
    target = _target(state)
    outlets = pdumodel.Pdu("/model/pdu/0", agent_for(host)).getOutlets()[:k]
    for outlet in outlets:
        if outlet.getState().powerState != target:
            outlet.setPowerState(target)


def switch_bulk(host, k, state):
    """getOutlets, one bulk of getState, one bulk of setPowerState for the outlets that differ."""
    target = _target(state)
    agent = agent_for(host)
    outlets = pdumodel.Pdu("/model/pdu/0", agent).getOutlets()[:k]
    reads = raritan.rpc.BulkRequestHelper(agent, raise_subreq_failure=True)
    for outlet in outlets:
        reads.add_request(outlet.getState)
    states = reads.perform_bulk()
    writes = raritan.rpc.BulkRequestHelper(agent, raise_subreq_failure=True)
    for outlet, current in zip(outlets, states):
        if current.powerState != target:
            writes.add_request(outlet.setPowerState, target)
    if writes.requests:
        writes.perform_bulk()
