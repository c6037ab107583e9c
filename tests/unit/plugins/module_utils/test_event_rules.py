# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""event_ids.py (pure) and event_rules.py against the simulator: create, idempotence, change, exclusive,
check mode, unknown events and actions, and rules that fire when an outlet is switched."""

from __future__ import annotations

import time

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import event_actions, event_ids, event_rules, outlets, rids
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError
from ansible_collections.xerus.pdu.plugins.module_utils.event_actions import ActionRequest
from ansible_collections.xerus.pdu.plugins.module_utils.event_rules import EventRuleError

POWER_ON = "Outlet.*.PowerControl.On"


def outlet_settle_seconds():
    from xerus_sim.model import switching

    return switching.RELAY_SETTLE + 0.1


@pytest.mark.parametrize(
    "entry, components",
    [
        ("Outlet.*.Sensor.activePower.*", ["Outlet", "*", "Sensor", "activePower", "*"]),
        ("Outlet.*.PowerControl.**", ["Outlet", "*", "PowerControl", "**"]),
        (["UserActivity", "john.doe", "LoggedIn"], ["UserActivity", "john.doe", "LoggedIn"]),
    ],
)
def test_event_ids_parse(entry, components):
    assert event_ids.parse(entry) == components


@pytest.mark.parametrize(
    "entry, message",
    [
        ("Outlet", "1 components"),
        ("Outlet..On", "component 2 is empty"),
        ("Outlet.**.On", r"\*\* selects a subtree"),
        ("Outlet.1*.On", "mixes \\* with text"),
        ("Outlet.1\n.On", "contains"),
        (5, "neither a dotted event id"),
    ],
)
def test_event_ids_refused(entry, message):
    with pytest.raises(XerusInputError, match=message):
        event_ids.parse(entry)


def test_a_rule_holds_one_event():
    with pytest.raises(XerusInputError, match="has 2 event ids; a device rule holds exactly one"):
        event_rules.spec_from({"name": "r", "events": [POWER_ON, "Device.SystemStartup"], "actions": ["a"]}, "events")


def _rule(name, event=POWER_ON, actions=("syslog-rules",), **fields):
    return event_rules.spec_from(dict(name=name, events=[event], actions=list(actions), **fields), option="events")


def _rules(client):
    """The user rules (the device's system rules stay out)."""
    return {rule["name"]: rule for rule in client.call_ret(rids.EVENT_ENGINE, "listRules") if not rule["isSystem"]}


@pytest.fixture
def engine(sim):
    with sim.client() as client:
        event_actions.apply(client, ActionRequest(name="syslog-rules", type="syslog", spec={"server": "192.0.2.9"}))
        event_actions.apply(client, ActionRequest(name="log-rules", type="log", spec={"text": "seen"}))
        yield client
        event_rules.apply(client, [], exclusive=True)


def test_create_change_idempotent(sim, engine):
    time.sleep(0.1)  # the fixture's last request is in the access log
    mark = sim.mark()
    result = event_rules.apply(engine, [_rule("r1")])
    assert result.changed and result.changed_rules == ["r1"] and len(sim.requests_since(mark)) == 2
    stored = _rules(engine)["r1"]
    assert stored["condition"]["eventId"] == ["Outlet", "*", "PowerControl", "On"] and stored["isEnabled"]
    assert not event_rules.apply(engine, [_rule("r1")]).changed
    changed = event_rules.apply(engine, [_rule("r1", actions=("log-rules", "syslog-rules"), enabled=False)])
    assert changed.changed and changed.before["r1"]["actions"] == ["syslog-rules"]
    assert changed.after["r1"]["enabled"] is False and _rules(engine)["r1"]["id"] == stored["id"]
    assert not event_rules.apply(engine, [_rule("r1", actions=("syslog-rules", "log-rules"), enabled=False)]).changed


def test_check_mode_and_exclusive(engine):
    event_rules.apply(engine, [_rule("keep"), _rule("extra")])
    planned = event_rules.apply(engine, [_rule("keep")], exclusive=True, check_mode=True)
    assert planned.changed and planned.changed_rules == ["extra"] and planned.after["extra"] is None
    assert set(_rules(engine)) == {"keep", "extra"}
    event_rules.apply(engine, [_rule("keep")], exclusive=True)
    assert set(_rules(engine)) == {"keep"}


def test_unknown_event_and_action_are_refused(engine):
    with pytest.raises(EventRuleError, match=r"code 3\).*Outlet.99.PowerControl.On.*option events") as failure:
        event_rules.apply(engine, [_rule("bad", event="Outlet.99.PowerControl.On")])
    assert failure.value.option == "events" and "bad" not in _rules(engine)
    with pytest.raises(XerusInputError, match="no event action named 'nope'"):
        event_rules.apply(engine, [_rule("bad", actions=("nope",))])
    with pytest.raises(XerusInputError, match="listed twice"):
        event_rules.apply(engine, [_rule("twice"), _rule("twice")])


def _notifications(sim):
    from xerus_sim.fleet import control_client

    return control_client.state(sim.control, sim.host)["state"]["event_engine"]["notifications"]


def _eventlog_messages(client):
    info = client.call_ret("/eventlog", "getInfo")
    chunk = client.call_ret(
        "/eventlog", "getChunk", {"refId": max(0, info["idNext"] - 30), "count": -1, "direction": 0, "categories": []}
    )
    return [entry["message"] for entry in chunk["selEntries"]]


def test_a_rule_fires_when_an_outlet_is_switched(sim, engine):
    outlets.apply(engine, outlets.parse_selection(["2"]), outlets.OutletRequest(state="off"))
    event_rules.apply(engine, [_rule("on-to-syslog", event="Outlet.2.PowerControl.On")])
    outlets.apply(engine, outlets.parse_selection(["2"]), outlets.OutletRequest(state="on", respect_sequence=False))
    time.sleep(outlet_settle_seconds())  # a switch-on is queued until its relay settled
    outlets.apply(engine, outlets.parse_selection(["3"]), outlets.OutletRequest(state="off"))
    fired = [entry for entry in _notifications(sim) if entry["rule"] == "on-to-syslog"]
    assert [(entry["event"], entry["target"]) for entry in fired] == [
        ("Outlet.2.PowerControl.On", "syslog message to 192.0.2.9:514/udp")
    ]
    assert "Rule 'on-to-syslog': syslog message to 192.0.2.9:514/udp: Outlet.2.PowerControl.On asserted" in (
        _eventlog_messages(engine)
    )


def test_a_disabled_rule_does_not_fire(sim, engine):
    event_rules.apply(engine, [_rule("quiet", event="Outlet.4.PowerControl.Off", enabled=False)])
    outlets.apply(engine, outlets.parse_selection(["4"]), outlets.OutletRequest(state="off"))
    assert not [entry for entry in _notifications(sim) if entry["rule"] == "quiet"]
