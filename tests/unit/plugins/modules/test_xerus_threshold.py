# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_threshold's glue: target and request from the options, and a whole run against the simulator."""

from __future__ import annotations

import json

from ansible_collections.xerus.pdu.plugins.module_utils.thresholds import Level
from ansible_collections.xerus.pdu.plugins.modules import xerus_threshold

from conftest import run_module

LEVELS = {
    "lower_critical": None,
    "lower_warning": {"value": None, "enabled": None},
    "upper_warning": {"value": 8.0, "enabled": None},
    "upper_critical": {"value": 12.0, "enabled": False},
}


def _args(sim, **options):
    return dict(host=sim.host, port=sim.port, username=sim.user, password=sim.password, ca_path=sim.cert, **options)


def test_request_from_options():
    request = xerus_threshold.request_of(
        dict(LEVELS, assertion_timeout=2, deassertion_hysteresis=0.5, reset_to_default=False)
    )
    assert request.levels == {
        "lower_warning": Level(),
        "upper_warning": Level(value=8.0),
        "upper_critical": Level(value=12.0, enabled=False),
    }
    assert not request.levels["lower_warning"].active and not request.levels["upper_critical"].active
    assert request.levels["upper_warning"].active and request.deassertion_hysteresis == 0.5


def test_run_with_diff_and_the_hysteresis_alias(sim, capsys, no_xerus_env):
    args = _args(
        sim,
        outlets=["9", "10"],
        sensor="active_power",
        upper_warning={"value": 1500},
        hysteresis=15,
        _ansible_diff=True,
    )
    result = json.loads(run_module(xerus_threshold, args, capsys))
    assert result["changed"] and result["changed_sensors"] == ["outlet 9", "outlet 10"]
    assert result["diff"]["before"]["outlet 9 active_power"]["upper_warning"]["enabled"] is False
    assert result["diff"]["after"]["outlet 9 active_power"]["upper_warning"] == {"enabled": True, "value": 1500.0}
    assert result["sensors"][1]["thresholds"]["deassertion_hysteresis"] == 15.0
    again = json.loads(run_module(xerus_threshold, args, capsys))
    assert not again["changed"]


def test_two_objects_fail_before_connecting(sim, capsys, no_xerus_env):
    args = _args(sim, inlet=1, ocp=1, sensor="current", upper_warning={"value": 5})
    result = json.loads(run_module(xerus_threshold, args, capsys))
    assert result["failed"] and "mutually exclusive" in result["msg"]
