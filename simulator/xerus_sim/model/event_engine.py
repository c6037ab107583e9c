"""event.Engine at /event_engine: rules and actions, the SNMP notification targets among them.

Vendor IDL (EventEngine.idl, event.Engine 1.0.1 in both generations) for the methods and return codes; vendor
documentation (raritan-json-rpc-doc, devsettings.html and eventengine.html) for the system rule
SystemSnmpTrapRule, whose isEnabled switches SNMP notifications, and the system action SystemSnmpTrapAction of
type SendSnmpTrap, whose string arguments are the notification type and targets.

[modelled] The device has these two system entries and a system event-log pair; the v3 passphrases of a
SendSnmpTrap action are write-only (listActions returns them empty, an empty one in modifyAction keeps the
stored one), like every other passphrase of the IDL.  Invalid SendSnmpTrap arguments are refused with the
JSON-RPC error "Invalid params" naming the argument: the IDL has no return code for them.  Conditions and
event descriptors are stored as given and never evaluated; no event is ever delivered.
"""

import copy
import ipaddress
import re

from xerus_sim.rpc.errors import INVALID_PARAMS, RpcError
from xerus_sim.rpc.idltypes import Struct, Vector

SNMP_RULE, SNMP_ACTION = "SystemSnmpTrapRule", "SystemSnmpTrapAction"
SNMP_ACTION_TYPE = "SendSnmpTrap"
ACTION_TYPES = ["ActionGroup", "Alarm", "LogEventMessage", "SendSmtpMessage", SNMP_ACTION_TYPE,
                "SendSyslogMessage", "SetPduLoadShedding", "SwitchBuzzer", "SwitchOutlet"]
MAX_ACTIONS, MAX_RULES, MAX_ACTIONS_PER_RULE = 64, 64, 32
SECRET_ARGUMENTS = ("SnmpNotfV3AuthKey", "SnmpNotfV3PrivKey")
NOTIFICATION_TYPES = ("v2Trap", "v2Inform", "v3Trap", "v3Inform")
CHOICES = {"SnmpNotfV3SecLevel": ("noAuthNoPriv", "authNoPriv", "authPriv"),
           "SnmpNotfV3AuthProto": ("md5", "sha", "sha224", "sha256", "sha384", "sha512"),
           "SnmpNotfV3PrivProto": ("des", "aes", "aes192", "aes256", "aes192-3des", "aes256-3des")}
_DEST = re.compile(r"^(?:\[(?P<v6>[^\]]+)\]|(?P<host>[^:\[\]]+)):(?P<port>\d{1,5}):(?P<community>.*)$", re.S)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

KeyValue = Struct("event.KeyValue:1.0.0", {"key": str, "value": str})
Action = Struct("event.Engine_1_0_1.Action:1.0.0", {
    "id": str, "name": str, "isSystem": bool, "type": str, "arguments": Vector(KeyValue)})
Condition = Struct("event.Engine_1_0_1.Condition:1.0.0", {
    "negate": bool, "operation": int, "matchType": int, "eventId": Vector(str), "conditions": list})
Rule = Struct("event.Engine_1_0_1.Rule:1.0.0", {
    "id": str, "name": str, "isSystem": bool, "isEnabled": bool, "isAutoRearm": bool, "hasMatched": bool,
    "condition": Condition, "actionIds": Vector(str), "arguments": Vector(KeyValue)})
Event = Struct("event.Event:1.0.0", {
    "type": int, "id": Vector(str), "asserted": bool, "timeStamp": int, "context": Vector(KeyValue)})


def _kv(key, value):
    return {"key": key, "value": value}


def _condition(event_id):
    return {"negate": False, "operation": 0, "matchType": 2, "eventId": event_id, "conditions": []}


def default_engine():
    snmp_arguments = [_kv("SnmpNotfType", "v2Trap"), _kv("SnmpTrapDest1", ""), _kv("SnmpTrapDest2", ""),
                      _kv("SnmpTrapDest3", ""), _kv("SnmpNotfTimeout", "3"), _kv("SnmpNotfRetries", "3"),
                      _kv("SnmpNotfV3SecName", ""), _kv("SnmpNotfV3SecLevel", "noAuthNoPriv"),
                      _kv("SnmpNotfV3AuthProto", "md5"), _kv("SnmpNotfV3AuthKey", ""),
                      _kv("SnmpNotfV3PrivProto", "des"), _kv("SnmpNotfV3PrivKey", "")]
    actions = [
        {"id": "SystemEventLogAction", "name": "System Event Log Action", "isSystem": True,
         "type": "LogEventMessage", "arguments": []},
        {"id": SNMP_ACTION, "name": "System SNMP Notification Action", "isSystem": True,
         "type": SNMP_ACTION_TYPE, "arguments": snmp_arguments},
    ]
    rules = [
        {"id": "SystemEventLogRule", "name": "System Event Log Rule", "isSystem": True, "isEnabled": True,
         "isAutoRearm": True, "hasMatched": False, "condition": _condition(["**"]),
         "actionIds": ["SystemEventLogAction"], "arguments": []},
        {"id": SNMP_RULE, "name": "System SNMP Notification Rule", "isSystem": True, "isEnabled": False,
         "isAutoRearm": True, "hasMatched": False, "condition": _condition(["**"]),
         "actionIds": [SNMP_ACTION], "arguments": []},
    ]
    return {"actions": actions, "rules": rules, "next_id": 1}


