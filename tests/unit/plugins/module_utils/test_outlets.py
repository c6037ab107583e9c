# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""outlets.py: selection parsing (pure) and apply() against the simulator (24 outlets), with request counts."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import outlets
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError
from ansible_collections.xerus.pdu.plugins.module_utils.outlets import (
    OutletError,
    OutletRequest,
    parse_selection,
)

PDU = "/model/pdu/0"


@pytest.mark.parametrize(
    "items, ranges, names, every",
    [
        (["1"], ((1, 1),), (), False),
        ([" 3 - 5 ", "4", "1"], ((1, 1), (3, 5)), (), False),
        (["2", "3-4", "6", "5"], ((2, 6),), (), False),
        (["web-1", "db", "web-1"], (), ("web-1", "db"), False),
        (["all", "2"], ((2, 2),), (), True),
    ],
)
def test_parse_selection(items, ranges, names, every):
    selection = parse_selection(items)
    assert (selection.ranges, selection.names, selection.every) == (ranges, names, every)


@pytest.mark.parametrize(
    "items, message",
    [
        ([], "at least one"),
        (["0"], "start at 1"),
        (["5-3"], "not a range"),
        ([" "], "empty entry"),
        (["x" * 201], "entry 1 has 201 characters"),
        ([str(n) for n in range(1, 1002)], "more than 1000"),
        (["1", "web\u20281"], r"entry 2 contains U\+2028 \(LINE SEPARATOR\)"),
    ],
)
def test_parse_selection_refuses(items, message):
    with pytest.raises(XerusInputError, match=message):
        parse_selection(items)


def test_a_huge_range_is_never_expanded():
    selection = parse_selection(["1-999999999999", "5"])
    assert selection.ranges == ((1, 999999999999),)
    assert selection.numbers_up_to(4) == [1, 2, 3, 4]
    assert selection.beyond(24) == "25-999999999999"


@pytest.mark.parametrize(
    "char", ["\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\x00", "\x1b", "\x7f"]
)
def test_a_name_with_a_line_break_or_control_character_is_refused(char):
    with pytest.raises(XerusInputError, match=rf"option name contains U\+{ord(char):04X}"):
        outlets.validate_request(OutletRequest(name=f"web{char}snmp.sys_location=x"))


@pytest.mark.parametrize(
    "request_, message",
    [
        (OutletRequest(cycle_delay=4000), "cycle_delay"),
        (OutletRequest(cycle_delay=-1), "cycle_delay"),
        (OutletRequest(name="x" * 65), "option name"),
        (OutletRequest(state="toggle"), "option state"),
    ],
)
def test_local_validation(request_, message):
    with pytest.raises(XerusInputError, match=message):
        outlets.validate_request(request_)


def test_desired_settings_keep_the_fields_the_task_does_not_set():
    current = {
        "name": "a",
        "startupState": 3,
        "usePduCycleDelay": True,
        "cycleDelay": 10,
        "nonCritical": False,
        "sequenceDelay": 250,
    }
    wanted = outlets._desired_settings(current, OutletRequest(cycle_delay=5, startup_state="off"))
    assert wanted == dict(current, usePduCycleDelay=False, cycleDelay=5, startupState=1)
    back = outlets._desired_settings(wanted, OutletRequest(cycle_delay=0))
    assert back["usePduCycleDelay"] is True and back["cycleDelay"] == 5


# -- against the simulator ------------------------------------------------------


def _apply(sim, items, check_mode=False, **wanted):
    with sim.client() as client:
        mark = sim.mark()
        result = outlets.apply(client, parse_selection(items), OutletRequest(**wanted), check_mode=check_mode)
        return result, len(sim.requests_since(mark))


def _states(sim):
    with sim.client() as client:
        answers = client.bulk([Call(f"{PDU}/outlet/{n}", "getState") for n in range(24)])
    return [outlets.is_on_requested(answer.ret) for answer in answers]


@pytest.mark.parametrize("items, count, reads", [(["5"], 1, 1), (["1-8"], 8, 1), (["all"], 24, 2)])
def test_switching_k_outlets_costs_reads_plus_one_write(sim, items, count, reads):
    _apply(sim, ["all"], state="on", respect_sequence=False)
    result, requests = _apply(sim, items, state="off")
    assert result.changed and len(result.changed_outlets) == count
    assert requests == reads + 1
    result, requests = _apply(sim, items, state="off")
    assert not result.changed and result.changed_outlets == []
    assert requests == reads
    assert sum(not on for on in _states(sim)) == count


