# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""energy.py against the simulator: counters reset (and read back near zero), check mode, missing objects and
counters refused before any reset, request counts."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import energy, outlets, rids
from ansible_collections.xerus.pdu.plugins.module_utils.energy import EnergyError
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError


def _energy(client, rid):
    return client.call_ret(rid, "getReading")["value"]


def _outlet_counter(number):
    return f"{rids.outlet(number - 1)}/activeEnergy"


def test_selection_from_refuses():
    with pytest.raises(XerusInputError, match="option reset: select"):
        energy.selection_from({"pdu": False, "inlets": [], "outlets": []})
    with pytest.raises(XerusInputError, match="option reset.inlets: inlet 0"):
        energy.selection_from({"inlets": [0]})
    with pytest.raises(XerusInputError, match="option reset.outlets: range") as failure:
        energy.selection_from({"outlets": ["5-3"]})
    assert failure.value.option == "reset.outlets"


def test_reset_outlets_and_inlet(sim):
    with sim.client() as client:
        selection = energy.selection_from({"inlets": [1], "outlets": ["1", "2"]})
        mark = sim.mark()
        result = energy.reset(client, selection)
        assert len(sim.requests_since(mark)) == 3  # outlets, sensors, readings + resets
        assert result.changed and [item["counter"] for item in result.counters] == ["inlet 1", "outlet 1", "outlet 2"]
        assert all(item["before"] is not None and item["after"] == 0.0 for item in result.counters)
        assert _energy(client, _outlet_counter(1)) < 1.0 and _energy(client, _outlet_counter(2)) < 1.0


def test_check_mode_resets_nothing(sim):
    with sim.client() as client:
        outlets.apply(client, outlets.parse_selection(["5"]), outlets.OutletRequest(state="on"))
        client.call(_outlet_counter(5), "resetValue")
        before = client.call_ret(_outlet_counter(5), "getLastResetTime")
        result = energy.reset(client, energy.selection_from({"outlets": ["5"]}), check_mode=True)
        assert result.changed and result.counters[0]["counter"] == "outlet 5"
        assert client.call_ret(_outlet_counter(5), "getLastResetTime") == before


def test_missing_objects_and_counters_fail_before_any_reset(sim):
    with sim.client() as client:
        stamp = client.call_ret(_outlet_counter(1), "getLastResetTime")
        with pytest.raises(EnergyError, match="inlet 2 does not exist on this device: it has 1 inlet"):
            energy.reset(client, energy.selection_from({"inlets": [2], "outlets": ["1"]}))
        with pytest.raises(EnergyError, match="option reset.outlets: outlet 99 does not exist"):
            energy.reset(client, energy.selection_from({"outlets": ["1", "99"]}))
        assert client.call_ret(_outlet_counter(1), "getLastResetTime") == stamp


def test_a_counter_that_is_not_accumulating_is_refused():
    answer = type("Answer", (), {"value": {"activeEnergy": {"rid": "/x", "type": "sensors.NumericSensor:4.0.9"}}})
    with pytest.raises(EnergyError, match="cannot be reset on this device .*sensors.NumericSensor"):
        energy._counter("dev", "PDU", answer())


def _opaque_counter(client, number):
    """The counter's rid as the device returns it (the one energy.reset() uses)."""
    return client.call_ret(rids.outlet(number - 1), "getSensors")["activeEnergy"]["rid"]


def test_a_refused_reset_fails_naming_the_counter_and_what_was_reset(sim):
    with sim.client() as client:
        sim.inject(
            "rpc_error", method=f"{_opaque_counter(client, 2)}:resetValue", code=-32000, message="Permission denied"
        )
        with pytest.raises(
            EnergyError, match="refused to reset the energy counter of outlet 2: .*Permission denied"
        ) as failure:
            energy.reset(client, energy.selection_from({"outlets": ["1", "2"]}))
        assert failure.value.changed  # outlet 1 was reset in the same request
        sim.inject(
            "rpc_error", method=f"{_opaque_counter(client, 3)}:resetValue", code=-32000, message="Permission denied"
        )
        with pytest.raises(EnergyError) as only:
            energy.reset(client, energy.selection_from({"outlets": ["3"]}))
        assert not only.value.changed


def test_the_pdu_total_is_reset_or_refused_clearly(sim):
    """A device with a PDU total counter (Pdu.getSensors().activeEnergy) resets it; one without fails naming it."""
    with sim.client() as client:
        total = client.call_ret(rids.PDU, "getSensors")["activeEnergy"]
        if total is None:
            with pytest.raises(EnergyError, match="PDU has no active energy counter on this device; nothing was"):
                energy.reset(client, energy.selection_from({"pdu": True, "outlets": ["1"]}))
            return
        result = energy.reset(client, energy.selection_from({"pdu": True}))
        assert [item["counter"] for item in result.counters] == ["PDU"]
        assert client.call_ret(total["rid"], "getReading")["value"] < 1.0