def engine_of(device):
    if "event_engine" not in device.state:
        device.state["event_engine"] = default_engine()
    return device.state["event_engine"]


def _find(items, item_id):
    return next((item for item in items if item["id"] == item_id), None)


def _shown(action):
    """An action as listActions returns it: write-only passphrases empty."""
    shown = copy.deepcopy(action)
    for entry in shown["arguments"]:
        if entry["key"] in SECRET_ARGUMENTS:
            entry["value"] = ""
    return shown


def _invalid_argument(key, value):
    raise RpcError(INVALID_PARAMS, "Invalid params",
                   {"path": f"action.arguments[{key}]", "expected": f"a valid {key}", "got": repr(value)})


def _destination_ok(text):
    match = _DEST.match(text)
    if not match or not 1 <= int(match.group("port")) <= 65535 or _CONTROL.search(text):
        return False
    if match.group("v6"):
        try:
            return isinstance(ipaddress.ip_address(match.group("v6")), ipaddress.IPv6Address)
        except ValueError:
            return False
    return True


def check_snmp_arguments(arguments):
    """Raise RpcError for an invalid SendSnmpTrap argument value."""
    values = {entry["key"]: entry["value"] for entry in arguments}
    kind = values.get("SnmpNotfType", "v2Trap")
    if kind not in NOTIFICATION_TYPES:
        _invalid_argument("SnmpNotfType", kind)
    for key in ("SnmpTrapDest1", "SnmpTrapDest2", "SnmpTrapDest3"):
        value = values.get(key, "")
        if value and not _destination_ok(value):
            _invalid_argument(key, value)
    if kind.startswith("v3") and (values.get("SnmpTrapDest2") or values.get("SnmpTrapDest3")):
        _invalid_argument("SnmpTrapDest2", "a second destination (SNMPv3 has one)")
    for key in ("SnmpNotfTimeout", "SnmpNotfRetries"):
        value = values.get(key, "")
        if value and not (value.isdigit() and int(value) <= 3600):
            _invalid_argument(key, value)
    for key, choices in CHOICES.items():
        if values.get(key) and values[key] not in choices:
            _invalid_argument(key, values[key])
    for key in SECRET_ARGUMENTS:
        if values.get(key) and len(values[key]) < 8:
            _invalid_argument(key, "a passphrase shorter than 8 characters")


def _merged_arguments(stored, given):
    """The given arguments, with empty write-only passphrases replaced by the stored ones."""
    kept = {entry["key"]: entry["value"] for entry in stored}
    return [dict(entry, value=entry["value"] or kept.get(entry["key"], ""))
            if entry["key"] in SECRET_ARGUMENTS else dict(entry) for entry in given]


