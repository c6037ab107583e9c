# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SDK drives what xerus_snmp, xerus_smtp and their xerus_info subsets use, on both firmware generations.

devsettings.Snmp (/snmp), devsettings.Smtp (/smtp) and event.Engine (/event_engine) have the same versions in
both generations (XERUS-PROTOCOL.md section 14), so the PyPI SDK's proxies drive a 4.4 and a 4.0 device alike.
Every method the modules call round-trips through the SDK's decoders; invalid inputs are refused with the
IDL's return codes (Snmp/Smtp ERR_INVALID_PARAMS = 1; Engine: 1 name exists or unknown rule, 2 unknown action)
and the device is unchanged afterwards. The notification rule and action are those of the vendor
documentation (SystemSnmpTrapRule, SystemSnmpTrapAction of type SendSnmpTrap).
"""

import pytest
from raritan.rpc import JsonRpcErrorException, devsettings, event
from simproc import Simulator, make_agent

SNMP_RULE, SNMP_ACTION = "SystemSnmpTrapRule", "SystemSnmpTrapAction"


@pytest.fixture(scope="module")
def fleet():
    simulator = Simulator("--fw-generation", "4.4,4.0", fleet=2, outlets=2)
    yield simulator
    simulator.stop()


@pytest.fixture(params=["4.4", "4.0"])
def agent(request, fleet):
    device = next(d for d in fleet.devices if d["generation"] == request.param)
    return make_agent(f"{device['host']}:{device['port']}")


def snmp_action(engine):
    return next(action for action in engine.listActions() if action.id == SNMP_ACTION)


def arguments(action):
    return {entry.key: entry.value for entry in action.arguments}


def with_arguments(action, **changes):
    values = dict(arguments(action), **changes)
    action.arguments = [event.KeyValue(key, value) for key, value in values.items()]
    return action


# -- devsettings.Snmp ------------------------------------------------------------------------------------


def test_snmp_configuration_round_trip_and_engine_id(agent):
    snmp = devsettings.Snmp("/snmp", agent)
    cfg = snmp.getConfiguration()
    cfg.v2enable, cfg.readComm, cfg.sysLocation = True, "sdk-read", "sdk row 1"
    assert snmp.setConfiguration(cfg) == 0
    again = snmp.getConfiguration()
    assert (again.v2enable, again.readComm, again.sysLocation) == (True, "sdk-read", "sdk row 1")
    assert snmp.getV3EngineId().startswith("80001f88")


@pytest.mark.parametrize(
    "field, value",
    [
        ("readComm", "c" * 65),
        ("writeComm", "w" * 65),
        ("sysContact", "x" * 256),
        ("sysName", "line\nbreak"),
        ("sysLocation", "row\u20284"),
        ("readComm", ""),  # SNMPv1/v2c enabled with an empty read community
    ],
)
def test_snmp_invalid_configuration_is_refused_with_err_invalid_params(agent, field, value):
    snmp = devsettings.Snmp("/snmp", agent)
    cfg = snmp.getConfiguration()
    cfg.v2enable = True
    assert snmp.setConfiguration(cfg) == 0
    before = snmp.getConfiguration()
    setattr(cfg, field, value)
    assert snmp.setConfiguration(cfg) == devsettings.Snmp.ERR_INVALID_PARAMS
    after = snmp.getConfiguration()
    assert [getattr(after, name) for name in devsettings.Snmp.Configuration.elements] == [
        getattr(before, name) for name in devsettings.Snmp.Configuration.elements
    ]


# -- event.Engine: the notification rule and action -------------------------------------------------------


def test_notification_rule_and_action_as_documented(agent):
    engine = event.Engine("/event_engine", agent)
    assert "SendSnmpTrap" in engine.listActionTypes()
    rule = next(rule for rule in engine.listRules() if rule.id == SNMP_RULE)
    action = snmp_action(engine)
    assert rule.isSystem and action.isSystem and action.type == "SendSnmpTrap"
    assert SNMP_ACTION in rule.actionIds
    assert {"SnmpNotfType", "SnmpTrapDest1", "SnmpTrapDest2", "SnmpTrapDest3"} <= set(arguments(action))


def test_targets_written_with_modify_action_and_rule_switched(agent):
    engine = event.Engine("/event_engine", agent)
    action = with_arguments(
        snmp_action(engine), SnmpNotfType="v2Inform", SnmpTrapDest1="192.0.2.42:162:private", SnmpNotfRetries="5"
    )
    assert engine.modifyAction(action) == 0
    stored = arguments(snmp_action(engine))
    assert (stored["SnmpNotfType"], stored["SnmpTrapDest1"], stored["SnmpNotfRetries"]) == (
        "v2Inform",
        "192.0.2.42:162:private",
        "5",
    )
    assert engine.enableRule(SNMP_RULE) == 0
    assert next(rule for rule in engine.listRules() if rule.id == SNMP_RULE).isEnabled
    assert engine.disableRule(SNMP_RULE) == 0
    assert not next(rule for rule in engine.listRules() if rule.id == SNMP_RULE).isEnabled


def test_v3_passphrases_are_write_only_and_kept_when_sent_empty(agent):
    engine = event.Engine("/event_engine", agent)
    v3 = dict(
        SnmpNotfType="v3Trap",
        SnmpTrapDest1="[2001:db8::9]:162:",
        SnmpTrapDest2="",
        SnmpTrapDest3="",
        SnmpNotfV3SecName="sdk",
        SnmpNotfV3SecLevel="authPriv",
        SnmpNotfV3AuthProto="sha256",
        SnmpNotfV3AuthKey="sdk-auth-key",
        SnmpNotfV3PrivProto="aes",
        SnmpNotfV3PrivKey="sdk-priv-key",
    )
    assert engine.modifyAction(with_arguments(snmp_action(engine), **v3)) == 0
    shown = arguments(snmp_action(engine))
    assert shown["SnmpNotfV3AuthKey"] == "" and shown["SnmpNotfV3PrivKey"] == ""
    assert shown["SnmpNotfV3SecName"] == "sdk" and shown["SnmpTrapDest1"] == "[2001:db8::9]:162:"
    # written back as read (passphrases empty): still accepted, the stored ones stay
    assert engine.modifyAction(snmp_action(engine)) == 0


def test_engine_refusals_carry_the_idl_codes(agent):
    engine = event.Engine("/event_engine", agent)
    unknown = snmp_action(engine)
    unknown.id = "NoSuchAction"
    assert engine.modifyAction(unknown) == 2
    assert engine.enableRule("NoSuchRule") == 1
    assert engine.disableRule("NoSuchRule") == 1
    assert engine.deleteAction(SNMP_ACTION) == 2  # a system action is not deletable
    ret, action_id = engine.addAction(
        event.Engine.Action(id="", name="sdk log", isSystem=False, type="LogEventMessage", arguments=[])
    )
    assert ret == 0 and action_id
    duplicate = next(action for action in engine.listActions() if action.id == action_id)
    duplicate.name = snmp_action(engine).name
    assert engine.modifyAction(duplicate) == 1  # the name of another action
    assert engine.deleteAction(action_id) == 0 and engine.deleteAction(action_id) == 1


@pytest.mark.parametrize(
    "changes",
    [
        dict(SnmpNotfType="v4Trap"),
        dict(SnmpTrapDest1="192.0.2.1"),  # no port
        dict(SnmpTrapDest1="192.0.2.1:70000:x"),
        dict(SnmpNotfType="v3Trap", SnmpTrapDest1="192.0.2.1:162:", SnmpTrapDest2="192.0.2.2:162:"),
        dict(SnmpNotfV3AuthProto="sha1024"),
        dict(SnmpNotfV3AuthKey="short"),
        dict(SnmpNotfTimeout="soon"),
    ],
)
def test_invalid_notification_arguments_are_refused_and_change_nothing(agent, changes):
    engine = event.Engine("/event_engine", agent)
    before = arguments(snmp_action(engine))
    with pytest.raises(JsonRpcErrorException) as caught:
        engine.modifyAction(with_arguments(snmp_action(engine), **changes))
    assert "Invalid params" in str(caught.value)
    assert arguments(snmp_action(engine)) == before


# -- devsettings.Smtp ------------------------------------------------------------------------------------


def smtp_config(**changes):
    values = dict(
        host="mail.example.com",
        port=587,
        useTls=True,
        allowOffTimeRangeCerts=False,
        caCertChain="",
        sender="pdu@example.com",
        useAuth=True,
        username="mailer",
        password="sdk-smtp-secret",
        retryCount=3,
        retryInterval=5,
    )
    values.update(changes)
    return devsettings.Smtp.Configuration(**values)


def test_smtp_configuration_round_trip_password_write_only(agent):
    smtp = devsettings.Smtp("/smtp", agent)
    assert smtp.setConfiguration(smtp_config()) == 0
    read = smtp.getConfiguration()
    assert (read.host, read.port, read.useAuth, read.username, read.retryInterval) == (
        "mail.example.com",
        587,
        True,
        "mailer",
        5,
    )
    assert read.password == ""
    # written back as read, the empty password leaves the stored one: a test without one still authenticates
    assert smtp.setConfiguration(read) == 0
    result = smtp.testConfiguration(smtp.getConfiguration(), ["noc@example.com"])
    assert result.status == 0 and result.message


@pytest.mark.parametrize(
    "changes",
    [
        dict(port=0),
        dict(port=65536),
        dict(retryCount=11),
        dict(retryInterval=0),
        dict(retryInterval=61),
        dict(sender="not-an-address"),
        dict(host="bad host name"),
        dict(useAuth=True, username=""),
        dict(caCertChain="not a certificate"),
        dict(username="mailer\nx"),
    ],
)
def test_smtp_invalid_configuration_is_refused_with_err_invalid_params(agent, changes):
    smtp = devsettings.Smtp("/smtp", agent)
    assert smtp.setConfiguration(smtp_config()) == 0
    before = smtp.getConfiguration()
    assert smtp.setConfiguration(smtp_config(**changes)) == devsettings.Smtp.ERR_INVALID_PARAMS
    after = smtp.getConfiguration()
    assert [getattr(after, name) for name in devsettings.Smtp.Configuration.elements] == [
        getattr(before, name) for name in devsettings.Smtp.Configuration.elements
    ]


@pytest.mark.parametrize(
    "changes, recipients, status",
    [
        ({}, ["noc@example.com", "ops@example.com"], 0),
        ({}, ["nobody"], 1),
        ({}, [], 1),
        (dict(port=0), ["noc@example.com"], 1),
        (dict(host="mail.nowhere.invalid"), ["noc@example.com"], 2),
    ],
)
def test_smtp_test_mail_outcomes(agent, changes, recipients, status):
    smtp = devsettings.Smtp("/smtp", agent)
    before = smtp.getConfiguration()
    result = smtp.testConfiguration(smtp_config(**changes), recipients)
    assert result.status == status and result.message
    after = smtp.getConfiguration()  # a test never changes the active settings
    assert [getattr(after, name) for name in devsettings.Smtp.Configuration.elements] == [
        getattr(before, name) for name in devsettings.Smtp.Configuration.elements
    ]
