# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""mDNS with several simulators on one machine: distinct --bind ranges both announce and are both
discoverable; the same range twice makes the second start fail instead of announcing a conflict."""

import time

import pytest
from simfixture import Simulator
from zeroconf import ServiceBrowser, Zeroconf

from xerus_sim.fleet.mdns import SERVICE_TYPE


def _name(device):
    return f"{device['model']}-{device['serial']}.{SERVICE_TYPE}"


def _browse(wanted, timeout=8):
    """Names of `wanted` seen by a browser on the loopback, and resolved ServiceInfos for them."""
    zeroconf = Zeroconf(interfaces=["127.0.0.1"])
    names = set()

    class Listener:
        def add_service(self, zc, type_, name):
            names.add(name)

        update_service = remove_service = lambda *args: None

    try:
        browser = ServiceBrowser(zeroconf, SERVICE_TYPE, Listener())
        deadline = time.monotonic() + timeout
        while not wanted <= names and time.monotonic() < deadline:
            time.sleep(0.1)
        browser.cancel()
        infos = {name: zeroconf.get_service_info(SERVICE_TYPE, name, timeout=3000) for name in wanted & names}
    finally:
        zeroconf.close()
    return names & wanted, infos


@pytest.fixture(scope="module")
def first():
    simulator = Simulator("--bind", "127.0.61.1", "--fleet", "2", "--mdns")
    yield simulator
    assert simulator.stop() == 0


def test_two_ranges_both_announce_and_are_discoverable(first):
    second = Simulator("--bind", "127.0.62.1", "--fleet", "2", "--mdns")
    try:
        devices = first.devices + second.devices
        wanted = {_name(device) for device in devices}
        assert len(wanted) == 4
        seen, infos = _browse(wanted)
        assert seen == wanted
        for device in devices:
            info = infos[_name(device)]
            assert info is not None and info.parsed_addresses() == [device["host"]]
            assert info.port == device["port"]
    finally:
        assert second.stop() == 0


def test_same_range_twice_fails_the_second_start_clearly(first):
    with pytest.raises(RuntimeError) as failed:
        duplicate = Simulator("--bind", "127.0.61.1", "--fleet", "2", "--mdns")
        duplicate.stop()
    message = str(failed.value)
    assert "already announced by another responder" in message and "--bind" in message
    assert _name(first.devices[0]) in message
    seen, infos = _browse({_name(first.devices[0])})
    assert infos[_name(first.devices[0])].port == first.devices[0]["port"]  # the first one still answers
