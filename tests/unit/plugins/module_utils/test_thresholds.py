# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""thresholds.py against the simulator (24 outlets, 2 OCPs, 4 external sensors): planning, local checks before
any write, one bulk write, idempotence, check mode, request counts."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import thresholds
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError
from ansible_collections.xerus.pdu.plugins.module_utils.outlets import parse_selection
from ansible_collections.xerus.pdu.plugins.module_utils.thresholds import (
    Level,
    Target,
    ThresholdError,
    ThresholdRequest,
)


def _read(sim, rid):
    with sim.client() as client:
        (value,) = client.read_all([Call(rid, "getThresholds")])
    return value


def _apply(sim, target, request, check_mode=False):
    with sim.client() as client:
        return thresholds.apply(client, target, request, check_mode=check_mode)


def test_outlets_in_one_write_then_unchanged(sim):
    target = Target(outlets=parse_selection(["1-3"]), sensor="current")
    request = ThresholdRequest(levels={"upper_warning": Level(value=7.5)}, deassertion_hysteresis=0.25)
    mark = sim.mark()
    result = _apply(sim, target, request)
    assert result.changed and result.changed_sensors == ["outlet 1", "outlet 2", "outlet 3"]
    assert len(sim.requests_since(mark, "/bulk")) == 3  # selection, thresholds, one write
    for number in range(3):
        stored = _read(sim, f"/model/pdu/0/outlet/{number}/current")
        assert stored["upperWarning"] == 7.5 and stored["upperWarningActive"]
        assert stored["deassertionHysteresis"] == pytest.approx(0.25)
        assert stored["upperCritical"] == 10.0 and stored["upperCriticalActive"]  # untouched field kept
    mark = sim.mark()
    again = _apply(sim, target, request)
    assert not again.changed and len(sim.requests_since(mark, "/bulk")) == 2
    assert again.after[0]["thresholds"]["upper_warning"] == {"enabled": True, "value": 7.5}


def test_check_mode_writes_nothing(sim):
    rid = "/model/pdu/0/outlet/4/current"
    before = _read(sim, rid)
    target = Target(outlets=parse_selection(["5"]), sensor="current")
    result = _apply(sim, target, ThresholdRequest(levels={"upper_warning": Level(value=6.0)}), check_mode=True)
    assert result.changed and result.after[0]["thresholds"]["upper_warning"]["value"] == 6.0
    assert _read(sim, rid) == before


@pytest.mark.parametrize(
    "sensor, levels, option, message",
    [
        ("current", {"upper_warning": Level(value=11.0)}, "upper_critical", "must be above upper_warning"),
        ("current", {"upper_critical": Level(value=25.0)}, "upper_critical", r"outside the range .*0.0..20.0"),
        ("activeEnergy", {"upper_warning": Level(value=5.0)}, "upper_warning", "has no upper warning threshold"),
    ],
)
def test_refused_before_anything_is_written(sim, sensor, levels, option, message):
    rid = f"/model/pdu/0/outlet/6/{sensor}"
    mark = sim.mark()
    before = _read(sim, rid)
    target = Target(outlets=parse_selection(["7"]), sensor=sensor)
    with pytest.raises(ThresholdError, match=message) as caught:
        _apply(sim, target, ThresholdRequest(levels=levels))
    assert caught.value.option == option and not caught.value.changed
    assert len(sim.requests_since(mark, "/bulk")) == 3  # the test's read, then the task's two reads, no write
    assert _read(sim, rid) == before


def test_disable_and_reset_to_default_on_the_inlet(sim):
    rid = "/model/pdu/0/inlet/0/voltage"
    target = Target(inlet=1, sensor="voltage")
    result = _apply(sim, target, ThresholdRequest(levels={"lower_warning": Level(value=None)}))
    assert result.changed and not _read(sim, rid)["lowerWarningActive"]
    result = _apply(sim, target, ThresholdRequest(reset_to_default=True))
    assert result.changed and _read(sim, rid)["lowerWarningActive"]
    assert not _apply(sim, target, ThresholdRequest(reset_to_default=True)).changed


def test_ocp_and_peripheral(sim):
    result = _apply(sim, Target(ocp=2, sensor="current"), ThresholdRequest(levels={"upper_warning": Level(value=12)}))
    assert result.changed_sensors == ["ocp 2"] and _read(sim, "/model/pdu/0/ocp/1/current")["upperWarning"] == 12.0
    result = _apply(sim, Target(peripheral="1"), ThresholdRequest(levels={"upper_critical": Level(value=42)}))
    assert result.changed_sensors == ["peripheral slot 1"]
    assert _read(sim, "/model/peripheraldeviceslot/0/device")["upperCritical"] == 42.0
    with pytest.raises(ThresholdError, match="slot 4 holds no numeric sensor"):
        _apply(sim, Target(peripheral="4"), ThresholdRequest(levels={"upper_critical": Level(value=1)}))


@pytest.mark.parametrize(
    "target, option",
    [
        (Target(inlet=2, sensor="current"), "inlet"),
        (Target(ocp=3, sensor="current"), "ocp"),
        (Target(inlet=1, sensor="noSuchSensor"), "sensor"),
        (Target(peripheral="nobody"), "peripheral"),
    ],
)
def test_what_the_device_does_not_have(sim, target, option):
    with pytest.raises(ThresholdError) as caught:
        _apply(sim, target, ThresholdRequest(levels={"upper_warning": Level(value=1)}))
    assert caught.value.option == option


@pytest.mark.parametrize(
    "target, request_, option",
    [
        (Target(sensor="current"), ThresholdRequest(assertion_timeout=1), "inlet"),
        (Target(inlet=1, ocp=1, sensor="current"), ThresholdRequest(assertion_timeout=1), "inlet"),
        (Target(inlet=1), ThresholdRequest(assertion_timeout=1), "sensor"),
        (Target(peripheral="1", sensor="current"), ThresholdRequest(assertion_timeout=1), "sensor"),
        (Target(inlet=1, sensor="current"), ThresholdRequest(), "reset_to_default"),
        (Target(inlet=1, sensor="current"), ThresholdRequest(assertion_timeout=-1), "assertion_timeout"),
        (Target(inlet=1, sensor="current"), ThresholdRequest(deassertion_hysteresis=-0.5), "deassertion_hysteresis"),
        (Target(inlet=0, sensor="current"), ThresholdRequest(assertion_timeout=1), "inlet"),
        (
            Target(inlet=1, sensor="current"),
            ThresholdRequest(reset_to_default=True, levels={"upper_warning": Level(value=1)}),
            "reset_to_default",
        ),
    ],
)
def test_input_refused_locally(target, request_, option):
    with pytest.raises(XerusInputError) as caught:
        thresholds.validate_request(target, request_)
    assert caught.value.option == option
