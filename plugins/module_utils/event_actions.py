# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Event actions of the event engine (event.Engine at /event_engine): one action by name, idempotently.

    request = ActionRequest(name="syslog-noc", state="present", type="syslog", spec={"server": "192.0.2.5"})
    result = apply(client, request, check_mode=False)

One bulk request reads the actions, the rules (an action in use is not removed) and the action types
the device offers; one call writes (addAction, modifyAction or deleteAction). An existing action is
written back as read, with the type and the arguments this task manages replaced
(event_action_types.py). No Ansible import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError, XerusInputError, naming_option
from ansible_collections.xerus.pdu.plugins.module_utils.event_action_types import (
    BY_DEVICE_TYPE,
    TYPES,
    Names,
    is_secret,
)
from ansible_collections.xerus.pdu.plugins.module_utils.text_checks import check_single_line

MAX_NAME_LENGTH = 64
UPDATE_SECRETS = ("always", "on_create")
ADD_CODES = {
    1: "an action with this name already exists",
    2: "the device could not allocate an action id",
    3: "the device already holds the maximum number of actions",
}
MODIFY_CODES = {1: "another action already has this name", 2: "the action does not exist (any more)"}
DELETE_CODES = {1: "the action does not exist (any more)", 2: "the device does not allow deleting this action"}


class EventActionError(XerusError):
    """The device refused an action change, or the action cannot be changed as asked."""


@dataclass(frozen=True)
class ActionRequest:
    name: str
    state: str = "present"
    type: str | None = None
    spec: dict = field(default_factory=dict)
    update_secrets: str = "always"


@dataclass
class EngineState:
    """What one bulk read of the event engine returned (``types`` None when the device did not list them)."""

    actions: list
    rules: list
    types: list | None

    def action_named(self, name):
        return next((action for action in self.actions if action.get("name") == name), None)

    def names(self):
        return Names(
            ids_by_name={action.get("name"): action.get("id") for action in self.actions},
            names_by_id={action.get("id"): action.get("name") for action in self.actions},
        )


@dataclass
class ActionResult:
    changed: bool
    before: dict | None
    after: dict | None


def check_name(option, name):
    """An action or rule name: one line of 1..MAX_NAME_LENGTH characters."""
    with naming_option(option):
        check_single_line(name, f"option {option}")
    if not name.strip() or len(name) > MAX_NAME_LENGTH:
        raise XerusInputError.for_option(option, f"give a name of 1..{MAX_NAME_LENGTH} characters")


def validate(request):
    check_name("name", request.name)
    if request.state == "present" and request.type not in TYPES:
        raise XerusInputError.for_option("type", f"give one of {', '.join(TYPES)} with state=present")
    if request.update_secrets not in UPDATE_SECRETS:
        raise XerusInputError.for_option("update_secrets", f"one of {', '.join(UPDATE_SECRETS)}")
    if request.state == "present":
        TYPES[request.type].arguments(request.spec or {}, ANY_NAMES)  # arguments checked before any request


class _AnyNames(Names):
    """Names before the device is read: every name stands for itself (checked again once read)."""

    def ids(self, option, names):
        return list(names)


ANY_NAMES = _AnyNames({}, {})


def read(client):
    """Actions, rules and action types in one bulk request."""
    answers = client.bulk(
        [Call(rids.EVENT_ENGINE, name) for name in ("listActions", "listRules", "listActionTypes")], safe=True
    )
    actions, rules = answers[0].value, answers[1].value
    types = answers[2].value if answers[2].ok else None
    return EngineState(actions=list(actions or []), rules=list(rules or []), types=types)


def apply(client, request, check_mode=False):
    validate(request)
    state = read(client)
    current = state.action_named(request.name)
    if request.state == "absent":
        return _remove(client, state, current, check_mode)
    wanted = desired(client.device, state, current, request)
    names = state.names()
    before = view(current, names) if current else None
    if current is not None and _same(current, wanted):
        return ActionResult(changed=False, before=before, after=before)
    if not check_mode:
        wanted["id"] = _write(client, current, wanted)
    return ActionResult(changed=True, before=before, after=view(wanted, names))


