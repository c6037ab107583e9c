# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_peripheral's glue: a whole run against the simulator, diff keyed by slot, check mode."""

from __future__ import annotations

import json

from ansible_collections.xerus.pdu.plugins.modules import xerus_peripheral

from conftest import run_module


def _args(sim, **options):
    return dict(host=sim.host, port=sim.port, username=sim.user, password=sim.password, ca_path=sim.cert, **options)


def test_check_mode_then_run_then_unchanged(sim, capsys, no_xerus_env):
    args = _args(sim, slot=3, name="humidity-top", position={"x": "B", "y": None, "z": "40"}, _ansible_diff=True)
    planned = json.loads(run_module(xerus_peripheral, dict(args, _ansible_check_mode=True), capsys))
    assert planned["changed"] and planned["slots"][0]["name"] == "humidity-top"
    assert planned["diff"]["before"]["slot 3"]["name"] == ""
    result = json.loads(run_module(xerus_peripheral, args, capsys))
    assert result["changed"] and result["changed_slots"] == [3]
    assert result["diff"]["after"]["slot 3"] == {
        "name": "humidity-top",
        "description": "",
        "position": {"x": "B", "y": "", "z": "40"},
    }
    assert not json.loads(run_module(xerus_peripheral, args, capsys))["changed"]


def test_slot_and_serial_together_fail(sim, capsys, no_xerus_env):
    result = json.loads(run_module(xerus_peripheral, _args(sim, slot=1, serial="x", name="a"), capsys))
    assert result["failed"] and "mutually exclusive" in result["msg"]
