# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_zeroconf inventory plugin: host variables, host names, groups and constructed features from device records."""

from __future__ import annotations

import time

import pytest
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.inventory import BaseInventoryPlugin

from ansible_collections.xerus.pdu.plugins.inventory import xerus_zeroconf
from ansible_collections.xerus.pdu.plugins.inventory.xerus_zeroconf import (
    InventoryModule,
    discovery_vars,
    identity_vars,
    model_group,
    trust_as_template,
)
from ansible_collections.xerus.pdu.plugins.module_utils.discovery import DiscoveredDevice

OPTIONS = dict(
    hostname_from="name",
    local_connection=True,
    port=None,
    compose={},
    groups={},
    keyed_groups=[],
    strict=False,
    use_extra_vars=False,
    leading_separator=True,
)


def record(serial, address, fw="4.2.0.5-50274", identity=None, model="PX3-5190R"):
    device = DiscoveredDevice(
        name=f"{model}-{serial}",
        service_type="_raritan-rpcs._tcp.local.",
        address=address,
        port=443,
        server=f"px-{serial.lower()}.local.",
        addresses=[address],
        txt={"rr_fw": fw, "site": "{{ lookup('pipe', 'id') }}"},
    )
    entry = {"device": device.to_dict()}
    if identity is not None:
        entry["identity"] = identity
    return entry


def populate(records, **options):
    plugin = InventoryModule()
    # the base class's parse sets up inventory, loader and templating as every supported core needs them;
    # the plugin's own parse would browse mDNS
    BaseInventoryPlugin.parse(plugin, InventoryData(), DataLoader(), "lab.xerus_zeroconf.yml")
    plugin._options = dict(OPTIONS, **options)
    plugin._populate(records)
    return plugin.inventory


def test_model_group_names():
    assert model_group("PX3-5190R") == "xerus_model_px3_5190r"
    assert model_group("PX2 1190/A") == "xerus_model_px2_1190_a"


def test_discovery_vars():
    found = discovery_vars(DiscoveredDevice.from_dict(record("XEM1", "192.0.2.1")["device"]))
    assert found == {
        "ansible_host": "192.0.2.1",
        "xerus_host": "192.0.2.1",
        "xerus_port": 443,
        "xerus_firmware_version": "4.2.0.5-50274",
        "xerus_model": "PX3-5190R",
        "xerus_serial": "XEM1",
        "xerus_txt": {"site": "{{ lookup('pipe', 'id') }}"},
        "xerus_mdns_name": "PX3-5190R-XEM1",
        "xerus_mdns_server": "px-xem1.local.",
    }


def test_identity_vars():
    assert identity_vars({"reachable": False, "error": "x"}) == {"xerus_reachable": False}
    assert identity_vars(
        {"reachable": True, "model": "PX3-5000", "serial": None, "firmware_version": "4.3", "name": "r7"}
    ) == {"xerus_reachable": True, "xerus_name": "r7", "xerus_model": "PX3-5000", "xerus_firmware_version": "4.3"}


def test_hosts_groups_and_connection_defaults():
    inventory = populate([record("XEM1", "192.0.2.1"), record("XEM2", "192.0.2.2", model="PX2-1190")])
    assert sorted(inventory.hosts) == ["PX2-1190-XEM2", "PX3-5190R-XEM1"]
    assert [h.name for h in inventory.groups["xerus"].get_hosts()] == ["PX3-5190R-XEM1", "PX2-1190-XEM2"]
    assert [h.name for h in inventory.groups["xerus_model_px3_5190r"].get_hosts()] == ["PX3-5190R-XEM1"]
    assert [h.name for h in inventory.groups["xerus_model_px2_1190"].get_hosts()] == ["PX2-1190-XEM2"]
    group_vars = inventory.groups["xerus"].get_vars()
    assert group_vars["ansible_connection"] == "local"
    assert group_vars["ansible_python_interpreter"] == "{{ ansible_playbook_python }}"
    assert (
        "ansible_connection" not in inventory.hosts["PX3-5190R-XEM1"].get_vars()
    )  # a group default, so users can override


def test_no_connection_defaults_when_disabled():
    inventory = populate([record("XEM1", "192.0.2.1")], local_connection=False)
    assert "ansible_connection" not in inventory.groups["xerus"].get_vars()


def test_enriched_values_replace_mdns_values_and_name_hosts_by_serial():
    identity = {
        "reachable": True,
        "model": "PX3-5000",
        "serial": "DEV1",
        "firmware_version": "4.3.0.1-50400",
        "name": "rack-7",
    }
    inventory = populate(
        [
            record("XEM1", "192.0.2.1", identity=identity),
            record("XEM2", "192.0.2.2", identity={"reachable": False, "error": "refused"}),
        ],
        hostname_from="serial",
        port=8443,
    )
    enriched = inventory.hosts["DEV1"].get_vars()
    assert (
        enriched["xerus_model"],
        enriched["xerus_serial"],
        enriched["xerus_firmware_version"],
        enriched["xerus_name"],
    ) == ("PX3-5000", "DEV1", "4.3.0.1-50400", "rack-7")
    assert enriched["xerus_reachable"] is True and enriched["xerus_port"] == 8443
    unreachable = inventory.hosts["XEM2"].get_vars()
    assert unreachable["xerus_reachable"] is False and "xerus_name" not in unreachable
    assert "xerus_model_px3_5000" in inventory.groups


