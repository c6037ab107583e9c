# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""event.Engine and logging.EventLog of the simulator: rule matching, threshold states as events, the log's
chunks, persistence across a restart, and rules that fire over the wire."""

import threading
import time

import pytest
from simfixture import Simulator, new_session, result

from xerus_sim.model import event, eventids, eventlog, sensorstates

ENGINE = "/event_engine"


@pytest.mark.parametrize(
    "pattern, event_id, expected",
    [
        (["Outlet", "*", "PowerControl", "**"], ["Outlet", "3", "PowerControl", "On"], True),
        (["Outlet", "*", "PowerControl", "**"], ["Outlet", "3", "PowerControl"], False),
        (
            ["Outlet", "*", "Sensor", "activePower", "*"],
            ["Outlet", "3", "Sensor", "activePower", "AboveUpperWarning"],
            True,
        ),
        (["Outlet", "2", "PowerControl", "On"], ["Outlet", "3", "PowerControl", "On"], False),
        (["UserActivity", "admin", "LoggedIn"], ["UserActivity", None, "LoggedIn"], True),
    ],
)
def test_rule_patterns_match(pattern, event_id, expected):
    assert eventids.matches(pattern, event_id) is expected


class _Sensor:
    def __init__(self, value):
        self.value = value
        self.upper_warning = None

    def getReading(self):
        return {"_ret_": {"value": self.value, "valid": True, "status": {}}}

    def getThresholds(self):
        active = self.upper_warning is not None
        return {"_ret_": {"upperWarningActive": active, "upperWarning": self.upper_warning or 0.0}}


class _Device:
    outlet_count = 2

    def __init__(self, sensor):
        self.state = {}
        self.lock = threading.RLock()
        self.objects = {"/model/pdu/0/outlet/0/current": sensor}

    def now(self):
        return int(time.time())


def _add_rule(device, pattern, match=event.ASSERTED):
    engine = event.engine_state(device)
    engine["actions"].append(
        {
            "id": "Action_001",
            "name": "syslog",
            "isSystem": False,
            "type": "SendSyslogMessage",
            "arguments": [{"key": "SyslogServerName", "value": "192.0.2.5"}],
        }
    )
    engine["rules"].append(
        {
            "id": "Rule_001",
            "name": "current",
            "isSystem": False,
            "isEnabled": True,
            "isAutoRearm": True,
            "hasMatched": False,
            "actionIds": ["Action_001"],
            "arguments": [],
            "condition": {"negate": False, "operation": 0, "matchType": match, "eventId": pattern, "conditions": []},
        }
    )


def test_a_threshold_crossed_and_cleared_delivers_asserted_and_deasserted():
    sensor = _Sensor(1.5)
    device = _Device(sensor)
    _add_rule(device, ["Outlet", "*", "Sensor", "current", "*"], match=event.BOTH)
    sensorstates.evaluate(device)  # the first look takes the states as they are
    sensor.upper_warning = 2.0  # above the reading: nothing happens
    sensorstates.evaluate(device)
    assert [item for item in event.engine_state(device)["notifications"] if item["rule"] == "current"] == []
    sensor.upper_warning = 1.0  # below the reading: asserted
    sensorstates.evaluate(device)
    sensorstates.evaluate(device)  # no change, no second event
    sensor.value = 0.5  # reading falls below: deasserted
    sensorstates.evaluate(device)
    sent = [
        (item["event"], item["asserted"], item["target"])
        for item in event.engine_state(device)["notifications"]
        if item["rule"] == "current"
    ]
    assert sent == [
        ("Outlet.1.Sensor.current.AboveUpperWarning", True, "syslog message to 192.0.2.5:514/udp"),
        ("Outlet.1.Sensor.current.AboveUpperWarning", False, "syslog message to 192.0.2.5:514/udp"),
    ]
    messages = [entry["message"] for entry in eventlog.log_state(device)["entries"]]
    assert (
        "Rule 'current': syslog message to 192.0.2.5:514/udp: Outlet.1.Sensor.current.AboveUpperWarning asserted"
        in messages
    )


def test_without_an_enabled_rule_nothing_is_looked_at():
    sensor = _Sensor(1.5)
    device = _Device(sensor)
    sensor.upper_warning = 1.0
    sensorstates.evaluate(device)
    assert "eventlog" not in device.state and event.engine_state(device)["notifications"] == []


def test_the_log_drops_whole_old_chunks():
    device = _Device(_Sensor(0))
    for number in range(eventlog.MAX_ENTRIES + 5):
        eventlog.append(device, "Test", f"entry {number}")
    log = eventlog.log_state(device)
    assert log["idFirst"] % eventlog.CHUNK_SIZE == 0 and log["idNext"] == eventlog.MAX_ENTRIES + 5
    assert len(log["entries"]) == log["idNext"] - log["idFirst"] <= eventlog.MAX_ENTRIES


def test_actions_rules_and_log_survive_a_restart(tmp_path):
    first = Simulator(state_dir=tmp_path)
    try:
        session = new_session()
        action = {
            "id": "",
            "name": "kept",
            "isSystem": False,
            "type": "SendSyslogMessage",
            "arguments": [{"key": "SyslogServerName", "value": "192.0.2.5"}],
        }
        added = result(session, first, ENGINE, "addAction", {"action": action})
        assert added["_ret_"] == 0
        rule = {
            "id": "",
            "name": "kept-rule",
            "isSystem": False,
            "isEnabled": True,
            "isAutoRearm": True,
            "hasMatched": False,
            "actionIds": [added["actionId"]],
            "arguments": [],
            "condition": {
                "negate": True,
                "operation": 2,
                "matchType": 0,
                "eventId": ["Outlet", "1", "PowerControl", "Off"],
                "conditions": [
                    {
                        "negate": False,
                        "operation": 0,
                        "matchType": 0,
                        "eventId": ["Device", "SystemStartup"],
                        "conditions": [],
                    }
                ],
            },
        }
        assert result(session, first, ENGINE, "addRule", {"rule": rule})["_ret_"] == 0
        assert result(session, first, "/model/pdu/0/outlet/0", "setPowerState", {"pstate": 0})["_ret_"] == 0
    finally:
        assert first.stop() == 0
    second = Simulator(state_dir=tmp_path)
    try:
        session = new_session()
        names = [item["name"] for item in result(session, second, ENGINE, "listActions")["_ret_"]]
        rules = result(session, second, ENGINE, "listRules")["_ret_"]
        rules = [rule for rule in rules if not rule["isSystem"]]
        assert "kept" in names and [rule["name"] for rule in rules] == ["kept-rule"]
        # the firmware ignores negate, operation and sub-conditions: they are not stored
        assert rules[0]["condition"]["conditions"] == [] and rules[0]["condition"]["negate"] is False
        info = result(session, second, "/eventlog", "getInfo")["_ret_"]
        chunk = result(
            session,
            second,
            "/eventlog",
            "getChunk",
            {"refId": info["idFirst"], "count": -1, "direction": 0, "categories": ["Event Rule"]},
        )["_ret_"]
        fired = [entry["message"] for entry in chunk["selEntries"] if entry["message"].startswith("Rule 'kept-rule'")]
        assert fired == ["Rule 'kept-rule': syslog message to 192.0.2.5:514/udp: Outlet.1.PowerControl.Off asserted"]
    finally:
        assert second.stop() == 0


def test_a_login_fires_a_user_activity_rule(tmp_path):
    sim = Simulator(state_dir=tmp_path)
    try:
        session = new_session()
        action = {"id": "", "name": "log", "isSystem": False, "type": "LogEventMessage", "arguments": []}
        action_id = result(session, sim, ENGINE, "addAction", {"action": action})["actionId"]
        rule = {
            "id": "",
            "name": "logins",
            "isSystem": False,
            "isEnabled": True,
            "isAutoRearm": True,
            "hasMatched": False,
            "actionIds": [action_id],
            "arguments": [],
            "condition": {
                "negate": False,
                "operation": 0,
                "matchType": 0,
                "eventId": ["UserActivity", "*", "LoggedIn"],
                "conditions": [],
            },
        }
        assert result(session, sim, ENGINE, "addRule", {"rule": rule})["_ret_"] == 0
        assert result(session, sim, "/session", "newSession")["_ret_"] == 0
        from xerus_sim.fleet import control_client

        sent = control_client.state(sim.control, sim.device["host"])["state"]["event_engine"]["notifications"]
        assert [(item["rule"], item["event"]) for item in sent if item["rule"] == "logins"] == [
            ("logins", "UserActivity.admin.LoggedIn")
        ]
    finally:
        assert sim.stop() == 0
