# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""net.Net at /net and net.Services at /net/services (protocol 4.4): settings and info of eth0, IDL return
codes, the complete structure required on writes, and the same values as the raw configuration's net.* and
proto_listener keys."""

import copy

import pytest
from simfixture import Simulator, new_session, raw_lines, result, result_on, rpc

NET = "/net"


@pytest.fixture(scope="module")
def sim():
    simulator = Simulator()
    yield simulator
    assert simulator.stop() == 0


def _entry(mapping, key="eth0"):
    return next(item["value"] for item in mapping if item["key"] == key)


def _settings(session, sim):
    return result(session, sim, NET, "getSettings")["_ret_"]


def test_settings_and_info_describe_eth0(sim):
    session = new_session()
    settings = _settings(session, sim)
    ipv4 = _entry(settings["ifMap"])["ipv4"]
    assert ipv4["configMethod"] == 0 and ipv4["staticAddrCidr"]["addr"] == sim.device["host"]
    info = result(session, sim, NET, "getInfo")["_ret_"]
    interface = _entry(info["ifMap"])
    assert interface["state"] == 3 and interface["name"] == "eth0"
    assert interface["ipv4"]["addrsCidr"][0]["addr"] == sim.device["host"]
    assert info["wlanMap"] == []


def test_a_write_of_the_structure_read_changes_dns_and_shows_in_info(sim):
    session = new_session()
    before = _settings(session, sim)
    changed = copy.deepcopy(before)
    changed["common"]["dns"]["serverAddrs"] = ["192.0.2.1", "192.0.2.2"]
    assert result(session, sim, NET, "setSettings", {"settings": changed}) == {"_ret_": 0}
    info = result(session, sim, NET, "getInfo")["_ret_"]
    assert info["common"]["dns"]["serverAddrs"] == ["192.0.2.1", "192.0.2.2"]
    assert _settings(session, sim) == changed
    assert result(session, sim, NET, "setSettings", {"settings": before}) == {"_ret_": 0}


@pytest.mark.parametrize(
    "change, code",
    [
        (lambda s: s["common"]["dns"].update(serverAddrs=["not-an-address"]), 101),
        (lambda s: _entry(s["ifMap"])["ipv4"]["staticAddrCidr"].update(prefixLen=40), 404),
        (lambda s: _entry(s["ifMap"])["ipv4"].update(configMethod=2), 400),
        (lambda s: _entry(s["ethMap"]).update(mtu=9000), 501),
    ],
)
def test_refusals_carry_the_idl_codes_and_change_nothing(sim, change, code):
    session = new_session()
    before = _settings(session, sim)
    wrong = copy.deepcopy(before)
    change(wrong)
    assert result(session, sim, NET, "setSettings", {"settings": wrong}) == {"_ret_": code}
    assert _settings(session, sim) == before


def test_missing_or_extra_fields_are_invalid_params(sim):
    session = new_session()
    assert rpc(session, sim, NET, "setSettings", {"settings": {"common": {}}})["error"]["code"] == -32602
    extra = _settings(session, sim)
    extra["common"]["dns"]["unknownField"] = True
    assert rpc(session, sim, NET, "setSettings", {"settings": extra})["error"]["code"] == -32602


def test_net_settings_are_the_raw_configuration_net_keys(sim):
    session = new_session()
    settings = _settings(session, sim)
    raw = session.get(sim.url("/cgi-bin/raw_config_download.cgi"), verify=False, timeout=10).text
    hostname = _entry(settings["ifMap"])["ipv4"]["dhcpPreferredHostname"]
    assert f"net.interfaces[eth0].ipv4.dhcp.preferred_hostname={hostname}" in raw.splitlines()


# ---------------------------------------------------------------- net.Services at /net/services

SERVICES = "/net/services"


def _services(session, sim):
    return result(session, sim, SERVICES, "getSettings")["servicesSettings"]


def _set_services(session, sim, *entries):
    items = [{"service": name, "enable": enable, "port": port} for name, enable, port in entries]
    return result(session, sim, SERVICES, "setSettings", {"servicesSettings": items})["_ret_"]


def test_services_list_the_listeners_in_order(sim):
    services = _services(new_session(), sim)
    assert [item["service"] for item in services] == ["http", "https", "ssh", "telnet", "modbus"]
    assert {item["service"]: item["enable"] for item in services}["https"] is True


def test_services_change_only_the_named_ones_and_are_the_proto_listener_keys(sim):
    session = new_session()
    before = _services(session, sim)
    assert _set_services(session, sim, ("ssh", True, 2222), ("modbus", True, 1502)) == 0
    after = {item["service"]: item for item in _services(session, sim)}
    assert after["ssh"] == {"service": "ssh", "enable": True, "port": 2222}
    assert after["modbus"]["enable"] is True and after["modbus"]["port"] == 1502
    assert [after[item["service"]] for item in before if item["service"] not in ("ssh", "modbus")] == [
        item for item in before if item["service"] not in ("ssh", "modbus")
    ]
    raw = session.get(sim.url("/cgi-bin/raw_config_download.cgi"), verify=False, timeout=10).text.splitlines()
    assert "proto_listener[ssh].port=2222" in raw and "proto_listener[modbus].enabled=1" in raw
    restore = [(item["service"], item["enable"], item["port"]) for item in before]
    assert _set_services(session, sim, *restore) == 0
    assert _services(session, sim) == before


@pytest.mark.parametrize(
    "entries",
    [
        [("ftp", True, 21)],  # unknown service
        [("ssh", True, 2222), ("ssh", True, 2223)],  # named twice
        [("telnet", True, 443)],  # collides with https
        [("https", False, 443)],  # JSON-RPC runs over https
        [("ssh", True, 70000)],  # no TCP port
        [("ssh", True, 0)],
    ],
    ids=["unknown", "twice", "collision", "https-off", "port-70000", "port-0"],
)
def test_inconsistent_services_are_refused_with_1_and_change_nothing(sim, entries):
    session = new_session()
    before = _services(session, sim)
    assert _set_services(session, sim, *entries) == 1
    assert _services(session, sim) == before


def test_services_settings_of_the_wrong_shape_are_invalid_params(sim):
    session = new_session()
    wrong = {"servicesSettings": [{"service": "ssh", "enable": True}]}
    assert rpc(session, sim, SERVICES, "setSettings", wrong)["error"]["code"] == -32602
    assert rpc(session, sim, SERVICES, "setSettings", {"servicesSettings": {}})["error"]["code"] == -32602


# ---------------------------------------------------------------- IPv6 and search domains per generation


@pytest.mark.parametrize("generation", ["4.4", "4.0"])
def test_ipv6_and_search_domains_are_the_raw_keys(fleet, generation):
    settings = result_on(fleet, generation, NET, "getSettings")["_ret_"]
    iface = next(item["value"] for item in settings["ifMap"] if item["key"] == "eth0")
    iface["ipv6"].update(
        enabled=True,
        configMethod=0,
        staticAddrCidr={"addr": "2001:db8::10", "prefixLen": 64},
        staticDefaultGatewayAddr="2001:db8::1",
    )
    settings["common"]["dns"]["searchSuffixes"] = ["example.com"]
    assert result_on(fleet, generation, NET, "setSettings", {"settings": settings}) == {"_ret_": 0}
    lines = raw_lines(fleet, fleet.index_of(generation))
    assert "net.interfaces[eth0].ipv6.static.addr_cidr.addr=2001:db8::10" in lines
    assert "net.routing.ipv6.default_gateway_addr=2001:db8::1" in lines
    assert any(line.startswith("net.dns.search_suffixes") and "example.com" in line for line in lines)
    info = result_on(fleet, generation, NET, "getInfo")["_ret_"]
    active = next(item["value"] for item in info["ifMap"] if item["key"] == "eth0")["ipv6"]["addrsCidr"]
    assert active == [{"addr": "2001:db8::10", "prefixLen": 64}]
