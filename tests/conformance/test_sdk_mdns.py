# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SDK's zeroconf discover() finds a small simulated fleet announced on loopback (XERUS-PROTOCOL.md 11)."""

import json
import socket

import pytest
import raritan.zeroconf
from simproc import CAPTURES, Simulator
from zeroconf import ServiceInfo, Zeroconf

SERVICE = "_raritan-rpcs._tcp.local."
FLEET = 3
# The SDK's listener has no update_service(); zeroconf 0.154 then raises in its browser
# thread when a record is updated.  That is the SDK's quirk, not the simulator's.
pytestmark = [
    pytest.mark.filterwarnings("ignore::FutureWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning"),
]


@pytest.fixture(scope="module")
def fleet():
    simulator = Simulator("--mdns", fleet=FLEET)
    yield simulator
    simulator.stop()


def _loopback_multicast_works():
    """Can this machine deliver mDNS on loopback at all?  (Explains a skip; no simulator involved.)"""
    probe_name = "PX3-PROBE-CONFORMANCE." + SERVICE
    info = ServiceInfo(
        SERVICE,
        probe_name,
        port=9,
        addresses=[socket.inet_aton("127.0.0.1")],
        properties={"rr_fw": "0"},
        server="probe-conformance.local.",
    )
    publisher, browser = Zeroconf(interfaces=["127.0.0.1"]), Zeroconf(interfaces=["127.0.0.1"])
    try:
        publisher.register_service(info)
        return browser.get_service_info(SERVICE, probe_name, timeout=3000) is not None
    finally:
        publisher.close()
        browser.close()


def test_discover_finds_the_fleet(fleet, capsys):
    found = raritan.zeroconf.discover(timeout=3)
    expected = [{"ip": d["host"], "port": d["port"], "fw": d["firmware_version"]} for d in fleet.devices]
    mine = [entry for entry in found if entry["ip"] in {d["host"] for d in fleet.devices}]
    if not mine and not _loopback_multicast_works():
        pytest.skip(
            "this machine does not deliver multicast DNS on the loopback interface "
            "(an in-process zeroconf service could not be resolved either)"
        )
    assert sorted(mine, key=lambda e: e["ip"]) == sorted(expected, key=lambda e: e["ip"])
    assert "Zeroconf discovery started" in capsys.readouterr().out


def _resolve(device):
    name = f"{device['model']}-{device['serial']}.{SERVICE}"
    zeroconf = Zeroconf(interfaces=["127.0.0.1"])
    try:
        info = zeroconf.get_service_info(SERVICE, name, timeout=3000)
    finally:
        zeroconf.close()
    if info is None and not _loopback_multicast_works():
        pytest.skip("this machine does not deliver multicast DNS on the loopback interface")
    assert info is not None, f"{name} was not resolved"
    return info


def test_service_record_matches_the_protocol(fleet):
    device = fleet.devices[0]
    info = _resolve(device)
    assert info.port == device["port"]
    assert info.server == f"px-{device['serial'].lower()}.local."
    assert socket.inet_ntoa(info.addresses[0]) == device["host"]
    assert info.properties[b"rr_fw"].decode() == device["firmware_version"]
    assert info.name.startswith(("PX2", "PX3", "PXE", "PXC"))


def test_txt_record_keys_match_the_capture(fleet):
    recorded = json.loads((CAPTURES / "mdns.json").read_text())["steps"][1]["sdk_result"]["returned"]["records"][0]
    served = {key.decode() for key in _resolve(fleet.devices[0]).properties}
    assert served == set(recorded["txt"]), (
        f"TXT keys differ from captures/mdns.json: recorded {sorted(recorded['txt'])}, "
        f"simulator announces {sorted(served)}"
    )
