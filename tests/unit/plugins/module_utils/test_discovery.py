# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""mDNS discovery: name and TXT parsing, filters, host naming, and browsing the simulator's announcements."""

from __future__ import annotations

import ipaddress
import time

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import discovery
from ansible_collections.xerus.pdu.plugins.module_utils.discovery import (
    DiscoveredDevice,
    DiscoveryError,
    address_allowed,
    decode_txt,
    discover,
    host_name,
    instance_name,
    parse_instance_name,
    parse_networks,
    pick_address,
    serial_from_server,
)

from conftest import start_simulator

FLEET = 3


def device(**changes):
    values = dict(
        name="PX3-5190R-XEM0000001",
        service_type="_raritan-rpcs._tcp.local.",
        address="192.0.2.10",
        port=443,
        server="px-xem0000001.local.",
        addresses=["192.0.2.10"],
        txt={"rr_fw": "4.2.0.5-50274"},
    )
    values.update(changes)
    return DiscoveredDevice(**values)


# -- names and records --------------------------------------------------------


@pytest.mark.parametrize(
    "full, service_type, expected",
    [
        ("PX3-5190R-XEM0000001._raritan-rpcs._tcp.local.", "_raritan-rpcs._tcp.local.", "PX3-5190R-XEM0000001"),
        ("PX3-5190R-XEM0000001._raritan_rpcs._tcp.local.", "_raritan_rpcs._tcp.local.", "PX3-5190R-XEM0000001"),
        ("rack.a pdu._raritan-rpcs._tcp.local.", "_raritan-rpcs._tcp.local.", "rack.a pdu"),
        ("odd._other._tcp.local.", "_raritan-rpcs._tcp.local.", "odd"),
    ],
)
def test_instance_name_drops_the_service_type(full, service_type, expected):
    assert instance_name(full, service_type) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("PX3-5190R-XEM0000001", ("PX3-5190R", "XEM0000001")),
        ("PX2-1190-ABC123", ("PX2-1190", "ABC123")),
        ("px3ts-XEM1", ("px3ts", "XEM1")),
        ("rack-a-pdu", (None, None)),  # not a known PDU family: the dash means nothing
        ("PX3", (None, None)),
        ("PX3-5190R-", (None, None)),
        ("PX3-5190R-XEM 1", (None, None)),
    ],
)
def test_parse_instance_name(name, expected):
    assert parse_instance_name(name) == expected


def test_serial_from_server():
    assert serial_from_server("px-xem0000001.local.") == "XEM0000001"
    assert serial_from_server("px-xem0000001.local") == "XEM0000001"
    assert serial_from_server("pdu-7.local.") is None
    assert serial_from_server("") is None


def test_decode_txt():
    assert decode_txt({b"rr_fw": b"4.2.0.5-50274", b"flag": None, b"bad": b"\xff"}) == {
        "rr_fw": "4.2.0.5-50274",
        "flag": "",
        "bad": "\ufffd",
    }
    assert decode_txt(None) == {}


def test_device_values_prefer_txt_then_name_then_server():
    assert device().firmware_version == "4.2.0.5-50274"
    assert (device().model, device().serial) == ("PX3-5190R", "XEM0000001")
    from_txt = device(txt={"rr_fw": "1", "model": "PX3-5000", "serial": "TXT1", "site": "lab"})
    assert (from_txt.model, from_txt.serial) == ("PX3-5000", "TXT1")
    assert from_txt.extra_txt == {"model": "PX3-5000", "serial": "TXT1", "site": "lab"}
    renamed = device(name="rack-a-pdu")
    assert (renamed.model, renamed.serial) == (None, "XEM0000001")  # from px-<serial>.local.
    assert device(name="rack-a-pdu", server="pdu7.local.").serial is None


def test_device_dict_round_trip():
    original = device(txt={"rr_fw": "1", "x": ""})
    assert DiscoveredDevice.from_dict(original.to_dict()) == original


# -- filters and host names ---------------------------------------------------


