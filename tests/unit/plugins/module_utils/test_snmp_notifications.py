# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SNMP notification targets: the destination format, the task's targets, planning against the device's
rule and action (as listRules / listActions answer them), and the arguments written back."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import snmp_notifications as notes
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError

DEVICE = "192.0.2.7:443"


def action(**arguments):
    values = {"SnmpNotfType": "v2Trap", "SnmpTrapDest1": "", "SnmpTrapDest2": "", "SnmpTrapDest3": ""}
    values.update(arguments)
    return {
        "id": notes.ACTION_ID,
        "name": "System SNMP Notification Action",
        "isSystem": True,
        "type": notes.ACTION_TYPE,
        "arguments": [{"key": "VendorExtra", "value": "kept"}] + [{"key": k, "value": v} for k, v in values.items()],
    }


def rules(enabled=False):
    return [{"id": "SystemEventLogRule", "isEnabled": True}, {"id": notes.RULE_ID, "isEnabled": enabled}]


def v2(host, community="comm-1", **extra):
    return dict(
        host=host,
        port=extra.pop("port", 162),
        version="v2c",
        type=extra.pop("type", "trap"),
        community=community,
        **extra,
    )


def v3(host="192.0.2.30", **extra):
    entry = dict(
        host=host,
        port=162,
        version="v3",
        type="inform",
        security_name="nms",
        security_level="auth_priv",
        auth_protocol="sha",
        privacy_protocol="aes",
        auth_passphrase="auth-pass-1",
        privacy_passphrase="priv-pass-1",
    )
    entry.update(extra)
    return entry


def planned(targets, device_action, exclusive=False, enabled_rule=False, **request):
    request = notes.NotificationRequest(targets=targets, exclusive=exclusive, **request)
    parsed = notes.parse_targets(targets)
    return notes.plan(request, parsed, rules(enabled_rule), [device_action], DEVICE)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("192.0.2.1:162:public", ("192.0.2.1", 162, "public")),
        ("nms.example.com:1162:com:with:colons", ("nms.example.com", 1162, "com:with:colons")),
        ("[2001:db8::1]:162:public", ("2001:db8::1", 162, "public")),
        ("2001:db8::1:162:public", ("2001:db8::1", 162, "public")),
        ("192.0.2.1:162", ("192.0.2.1", 162, "")),
        ("192.0.2.1:162:", ("192.0.2.1", 162, "")),
        ("no port here", None),
    ],
)
def test_destinations_parse_in_every_form(text, expected):
    assert notes.parse_destination(text) == expected


def test_ipv6_destination_is_written_bracketed():
    target = notes.Target(host="2001:db8::1", port=162, community="c")
    assert notes.format_destination(target) == "[2001:db8::1]:162:c"
    assert notes.parse_destination(notes.format_destination(target)) == ("2001:db8::1", 162, "c")


@pytest.mark.parametrize(
    "targets, option, words",
    [
        ([v2("192.0.2.1"), v2("192.0.2.2", type="inform")], "targets", "one notification type"),
        ([v2(f"192.0.2.{n}") for n in range(1, 5)], "targets", "at most 3"),
        ([v3(), v3(host="192.0.2.31")], "targets", "at most 1"),
        ([v2("192.0.2.1"), v2("192.0.2.1")], "targets", "listed twice"),
        ([v2("192.0.2.1", community=None)], "targets[0].community", "needs its community"),
        ([v2("192.0.2.1", security_name="x")], "targets[0].security_name", "SNMPv3 targets"),
        ([v3(security_name=None)], "targets[0].security_name", "security name"),
        ([v3(community="c")], "targets[0].community", "SNMPv2c targets only"),
        ([v3(auth_passphrase="short")], "targets[0].auth_passphrase", "at least 8"),
        ([v2("192.0.2.1", community="a\nb")], "targets[0].community", "line breaks"),
        ([v2("192.0.2.1", community="c" * 65)], "targets[0].community", "too long"),
        ([v2("https://nms/")], "targets[0].host", "URL"),
        ([v2("192.0.2.1", port=70000)], "targets[0].port", "not a port"),
        ([v2("192.0.2.1", port=0)], "targets[0].port", "not a port"),
    ],
)
def test_bad_targets_are_refused_naming_the_option(targets, option, words):
    with pytest.raises(XerusInputError) as caught:
        notes.parse_targets(targets)
    assert caught.value.option == option
    assert words in caught.value.message


def test_a_new_target_is_written_and_the_rule_enabled():
    plan = planned([v2("192.0.2.10", community="trap-comm")], action())
    assert plan.write_action and plan.rule_call == "enableRule"
    arguments = {entry["key"]: entry["value"] for entry in plan.arguments}
    assert arguments["SnmpTrapDest1"] == "192.0.2.10:162:trap-comm"
    assert arguments["SnmpTrapDest2"] == "" and arguments["SnmpNotfType"] == "v2Trap"
    assert plan.arguments[0] == {"key": "VendorExtra", "value": "kept"}  # arguments not ours stay in place


