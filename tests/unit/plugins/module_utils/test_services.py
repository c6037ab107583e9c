# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The services area: input checks, the view over four interfaces, the write calls, against the simulator."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import rids, services
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError

SERVICE_LIST = [
    {"service": "http", "enable": True, "port": 80},
    {"service": "https", "enable": True, "port": 443},
    {"service": "ssh", "enable": True, "port": 22},
    {"service": "telnet", "enable": False, "port": 23},
    {"service": "modbus", "enable": False, "port": 502},
]


def answers(**changes):
    read = {
        "services": {"servicesSettings": [dict(item) for item in SERVICE_LIST]},
        "security.redirect": True,
        "security.hsts": False,
        "security.ssh": {"allowPasswordAuth": True, "allowPublicKeyAuth": True},
        "modbus.settings": {"tcp": {"readonly": True}, "serial": {"enabled": False}, "primaryUnitId": 1},
    }
    read.update(changes)
    return read


@pytest.mark.parametrize(
    "params, option",
    [
        ({"https": {"enabled": False}}, "https.enabled"),
        ({"ssh": {"port": 0}}, "ssh.port"),
        ({"telnet": {"port": 65536}}, "telnet.port"),
    ],
)
def test_bad_input_names_the_option(params, option):
    with pytest.raises(XerusInputError) as raised:
        services.parse_request(params)
    assert raised.value.option == option


def test_view_merges_the_other_interfaces_and_tolerates_their_absence():
    full = services.view(answers())
    assert full["http"] == {"enabled": True, "port": 80, "force_https": True}
    assert full["modbus"] == {"enabled": False, "port": 502, "read_only": True}
    assert full["ssh"] == {"enabled": True, "port": 22, "password_auth": True, "public_key_auth": True}
    bare = services.view(answers(**{"security.redirect": None, "security.ssh": None, "modbus.settings": None}))
    assert bare["http"] == {"enabled": True, "port": 80} and bare["modbus"] == {"enabled": False, "port": 502}


def test_service_list_may_come_as_the_list_itself():
    assert services.view(answers(services=SERVICE_LIST))["telnet"] == {"enabled": False, "port": 23}


def test_a_field_on_a_missing_interface_is_not_supported():
    current = services.view(answers(**{"modbus.settings": None}))
    with pytest.raises(services.ServicesError) as raised:
        services.desired_view(current, {"modbus": {"read_only": False}}, "dev")
    assert raised.value.option == "modbus.read_only"


def test_an_unknown_service_lists_the_device_ones():
    current = services.view(answers(services=SERVICE_LIST[:3]))
    with pytest.raises(services.ServicesError, match="does not offer the service 'telnet'.*http, https, ssh"):
        services.desired_view(current, {"telnet": {"enabled": True}}, "dev")


def test_port_collisions_are_refused_before_writing():
    current = services.view(answers())
    with pytest.raises(XerusInputError) as raised:
        services.desired_view(current, {"telnet": {"enabled": True, "port": 22}}, "dev")
    assert raised.value.option in ("ssh.port", "telnet.port")


def test_write_calls_send_only_what_changes_service_list_last():
    read = answers()
    before = services.view(read)
    after = services.desired_view(
        before, {"telnet": {"enabled": True}, "ssh": {"password_auth": False}, "modbus": {"read_only": False}}, "d"
    )
    calls = services.write_calls(read, before, after)
    assert [(call.rid, call.method) for call in calls] == [
        (rids.SECURITY, "setSSHSettings"),
        (rids.MODBUS, "setSettings"),
        (rids.NET_SERVICES, "setSettings"),
    ]
    assert calls[0].params == {"settings": {"allowPasswordAuth": False, "allowPublicKeyAuth": True}}
    assert calls[1].params["settings"] == {"tcp": {"readonly": False}, "serial": {"enabled": False}, "primaryUnitId": 1}
    assert calls[2].params == {"servicesSettings": [{"service": "telnet", "enable": True, "port": 23}]}
    assert read == answers()  # the structures read are not touched


# -- against the simulator -------------------------------------------------------------


def _state(sim):
    return sim.device_state()


def test_apply_writes_every_interface_and_is_idempotent(sim):
    wanted = {
        "telnet": {"enabled": True, "port": 2323},
        "http": {"force_https": False},
        "https": {"hsts": True},
        "ssh": {"public_key_auth": False},
        "modbus": {"enabled": True, "read_only": False},
    }
    with sim.client() as client:
        first = services.apply(client, wanted)
        mark = sim.mark()
        second = services.apply(client, wanted)
        requests = sim.requests_since(mark)
    assert first.changed and first.changed_services == ["http", "https", "modbus", "ssh", "telnet"]
    assert not second.changed and [entry["path"] for entry in requests] == [rids.BULK]
    state = _state(sim)
    assert state["listeners"]["telnet"] == {"enabled": True, "port": 2323}
    assert state["security"]["http_redirect"] is False and state["security"]["hsts"] is True
    assert state["security"]["ssh_public_key_auth"] is False
    assert state["modbus"]["tcp_readonly"] is False


def test_check_mode_writes_nothing(sim):
    before = _state(sim)
    with sim.client() as client:
        result = services.apply(client, {"ssh": {"enabled": False}, "modbus": {"read_only": True}}, check_mode=True)
    assert result.changed and result.after["ssh"]["enabled"] is False
    assert _state(sim) == before


def test_device_refusal_is_reported_with_what_was_applied(sim):
    with sim.client() as client:
        answers_read = services.read(client)
        before = services.view(answers_read)
        flipped = {"modbus": {"read_only": not before["modbus"]["read_only"]}}
        after = services.desired_view(before, flipped, client.device)
        calls = services.write_calls(answers_read, before, after)
        calls.append(
            services.Call(
                rids.NET_SERVICES,
                "setSettings",
                {"servicesSettings": [{"service": "gopher", "enable": True, "port": 70}]},
            )
        )
        with pytest.raises(services.ServicesError, match="code 1.*already applied: setSettings on /modbus") as raised:
            services._write(client, calls)
    assert raised.value.changed
