# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Large fleets: the open-file limit is raised before the devices open their sockets, and mDNS services are
registered a batch at a time, all of them announced (checked on a small fleet; 1000 devices is a bench figure)."""

import resource
import threading
import time
from types import SimpleNamespace

import pytest
from simfixture import Simulator
from zeroconf import ServiceBrowser, Zeroconf

from xerus_sim.fleet import mdns
from xerus_sim.http import fdlimit


@pytest.fixture
def low_soft_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard <= 256:
        pytest.skip("hard open-file limit too low to lower the soft one below it")
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))
    yield hard
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_soft_open_file_limit_raised_to_hard(low_soft_limit, capsys):
    assert fdlimit.raise_open_file_limit(3) == low_soft_limit
    assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] == low_soft_limit
    assert "warning" not in capsys.readouterr().err


def test_warns_when_even_the_hard_limit_is_too_low(low_soft_limit, capsys):
    if low_soft_limit == resource.RLIM_INFINITY:
        pytest.skip("no hard limit")
    devices = low_soft_limit // fdlimit.FILES_PER_DEVICE + 1
    fdlimit.raise_open_file_limit(devices)
    err = capsys.readouterr().err
    assert f"open-file limit is {low_soft_limit}" in err and f"fleet of {devices}" in err


def _soft_limit_of(pid):
    with open(f"/proc/{pid}/limits", encoding="ascii") as limits:
        line = next(line for line in limits if line.startswith("Max open files"))
    return line.split()[3:5]


def test_simulator_raises_the_limit_it_inherited(low_soft_limit):
    simulator = Simulator("--bind", "127.0.65.1", "--fleet", "2")  # inherits the soft limit of 256
    try:
        expected = "unlimited" if low_soft_limit == resource.RLIM_INFINITY else str(low_soft_limit)
        assert _soft_limit_of(simulator.process.pid) == [expected, expected]
    finally:
        assert simulator.stop() == 0


def test_batches_cover_every_item_in_order():
    items = list(range(7))
    assert mdns.batches(items, 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert mdns.batches([], 3) == []


def _device(index):
    return SimpleNamespace(
        lock=threading.Lock(),
        state={},
        serial=f"SCALE{index:05d}",
        model="PX3-5190R",
        host=f"127.0.64.{index + 1}",
        port=8443 + index,
        firmware_version="4.3.0",
    )


def test_registration_in_batches_announces_every_device(monkeypatch):
    monkeypatch.setattr(mdns, "REGISTER_BATCH", 2)
    devices = [_device(index) for index in range(5)]
    wanted = {mdns.service_info(device).name for device in devices}
    publisher = mdns.MdnsPublisher("127.0.64.1")
    browser_side = Zeroconf(interfaces=["127.0.0.1"])
    seen = set()
    try:
        publisher.announce_all(devices)
        browser = ServiceBrowser(browser_side, mdns.SERVICE_TYPE, handlers=[lambda name, **_: seen.add(name)])
        deadline = time.monotonic() + 10
        while not wanted <= seen and time.monotonic() < deadline:
            time.sleep(0.1)
        browser.cancel()
    finally:
        browser_side.close()
        publisher.close()
    assert wanted <= seen
