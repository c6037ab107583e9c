"""Configuration key table (protocol 9.3): rendering, validation limits, atomic apply."""

import pytest

from test_cfg_support import StandInDevice
from xerus_sim import configkeys


@pytest.fixture
def device():
    return StandInDevice(outlets=8)


def test_key_count_is_21_plus_6_per_outlet(device):
    assert len(configkeys.read_all(device)) == 21 + 6 * 8
    assert len(configkeys.read_all(StandInDevice(outlets=3))) == 21 + 6 * 3


def test_keys_are_sorted_and_outlet_labels_one_based(device):
    values = configkeys.read_all(device)
    assert list(values) == sorted(values)
    assert "outlet.1.name" in values and "outlet.8.name" in values
    assert "outlet.0.name" not in values and "outlet.9.name" not in values


def test_rendering_of_values(device):
    device.state["pdu_settings"]["outletPowerStateSequence"] = [7, 6, 5, 4, 3, 2, 1, 0]
    device.state["outlets"][2]["settings"]["startupState"] = 1
    device.state["net"]["dns_servers"] = "192.0.2.53,192.0.2.54"
    values = configkeys.read_all(device)
    assert values["pdu.outlet_sequence"] == "8,7,6,5,4,3,2,1"
    assert values["pdu.startup_state"] == "lastknown"
    assert values["outlet.3.startup_state"] == "off"
    assert values["outlet.1.startup_state"] == "pdudefault"
    assert values["outlet.1.use_pdu_cycle_delay"] == "true"
    assert values["snmp.v2c.enabled"] == "false"
    assert values["inlet.1.name"] == ""
    assert values["net.dns.servers"] == "192.0.2.53,192.0.2.54"


def test_apply_maps_to_state(device):
    configkeys.apply(device, [("outlet.2.name", "db-2"), ("outlet.2.startup_state", "on"),
                              ("pdu.outlet_sequence", "2,1,3,4,5,6,7,8"),
                              ("snmp.v2c.read_community", "s3cret"), ("net.dns.servers", "192.0.2.1, 2001:db8::1"),
                              ("pdu.inhibit_relay_control", "true")])
    assert device.state["outlets"][1]["settings"]["name"] == "db-2"
    assert device.state["outlets"][1]["settings"]["startupState"] == 0
    assert device.state["pdu_settings"]["outletPowerStateSequence"] == [1, 0, 2, 3, 4, 5, 6, 7]
    assert device.state["pdu_settings"]["inhibitRelayControl"] is True
    assert device.state["snmp"]["readComm"] == "s3cret"
    assert device.state["net"]["dns_servers"] == "192.0.2.1,2001:db8::1"
    assert device.saves == 1


@pytest.mark.parametrize("key,value", [
    ("pdu.name", "x" * 65), ("pdu.startup_state", "pdudefault"), ("pdu.cycle_delay", "0"),
    ("pdu.cycle_delay", "3601"), ("pdu.cycle_delay", "ten"), ("pdu.inrush_guard_delay", "99"),
    ("pdu.inrush_guard_delay", "100001"), ("pdu.power_on_delay", "3601"), ("pdu.power_on_delay", "-1"),
    ("pdu.outlet_sequence", "1,2,3"), ("pdu.outlet_sequence", "1,1,2,3,4,5,6,7"),
    ("pdu.outlet_sequence", "0,1,2,3,4,5,6,7"), ("pdu.suspend_trip_cause_outlets", "yes"),
    ("pdu.inhibit_relay_control", "True"), ("inlet.1.name", "y" * 65), ("net.hostname", "-bad"),
    ("net.hostname", "a.b"), ("net.ipv4.method", "bootp"), ("net.ipv4.address", "10.0.0.1"),
    ("net.ipv4.address", "10.0.0.300/24"), ("net.ipv4.address", "10.0.0.1/33"), ("net.ipv4.gateway", "gw"),
    ("net.dns.servers", "1.2.3.4,nope"), ("snmp.v2c.enabled", "1"), ("snmp.v3.enabled", ""),
    ("snmp.v2c.read_community", "c" * 65), ("snmp.sys_contact", "s" * 256), ("snmp.sys_name", "a\tb"),
    ("outlet.1.startup_state", "auto"), ("outlet.1.cycle_delay", "0"), ("outlet.8.cycle_delay", "3601"),
    ("outlet.1.sequence_delay", "100001"), ("outlet.1.non_critical", "false "),
    ("outlet.1.use_pdu_cycle_delay", "on"), ("outlet.9.name", "x"), ("outlet.1.colour", "blue"),
])
def test_invalid_items_are_refused_with_a_reason(device, key, value):
    reason = configkeys.validate(device, [(key, value)])
    assert reason and key in reason


@pytest.mark.parametrize("key,value", [
    ("pdu.name", "x" * 64), ("pdu.cycle_delay", "1"), ("pdu.cycle_delay", "3600"), ("pdu.inrush_guard_delay", "100"),
    ("pdu.inrush_guard_delay", "100000"), ("pdu.power_on_delay", "0"), ("pdu.outlet_sequence", ""),
    ("pdu.outlet_sequence", "8,7,6,5,4,3,2,1"), ("net.ipv4.gateway", ""), ("net.dns.servers", ""),
    ("net.ipv4.method", "dhcp"), ("net.ipv4.address", "192.0.2.10/24"), ("net.hostname", "px-a1"),
    ("snmp.sys_location", "s" * 255), ("outlet.1.sequence_delay", "100000"), ("outlet.1.startup_state", "pdudefault"),
])
def test_limits_are_inclusive(device, key, value):
    assert configkeys.validate(device, [(key, value)]) is None


def test_apply_is_atomic(device):
    before = configkeys.read_all(device)
    with pytest.raises(configkeys.ConfigValueError):
        configkeys.apply(device, [("outlet.1.name", "changed"), ("outlet.1.cycle_delay", "0")])
    assert configkeys.read_all(device) == before
    assert device.saves == 0


def test_secret_reason_does_not_echo_the_value(device):
    reason = configkeys.validate(device, [("snmp.v2c.write_community", "topsecret\x01")])
    assert reason and "topsecret" not in reason
    assert configkeys.SECRET_KEYS == {"snmp.v2c.read_community", "snmp.v2c.write_community"}


def test_missing_sections_get_defaults():
    device = StandInDevice(outlets=2)
    del device.state["snmp"], device.state["net"]
    values = configkeys.read_all(device)
    assert values["snmp.v2c.read_community"] == "public"
    assert values["net.hostname"] == "px-xem0000001"