def test_parse_networks_rejects_a_bad_entry_by_name():
    assert parse_networks(["192.0.2.7", "192.0.2.0/24", " 10.1.2.3/8 "])[2] == ipaddress.ip_network("10.0.0.0/8")
    with pytest.raises(DiscoveryError, match="networks: '192.0.2.0/33'"):
        parse_networks(["192.0.2.0/33"])


def test_address_filters():
    networks = parse_networks(["192.0.2.0/24", "2001:db8::/32"])
    assert address_allowed("192.0.2.200", networks)
    assert not address_allowed("198.51.100.1", networks)
    assert address_allowed("2001:db8::1", networks)
    assert address_allowed("198.51.100.1", [])
    assert not address_allowed("not-an-ip", networks)
    assert pick_address(["198.51.100.1", "192.0.2.9", "2001:db8::1"], networks) == "192.0.2.9"
    assert pick_address(["198.51.100.1"], networks) is None
    assert pick_address(["198.51.100.1", "192.0.2.9"], []) == "198.51.100.1"


def test_host_name_variants():
    assert host_name(device(), "name") == "PX3-5190R-XEM0000001"
    assert host_name(device(), "address") == "192.0.2.10"
    assert host_name(device(), "serial") == "XEM0000001"
    assert host_name(device(), "serial", serial="FROMDEVICE") == "FROMDEVICE"
    assert host_name(device(name="pdu7", server="pdu7.local."), "serial") == "pdu7"  # serial unknown
    with pytest.raises(DiscoveryError, match="hostname_from"):
        host_name(device(), "mac")


def test_missing_library_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(discovery, "HAS_ZEROCONF", False)
    monkeypatch.setattr(discovery, "ZEROCONF_IMPORT_ERROR", ImportError("No module named 'zeroconf'"))
    with pytest.raises(DiscoveryError, match="'zeroconf' is required"):
        discover(timeout=1)


def test_timeout_must_be_positive():
    with pytest.raises(DiscoveryError, match="timeout"):
        discover(timeout=0)


# -- the collector and the batched questions ---------------------------------


def test_collector_announces_each_endpoint_once_and_counts_live_devices():
    announced = []
    collector = discovery._Collector(timeout=5, settle=0.5, expected_count=2, on_device=announced.append)
    first, second = device(), device(name="PX3-5190R-XEM0000002", address="192.0.2.11")
    collector.resolved(("_raritan-rpcs._tcp.local.", "a"), first)
    collector.resolved(("_raritan_rpcs._tcp.local.", "a"), device(service_type="_raritan_rpcs._tcp.local."))
    assert announced == [first], "the same address and port under the older service type is one device"
    assert collector.count() == 1 and not collector.done()
    collector.resolved(("_raritan-rpcs._tcp.local.", "b"), second)
    assert collector.count() == 2 and collector.done(), "expected_count reached"
    collector.withdrawn(("_raritan-rpcs._tcp.local.", "b"))
    assert collector.count() == 1
    collector.resolved(("_raritan-rpcs._tcp.local.", "b"), second)
    assert announced == [first, second], "a device back after a goodbye is not announced again"
    assert [d.name for d in collector.unique_devices()] == ["PX3-5190R-XEM0000001", "PX3-5190R-XEM0000002"]


def test_missing_records_are_asked_for_many_instances_per_query():
    with_server = discovery.ServiceInfo(
        "_raritan-rpcs._tcp.local.", "PX3-A._raritan-rpcs._tcp.local.", server="px-a.local."
    )
    without_server = discovery.ServiceInfo("_raritan-rpcs._tcp.local.", "PX3-B._raritan-rpcs._tcp.local.")
    out = discovery._Browse._query(None, [with_server, without_server])
    asked = [(q.name, q.type, q.unicast) for q in out.questions]
    assert asked == [
        ("PX3-A._raritan-rpcs._tcp.local.", 33, True),
        ("PX3-A._raritan-rpcs._tcp.local.", 16, True),
        ("px-a.local.", 1, True),
        ("px-a.local.", 28, True),
        ("PX3-B._raritan-rpcs._tcp.local.", 33, True),
        ("PX3-B._raritan-rpcs._tcp.local.", 16, True),
    ]