def test_the_same_targets_change_nothing():
    device = action(SnmpTrapDest1="192.0.2.10:162:trap-comm")
    plan = planned([v2("192.0.2.10", community="trap-comm")], device, enabled_rule=True)
    assert not plan.changed


def test_a_different_community_shown_by_the_device_is_a_change():
    device = action(SnmpTrapDest1="192.0.2.10:162:old-comm")
    assert planned([v2("192.0.2.10", community="new-comm")], device, enabled_rule=True).write_action


def test_non_exclusive_keeps_other_targets_in_their_slots():
    device = action(SnmpTrapDest1="192.0.2.1:162:a", SnmpTrapDest2="192.0.2.2:162:b")
    plan = planned([v2("192.0.2.3", community="c"), v2("192.0.2.2", community="b2")], device, enabled_rule=True)
    arguments = {entry["key"]: entry["value"] for entry in plan.arguments}
    assert [arguments[key] for key in notes.DEST_KEYS] == ["192.0.2.1:162:a", "192.0.2.2:162:b2", "192.0.2.3:162:c"]


def test_non_exclusive_refuses_to_change_the_type_of_kept_targets():
    device = action(SnmpTrapDest1="192.0.2.1:162:a")
    with pytest.raises(XerusInputError) as caught:
        planned([v2("192.0.2.3", community="c", type="inform")], device)
    assert "targets_exclusive" in caught.value.message and "192.0.2.1:162" in caught.value.message


def test_non_exclusive_refuses_a_fourth_v2c_target():
    device = action(**{key: f"192.0.2.{n}:162:x" for n, key in enumerate(notes.DEST_KEYS, 1)})
    with pytest.raises(XerusInputError) as caught:
        planned([v2("192.0.2.9")], device)
    assert "at most" in caught.value.message or "more than" in caught.value.message


def test_an_empty_list_without_exclusive_changes_nothing():
    device = action(SnmpTrapDest1="192.0.2.1:162:a")
    assert not planned([], device, enabled_rule=True).changed


def test_exclusive_empty_list_clears_targets_and_disables_the_rule():
    device = action(SnmpTrapDest1="192.0.2.1:162:a")
    plan = planned([], device, exclusive=True, enabled_rule=True)
    arguments = {entry["key"]: entry["value"] for entry in plan.arguments}
    assert [arguments[key] for key in notes.DEST_KEYS] == ["", "", ""]
    assert plan.rule_call == "disableRule"


def v3_device(**extra):
    values = dict(
        SnmpNotfType="v3Inform",
        SnmpTrapDest1="192.0.2.30:162:",
        SnmpNotfV3SecName="nms",
        SnmpNotfV3SecLevel="authPriv",
        SnmpNotfV3AuthProto="sha",
        SnmpNotfV3AuthKey="",
        SnmpNotfV3PrivProto="aes",
        SnmpNotfV3PrivKey="",
    )
    values.update(extra)
    return action(**values)


def test_hidden_passphrases_count_as_current_while_the_security_stays():
    assert not planned([v3()], v3_device(), enabled_rule=True).changed


def test_update_secrets_always_sends_hidden_passphrases():
    plan = planned([v3()], v3_device(), enabled_rule=True, update_secrets="always")
    assert plan.write_action
    arguments = {entry["key"]: entry["value"] for entry in plan.arguments}
    assert arguments["SnmpNotfV3AuthKey"] == "auth-pass-1" and arguments["SnmpNotfV3PrivKey"] == "priv-pass-1"


def test_a_changed_protocol_sends_the_passphrases_with_it():
    plan = planned([v3(auth_protocol="sha512")], v3_device(), enabled_rule=True)
    arguments = {entry["key"]: entry["value"] for entry in plan.arguments}
    assert arguments["SnmpNotfV3AuthProto"] == "sha512" and arguments["SnmpNotfV3AuthKey"] == "auth-pass-1"


def test_passphrases_shown_by_the_device_are_compared():
    device = v3_device(SnmpNotfV3AuthKey="auth-pass-1", SnmpNotfV3PrivKey="priv-pass-OLD")
    assert planned([v3()], device, enabled_rule=True).write_action


def test_left_out_passphrases_of_a_known_target_are_kept():
    entry = v3(auth_passphrase=None, privacy_passphrase=None)
    assert not planned([entry], v3_device(), enabled_rule=True).changed


def test_a_new_v3_target_without_passphrases_is_refused():
    with pytest.raises(XerusInputError) as caught:
        planned([v3(privacy_passphrase=None)], action(), exclusive=True)
    assert "privacy_passphrase" in caught.value.option


def test_reports_never_carry_secrets():
    state = notes.read_state(rules(True), [v3_device(SnmpNotfV3AuthKey="auth-pass-1")])
    shown = repr(notes.report(state))
    assert "auth-pass-1" not in shown and "nms" in shown


def test_missing_action_is_a_clear_error():
    request = notes.NotificationRequest(targets=[v2("192.0.2.1")])
    with pytest.raises(notes.NotificationError) as caught:
        notes.plan(request, notes.parse_targets(request.targets), rules(), [], DEVICE)
    assert notes.ACTION_ID in caught.value.message
