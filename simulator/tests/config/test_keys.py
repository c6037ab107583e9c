# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Configuration key table (protocol 9.2, 9.3): real key grammar, both spellings, vectors,
validation limits, rules across keys, atomic apply."""

import pytest
from standin import StandInDevice

from xerus_sim.config import keys

EVIDENCE_KEYS = [  # keys of tests/protocol/evidence/raw-config-keys.txt that the device holds (9.3 A)
    "pdu.name",
    "net.interfaces[eth0].ipv4.enabled",
    "net.interfaces[eth0].ipv4.config_method",
    "net.interfaces[eth0].ipv4.static.addr_cidr.addr",
    "net.interfaces[eth0].ipv4.static.addr_cidr.prefix_len",
    "net.interfaces[eth0].ipv6.enabled",
    "net.routing.ipv4.default_gateway_addr",
    "net.dns.server_addrs._s_",
    "security.block_time",
    "security.max_login_fails",
    "modbus.tcp.readonly",
    "proto_listener[modbus].port",
    "proto_listener[http].enabled",
    "proto_listener[http].port",
]


@pytest.fixture
def device():
    return StandInDevice(outlets=8)


def test_download_holds_the_keys_of_real_devices_in_display_form(device):
    values = keys.read_all(device)
    assert set(EVIDENCE_KEYS) <= set(values)
    assert values["pdu.outlets._s_"] == "8"
    assert "pdu.outlets[0].name" in values and "pdu.outlets[7].name" in values
    assert "pdu.outlets[8].name" not in values
    assert not [key for key in values if key.startswith(("outlet.", "inlet.")) or "._e_." in key]


def test_rendering_of_values(device):
    device.state["pdu_settings"]["outletPowerStateSequence"] = [7, 6, 5, 4, 3, 2, 1, 0]
    device.state["outlets"][2]["settings"]["startupState"] = 1
    device.state["net"]["dns_servers"] = "192.0.2.53,192.0.2.54"
    values = keys.read_all(device)
    assert values["pdu.outlet_sequence._s_"] == "8"
    assert values["pdu.outlet_sequence[0]"] == "7"  # integer elements without ._c_
    assert values["pdu.startup_state"] == "lastknown"
    assert values["pdu.outlets[2].startup_state"] == "off"
    assert values["pdu.outlets[0].startup_state"] == "pdudefault"
    assert values["pdu.outlets[0].use_pdu_cycle_delay"] == "1"
    assert values["snmp.v2c.enabled"] == "0"
    assert values["pdu.inlets[0].name"] == ""
    assert values["net.dns.server_addrs._s_"] == "2"
    assert values["net.dns.server_addrs[1]._c_"] == "192.0.2.54"  # string elements with ._c_


def test_display_and_input_form_are_the_same_key(device):
    assert keys.canonical("net.dns.server_addrs._e_.0") == "net.dns.server_addrs[0]"
    assert keys.canonical("net.dns.server_addrs[0]._c_") == "net.dns.server_addrs[0]"
    assert keys.canonical("proto_listener._e_.http.program_args._e_.1") == "proto_listener[http].program_args[1]"
    keys.apply(device, [("pdu.outlets._e_.1.name", "db-2"), ("proto_listener._e_.telnet.enabled", "1")])
    assert device.state["outlets"][1]["settings"]["name"] == "db-2"
    assert keys.read_all(device)["proto_listener[telnet].enabled"] == "1"


def test_apply_maps_to_state(device):
    keys.apply(
        device,
        [("pdu.outlets[1].name", "db-2"), ("pdu.outlets[1].startup_state", "on"), ("pdu.outlet_sequence._s_", "8")]
        + [(f"pdu.outlet_sequence._e_.{n}", str(s)) for n, s in enumerate([1, 0, 2, 3, 4, 5, 6, 7])]
        + [
            ("snmp.v2c.read_community", "s3cret"),
            ("net.dns.server_addrs._s_", "2"),
            ("net.dns.server_addrs._e_.0", "192.0.2.1"),
            ("net.dns.server_addrs[1]._c_", "2001:db8::1"),
            ("pdu.inhibit_relay_control", "1"),
            ("net.interfaces[eth0].ipv4.static.addr_cidr.prefix_len", "16"),
        ],
    )
    assert device.state["outlets"][1]["settings"]["name"] == "db-2"
    assert device.state["outlets"][1]["settings"]["startupState"] == 0
    assert device.state["pdu_settings"]["outletPowerStateSequence"] == [1, 0, 2, 3, 4, 5, 6, 7]
    assert device.state["pdu_settings"]["inhibitRelayControl"] is True
    assert device.state["snmp"]["readComm"] == "s3cret"
    assert device.state["net"]["dns_servers"] == "192.0.2.1,2001:db8::1"
    assert device.state["net"]["ipv4_address"] == "127.0.0.1/16"
    assert device.saves == 1


def test_vector_size_drops_and_element_grows(device):
    keys.apply(device, [("net.dns.server_addrs._e_.1", "192.0.2.2"), ("net.dns.server_addrs._e_.0", "192.0.2.1")])
    assert device.state["net"]["dns_servers"] == "192.0.2.1,192.0.2.2"
    keys.apply(device, [("net.dns.server_addrs._s_", "1")])
    assert device.state["net"]["dns_servers"] == "192.0.2.1"
    assert keys.validate(device, [("net.dns.server_addrs._s_", "2")])  # element 1 has no value


@pytest.mark.parametrize(
    "key,value",
    [
        ("pdu.name", "x" * 65),
        ("pdu.startup_state", "pdudefault"),
        ("pdu.cycle_delay", "0"),
        ("pdu.cycle_delay", "3601"),
        ("pdu.cycle_delay", "ten"),
        ("pdu.inrush_guard_delay", "99"),
        ("pdu.inrush_guard_delay", "100001"),
        ("pdu.power_on_delay", "3601"),
        ("pdu.power_on_delay", "-1"),
        ("pdu.outlet_sequence._s_", "3"),
        ("pdu.suspend_trip_cause_outlets", "yes"),
        ("pdu.inhibit_relay_control", "true"),
        ("pdu.inlets[0].name", "y" * 65),
        ("pdu.inlets._s_", "2"),
        ("pdu.outlets._s_", "9"),
        ("net.interfaces[eth0].ipv4.config_method", "bootp"),
        ("net.interfaces[eth0].ipv4.static.addr_cidr.addr", "10.0.0.300"),
        ("net.interfaces[eth0].ipv4.static.addr_cidr.prefix_len", "33"),
        ("net.routing.ipv4.default_gateway_addr", "gw"),
        ("net.dns.server_addrs._e_.0", "nope"),
        ("net.dns.server_addrs._e_.3", "192.0.2.1"),
        ("net.interfaces[eth1].enabled", "1"),
        ("snmp.v2c.enabled", "true"),
        ("snmp.v3.enabled", ""),
        ("snmp.v2c.read_community", "c" * 65),
        ("snmp.sys_contact", "s" * 256),
        ("snmp.sys_name", "a\tb"),
        ("pdu.outlets[0].startup_state", "auto"),
        ("pdu.outlets[0].cycle_delay", "0"),
        ("pdu.outlets[7].cycle_delay", "3601"),
        ("pdu.outlets[0].sequence_delay", "100001"),
        ("pdu.outlets[0].non_critical", "0 "),
        ("pdu.outlets[0].use_pdu_cycle_delay", "on"),
        ("pdu.outlets[8].name", "x"),
        ("pdu.outlets[0].colour", "blue"),
        ("outlet.1.name", "x"),
        ("inlet.1.name", "x"),  # the old, unreal spellings
        ("proto_listener[pwn].port", "1"),
        ("proto_listener[telnet].port", "65536"),
        ("security.block_time", "0"),
        ("security.max_login_fails", "101"),
        ("security.password.min_length", "3"),
        ("modbus.tcp.readonly", "2"),
    ],
)
def test_invalid_items_are_refused_with_a_reason(device, key, value):
    reason = keys.validate(device, [(key, value)])
    assert reason and key.split("._")[0].split("[")[0] in reason


@pytest.mark.parametrize(
    "items",
    [
        [("proto_listener[telnet].enabled", "1"), ("proto_listener[telnet].port", "22")],  # port used twice
        [("proto_listener[https].enabled", "0")],  # https stays on
        [("security.password.min_length", "40")],  # min > max (32)
    ],
)
def test_rules_across_keys(device, items):
    assert keys.validate(device, items)


@pytest.mark.parametrize(
    "key,value",
    [
        ("pdu.name", "x" * 64),
        ("pdu.cycle_delay", "1"),
        ("pdu.cycle_delay", "3600"),
        ("pdu.inrush_guard_delay", "100"),
        ("pdu.inrush_guard_delay", "100000"),
        ("pdu.power_on_delay", "0"),
        ("pdu.outlet_sequence._s_", "0"),
        ("net.routing.ipv4.default_gateway_addr", ""),
        ("net.dns.server_addrs._s_", "0"),
        ("net.interfaces[eth0].ipv4.config_method", "dhcp"),
        ("net.interfaces[eth0].ipv4.static.addr_cidr.addr", "192.0.2.10"),
        ("snmp.sys_location", "s" * 255),
        ("pdu.outlets[0].sequence_delay", "100000"),
        ("pdu.outlets[0].startup_state", "pdudefault"),
        ("pdu.outlets._s_", "8"),
        ("security.max_login_fails", "100"),
        ("proto_listener[modbus].port", "8502"),
        ("modbus.tcp.readonly", "0"),
    ],
)
def test_limits_are_inclusive(device, key, value):
    assert keys.validate(device, [(key, value)]) is None


def test_apply_is_atomic(device):
    before = keys.read_all(device)
    with pytest.raises(keys.ConfigValueError):
        keys.apply(device, [("pdu.outlets[0].name", "changed"), ("pdu.outlets[0].cycle_delay", "0")])
    with pytest.raises(keys.ConfigValueError):
        keys.apply(device, [("proto_listener[telnet].enabled", "1"), ("proto_listener[telnet].port", "443")])
    assert keys.read_all(device) == before
    assert device.saves == 0


def test_secret_reason_does_not_echo_the_value(device):
    reason = keys.validate(device, [("snmp.v2c.write_community", "topsecret\x01")])
    assert reason and "topsecret" not in reason
    assert keys.SECRET_KEYS == {"snmp.v2c.read_community", "snmp.v2c.write_community"}


def test_missing_sections_get_defaults():
    device = StandInDevice(outlets=2)
    del device.state["snmp"], device.state["net"]
    values = keys.read_all(device)
    assert values["snmp.v2c.read_community"] == "public"
    assert values["net.interfaces[eth0].ipv4.static.addr_cidr.addr"] == "127.0.0.1"
    assert values["security.block_time"] == "10" and values["proto_listener[https].port"] == "443"
