# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The network area: input checks, planning on both net.Net shapes, the address guard, against the simulator."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import network, rids
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError


def _ip(method, addr, prefix, gateway="", hostname="", **extra):
    return dict(
        enabled=True,
        configMethod=method,
        staticAddrCidr={"addr": addr, "prefixLen": prefix},
        staticDefaultGatewayAddr=gateway,
        dhcpPreferredHostname=hostname,
        **extra,
    )


def settings_80():
    """net.Settings as net.Net 8.0.0 sends it (stablePrivacyEnabled)."""
    return {
        "common": {
            "dns": {"serverAddrs": ["192.0.2.53"], "searchSuffixes": [], "resolverPrefersIPv6": False},
            "routing": {"ipv4": {"staticRoutes": []}, "ipv6": {"staticRoutes": []}},
            "portForwarding": {"enabled": False, "role": 0, "primaryUnitDownstreamIfName": ""},
        },
        "ifMap": [
            {
                "key": "eth0",
                "value": {
                    "enabled": True,
                    "ipv4": _ip(0, "192.0.2.10", 24, "192.0.2.1", "pdu-a", stablePrivacyEnabled=False),
                    "ipv6": dict(_ip(2, "", 64, stablePrivacyEnabled=False), enabled=False),
                },
            }
        ],
        "ethMap": [{"key": "eth0", "value": {"mtu": 1500, "eap": {"password": "", "clearPassword": False}}}],
        "wlanMap": [],
    }


def settings_60():
    """net.Net 6.0.0 and older: the default gateway in the routing settings, not in the interface."""
    settings = settings_80()
    for family in ("ipv4", "ipv6"):
        ip_settings = settings["ifMap"][0]["value"][family]
        ip_settings.pop("stablePrivacyEnabled")
        gateway = ip_settings.pop("staticDefaultGatewayAddr")
        settings["common"]["routing"][family]["defaultGatewayAddr"] = gateway
    return settings


def request(**params):
    return network.parse_request(params)


# -- input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, option",
    [
        ({"hostname": "-bad"}, "hostname"),
        ({"hostname": "a" * 64}, "hostname"),
        ({"hostname": "pdu a"}, "hostname"),
        ({"dns_servers": ["192.0.2.300"]}, "dns_servers"),
        ({"dns_search_domains": ["bad domain"]}, "dns_search_domains"),
        ({"interfaces": ["eth0"]}, "interfaces"),
        ({"interfaces": {"eth0": {"ipv5": {}}}}, "interfaces.eth0"),
        ({"interfaces": {"eth0": {"ipv4": {"mask": 24}}}}, "interfaces.eth0.ipv4"),
        ({"interfaces": {"eth0": {"ipv4": {"method": "auto"}}}}, "interfaces.eth0.ipv4.method"),
        ({"interfaces": {"eth0": {"ipv4": {"address": "192.0.2.10"}}}}, "interfaces.eth0.ipv4.address"),
        ({"interfaces": {"eth0": {"ipv4": {"address": "2001:db8::1/64"}}}}, "interfaces.eth0.ipv4.address"),
        ({"interfaces": {"eth0": {"ipv6": {"address": "192.0.2.1/24"}}}}, "interfaces.eth0.ipv6.address"),
        (
            {"interfaces": {"eth0": {"ipv4": {"method": "dhcp", "address": "192.0.2.9/24"}}}},
            "interfaces.eth0.ipv4.address",
        ),
        ({"interfaces": {"eth0": {"ipv4": {"gateway": "2001:db8::1"}}}}, "interfaces.eth0.ipv4.gateway"),
        ({"interfaces": {"eth0": {"ipv4": {"enabled": "yes"}}}}, "interfaces.eth0.ipv4.enabled"),
        ({"reconnect_timeout": -1}, "reconnect_timeout"),
    ],
)
def test_bad_input_names_the_option(params, option):
    with pytest.raises(XerusInputError) as raised:
        request(**params)
    assert raised.value.option == option


def test_input_is_normalised():
    parsed = request(
        dns_servers=["2001:DB8::0:53"],
        interfaces={"eth0": {"ipv4": {"address": "192.0.2.77/24"}, "ipv6": {"address": "2001:DB8:0::7/64"}}},
    )
    assert parsed.dns_servers == ["2001:db8::53"]
    assert parsed.interfaces["eth0"]["ipv4"] == {"address": "192.0.2.77/24", "method": "static"}
    assert parsed.interfaces["eth0"]["ipv6"]["address"] == "2001:db8::7/64"


# -- planning on both shapes ------------------------------------------------------------


@pytest.mark.parametrize("shape", [settings_80, settings_60])
def test_view_reads_the_gateway_where_the_generation_keeps_it(shape):
    view = network.view(shape())
    assert view["interfaces"]["eth0"]["ipv4"] == {
        "enabled": True,
        "method": "static",
        "address": "192.0.2.10/24",
        "gateway": "192.0.2.1",
    }
    assert view["interfaces"]["eth0"]["ipv6"]["method"] == "dhcp"
    assert view["hostname"] == "pdu-a"


