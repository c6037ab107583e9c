# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SNMP area: the agent (devsettings.Snmp at /snmp) and its notification targets (snmp_notifications.py).

No Ansible import. One bulk request reads the agent configuration and the event engine's rules and actions;
one bulk request writes only what differs: ``Snmp.setConfiguration`` with the whole structure as read and
only the task's fields changed (docs/protocol/XERUS-PROTOCOL.md section 4.3 and section 14's rule),
``Engine.modifyAction`` for the targets, ``enableRule`` / ``disableRule`` for the notification rule.

The device returns the communities in ``getConfiguration``, so they are compared like any other value;
they never leave this file in results or diffs. Also the ``snmp`` subset of xerus_info (NAME,
first_calls, facts; see info_sections.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils import snmp_notifications as notifications
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError, XerusInputError, naming_option
from ansible_collections.xerus.pdu.plugins.module_utils.text_checks import check_single_line

# option -> devsettings.Snmp.Configuration field
AGENT_FIELDS = {
    "v2c_enabled": "v2enable",
    "v3_enabled": "v3enable",
    "read_community": "readComm",
    "write_community": "writeComm",
    "sys_contact": "sysContact",
    "sys_name": "sysName",
    "sys_location": "sysLocation",
}
COMMUNITIES = ("read_community", "write_community")
# Lengths of the raw configuration keys of the same settings (protocol section 9.3 B).
MAX_LENGTH = {"read_community": 64, "write_community": 64, "sys_contact": 255, "sys_name": 255, "sys_location": 255}
SET_CODES = {1: "the device refused the SNMP agent settings as invalid (ERR_INVALID_PARAMS)"}
SECRET_SHOWN = "<hidden>"
SECRET_CHANGED = "<hidden, changed>"

NAME = "snmp"


class SnmpError(XerusError):
    """The device refused an SNMP write; ``changed`` when an earlier part of the write was applied."""


@dataclass
class SnmpRequest:
    """The task: agent fields by option name (None: leave as is) and the notification request."""

    agent: dict = field(default_factory=dict)
    notifications: notifications.NotificationRequest = field(default_factory=notifications.NotificationRequest)


@dataclass
class SnmpResult:
    changed: bool
    before: dict
    after: dict
    changed_fields: list


def check_agent(agent):
    """Input checks of the agent fields (text on one line, within the device's lengths)."""
    for option, limit in MAX_LENGTH.items():
        value = agent.get(option)
        if value is None:
            continue
        with naming_option(option):
            check_single_line(value, f"option {option}")
        if len(value) > limit:
            raise XerusInputError.for_option(option, f"{len(value)} characters is too long (at most {limit})")
    for option in COMMUNITIES:
        if agent.get(option) == "":
            raise XerusInputError.for_option(option, "a community must not be empty")


def read_calls():
    return [
        Call(rids.SNMP, "getConfiguration"),
        Call(rids.EVENT_ENGINE, "listRules"),
        Call(rids.EVENT_ENGINE, "listActions"),
    ]


def validate(request):
    """Every input check, before anything is sent; returns the parsed targets (None when not given)."""
    check_agent(request.agent)
    notifications.check_request(request.notifications)
    return notifications.parse_targets(request.notifications.targets)


def apply(client, request, check_mode=False):
    """Read, compare, write only the difference; SnmpResult with before/after as reported (no secrets)."""
    parsed = validate(request)
    config_answer, rules_answer, actions_answer = client.bulk(read_calls(), safe=True)
    config = config_answer.value
    needs_engine = parsed is not None or _touches_engine(request.notifications)
    rules = _engine_answer(rules_answer, needs_engine, client.device)
    actions = _engine_answer(actions_answer, needs_engine, client.device)
    wanted = _wanted_config(config, request.agent)
    agent_changed = [option for option, key in AGENT_FIELDS.items() if key in config and wanted[key] != config[key]]
    note_plan = notifications.plan(request.notifications, parsed, rules, actions, client.device)
    changed = bool(agent_changed) or note_plan.changed
    if changed and not check_mode:
        _write(
            client,
            wanted if agent_changed else None,
            note_plan,
            notifications.find_by_id(actions, notifications.ACTION_ID),
        )
    changed_fields = agent_changed + (["notifications"] if note_plan.changed else [])
    return SnmpResult(
        changed=changed,
        before=report(config, note_plan.before),
        after=report(wanted, note_plan.after, changed_secrets=[o for o in agent_changed if o in COMMUNITIES]),
        changed_fields=changed_fields,
    )


def _touches_engine(request):
    return any(value is not None for value in (request.enabled, request.timeout, request.retries))


def _engine_answer(answer, needed, device):
    if answer.ok:
        return answer.value
    if needed:
        raise SnmpError(device, f"cannot read the SNMP notification settings: {answer.error.message}")
    return None


def _wanted_config(config, agent):
    """The configuration as read with the task's fields set; fields the device did not send are not added."""
    wanted = dict(config)
    for option, key in AGENT_FIELDS.items():
        if agent.get(option) is not None and key in config:
            wanted[key] = agent[option]
    return wanted


def _write(client, config, note_plan, action):
    """One bulk request: the agent configuration, the action, the rule; every return code checked."""
    steps = []
    if config is not None:
        steps.append((Call(rids.SNMP, "setConfiguration", {"cfg": config}), SET_CODES, "the SNMP agent settings"))
    for method, params, codes in notifications.calls(note_plan, action):
        steps.append((Call(rids.EVENT_ENGINE, method, params), codes, f"the SNMP notifications ({method})"))
    answers = client.bulk([step[0] for step in steps])
    applied = []
    for (call, codes, what), answer in zip(steps, answers):
        if not answer.ok:
            raise SnmpError(client.device, _partial(f"{what}: {answer.error.message}", applied), changed=bool(applied))
        code = answer.ret
        if code not in (0, None):
            reason = codes.get(code, f"return code {code}")
            raise SnmpError(client.device, _partial(f"{what} refused: {reason}", applied), changed=bool(applied))
        applied.append(what)


def _partial(message, applied):
    return f"{message}; already applied: {', '.join(applied)}" if applied else f"{message}; nothing was changed"


def report(config, notes=None, changed_secrets=()):
    """Agent settings and notifications as returned: communities only as a marker."""
    shown = {}
    for option, key in AGENT_FIELDS.items():
        if key not in config:
            continue
        if option in COMMUNITIES:
            shown[option] = SECRET_CHANGED if option in changed_secrets else SECRET_SHOWN
        else:
            shown[option] = config[key]
    if notes is not None:
        shown["notifications"] = notifications.report(notes)
    return shown


# -- the xerus_info subset ----------------------------------------------------------------------------


def first_calls():
    return {
        "config": Call(rids.SNMP, "getConfiguration"),
        "engine_id": Call(rids.SNMP, "getV3EngineId"),
        "rules": Call(rids.EVENT_ENGINE, "listRules"),
        "actions": Call(rids.EVENT_ENGINE, "listActions"),
    }


def facts(answers):
    """The snmp subset: agent settings without communities, the engine id, the notification targets."""
    config = answers.get("config")
    if config is None:
        return None
    shown = {option: config[key] for option, key in AGENT_FIELDS.items() if key in config and option not in COMMUNITIES}
    shown["engine_id"] = answers.get("engine_id")
    if answers.get("rules") is None and answers.get("actions") is None:
        shown["notifications"] = None
    else:
        shown["notifications"] = notifications.report(
            notifications.read_state(answers.get("rules"), answers.get("actions"))
        )
    return shown