class Engine:
    TYPE = "event.Engine:1.0.1"
    NEUTRAL = {"listEventDescs": {"_ret_": 0, "eventDescs": []}}

    def __init__(self, device):
        self.device = device

    # -- actions --------------------------------------------------------------------------------

    def listActionTypes(self):
        return {"_ret_": list(ACTION_TYPES)}

    def listActions(self):
        with self.device.lock:
            return {"_ret_": [_shown(action) for action in engine_of(self.device)["actions"]]}

    def addAction(self, action: Action):
        with self.device.lock:
            engine = engine_of(self.device)
            if any(item["name"] == action["name"] for item in engine["actions"]):
                return {"_ret_": 1, "actionId": ""}
            if len(engine["actions"]) >= MAX_ACTIONS:
                return {"_ret_": 3, "actionId": ""}
            if action["type"] == SNMP_ACTION_TYPE:
                check_snmp_arguments(action["arguments"])
            action_id = f"Action_{engine['next_id']:03d}"
            engine["next_id"] += 1
            engine["actions"].append(dict(copy.deepcopy(action), id=action_id, isSystem=False))
            self.device.save()
        return {"_ret_": 0, "actionId": action_id}

    def modifyAction(self, action: Action):
        with self.device.lock:
            engine = engine_of(self.device)
            stored = _find(engine["actions"], action["id"])
            if stored is None:
                return {"_ret_": 2}
            if any(item["name"] == action["name"] and item["id"] != action["id"] for item in engine["actions"]):
                return {"_ret_": 1}
            if stored["type"] == SNMP_ACTION_TYPE:
                check_snmp_arguments(action["arguments"])
            arguments = _merged_arguments(stored["arguments"], action["arguments"])
            stored.update(name=action["name"], arguments=arguments)
            if not stored["isSystem"]:
                stored["type"] = action["type"]
            self.device.save()
        return {"_ret_": 0}

    def _delete(self, kind, item_id):
        """deleteAction / deleteRule: 1 for an unknown id, 2 for a system entry (not deletable)."""
        with self.device.lock:
            items = engine_of(self.device)[kind]
            stored = _find(items, item_id)
            if stored is None:
                return {"_ret_": 1}
            if stored["isSystem"]:
                return {"_ret_": 2}
            items.remove(stored)
            self.device.save()
        return {"_ret_": 0}

    def deleteAction(self, actionId: str):
        return self._delete("actions", actionId)

    def triggerAction(self, actionId: str, context: Vector(KeyValue)):
        with self.device.lock:
            known = _find(engine_of(self.device)["actions"], actionId) is not None
        return {"_ret_": 0 if known else 1, "errMsg": ""}

    def testAction(self, action: Action, context: Vector(KeyValue)):
        if action["type"] not in ACTION_TYPES:
            return {"_ret_": 2, "errMsg": f"no actor for {action['type']}"}
        return {"_ret_": 0, "errMsg": ""}

    # -- rules ----------------------------------------------------------------------------------

    def listRules(self):
        with self.device.lock:
            return {"_ret_": copy.deepcopy(engine_of(self.device)["rules"])}

    def _rule_problem(self, engine, rule):
        known = {action["id"] for action in engine["actions"]}
        if not rule["condition"]["eventId"]:
            return 3
        if len(rule["actionIds"]) > MAX_ACTIONS_PER_RULE or not set(rule["actionIds"]) <= known:
            return "actions"
        return None

    def addRule(self, rule: Rule):
        with self.device.lock:
            engine = engine_of(self.device)
            if any(item["name"] == rule["name"] for item in engine["rules"]):
                return {"_ret_": 1, "ruleId": ""}
            problem = self._rule_problem(engine, rule)
            if problem == 3:
                return {"_ret_": 3, "ruleId": ""}
            if len(engine["rules"]) >= MAX_RULES:
                return {"_ret_": 4, "ruleId": ""}
            if problem == "actions":
                return {"_ret_": 5, "ruleId": ""}
            rule_id = f"Rule_{engine['next_id']:03d}"
            engine["next_id"] += 1
            engine["rules"].append(dict(copy.deepcopy(rule), id=rule_id, isSystem=False, hasMatched=False))
            self.device.save()
        return {"_ret_": 0, "ruleId": rule_id}

    def modifyRule(self, rule: Rule):
        with self.device.lock:
            engine = engine_of(self.device)
            stored = _find(engine["rules"], rule["id"])
            if stored is None:
                return {"_ret_": 2}
            if any(item["name"] == rule["name"] and item["id"] != rule["id"] for item in engine["rules"]):
                return {"_ret_": 1}
            problem = self._rule_problem(engine, rule)
            if problem is not None:
                return {"_ret_": 3 if problem == 3 else 4}
            stored.update({key: copy.deepcopy(rule[key]) for key in
                           ("name", "isEnabled", "isAutoRearm", "condition", "actionIds", "arguments")})
            self.device.save()
        return {"_ret_": 0}

    def _set_enabled(self, rule_id, enabled):
        with self.device.lock:
            stored = _find(engine_of(self.device)["rules"], rule_id)
            if stored is None:
                return {"_ret_": 1}
            stored["isEnabled"] = enabled
            self.device.save()
        return {"_ret_": 0}

    def enableRule(self, ruleId: str):
        return self._set_enabled(ruleId, True)

    def disableRule(self, ruleId: str):
        return self._set_enabled(ruleId, False)

    def deleteRule(self, ruleId: str):
        return self._delete("rules", ruleId)

    def rearmRule(self, ruleId: str):
        with self.device.lock:
            stored = _find(engine_of(self.device)["rules"], ruleId)
            if stored is None:
                return {"_ret_": 1}
            if not stored["isEnabled"]:
                return {"_ret_": 2}
            stored["hasMatched"] = False
            self.device.save()
        return {"_ret_": 0}

    def deliverEvent(self, event: Event):
        return {"_ret_": 0}


RPC_OBJECTS = {"/event_engine": Engine}
