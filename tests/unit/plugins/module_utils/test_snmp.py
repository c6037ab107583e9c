# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SNMP area against the simulator: one read request, one write request with only the difference,
idempotence, check mode, refusals with the device unchanged, secrets never reported, the xerus_info subset."""

from __future__ import annotations

import json

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import info, snmp
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError
from ansible_collections.xerus.pdu.plugins.module_utils.snmp_notifications import NotificationRequest

READ_COMMUNITY = "read-Comm-4d1e"
TRAP_COMMUNITY = "trap-Comm-88a0"
AUTH_KEY = "auth-Key-5b27c"
PRIV_KEY = "priv-Key-0f93e"


def v2c_request(**agent):
    return snmp.SnmpRequest(
        agent=dict(dict(v2c_enabled=True, read_community=READ_COMMUNITY, sys_location="row 4"), **agent),
        notifications=NotificationRequest(
            targets=[dict(host="192.0.2.10", port=162, version="v2c", type="trap", community=TRAP_COMMUNITY)],
            exclusive=True,
        ),
    )


def v3_request(**request):
    target = dict(
        host="192.0.2.30",
        port=1162,
        version="v3",
        type="inform",
        security_name="nms",
        security_level="auth_priv",
        auth_protocol="sha256",
        auth_passphrase=AUTH_KEY,
        privacy_protocol="aes256",
        privacy_passphrase=PRIV_KEY,
    )
    return snmp.SnmpRequest(
        notifications=NotificationRequest(targets=[target], exclusive=True, timeout=5, retries=2, **request)
    )


def test_change_then_nothing_in_one_read_and_one_write(sim):
    with sim.client() as client:
        mark = sim.mark()
        first = snmp.apply(client, v2c_request())
        requests = sim.requests_since(mark)
        second = snmp.apply(client, v2c_request())
    assert first.changed and not second.changed
    assert [entry["path"] for entry in requests] == ["/bulk", "/bulk"]
    state = sim.device_state()
    assert state["snmp"]["readComm"] == READ_COMMUNITY and state["snmp"]["sysLocation"] == "row 4"
    arguments = {e["key"]: e["value"] for e in state["event_engine"]["actions"][1]["arguments"]}
    assert arguments["SnmpTrapDest1"] == f"192.0.2.10:162:{TRAP_COMMUNITY}"
    assert [rule["isEnabled"] for rule in state["event_engine"]["rules"] if rule["id"] == "SystemSnmpTrapRule"] == [
        True
    ]
    shown = json.dumps([first.before, first.after, second.after, first.changed_fields])
    assert READ_COMMUNITY not in shown and TRAP_COMMUNITY not in shown
    assert first.after["read_community"] == "<hidden, changed>"


def test_check_mode_predicts_and_leaves_the_device(sim):
    with sim.client() as client:
        snmp.apply(client, v2c_request())
        before = sim.device_state()
        predicted = snmp.apply(client, v2c_request(sys_location="row 9"), check_mode=True)
    assert predicted.changed and predicted.after["sys_location"] == "row 9"
    after = sim.device_state()
    assert after["snmp"] == before["snmp"] and after["event_engine"] == before["event_engine"]


def test_v3_passphrases_hidden_by_the_device_stay_idempotent_and_always_resends(sim):
    with sim.client() as client:
        assert snmp.apply(client, v3_request()).changed
        assert not snmp.apply(client, v3_request()).changed
        assert snmp.apply(client, v3_request(update_secrets="always")).changed
    stored = {e["key"]: e["value"] for e in sim.device_state()["event_engine"]["actions"][1]["arguments"]}
    assert stored["SnmpNotfV3AuthKey"] == AUTH_KEY and stored["SnmpNotfType"] == "v3Inform"
    assert stored["SnmpTrapDest1"] == "192.0.2.30:1162:"


def test_agent_refusal_by_the_device_changes_nothing(sim):
    with sim.client() as client:
        snmp.apply(client, v2c_request())
        before = sim.device_state()
        # the client's own checks let an empty read community through only when it is not given: ask the device
        # for SNMPv1/v2c with an empty community by writing the structure directly
        config = client.call_ret("/snmp", "getConfiguration")
        code = client.call_ret("/snmp", "setConfiguration", {"cfg": dict(config, readComm="")})
    assert code == 1
    assert sim.device_state()["snmp"] == before["snmp"]


@pytest.mark.parametrize(
    "agent, option",
    [
        (dict(read_community=""), "read_community"),
        (dict(sys_contact="x" * 256), "sys_contact"),
        (dict(sys_name="a\u2028b"), "sys_name"),
    ],
)
def test_bad_agent_values_fail_before_anything_is_sent(sim, agent, option):
    with sim.client() as client:
        sim.requests_since(sim.mark())  # earlier tests' log lines are written
        mark = sim.mark()
        with pytest.raises(XerusInputError) as caught:
            snmp.apply(client, snmp.SnmpRequest(agent=agent))
        assert sim.requests_since(mark) == []
    assert caught.value.option == option


def test_info_subset_has_no_secrets(sim):
    with sim.client() as client:
        snmp.apply(client, v2c_request())
        facts = info.gather(client, ("snmp",))["snmp"]
    assert facts["sys_location"] == "row 4" and facts["notifications"]["targets"] == [
        {"host": "192.0.2.10", "port": 162}
    ]
    assert facts["engine_id"]
    assert READ_COMMUNITY not in json.dumps(facts) and TRAP_COMMUNITY not in json.dumps(facts)
    assert "read_community" not in facts


def test_a_transient_server_error_on_the_read_is_retried(sim):
    sim.inject("http_status", count=1, status=503, path="/bulk")
    with sim.client() as client:
        snmp.apply(client, v2c_request())
        sim.requests_since(sim.mark())  # the first task's log lines are written
        mark = sim.mark()
        sim.inject("http_status", count=1, status=503, path="/bulk")
        assert not snmp.apply(client, v2c_request()).changed
    statuses = [entry["status"] for entry in sim.requests_since(mark, "/bulk")]
    assert statuses[-2:] == [503, 200] and statuses.count(503) == 1


def test_a_write_refused_halfway_fails_and_says_what_was_applied(sim):
    with sim.client() as client:
        snmp.apply(client, v2c_request())
        sim.inject("rpc_error", count=1, method="modifyAction", code=-32000, message="refused for the test")
        request = v2c_request(sys_location="row 7", read_community="read-Comm-other")
        request.notifications.targets[0]["port"] = 1162  # the action changes too
        with pytest.raises(snmp.SnmpError) as caught:
            snmp.apply(client, request)
    assert caught.value.changed is True
    assert "already applied: the SNMP agent settings" in caught.value.message
    assert "read-Comm-other" not in str(caught.value)
    assert sim.device_state()["snmp"]["sysLocation"] == "row 7"


def test_without_an_event_engine_the_agent_is_still_managed(sim):
    """A device that refuses the event engine's calls: agent settings work, targets fail clearly."""
    with sim.client() as client:
        for method in ("listRules", "listActions"):
            sim.inject("rpc_error", count=1, method=method, code=-32601, message="Method not found")
        result = snmp.apply(client, snmp.SnmpRequest(agent=dict(sys_contact="ops@example.com")))
        assert result.changed and result.after["notifications"]["enabled"] is None
        sim.inject("rpc_error", count=1, method="listActions", code=-32601, message="Method not found")
        with pytest.raises(snmp.SnmpError) as caught:
            snmp.apply(client, v2c_request())
    assert "notification settings" in caught.value.message and not caught.value.changed