@pytest.mark.parametrize("items", [["all"], ["web-9"], ["3", "web-9"]])
def test_names_and_all_read_only_outlets_that_exist_at_the_returned_rids(sim, items):
    _apply(sim, ["9"], name="web-9")
    with sim.client() as client:
        refs = client.call_ret(PDU, "getOutlets")
        mark = sim.mark()
        result = outlets.apply(client, parse_selection(items), OutletRequest(state="on"))
        entries = sim.requests_since(mark)
    assert len(entries) <= 3 and all(entry["status"] == 200 for entry in entries)
    calls = [name for name in _rpc_names(entries) if not name.startswith(PDU + ":")]
    assert len(calls) == 2 * len(refs) == 48
    assert {call.rsplit(":", 1)[0] for call in calls} == {ref["rid"] for ref in refs}
    assert 9 in [item["number"] for item in result.after]


def _rpc_names(entries):
    return [name for entry in entries for name in entry.get("rpc", []) if not name.startswith("/bulk:")]


def test_check_mode_reads_only(sim):
    _apply(sim, ["all"], state="on", respect_sequence=False)
    result, requests = _apply(sim, ["1-3"], check_mode=True, state="off", non_critical=True)
    assert result.changed and result.changed_outlets == [1, 2, 3]
    assert [item["state"] for item in result.after] == ["off"] * 3
    assert requests == 1
    assert all(_states(sim))


def test_settings_and_power_in_one_write(sim):
    _apply(sim, ["all"], state="on", respect_sequence=False)
    result, requests = _apply(sim, ["7"], state="off", name="db-7", startup_state="last_known", cycle_delay=3)
    assert requests == 2
    assert result.after == [
        {
            "number": 7,
            "name": "db-7",
            "state": "off",
            "startup_state": "last_known",
            "cycle_delay": 3,
            "non_critical": False,
        }
    ]
    result, requests = _apply(sim, ["db-7"], state="off", startup_state="last_known", cycle_delay=3)
    assert not result.changed and requests == 2  # names: the outlet list, then every outlet


def test_cycle_always_changes(sim):
    result, requests = _apply(sim, ["2", "4"], state="cycle", respect_sequence=False)
    assert result.changed and result.cycled == [2, 4] and requests == 2
    result, requests = _apply(sim, ["2", "4"], check_mode=True, state="cycle")
    assert result.changed and requests == 1


def test_bad_selections_fail_before_writing(sim):
    with pytest.raises(OutletError, match="outlet 25 does not exist.*24 outlets"):
        _apply(sim, ["1", "25"], state="off")
    with pytest.raises(OutletError, match="no outlet named 'nobody'"):
        _apply(sim, ["nobody"], state="off")
    with pytest.raises(OutletError, match="exactly one outlet"):
        _apply(sim, ["1-2"], name="twins")


@pytest.mark.parametrize("items", [["1-999999999999"], ["1", "30-40"], ["999999999999"]])
def test_a_selection_beyond_the_count_costs_one_read_and_nothing_else(sim, items):
    with pytest.raises(OutletError, match="does not exist on this device: it has 24 outlets"):
        _apply(sim, items, state="off")
    with sim.client() as client:
        mark = sim.mark()
        with pytest.raises(OutletError):
            outlets.apply(client, parse_selection(items), OutletRequest(state="off"))
        assert len(sim.requests_since(mark)) == 1


def test_inhibited_relays_refuse_switching_but_not_a_no_op(sim):
    _apply(sim, ["all"], state="on", respect_sequence=False)
    with sim.client() as client:
        client.call(PDU, "setSettings", {"settings": {"inhibitRelayControl": True}})
    try:
        with pytest.raises(OutletError, match="outlet 1, 2.*relay control is inhibited"):
            _apply(sim, ["1-2"], state="off", name=None, non_critical=True)
        assert all(_states(sim))
        result, _requests = _apply(sim, ["1-2"], state="on")
        assert not result.changed
    finally:
        with sim.client() as client:
            client.call(PDU, "setSettings", {"settings": {"inhibitRelayControl": False}})
