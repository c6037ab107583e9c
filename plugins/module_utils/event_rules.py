# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Event rules of the event engine (event.Engine at /event_engine): rules by name, idempotently.

    specs = [RuleSpec(name="outlet-power", events=[["Outlet", "*", "Sensor", "activePower", "*"]],
                      actions=["syslog-noc"])]
    result = apply(client, specs, exclusive=False, check_mode=False)

One bulk request reads rules and actions (rules name their actions by id); one bulk request writes
every added, changed and removed rule. An existing rule is written back as read with the fields this
task manages replaced. With ``exclusive`` every other rule the device does not mark as a system rule
is removed. No Ansible import.

A rule's condition holds one event id: the firmware evaluates a single trigger condition per rule and
ignores combined conditions (raritan-json-rpc-doc, "Event Rules and Actions"), so several events go in
several rules, or one id with wildcards.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils import event_actions, event_ids, rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError, XerusInputError

MATCH_TYPES = {0: "asserted", 1: "deasserted", 2: "both"}
ADD_CODES = {
    1: "a rule with this name already exists",
    2: "the device could not allocate a rule id",
    3: "the device does not know an event id of the rule",
    4: "the device already holds the maximum number of rules",
    5: "the rule has more actions than the device allows",
}
MODIFY_CODES = {
    1: "another rule already has this name",
    2: "the rule does not exist (any more)",
    3: "the device does not know an event id of the rule",
    4: "the rule has more actions than the device allows",
}
DELETE_CODES = {1: "the rule does not exist (any more)", 2: "the device does not allow deleting this rule"}


class EventRuleError(XerusError):
    """The device refused a rule change, or a rule cannot be changed as asked."""


@dataclass(frozen=True)
class RuleSpec:
    name: str
    state: str = "present"
    enabled: bool = True
    events: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    match: str = "asserted"
    auto_rearm: bool = True


@dataclass
class RulesResult:
    changed: bool
    changed_rules: list
    before: dict
    after: dict


def spec_from(entry, option="rules"):
    """A RuleSpec from the module's options (or one entry of ``rules``); events parsed and checked."""
    events_option = "events" if option == "events" else f"{option}.events"
    events = entry.get("events")
    spec = RuleSpec(
        name=entry.get("name") or "",
        state=entry.get("state") or "present",
        enabled=True if entry.get("enabled") is None else bool(entry["enabled"]),
        events=[event_ids.parse(event, events_option) for event in events or []],
        actions=list(entry.get("actions") or []),
        match=entry.get("match") or "asserted",
        auto_rearm=True if entry.get("auto_rearm") is None else bool(entry["auto_rearm"]),
    )
    _validate(spec, option, events_option)
    return spec


def _validate(spec, option, events_option):
    event_actions.check_name("name" if option == "events" else f"{option}.name", spec.name)
    if spec.match not in MATCH_TYPES.values():
        raise XerusInputError.for_option("match", f"{spec.match!r} is not one of {', '.join(MATCH_TYPES.values())}")
    if spec.state == "present" and len(spec.events) != 1:
        raise XerusInputError.for_option(
            events_option,
            f"rule {spec.name!r} has {len(spec.events)} event ids; a device rule holds exactly one (the firmware "
            "evaluates a single trigger condition per rule): use a wildcard (* for one component, ** at the end "
            "for a subtree) or one rule per event",
        )
    if spec.state == "present" and not spec.actions:
        raise XerusInputError.for_option(
            "actions" if option == "events" else f"{option}.actions", f"rule {spec.name!r}: give at least one action"
        )


def apply(client, specs, exclusive=False, check_mode=False):
    """Bring the named rules (and with ``exclusive`` the set of rules) to the specs."""
    _check_unique(specs)
    state = event_actions.read(client)
    names = state.names()
    rules_by_name = {rule.get("name"): rule for rule in state.rules}
    calls, before, after, changed = [], {}, {}, []
    for spec in specs:
        current = rules_by_name.get(spec.name)
        wanted = None if spec.state == "absent" else desired(client.device, current, spec, names)
        call = _change(client.device, current, wanted)
        if call is not None:
            calls.append(call)
            changed.append(spec.name)
        before[spec.name] = view(current, names) if current else None
        after[spec.name] = view(wanted, names) if wanted else None
    if exclusive:
        listed = {spec.name for spec in specs}
        for rule in state.rules:
            if rule.get("name") not in listed and not rule.get("isSystem"):
                calls.append(Call(rids.EVENT_ENGINE, "deleteRule", {"ruleId": rule.get("id")}))
                changed.append(rule.get("name"))
                before[rule.get("name")], after[rule.get("name")] = view(rule, names), None
    if calls and not check_mode:
        _write(client, calls, changed)
    return RulesResult(changed=bool(calls), changed_rules=changed, before=before, after=after)