def desired(device, state, current, request):
    """The complete Action structure to write: as read (or new), with type and managed arguments replaced."""
    action_type = TYPES[request.type]
    if state.types is not None and action_type.device_type not in state.types:
        raise EventActionError(
            device,
            f"option type: this device does not offer the action type {action_type.device_type} "
            f"({request.type}); it offers {', '.join(state.types) or 'none'}",
            option="type",
        )
    if current is not None and current.get("isSystem"):
        raise EventActionError(
            device, f"event action {request.name!r} is a system action; it cannot be changed", option="name"
        )
    managed = action_type.arguments(request.spec or {}, state.names())
    kept = arguments_of(current) if current and current.get("type") == action_type.device_type else {}
    if action_type.dropped is not None:
        kept = {key: value for key, value in kept.items() if not action_type.dropped.match(key)}
    if current is not None and request.update_secrets == "on_create":
        managed.update({key: value for key, value in kept.items() if is_secret(key)})
    arguments = {**kept, **managed}
    base = dict(current) if current else {"id": "", "name": request.name, "isSystem": False}
    base.update(type=action_type.device_type, arguments=[{"key": k, "value": v} for k, v in arguments.items()])
    return base


def arguments_of(action):
    """The action's arguments as a dict (a list of key/value structures on the wire)."""
    return {str(item.get("key")): str(item.get("value", "")) for item in action.get("arguments") or []}


def _same(current, wanted):
    return current.get("type") == wanted["type"] and arguments_of(current) == arguments_of(wanted)


def _write(client, current, wanted):
    if current is None:
        result = client.call(rids.EVENT_ENGINE, "addAction", {"action": wanted})
        _check(client.device, wanted["name"], "not added", result.get("_ret_"), ADD_CODES)
        return result.get("actionId", "")
    result = client.call(rids.EVENT_ENGINE, "modifyAction", {"action": wanted})
    _check(client.device, wanted["name"], "not changed", result.get("_ret_"), MODIFY_CODES)
    return wanted["id"]


def _check(device, name, what, code, codes):
    if code != 0:
        reason = codes.get(code, "the device refused the call")
        raise EventActionError(device, f"event action {name!r} {what} (code {code}): {reason}")


def _remove(client, state, current, check_mode):
    if current is None:
        return ActionResult(changed=False, before=None, after=None)
    name = current.get("name")
    if current.get("isSystem"):
        raise EventActionError(client.device, f"event action {name!r} is a system action; it cannot be removed")
    users = users_of(state, current.get("id"))
    if users:
        raise EventActionError(
            client.device,
            f"event action {name!r} is in use by {', '.join(users)}; remove it from them (or remove them, "
            "xerus_event_rule state=absent) first; nothing was changed",
            option="state",
        )
    if not check_mode:
        result = client.call(rids.EVENT_ENGINE, "deleteAction", {"actionId": current.get("id")})
        _check(client.device, name, "not removed", result.get("_ret_"), DELETE_CODES)
    return ActionResult(changed=True, before=view(current, state.names()), after=None)


def users_of(state, action_id):
    """Rules ("rule 'x'") and actions ("action 'y'": groups, alarms) that refer to ``action_id``."""
    users = [f"rule {rule.get('name')!r}" for rule in state.rules if action_id in (rule.get("actionIds") or [])]
    for action in state.actions:
        referenced = [part for value in arguments_of(action).values() for part in value.split(";")]
        if action.get("id") != action_id and action.get("type") in ("ActionGroup", "Alarm") and action_id in referenced:
            users.append(f"action {action.get('name')!r}")
    return users


def view(action, names):
    """The returned form of an action: readable type and options, never a secret."""
    action_type = BY_DEVICE_TYPE.get(action.get("type"))
    result = {
        "id": action.get("id", ""),
        "name": action.get("name", ""),
        "type": action_type.option if action_type else "unknown",
        "device_type": action.get("type", ""),
        "system": bool(action.get("isSystem")),
    }
    if action_type is not None:
        result[action_type.option] = action_type.view(arguments_of(action), names)
    return result
