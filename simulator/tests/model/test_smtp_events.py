# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""devsettings.Smtp at /smtp and event.Engine at /event_engine: type ids of both generations, settings kept
across a restart of the simulator, back to defaults after a factory reset, the test mail recorded."""

import pytest
from simfixture import Simulator, new_session, result, wait_for

SMTP, ENGINE, SNMP = "/smtp", "/event_engine", "/snmp"
CONFIG = {
    "host": "mail.example.com",
    "port": 587,
    "useTls": True,
    "allowOffTimeRangeCerts": False,
    "caCertChain": "",
    "sender": "pdu@example.com",
    "useAuth": True,
    "username": "mailer",
    "password": "sim-smtp-secret",
    "retryCount": 3,
    "retryInterval": 5,
}


def _snmp_action(session, sim, index=0):
    actions = result(session, sim, ENGINE, "listActions", index=index)["_ret_"]
    return next(action for action in actions if action["id"] == "SystemSnmpTrapAction")


def _configure(session, sim, index=0):
    assert result(session, sim, SMTP, "setConfiguration", {"cfg": CONFIG}, index=index) == {"_ret_": 0}
    action = _snmp_action(session, sim, index)
    action["arguments"] = [
        dict(entry, value="192.0.2.7:162:sim-trap") if entry["key"] == "SnmpTrapDest1" else entry
        for entry in action["arguments"]
    ]
    assert result(session, sim, ENGINE, "modifyAction", {"action": action}, index=index) == {"_ret_": 0}
    assert result(session, sim, ENGINE, "enableRule", {"ruleId": "SystemSnmpTrapRule"}, index=index) == {"_ret_": 0}


def _configuration_when_up(sim):
    """The SMTP configuration, or None while the device reboots (refused or answered with an HTTP error)."""
    try:
        return result(new_session(), sim, SMTP, "getConfiguration")["_ret_"]
    except AssertionError:
        return None


def _dest1(session, sim, index=0):
    return next(
        entry["value"] for entry in _snmp_action(session, sim, index)["arguments"] if entry["key"] == "SnmpTrapDest1"
    )


@pytest.mark.parametrize("index, generation", [(0, "4.4"), (1, "4.0")])
def test_both_generations_serve_the_same_versions(tmp_path, index, generation):
    sim = Simulator("--fleet", "2", "--fw-generation", "4.4,4.0", state_dir=tmp_path)
    try:
        session = new_session()
        assert sim.devices[index]["generation"] == generation
        for rid, type_id in (
            (SMTP, "devsettings.Smtp:2.0.0"),
            (ENGINE, "event.Engine:1.0.1"),
            (SNMP, "devsettings.Snmp:1.0.2"),
        ):
            assert result(session, sim, rid, "getTypeInfo", index=index)["_ret_"]["id"] == type_id
        _configure(session, sim, index)
        assert result(session, sim, SMTP, "getConfiguration", index=index)["_ret_"]["host"] == "mail.example.com"
    finally:
        assert sim.stop() == 0


def test_settings_survive_a_restart_and_a_factory_reset_clears_them(tmp_path):
    sim = Simulator(state_dir=tmp_path)
    try:
        session = new_session()
        _configure(session, sim)
        answer = result(
            session,
            sim,
            SMTP,
            "testConfiguration",
            {"cfg": dict(CONFIG, password=""), "recipients": ["noc@example.com"]},
        )
        assert answer["_ret_"]["status"] == 0
    finally:
        assert sim.stop() == 0
    sim = Simulator(state_dir=tmp_path)
    try:
        session = new_session()
        read = result(session, sim, SMTP, "getConfiguration")["_ret_"]
        assert read == dict(CONFIG, password="")
        assert _dest1(session, sim) == "192.0.2.7:162:sim-trap"
        rules = result(session, sim, ENGINE, "listRules")["_ret_"]
        assert next(rule for rule in rules if rule["id"] == "SystemSnmpTrapRule")["isEnabled"]
        # the stored password survived too: a test without one still authenticates
        answer = result(
            session,
            sim,
            SMTP,
            "testConfiguration",
            {"cfg": dict(CONFIG, password=""), "recipients": ["noc@example.com"]},
        )
        assert answer["_ret_"]["status"] == 0
        assert result(session, sim, "/firmware", "factoryReset") is None
        reset = wait_for(lambda: _configuration_when_up(sim))
        assert reset["host"] == "" and reset["port"] == 25
        assert _dest1(session, sim) == ""
    finally:
        assert sim.stop() == 0