def _check_unique(specs):
    seen = set()
    for spec in specs:
        if spec.name in seen:
            raise XerusInputError.for_option("rules", f"rule {spec.name!r} is listed twice")
        seen.add(spec.name)


def desired(device, current, spec, names):
    """The complete Rule structure to write: as read (or new), with the managed fields replaced."""
    if current is not None and current.get("isSystem"):
        raise EventRuleError(device, f"event rule {spec.name!r} is a system rule; it cannot be changed", option="name")
    action_ids = names.ids("actions", spec.actions)
    base = dict(current) if current else {"id": "", "isSystem": False, "hasMatched": False, "arguments": []}
    condition = dict(base.get("condition") or {"negate": False, "operation": 0})
    condition.update(
        matchType=next(index for index, text in MATCH_TYPES.items() if text == spec.match),
        eventId=list(spec.events[0]),
        conditions=[],
    )
    base.update(
        name=spec.name,
        isEnabled=spec.enabled,
        isAutoRearm=spec.auto_rearm,
        condition=condition,
        actionIds=action_ids,
    )
    return base


def _change(device, current, wanted):
    """The call that makes ``current`` into ``wanted`` (None: nothing to do)."""
    if wanted is None:
        if current is None:
            return None
        if current.get("isSystem"):
            raise EventRuleError(device, f"event rule {current.get('name')!r} is a system rule; it cannot be removed")
        return Call(rids.EVENT_ENGINE, "deleteRule", {"ruleId": current.get("id")})
    if current is None:
        return Call(rids.EVENT_ENGINE, "addRule", {"rule": wanted})
    if _essence(current) == _essence(wanted):
        return None
    return Call(rids.EVENT_ENGINE, "modifyRule", {"rule": wanted})


def _essence(rule):
    condition = rule.get("condition") or {}
    return (
        rule.get("name"),
        bool(rule.get("isEnabled")),
        bool(rule.get("isAutoRearm")),
        list(condition.get("eventId") or []),
        condition.get("matchType"),
        list(condition.get("conditions") or []),
        sorted(rule.get("actionIds") or []),
    )


def _write(client, calls, changed):
    answers = client.bulk(calls)
    failures = []
    codes = {"addRule": ADD_CODES, "modifyRule": MODIFY_CODES, "deleteRule": DELETE_CODES}
    for name, call, answer in zip(changed, calls, answers):
        what = {"addRule": "not added", "modifyRule": "not changed", "deleteRule": "not removed"}[call.method]
        if not answer.ok:
            failures.append(f"event rule {name!r} {what}: {answer.error.message}")
        elif answer.ret != 0:
            reason = codes[call.method].get(answer.ret, "the device refused the call")
            failures.append(f"event rule {name!r} {what} (code {answer.ret}): {reason}{_event_hint(call, answer.ret)}")
    if failures:
        raise EventRuleError(
            client.device, "; ".join(failures), changed=len(failures) < len(calls), option=_failed_option(failures)
        )


def _event_hint(call, code):
    if code == 3 and call.method in ("addRule", "modifyRule"):
        event = event_ids.dotted(call.params["rule"]["condition"]["eventId"])
        return f" ({event!r}; option events)"
    return ""


def _failed_option(failures):
    return "events" if any("option events" in failure for failure in failures) else None


def view(rule, names):
    """The returned form of a rule: dotted event ids, action names."""
    condition = rule.get("condition") or {}
    events = [condition.get("eventId")] if condition.get("eventId") else []
    events += [sub.get("eventId") for sub in condition.get("conditions") or [] if sub.get("eventId")]
    return {
        "id": rule.get("id", ""),
        "name": rule.get("name", ""),
        "enabled": bool(rule.get("isEnabled")),
        "events": [event_ids.dotted(event) for event in events],
        "match": MATCH_TYPES.get(condition.get("matchType"), "unknown"),
        "actions": names.names(rule.get("actionIds") or []),
        "auto_rearm": bool(rule.get("isAutoRearm")),
        "system": bool(rule.get("isSystem")),
    }
