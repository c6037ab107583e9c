# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""event_actions.py and event_action_types.py: each type's arguments both ways (pure), apply() against the
simulator's event engine: create, idempotence, change, check mode, secrets, in-use refusal, request counts."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import event_actions, event_rules, rids
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError
from ansible_collections.xerus.pdu.plugins.module_utils.event_action_types import TYPES, Names
from ansible_collections.xerus.pdu.plugins.module_utils.event_actions import ActionRequest, EventActionError

NO_NAMES = Names({"syslog-a": "Action_001", "mail-b": "Action_002"}, {"Action_001": "syslog-a", "Action_002": "mail-b"})


@pytest.mark.parametrize(
    "kind, spec, expected",
    [
        ("syslog", {"server": "192.0.2.5"}, {"server": "192.0.2.5", "protocol": "udp", "port": 514}),
        ("syslog", {"server": "s", "protocol": "tls"}, {"server": "s", "protocol": "tls", "port": 6514}),
        ("syslog", {"server": "s", "protocol": "tcp", "port": 1514}, {"protocol": "tcp", "port": 1514}),
        (
            "snmp_trap",
            {"destinations": [{"host": "192.0.2.7", "community": "c1"}, {"host": "h2", "port": 1162}]},
            {
                "notification": "v2_trap",
                "destinations": [{"host": "192.0.2.7", "port": 162}, {"host": "h2", "port": 1162}],
            },
        ),
        (
            "email",
            {"recipients": ["a@example.com", "b@example.com"]},
            {"recipients": ["a@example.com", "b@example.com"]},
        ),
        ("email", {"recipients": ["a@example.com"], "subject": "S"}, {"subject": "S", "text": None, "smtp": None}),
        ("log", {"text": "hello"}, {"text": "hello"}),
        (
            "switch_outlet",
            {"operation": "cycle", "outlets": ["1", "3-4"]},
            {"operation": "cycle", "outlets": ["1", "3", "4"]},
        ),
        ("buzzer", {"operation": "on"}, {"operation": "on"}),
        ("action_group", {"actions": ["mail-b", "syslog-a"]}, {"actions": ["mail-b", "syslog-a"]}),
        (
            "alarm",
            {"notification_actions": ["syslog-a"], "renotify_period": 5},
            {"notification_actions": ["syslog-a"], "renotify_period": 5, "renotify_limit": -1},
        ),
    ],
)
def test_arguments_read_back_as_given(kind, spec, expected):
    action_type = TYPES[kind]
    view = action_type.view(action_type.arguments(spec, NO_NAMES), NO_NAMES)
    assert {key: view[key] for key in expected} == expected


def test_secrets_are_written_but_never_in_the_view():
    spec = {
        "notification": "v3_inform",
        "destinations": [{"host": "h", "community": ""}],
        "security_name": "u",
        "security_level": "auth_priv",
        "auth_passphrase": "auth-secret-1",
        "privacy_passphrase": "priv-secret-2",
    }
    arguments = TYPES["snmp_trap"].arguments(spec, NO_NAMES)
    assert arguments["SnmpNotfV3AuthKey"] == "auth-secret-1" and arguments["SnmpNotfV3PrivKey"] == "priv-secret-2"
    view = str(TYPES["snmp_trap"].view(arguments, NO_NAMES))
    assert "secret" not in view
    email = TYPES["email"].arguments(
        {"recipients": ["a@example.com"], "smtp": {"host": "mx", "password": "smtp-secret-3"}}, NO_NAMES
    )
    assert "smtp-secret-3" not in str(TYPES["email"].view(email, NO_NAMES))
    community = TYPES["snmp_trap"].arguments({"destinations": [{"host": "h", "community": "comm-4"}]}, NO_NAMES)
    assert "comm-4" not in str(TYPES["snmp_trap"].view(community, NO_NAMES))


@pytest.mark.parametrize(
    "kind, spec, message",
    [
        ("syslog", {"server": ""}, "option syslog.server"),
        ("syslog", {"server": "s", "port": 70000}, "option syslog.port: 70000 is not a port"),
        ("syslog", {"server": "s\nx"}, "option syslog.server contains"),
        ("snmp_trap", {"destinations": []}, "option snmp_trap.destinations: 0 destinations"),
        ("snmp_trap", {"notification": "v3_trap", "destinations": [{"host": "a"}, {"host": "b"}]}, "1..1"),
        ("snmp_trap", {"destinations": [{"host": "a", "community": "x:y"}]}, "cannot contain ':'"),
        (
            "snmp_trap",
            {"notification": "v3_trap", "destinations": [{"host": "a"}], "security_level": "auth_priv"},
            "option snmp_trap.auth_passphrase",
        ),
        ("email", {"recipients": ["nobody"]}, "option email.recipients"),
        ("switch_outlet", {"operation": "on", "outlets": ["web-1"]}, "option switch_outlet.outlets"),
        ("switch_outlet", {"operation": "on", "outlets": ["0"]}, "start at 1"),
        ("action_group", {"actions": ["missing"]}, "no event action named 'missing'"),
        ("alarm", {"notification_actions": ["syslog-a"], "renotify_period": 2000}, "1..1440"),
    ],
)
def test_bad_arguments_name_their_option(kind, spec, message):
    with pytest.raises(XerusInputError, match=message):
        TYPES[kind].arguments(spec, NO_NAMES)


def _syslog(name="syslog-noc", **spec):
    return ActionRequest(name=name, type="syslog", spec=dict({"server": "192.0.2.5"}, **spec))


