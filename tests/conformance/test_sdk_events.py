# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SDK drives the simulator's event engine, event log and energy counters on both firmware generations.

event.Engine at /event_engine (EventEngine.idl), logging.EventLog at /eventlog (EventLog.idl, Log.idl),
sensors.AccumulatingNumericSensor.resetValue: every method through the SDK's proxies, whose decoders check
types and fields; invalid inputs come back with the IDL's return codes (or -32602 where the IDL has none).
"""

import time

import pytest
import raritan.rpc
from raritan.rpc import event, logging, pdumodel, sensors
from simproc import Simulator, make_agent

ENGINE = "/event_engine"
Condition = event.Engine.Condition


@pytest.fixture(scope="module")
def fleet():
    simulator = Simulator("--fw-generation", "4.4,4.0", fleet=2, outlets=4)
    yield simulator
    simulator.stop()


@pytest.fixture(params=[0, 1], ids=["fw4.4", "fw4.0"])
def device(request, fleet):
    return fleet.devices[request.param]


@pytest.fixture
def agent(device):
    return make_agent(f"{device['host']}:{device['port']}")


def _syslog(name, server="192.0.2.5"):
    return event.Engine.Action(
        id="",
        name=name,
        isSystem=False,
        type="SendSyslogMessage",
        arguments=[event.KeyValue("SyslogServerName", server), event.KeyValue("SyslogServerPort", "514")],
    )


def _rule(name, event_id, action_ids, enabled=True, rearm=True):
    condition = Condition(
        negate=False,
        operation=Condition.Op.AND,
        matchType=Condition.MatchType.ASSERTED,
        eventId=event_id,
        conditions=[],
    )
    return event.Engine.Rule(
        id="",
        name=name,
        isSystem=False,
        isEnabled=enabled,
        isAutoRearm=rearm,
        hasMatched=False,
        condition=condition,
        actionIds=action_ids,
        arguments=[],
    )


def _log_messages(agent):
    log = logging.EventLog("/eventlog", agent)
    info = log.getInfo()
    messages, start = [], info.idFirst
    while True:
        chunk = log.getChunk(start, -1, logging.RangeDirection.FORWARD, [])
        assert chunk.logCreationTime == info.creationTime
        messages += [entry.message for entry in chunk.selEntries]
        if chunk.allEntryCnt == 0:
            return messages
        start = chunk.idFirst + chunk.allEntryCnt


def test_actions_add_modify_delete_with_codes(agent):
    engine = event.Engine(ENGINE, agent)
    assert "SendSyslogMessage" in engine.listActionTypes()
    ret, action_id = engine.addAction(_syslog("sdk-syslog"))
    assert ret == 0 and action_id
    assert engine.addAction(_syslog("sdk-syslog"))[0] == 1  # name exists
    stored = next(action for action in engine.listActions() if action.id == action_id)
    assert (stored.name, stored.type, stored.isSystem) == ("sdk-syslog", "SendSyslogMessage", False)
    stored.arguments = [event.KeyValue("SyslogServerName", "192.0.2.6")]
    assert engine.modifyAction(stored) == 0
    renamed = _syslog("sdk-other")
    assert engine.addAction(renamed)[0] == 0
    stored.name = "sdk-other"
    assert engine.modifyAction(stored) == 1  # another action has the name
    stored.id = "Action_999"
    assert engine.modifyAction(stored) == 2  # no such id
    system = next(action for action in engine.listActions() if action.isSystem)
    assert engine.deleteAction(system.id) == 2
    assert engine.deleteAction("Action_999") == 1
    assert engine.deleteAction(action_id) == 0
    assert action_id not in [action.id for action in engine.listActions()]


def test_invalid_actions_are_refused(agent):
    engine = event.Engine(ENGINE, agent)
    unknown_type = event.Engine.Action(id="", name="x", isSystem=False, type="TeleportPdu", arguments=[])
    with pytest.raises(raritan.rpc.JsonRpcErrorException, match="code = -32602"):
        engine.addAction(unknown_type)
    no_server = event.Engine.Action(id="", name="x", isSystem=False, type="SendSyslogMessage", arguments=[])
    with pytest.raises(raritan.rpc.JsonRpcErrorException, match="code = -32602"):
        engine.addAction(no_server)
    assert engine.testAction(unknown_type, [])[0] == 2
    assert engine.triggerAction("Action_999", [])[0] == 1


def test_rules_with_codes(agent):
    engine = event.Engine(ENGINE, agent)
    _ret, action_id = engine.addAction(_syslog("sdk-rule-action"))
    ret, rule_id = engine.addRule(_rule("sdk-rule", ["Outlet", "*", "PowerControl", "**"], [action_id]))
    assert ret == 0 and rule_id
    assert engine.addRule(_rule("sdk-rule", ["Outlet", "1", "PowerControl", "On"], [action_id]))[0] == 1
    assert engine.addRule(_rule("sdk-bad", ["Outlet", "99", "PowerControl", "On"], [action_id]))[0] == 3
    assert engine.addRule(_rule("sdk-bad", ["Outlet", "**", "PowerControl"], [action_id]))[0] == 3
    assert engine.addRule(_rule("sdk-bad", ["Outlet", "1", "PowerControl", "On"], [action_id] * 33))[0] == 5
    with pytest.raises(raritan.rpc.JsonRpcErrorException, match="code = -32602"):
        engine.addRule(_rule("sdk-bad", ["Outlet", "1", "PowerControl", "On"], ["Action_999"]))
    stored = next(rule for rule in engine.listRules() if rule.id == rule_id)
    assert stored.condition.eventId == ["Outlet", "*", "PowerControl", "**"] and stored.isEnabled
    assert engine.deleteAction(action_id) == 2  # in use by the rule
    stored.condition.eventId = ["Outlet", "1", "Sensor", "current", "AboveUpperWarning"]
    assert engine.modifyRule(stored) == 0
    stored.condition.eventId = ["Nowhere", "*"]
    assert engine.modifyRule(stored) == 3
    stored.id = "Rule_999"
    assert engine.modifyRule(stored) == 2
    assert (engine.disableRule(rule_id), engine.rearmRule(rule_id), engine.enableRule(rule_id)) == (0, 2, 0)
    assert (engine.enableRule("Rule_999"), engine.disableRule("Rule_999"), engine.rearmRule("Rule_999")) == (1, 1, 1)
    assert engine.deleteRule(rule_id) == 0 and engine.deleteRule(rule_id) == 1
    assert engine.deleteAction(action_id) == 0


def test_event_descriptors(agent):
    engine = event.Engine(ENGINE, agent)
    ret, top = engine.listEventDescs([])
    assert ret == 0 and {"Device", "UserActivity", "Outlet", "Inlet"} <= {desc.idComp for desc in top}
    ret, power = engine.listEventDescs(["Outlet", "1", "PowerControl"])
    assert ret == 0 and {desc.idComp for desc in power} == {"On", "Off"}
    assert all(desc.eventDescType == event.Engine.EventDesc.Type.LEAF for desc in power)
    ret, users = engine.listEventDescs(["UserActivity"])
    assert users[0].eventDescType == event.Engine.EventDesc.Type.DYN_NODE
    assert engine.listEventDescs(["Nowhere"])[0] == 1


def test_rules_fire_on_switching_and_delivered_events(agent, device):
    engine = event.Engine(ENGINE, agent)
    server = f"192.0.2.{device['port'] % 200}"
    _ret, action_id = engine.addAction(_syslog("sdk-fire", server))
    _ret, rule_id = engine.addRule(_rule("sdk-fire", ["Outlet", "2", "PowerControl", "Off"], [action_id], rearm=False))
    outlet = pdumodel.Outlet("/model/pdu/0/outlet/1", agent)
    assert outlet.setPowerState(pdumodel.Outlet.PowerState.PS_ON) == 0
    assert outlet.setPowerState(pdumodel.Outlet.PowerState.PS_OFF) == 0
    assert outlet.setPowerState(pdumodel.Outlet.PowerState.PS_ON) == 0
    assert outlet.setPowerState(pdumodel.Outlet.PowerState.PS_OFF) == 0  # not rearmed: no second run
    fired = [message for message in _log_messages(agent) if f"syslog message to {server}:514/udp" in message]
    assert fired == ["Rule 'sdk-fire': syslog message to " + server + ":514/udp: Outlet.2.PowerControl.Off asserted"]
    assert next(rule for rule in engine.listRules() if rule.id == rule_id).hasMatched
    assert engine.rearmRule(rule_id) == 0
    user_event = event.Event(
        type=event.Event.Type.TRIGGER,
        id=["Outlet", "2", "PowerControl", "Off"],
        asserted=True,
        timeStamp=raritan.rpc.Time.decode(int(time.time())),
        context=[],
    )
    assert engine.deliverEvent(user_event) == 0
    assert len([message for message in _log_messages(agent) if f"to {server}:514/udp" in message]) == 2
    user_event.id = ["Nowhere", "At", "All"]
    assert engine.deliverEvent(user_event) == 1
    assert engine.deleteRule(rule_id) == 0 and engine.deleteAction(action_id) == 0


def test_event_log_chunks_and_clear(agent):
    log = logging.EventLog("/eventlog", agent)
    engine = event.Engine(ENGINE, agent)
    log.clear()
    first = log.getInfo()
    custom = [event.KeyValue("UseCustomMessage", "1"), event.KeyValue("CustomMessage", "sdk entry")]
    action = event.Engine.Action(id="", name="t", isSystem=False, type="LogEventMessage", arguments=custom)
    for _attempt in range(40):
        assert engine.testAction(action, [])[0] == 0
    info = log.getInfo()
    assert (info.creationTime, info.idFirst, info.idNext) == (first.creationTime, 0, 41)
    forward = log.getChunk(0, -1, logging.RangeDirection.FORWARD, [])
    assert (forward.idFirst, forward.allEntryCnt) == (0, len(forward.selEntries)) and forward.allEntryCnt < 41
    backward = log.getChunk(40, 3, logging.RangeDirection.BACKWARD, [])
    assert [entry.id for entry in backward.selEntries] == [40, 39, 38]
    assert log.getChunk(41, -1, logging.RangeDirection.FORWARD, []).allEntryCnt == 0
    assert log.getChunk(0, -1, logging.RangeDirection.FORWARD, ["No Such Class"]).selEntries == []
    assert len(_log_messages(agent)) == 41
    log.clear()
    assert log.getInfo().creationTime != first.creationTime and log.getInfo().idNext == 1


def test_energy_counters_reset(agent, device):
    # at the well-known rid: SDK 4.4.1 cannot decode the 4.0 generation's Outlet.Sensors (section 14)
    counter = sensors.AccumulatingNumericSensor("/model/pdu/0/outlet/0/activeEnergy", agent)
    counter.resetValue()
    assert counter.getReading().value < 1.0
    if device["generation"] == "4.4":
        assert abs(counter.getLastResetTime().encode() - time.time()) < 60
    inlet = pdumodel.Inlet("/model/pdu/0/inlet/0", agent).getSensors().activeEnergy
    assert isinstance(inlet, sensors.AccumulatingNumericSensor)
    inlet.resetValue()
    assert inlet.getReading().value < 1.0