def test_an_unresolved_instance_is_asked_for_after_a_grace_time_then_less_often(monkeypatch):
    browse = discovery._Browse(["127.0.0.1"], [])
    sent = []
    monkeypatch.setattr(browse.zc, "send", sent.append)
    key = ("_xerus-nothing._tcp.local.", "nobody._xerus-nothing._tcp.local.")
    try:
        assert browse.resolve({key}) == [] and sent == [], "its records may still come with the PTR answer"
        time.sleep(discovery._ASK_AFTER[0] + 0.05)
        assert browse.resolve({key}) == [] and len(sent) == 1
        assert [q.name for q in sent[0].questions] == [key[1], key[1]]
        assert browse.resolve({key}) == [] and len(sent) == 1, "asked again only after the next interval"
        browse.forget(key)
    finally:
        browse.close()


# -- browsing the simulator ---------------------------------------------------


@pytest.fixture(scope="module")
def mdns_fleet(tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("mdns"), "--mdns", fleet=FLEET)
    yield simulator
    simulator.stop()


def fleet_network(simulator):
    return str(ipaddress.ip_network(simulator.host + "/24", strict=False))


def test_discover_finds_the_fleet_and_returns_when_answers_settle(mdns_fleet):
    started = time.monotonic()
    found = discover(timeout=5, settle=0.5, interfaces=["127.0.0.1"], networks=[fleet_network(mdns_fleet)])
    elapsed = time.monotonic() - started
    assert sorted(d.address for d in found) == sorted(d["host"] for d in mdns_fleet.devices)
    assert elapsed < 3, "the browse should end once the answers settled, not at the timeout"
    by_address = {d.address: d for d in found}
    for simulated in mdns_fleet.devices:
        seen = by_address[simulated["host"]]
        assert seen.port == simulated["port"]
        assert seen.firmware_version == simulated["firmware_version"]
        assert (seen.model, seen.serial) == (simulated["model"], simulated["serial"])
        assert seen.name == f"{simulated['model']}-{simulated['serial']}"


def test_discover_on_all_interfaces(mdns_fleet):
    found = discover(timeout=5, networks=[fleet_network(mdns_fleet)])
    assert len(found) == FLEET


def test_discover_network_allow_list_and_expected_count(mdns_fleet):
    only = mdns_fleet.devices[1]["host"]
    found = discover(timeout=5, interfaces=["127.0.0.1"], networks=[only + "/32"])
    assert [d.address for d in found] == [only]
    started = time.monotonic()
    found = discover(
        timeout=5, settle=3, interfaces=["127.0.0.1"], networks=[fleet_network(mdns_fleet)], expected_count=2
    )
    assert len(found) >= 2
    assert time.monotonic() - started < 2.5, "expected_count should end the browse before settle"


def test_discover_without_answers_waits_the_timeout(mdns_fleet):
    started = time.monotonic()
    assert (
        discover(
            timeout=1.0,
            settle=0.2,
            interfaces=["127.0.0.1"],
            networks=["192.0.2.250/32"],
            service_types=("_xerus-nothing._tcp.local.",),
        )
        == []
    )
    assert 0.9 < time.monotonic() - started < 2.5


def test_on_device_gets_each_device_while_the_browse_goes_on(mdns_fleet):
    announced = []
    found = discover(
        timeout=5,
        settle=0.5,
        interfaces=["127.0.0.1"],
        networks=[fleet_network(mdns_fleet)],
        on_device=lambda d: announced.append((time.monotonic(), d)),
    )
    returned = time.monotonic()
    assert sorted((d.address, d.port) for _at, d in announced) == sorted((d.address, d.port) for d in found)
    assert len(announced) == FLEET
    # the browse waits `settle` after the last answer: the devices were handed over before that wait
    assert all(returned - at >= 0.5 for at, _device in announced)