def _actions(client):
    return {action["name"]: action for action in client.call_ret(rids.EVENT_ENGINE, "listActions")}


def test_create_is_idempotent_and_changes_only_what_differs(sim):
    with sim.client() as client:
        mark = sim.mark()
        result = event_actions.apply(client, _syslog())
        assert result.changed and result.before is None
        assert len(sim.requests_since(mark)) == 2  # one bulk read, one write
        stored = _actions(client)["syslog-noc"]
        assert stored["type"] == "SendSyslogMessage" and result.after["id"] == stored["id"]
        again = event_actions.apply(client, _syslog())
        assert not again.changed and again.after["syslog"]["port"] == 514
        changed = event_actions.apply(client, _syslog(protocol="tcp", port=1514))
        assert changed.changed and changed.before["syslog"]["protocol"] == "udp"
        assert _actions(client)["syslog-noc"]["id"] == stored["id"]
        assert changed.after["syslog"] == {"server": "192.0.2.5", "protocol": "tcp", "port": 1514, "bsd_compat": False}


def test_check_mode_writes_nothing(sim):
    with sim.client() as client:
        before = _actions(client)
        result = event_actions.apply(client, _syslog(name="never-made"), check_mode=True)
        assert result.changed and result.after["name"] == "never-made"
        assert _actions(client) == before


def test_arguments_the_task_does_not_manage_are_kept(sim):
    with sim.client() as client:
        event_actions.apply(client, _syslog(name="kept-args"))
        stored = _actions(client)["kept-args"]
        stored["arguments"].append({"key": "VendorExtra", "value": "x"})
        assert client.call_ret(rids.EVENT_ENGINE, "modifyAction", {"action": stored}) == 0
        event_actions.apply(client, _syslog(name="kept-args", port=5514))
        keys = {item["key"]: item["value"] for item in _actions(client)["kept-args"]["arguments"]}
        assert keys["VendorExtra"] == "x" and keys["SyslogServerPort"] == "5514"


def test_fewer_recipients_drop_the_numbered_keys(sim):
    with sim.client() as client:
        request = ActionRequest(name="mail", type="email", spec={"recipients": ["a@example.com", "b@example.com"]})
        event_actions.apply(client, request)
        event_actions.apply(client, ActionRequest(name="mail", type="email", spec={"recipients": ["c@example.com"]}))
        keys = {item["key"] for item in _actions(client)["mail"]["arguments"]}
        assert "Recipient1" in keys and "Recipient2" not in keys


def test_update_secrets_on_create_keeps_the_device_secret(sim):
    def request(password, update):
        spec = {"recipients": ["a@example.com"], "smtp": {"host": "mx", "username": "u", "password": password}}
        return ActionRequest(name="mail-auth", type="email", spec=spec, update_secrets=update)

    with sim.client() as client:
        assert event_actions.apply(client, request("first-secret", "always")).changed
        assert not event_actions.apply(client, request("other-secret", "on_create")).changed
        assert event_actions.apply(client, request("other-secret", "always")).changed
        keys = {item["key"]: item["value"] for item in _actions(client)["mail-auth"]["arguments"]}
        assert keys["SmtpPassword"] == "other-secret"


def test_an_action_in_use_is_not_removed(sim):
    with sim.client() as client:
        event_actions.apply(client, _syslog(name="used"))
        spec = event_rules.RuleSpec(name="uses-it", events=[["Outlet", "*", "PowerControl", "On"]], actions=["used"])
        event_rules.apply(client, [spec])
        with pytest.raises(EventActionError, match="in use by rule 'uses-it'.*nothing was changed"):
            event_actions.apply(client, ActionRequest(name="used", state="absent"))
        assert "used" in _actions(client)
        event_rules.apply(client, [event_rules.RuleSpec(name="uses-it", state="absent")])
        removed = event_actions.apply(client, ActionRequest(name="used", state="absent"))
        assert removed.changed and removed.after is None and "used" not in _actions(client)
        assert not event_actions.apply(client, ActionRequest(name="used", state="absent")).changed


def test_a_system_action_is_neither_changed_nor_removed(sim):
    with sim.client() as client:
        system = next(action for action in _actions(client).values() if action["isSystem"])
        with pytest.raises(EventActionError, match="system action"):
            event_actions.apply(client, ActionRequest(name=system["name"], state="absent"))
        with pytest.raises(EventActionError, match="system action"):
            event_actions.apply(client, ActionRequest(name=system["name"], type="log", spec={"text": "x"}))


def test_a_type_the_device_does_not_offer_fails_before_writing(sim):
    with sim.client() as client:
        state = event_actions.read(client)
        state.types = ["SendSyslogMessage"]
        with pytest.raises(EventActionError, match="does not offer the action type SendSmtpMessage"):
            event_actions.desired(
                client.device, state, None, ActionRequest(name="m", type="email", spec={"recipients": ["a@b.c"]})
            )


@pytest.mark.parametrize(
    "request_, message",
    [
        (ActionRequest(name="", type="log"), "option name"),
        (ActionRequest(name="a\u2028b", type="log"), "option name contains"),
        (ActionRequest(name="x", type=None), "option type"),
        (ActionRequest(name="x", type="log", update_secrets="sometimes"), "option update_secrets"),
    ],
)
def test_validate_refuses(request_, message):
    with pytest.raises(XerusInputError, match=message):
        event_actions.validate(request_)