def test_duplicate_host_names_keep_the_first():
    inventory = populate([record("XEM1", "192.0.2.1"), record("XEM1", "192.0.2.9")])
    assert list(inventory.hosts) == ["PX3-5190R-XEM1"]
    assert inventory.hosts["PX3-5190R-XEM1"].get_vars()["xerus_host"] == "192.0.2.1"


def test_constructed_features():
    inventory = populate(
        [record("XEM1", "192.0.2.1"), record("XEM2", "192.0.2.2", fw="4.3.0.1-50400")],
        hostname_from="address",
        compose={"ansible_connection": trust_as_template("'ssh'"), "rack": trust_as_template("xerus_serial | lower")},
        groups={"new_firmware": trust_as_template("xerus_firmware_version is version('4.3', '>=')")},
        keyed_groups=[{"key": trust_as_template("xerus_firmware_version"), "prefix": "fw"}],
    )
    first = inventory.hosts["192.0.2.1"].get_vars()
    assert first["ansible_connection"] == "ssh" and first["rack"] == "xem1"
    assert [h.name for h in inventory.groups["new_firmware"].get_hosts()] == ["192.0.2.2"]
    assert [h.name for h in inventory.groups["fw_4_2_0_5_50274"].get_hosts()] == ["192.0.2.1"]
    assert [h.name for h in inventory.groups["fw_4_3_0_1_50400"].get_hosts()] == ["192.0.2.2"]


@pytest.mark.parametrize(
    "path, accepted",
    [
        ("lab.xerus_zeroconf.yml", True),
        ("lab.xerus_zeroconf.yaml", True),
        ("lab.yml", False),
        ("xerus_zeroconf.yml", False),
    ],
)
def test_verify_file(tmp_path, path, accepted):
    config = tmp_path / path
    config.write_text("plugin: xerus.pdu.xerus_zeroconf\n")
    assert InventoryModule().verify_file(str(config)) is accepted


@pytest.mark.parametrize(
    "options, words",
    [
        ({"port": 0}, "option port: 0 is not a TCP port number"),
        ({"port": 70000}, "option port: 70000"),
        ({"enrich": True, "request_timeout": 0}, "option request_timeout"),
        ({"enrich": True, "request_timeout": 86400}, "option request_timeout"),
        (
            {"enrich": True, "validate_certs": True, "ca_path": "/dev/zero"},
            "option ca_path: '/dev/zero' is a character",
        ),
    ],
)
def test_bad_connection_options_fail_before_anything_is_sent(options, words):
    from ansible.errors import AnsibleError

    plugin = InventoryModule()
    plugin._options = dict(
        dict(OPTIONS, enrich=False, request_timeout=10.0, validate_certs=True, ca_path=None), **options
    )
    with pytest.raises(AnsibleError, match=words):
        plugin._check_connection_options()


def test_good_connection_options_pass():
    plugin = InventoryModule()
    plugin._options = dict(OPTIONS, enrich=True, request_timeout=10.0, validate_certs=False, ca_path=None, port=8443)
    plugin._check_connection_options()


def test_a_discovered_address_that_is_not_a_host_is_never_contacted():
    from ansible_collections.xerus.pdu.plugins.module_utils.enrich import read_identity

    identity = read_identity("evil@127.0.0.1", 443, {"username": "admin", "password": "x", "timeout": 1})
    assert not identity.reachable and "option host" in identity.error


def test_devices_are_read_while_the_browse_goes_on(sim, monkeypatch):
    found = DiscoveredDevice(
        name=f"PX3-5190R-{sim.device['serial']}",
        service_type="_raritan-rpcs._tcp.local.",
        address=sim.host,
        port=sim.port,
        addresses=[sim.host],
        txt={"rr_fw": "1"},
    )
    read_during_browse = []
    start = sim.mark()

    def browse(on_device=None, **_options):
        on_device(found)
        deadline = time.monotonic() + 10
        while not sim.requests_since(start, "/bulk") and time.monotonic() < deadline:
            time.sleep(0.05)
        read_during_browse.append(len(sim.requests_since(start, "/bulk")))
        return [found]

    monkeypatch.setattr(xerus_zeroconf, "discover", browse)
    plugin = InventoryModule()
    plugin._options = dict(
        OPTIONS,
        enrich=True,
        enrich_workers=4,
        username=sim.user,
        password=sim.password,
        token=None,
        validate_certs=True,
        ca_path=sim.cert,
        request_timeout=5.0,
        timeout=3.0,
        settle=0.5,
        interfaces=[],
        networks=[],
        expected_count=None,
    )
    records = plugin._collect()
    assert read_during_browse == [1], "the device was read before the browse ended"
    assert len(sim.requests_since(start, "/bulk")) == 1, "and not read again after it"
    assert records[0]["identity"]["reachable"] and records[0]["identity"]["serial"] == sim.device["serial"]
