# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""event.Engine at /event_engine: event actions and rules, and the delivery of events to them.

EventEngine.idl [vendor IDL] gives the methods, structures and return codes; raritan-json-rpc-doc "Event Rules
and Actions" [vendor doc] the action types and their argument keys, and that the firmware evaluates one
trigger condition per rule (negate, operation and sub-conditions are ignored: they are not stored).
[modelled] Ids ``Action_NNN`` / ``Rule_NNN``; the system actions and rules of event_engine.py (the event log
pair, whose rule matches every event, and the SNMP notification pair), its checks of SendSnmpTrap arguments and
its write-only passphrases; at most MAX_ACTIONS actions, MAX_RULES rules, MAX_RULE_ACTIONS actions per rule; an action a
rule uses is not deletable (code 2); a rule naming an action that does not exist, an unknown action type, or
an action without its type's required argument is refused with -32602.  Everything lives in the device state
(``event_engine``).

Delivery: a matching enabled rule runs its actions (an auto-rearming rule each time, another once until
rearmRule).  Running an action is recorded, not performed: an entry in the event log (eventlog.py) and in
``event_engine.notifications`` (the control server's state dump), e.g. for a syslog action
"Rule 'r': syslog message to 192.0.2.5:514/udp: Outlet.1.Sensor.current.AboveUpperWarning asserted".
"""

from xerus_sim.model import event_engine, eventids, eventlog
from xerus_sim.rpc.errors import INVALID_PARAMS, RpcError
from xerus_sim.rpc.idltypes import Enum, Struct, Vector

TYPE = "event.Engine:1.0.1"
STATE, TRIGGER = eventids.STATE, eventids.TRIGGER
ASSERTED, DEASSERTED, BOTH = 0, 1, 2
MAX_ACTIONS, MAX_RULES, MAX_RULE_ACTIONS = 64, 128, 32
MAX_NOTIFICATIONS = 100
ACTION_TYPES = (
    "ActionGroup",
    "Alarm",
    "LogEventMessage",
    "SendSmtpMessage",
    "SendSnmpTrap",
    "SendSyslogMessage",
    "SetPduLoadShedding",
    "SmsMessage",
    "SwitchBuzzer",
    "SwitchOutlet",
    "SwitchPeripheralActuator",
)
REQUIRED_ARGUMENTS = {
    "SendSyslogMessage": ("SyslogServerName",),
    "SendSnmpTrap": ("SnmpNotfType", "SnmpTrapDest1"),
    "SmsMessage": ("Destination",),
    "SwitchOutlet": ("Operation", "OutletIndex"),
    "SwitchPeripheralActuator": ("Operation", "SlotIndex"),
    "SwitchBuzzer": ("Operation",),
    "SetPduLoadShedding": ("Operation",),
    "ActionGroup": ("Action1",),
    "Alarm": ("AlarmNotfActions",),
}

KeyValue = Struct("event.KeyValue:1.0.0", {"key": str, "value": str})
Action = Struct(
    "event.Engine_1_0_1.Action:1.0.0",
    {"id": str, "name": str, "isSystem": bool, "type": str, "arguments": Vector(KeyValue)},
)
Condition = Struct(
    "event.Engine_1_0_1.Condition:1.0.0",
    {
        "negate": bool,
        "operation": Enum("event.Engine_1_0_1.Condition.Op:1.0.0", 3),
        "matchType": Enum("event.Engine_1_0_1.Condition.MatchType:1.0.0", 3),
        "eventId": list[str],
    },
)
Condition.fields["conditions"] = Vector(Condition)
Rule = Struct(
    "event.Engine_1_0_1.Rule:1.0.0",
    {
        "id": str,
        "name": str,
        "isSystem": bool,
        "isEnabled": bool,
        "isAutoRearm": bool,
        "hasMatched": bool,
        "condition": Condition,
        "actionIds": list[str],
        "arguments": Vector(KeyValue),
    },
)
Event = Struct(
    "event.Event:1.0.0",
    {
        "type": Enum("event.Event.Type:1.0.0", 2),
        "id": list[str],
        "asserted": bool,
        "timeStamp": int,
        "context": Vector(KeyValue),
    },
)


def engine_state(device):
    """The device's actions and rules with the system entries of event_engine.py (device.lock held)."""
    engine = event_engine.engine_of(device)
    engine.setdefault("notifications", [])
    return engine


def _next_id(engine, prefix):
    engine["next_id"] += 1
    return f"{prefix}_{engine['next_id'] - 1:03d}"


def enabled_patterns(device):
    """The event id patterns of the enabled user rules (device.lock held): the system event log rule matches
    everything, and watching every sensor for it alone would cost every write call."""
    rules = engine_state(device)["rules"]
    return [rule["condition"]["eventId"] for rule in rules if rule["isEnabled"] and not rule["isSystem"]]


def deliver(device, event_id, asserted=True, kind=TRIGGER, context=None):
    """Run the actions of every enabled rule the event matches (device.lock held)."""
    engine = engine_state(device)
    for rule in engine["rules"]:
        if not rule["isEnabled"] or not _condition_holds(rule["condition"], event_id, asserted):
            continue
        if rule["hasMatched"] and not rule["isAutoRearm"]:
            continue
        rule["hasMatched"] = True
        for action_id in rule["actionIds"]:
            action = _find(engine["actions"], action_id)
            if action is not None:
                _run(device, action, rule["name"], event_id, asserted, context or {})


def _condition_holds(condition, event_id, asserted):
    wanted = condition["matchType"]
    if wanted == ASSERTED and not asserted or wanted == DEASSERTED and asserted:
        return False
    return eventids.matches(condition["eventId"], list(event_id))


def _run(device, action, rule_name, event_id, asserted, context, depth=0):
    arguments = {item["key"]: item["value"] for item in action["arguments"]}
    happening = f"{'.'.join(event_id)} {'asserted' if asserted else 'deasserted'}"
    if action["type"] == "ActionGroup" and depth == 0:
        members = [
            _find(engine_state(device)["actions"], value)
            for key, value in sorted(arguments.items())
            if key.startswith("Action")
        ]
        for member in filter(None, members):
            _run(device, member, rule_name, event_id, asserted, context, depth + 1)
        return
    target = _target(action["type"], arguments)
    prefix = f"Rule '{rule_name}': " if rule_name else ""
    if action["type"] == "LogEventMessage":
        message = target or f"{prefix}{happening}"
    else:
        message = f"{prefix}{target}: {happening}"
    eventlog.append(device, "Event Rule", message)
    notifications = engine_state(device)["notifications"]
    notifications.append(
        {
            "time": device.now(),
            "rule": rule_name,
            "action": action["name"],
            "type": action["type"],
            "target": target,
            "event": ".".join(event_id),
            "asserted": asserted,
            "context": dict(context),
        }
    )
    del notifications[:-MAX_NOTIFICATIONS]


def _target(action_type, arguments):
    if action_type == "SendSyslogMessage":
        if arguments.get("SyslogServerUseTls") == "1":
            protocol, key, port = "tls", "SyslogServerTlsPort", "6514"
        elif arguments.get("SyslogServerUseTcp") == "1":
            protocol, key, port = "tcp", "SyslogServerTcpPort", "514"
        else:
            protocol, key, port = "udp", "SyslogServerPort", "514"
        return f"syslog message to {arguments.get('SyslogServerName')}:{arguments.get(key, port)}/{protocol}"
    if action_type == "SendSmtpMessage":
        recipients = [value for key, value in sorted(arguments.items()) if key.startswith("Recipient")]
        return f"email to {', '.join(recipients)}"
    if action_type == "SendSnmpTrap":
        destination = arguments.get("SnmpTrapDest1", "").rsplit(":", 1)[0]
        return f"SNMP {arguments.get('SnmpNotfType')} to {destination}"
    if action_type == "LogEventMessage":
        return arguments.get("CustomMessage", "") if arguments.get("UseCustomMessage") == "1" else ""
    return f"{action_type} {' '.join(f'{k}={v}' for k, v in sorted(arguments.items()))}"


def _find(items, item_id):
    return next((item for item in items if item["id"] == item_id), None)


def _named(items, name, except_id=None):
    return any(item["name"] == name and item["id"] != except_id for item in items)


def _refuse(path, expected, got):
    return RpcError(INVALID_PARAMS, "Invalid params", {"path": path, "expected": expected, "got": repr(got)})


def _check_action(action):
    if not action["name"].strip():
        raise _refuse("params.action.name", "a non-empty action name", action["name"])
    if action["type"] not in ACTION_TYPES:
        raise _refuse("params.action.type", f"one of {', '.join(ACTION_TYPES)}", action["type"])
    keys = {item["key"] for item in action["arguments"]}
    for key in REQUIRED_ARGUMENTS.get(action["type"], ()):
        if key not in keys:
            raise _refuse("params.action.arguments", f"argument {key} of {action['type']}", sorted(keys))
    if action["type"] == "SendSmtpMessage" and not any(key.startswith("Recipient") for key in keys):
        raise _refuse("params.action.arguments", "a Recipient argument of SendSmtpMessage", sorted(keys))
    if action["type"] == event_engine.SNMP_ACTION_TYPE:
        event_engine.check_snmp_arguments(action["arguments"])


def _in_use(engine, action_id):
    in_rules = any(action_id in rule["actionIds"] for rule in engine["rules"])
    in_actions = any(
        action_id in item["value"].split(";")
        for action in engine["actions"]
        for item in action["arguments"]
        if action["type"] in ("ActionGroup", "Alarm")
    )
    return in_rules or in_actions


class Engine:
    TYPE = TYPE

    def __init__(self, device):
        self.device = device

    def _write(self, change):
        """Run change(engine) under the lock; save when it returns 0 (its result is the IDL code or a dict)."""
        with self.device.lock:
            result = change(engine_state(self.device))
            code = result["_ret_"] if isinstance(result, dict) else result
            if code == 0:
                self.device.save()
        return result if isinstance(result, dict) else {"_ret_": result}

    # -- events ---------------------------------------------------------------------

    def listEventDescs(self, eventIdPrefix: list[str]):
        code, entries = eventids.descriptors(self.device, eventIdPrefix)
        return {"_ret_": code, "eventDescs": entries}

    def deliverEvent(self, event: Event):
        with self.device.lock:
            if not any(eventids.matches(leaf, event["id"]) for leaf, _kind in eventids.leaves(self.device)):
                return {"_ret_": 1}
            context = {item["key"]: item["value"] for item in event["context"]}
            deliver(self.device, event["id"], event["asserted"], event["type"], context)
            self.device.save()
        return {"_ret_": 0}

    # -- actions --------------------------------------------------------------------

    def listActionTypes(self):
        return {"_ret_": list(ACTION_TYPES)}

    def listActions(self):
        with self.device.lock:
            return {"_ret_": [event_engine.shown(action) for action in engine_state(self.device)["actions"]]}

    def addAction(self, action: Action):
        _check_action(action)

        def change(engine):
            if _named(engine["actions"], action["name"]):
                return {"_ret_": 1, "actionId": ""}
            if len(engine["actions"]) >= MAX_ACTIONS:
                return {"_ret_": 3, "actionId": ""}
            action_id = _next_id(engine, "Action")
            engine["actions"].append(dict(action, id=action_id, isSystem=False))
            return {"_ret_": 0, "actionId": action_id}

        return self._write(change)

    def modifyAction(self, action: Action):
        _check_action(action)

        def change(engine):
            current = _find(engine["actions"], action["id"])
            if current is None:
                return 2
            if _named(engine["actions"], action["name"], except_id=action["id"]):
                return 1
            if current["type"] == event_engine.SNMP_ACTION_TYPE:
                event_engine.check_snmp_arguments(action["arguments"])
            arguments = event_engine.merged_arguments(current["arguments"], action["arguments"])
            current.update(name=action["name"], arguments=arguments)
            if not current["isSystem"]:
                current["type"] = action["type"]
            return 0

        return self._write(change)

    def deleteAction(self, actionId: str):
        def change(engine):
            current = _find(engine["actions"], actionId)
            if current is None:
                return 1
            if current["isSystem"] or _in_use(engine, actionId):
                return 2
            engine["actions"].remove(current)
            return 0

        return self._write(change)

    def triggerAction(self, actionId: str, context: list[KeyValue]):
        with self.device.lock:
            action = _find(engine_state(self.device)["actions"], actionId)
            if action is None:
                return {"_ret_": 1, "errMsg": "unknown action"}
            _run(self.device, action, "", ["Test", "TriggerAction"], True, _pairs(context))
            self.device.save()
        return {"_ret_": 0, "errMsg": ""}

    def testAction(self, action: Action, context: list[KeyValue]):
        if not action["name"].strip():
            return {"_ret_": 1, "errMsg": "the action name is invalid"}
        if action["type"] not in ACTION_TYPES:
            return {"_ret_": 2, "errMsg": f"no actor for action type {action['type']}"}
        with self.device.lock:
            _run(self.device, action, "", ["Test", "TestAction"], True, _pairs(context))
            self.device.save()
        return {"_ret_": 0, "errMsg": ""}

    # -- rules ----------------------------------------------------------------------

    def listRules(self):
        from xerus_sim.model import sensorstates

        with self.device.lock:
            sensorstates.evaluate(self.device)
            return {"_ret_": [dict(rule) for rule in engine_state(self.device)["rules"]]}

    def _rule_problem(self, engine, rule, max_actions_code):
        condition = rule["condition"]
        if not eventids.is_known(self.device, condition["eventId"]):
            return 3
        if len(rule["actionIds"]) > MAX_RULE_ACTIONS:
            return max_actions_code
        for action_id in rule["actionIds"]:
            if _find(engine["actions"], action_id) is None:
                raise _refuse("params.rule.actionIds", "ids of existing actions", action_id)
        return 0

    @staticmethod
    def _stored(rule, rule_id, has_matched=False, is_system=False):
        condition = dict(rule["condition"], negate=False, operation=0, conditions=[])
        return dict(rule, id=rule_id, condition=condition, hasMatched=has_matched, isSystem=is_system)

    def addRule(self, rule: Rule):
        def change(engine):
            if _named(engine["rules"], rule["name"]):
                return {"_ret_": 1, "ruleId": ""}
            problem = self._rule_problem(engine, rule, max_actions_code=5)
            if problem:
                return {"_ret_": problem, "ruleId": ""}
            if len(engine["rules"]) >= MAX_RULES:
                return {"_ret_": 4, "ruleId": ""}
            rule_id = _next_id(engine, "Rule")
            engine["rules"].append(self._stored(rule, rule_id))
            return {"_ret_": 0, "ruleId": rule_id}

        return self._write(change)

    def modifyRule(self, rule: Rule):
        def change(engine):
            current = _find(engine["rules"], rule["id"])
            if current is None:
                return 2
            if _named(engine["rules"], rule["name"], except_id=rule["id"]):
                return 1
            problem = self._rule_problem(engine, rule, max_actions_code=4)
            if problem:
                return problem
            index = engine["rules"].index(current)
            engine["rules"][index] = self._stored(rule, current["id"], current["hasMatched"], current["isSystem"])
            return 0

        return self._write(change)

    def _on_rule(self, rule_id, act):
        """act(engine, rule) -> IDL code, for an existing rule; code 1 (unknown id) otherwise."""

        def change(engine):
            current = _find(engine["rules"], rule_id)
            return 1 if current is None else act(engine, current)

        return self._write(change)

    def enableRule(self, ruleId: str):
        return self._on_rule(ruleId, lambda _engine, rule: rule.update(isEnabled=True) or 0)

    def disableRule(self, ruleId: str):
        return self._on_rule(ruleId, lambda _engine, rule: rule.update(isEnabled=False) or 0)

    def deleteRule(self, ruleId: str):
        def delete(engine, rule):
            if rule["isSystem"]:
                return 2
            engine["rules"].remove(rule)
            return 0

        return self._on_rule(ruleId, delete)

    def rearmRule(self, ruleId: str):
        def rearm(_engine, rule):
            if not rule["isEnabled"]:
                return 2
            rule["hasMatched"] = False
            return 0

        return self._on_rule(ruleId, rearm)


def _pairs(context):
    return {item["key"]: item["value"] for item in context}


RPC_OBJECTS = {"/event_engine": Engine}