@pytest.mark.parametrize("shape", [settings_80, settings_60])
def test_desired_changes_only_the_given_fields_and_keeps_the_shape(shape):
    settings = shape()
    wanted = network.desired_settings(
        settings,
        request(hostname="pdu-b", interfaces={"eth0": {"ipv4": {"gateway": "192.0.2.254"}}}),
        "dev",
    )
    expected = copy.deepcopy(settings)
    for family in ("ipv4", "ipv6"):
        expected["ifMap"][0]["value"][family]["dhcpPreferredHostname"] = "pdu-b"
    if "staticDefaultGatewayAddr" in expected["ifMap"][0]["value"]["ipv4"]:
        expected["ifMap"][0]["value"]["ipv4"]["staticDefaultGatewayAddr"] = "192.0.2.254"
    else:
        expected["common"]["routing"]["ipv4"]["defaultGatewayAddr"] = "192.0.2.254"
    assert wanted == expected
    assert settings == shape()  # the structure read is not touched


def test_unknown_interface_lists_the_device_names():
    with pytest.raises(XerusInputError, match="has no interface 'eth9' .*eth0"):
        network.desired_settings(settings_80(), request(interfaces={"eth9": {"ipv4": {"method": "dhcp"}}}), "dev")


def test_static_without_any_address_is_refused():
    settings = settings_80()
    with pytest.raises(XerusInputError, match="method static needs an address"):
        network.desired_settings(
            settings, request(interfaces={"eth0": {"ipv6": {"method": "static", "enabled": True}}}), "dev"
        )


def test_ipv6_dhcp_is_automatic_configuration():
    wanted = network.desired_settings(
        settings_80(), request(interfaces={"eth0": {"ipv6": {"enabled": True, "method": "dhcp"}}}), "dev"
    )
    assert wanted["ifMap"][0]["value"]["ipv6"]["configMethod"] == network.AUTO


# -- the address guard ---------------------------------------------------------------


def test_connected_family_is_found_by_address():
    settings, info = settings_80(), {"ifMap": []}
    assert network.connection_families(settings, info, {"192.0.2.10"}) == [("eth0", "ipv4")]
    assert network.connection_families(settings, info, {"198.51.100.1"}) == []


def test_only_address_changes_of_the_connected_family_count():
    settings = settings_80()
    gateway_only = network.desired_settings(settings, request(interfaces={"eth0": {"ipv4": {"gateway": ""}}}), "d")
    moved = network.desired_settings(
        settings, request(interfaces={"eth0": {"ipv4": {"address": "192.0.2.11/24"}}}), "d"
    )
    ipv6_on = network.desired_settings(settings, request(interfaces={"eth0": {"ipv6": {"enabled": True}}}), "d")
    connected = [("eth0", "ipv4")]
    assert network.address_changes(settings, gateway_only, connected) == []
    assert network.address_changes(settings, moved, connected) == [("eth0", "ipv4")]
    assert network.address_changes(settings, ipv6_on, connected) == []
    # not connected through any of the device's addresses: every family counts
    assert network.address_changes(settings, ipv6_on, []) == [("eth0", "ipv6")]


# -- against the simulator -------------------------------------------------------------


def _state_net(sim):
    return sim.device_state()["net"]


def test_apply_changes_reads_back_and_is_idempotent(sim):
    wanted = request(
        hostname="pdu-unit", dns_servers=["192.0.2.53", "2001:db8::53"], dns_search_domains=["example.com"]
    )
    with sim.client() as client:
        first = network.apply(client, wanted)
        second = network.apply(client, wanted)
        settings, _info = network.read(client)
    assert first.changed and not second.changed
    assert network.view(settings)["dns_servers"] == ["192.0.2.53", "2001:db8::53"]
    assert network.view(settings)["dns_search_domains"] == ["example.com"]
    assert network.view(settings)["hostname"] == "pdu-unit"
    assert _state_net(sim)["hostname"] == "pdu-unit"


def test_check_mode_writes_nothing(sim):
    before = _state_net(sim)
    with sim.client() as client:
        result = network.apply(client, request(hostname="pdu-would-be"), check_mode=True)
    assert result.changed and result.after["hostname"] == "pdu-would-be"
    assert _state_net(sim) == before


def test_change_of_the_connected_address_is_refused_without_the_option(sim):
    before = _state_net(sim)
    moved = {"eth0": {"ipv4": {"address": "192.0.2.99/24"}}}
    with sim.client() as client, pytest.raises(XerusInputError, match="allow_address_change") as raised:
        network.apply(client, request(interfaces=moved))
    assert raised.value.option == "allow_address_change"
    assert _state_net(sim) == before


def test_allowed_address_change_is_followed_and_back(sim):
    original = _state_net(sim)["ipv4_address"]
    moved = {"eth0": {"ipv4": {"address": "192.0.2.99/24"}}}
    with sim.client() as client:
        away = network.apply(client, request(interfaces=moved, allow_address_change=True, reconnect_timeout=0.5))
        assert away.changed and away.address_changed and away.reconnected is False
        assert any("did not answer at 192.0.2.99" in warning for warning in away.warnings)
        back = network.apply(
            client, request(interfaces={"eth0": {"ipv4": {"address": original}}}, allow_address_change=True)
        )
    assert back.address_changed and back.reconnected is True and not back.warnings
    assert _state_net(sim)["ipv4_address"] == original


def test_refused_settings_name_the_option_and_change_nothing(sim):
    before = _state_net(sim)
    with sim.client() as client, pytest.raises(network.NetworkError) as raised:
        network.apply(client, request(dns_servers=["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"]))
    assert raised.value.option == "dns_servers" and raised.value.details["return_code"] == 100
    assert not raised.value.changed
    assert _state_net(sim) == before


def test_read_is_one_bulk_request(sim):
    with sim.client() as client:
        mark = sim.mark()
        network.read(client)
    assert [entry["path"] for entry in sim.requests_since(mark)] == [rids.BULK]
