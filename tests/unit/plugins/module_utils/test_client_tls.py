# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""TLS of XerusClient: verification by default, ca_path, validate_certs=false, peer certificate."""

from __future__ import annotations

import hashlib
import ssl
import time

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import XerusClient
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusTLSError


def _device_der(sim):
    with open(sim.cert, encoding="ascii") as handle:
        return ssl.PEM_cert_to_DER_cert(handle.read())


def test_ca_path_with_the_device_certificate_verifies_the_ip(sim):
    with sim.client(ca_path=sim.cert) as client:
        assert client.call_ret(rids.FIRMWARE, "getVersion")


def test_system_store_does_not_trust_a_self_signed_device(sim):
    with sim.client(ca_path=None) as client:
        with pytest.raises(XerusTLSError) as caught:
            client.call(rids.FIRMWARE, "getVersion", safe=True)
    assert "verification failed" in str(caught.value)


def test_wrong_certificate_with_validation_is_a_tls_error(sim):
    sim.inject("wrong_cert", count=1)
    mark = sim.mark()
    with sim.client(retries=3) as client:
        with pytest.raises(XerusTLSError) as caught:
            client.call(rids.FIRMWARE, "getVersion", safe=True)
    assert str(caught.value).startswith(f"{sim.host}:{sim.port}: TLS certificate verification failed")
    assert sim.requests_since(mark) == []  # nothing was sent, and a TLS error is not retried


def test_wrong_certificate_without_validation_works(sim):
    sim.inject("wrong_cert", count=1)
    with sim.client(validate_certs=False, ca_path=None) as client:
        assert client.call_ret(rids.FIRMWARE, "getVersion")


def _client_for(fleet, device, ca_path):
    return XerusClient(
        device["host"],
        device["port"],
        username=fleet.user,
        password=fleet.password,
        ca_path=ca_path,
        timeout=10,
        backoff=0.05,
    )


def test_ca_path_with_the_fleet_ca_verifies_every_device(tmp_path):
    from conftest import start_simulator

    fleet = start_simulator(tmp_path, fleet=2, self_signed=False)
    try:
        for device in fleet.devices:
            with _client_for(fleet, device, ca_path=fleet.ca) as client:
                assert client.call_ret(rids.FIRMWARE, "getVersion")
            with _client_for(fleet, device, ca_path=device["cert"]) as client:  # a CA-signed leaf is no anchor
                with pytest.raises(XerusTLSError):
                    client.call(rids.FIRMWARE, "getVersion", safe=True)
    finally:
        fleet.stop()


def test_ca_path_that_does_not_match(sim, tmp_path):
    from xerus_sim import tlscert

    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other_cert, _key = tlscert.ensure_identity(str(other_dir), "127.0.0.1", "XEM9999999", "PX3-5190R")
    with sim.client(ca_path=str(other_cert)) as client:
        with pytest.raises(XerusTLSError):
            client.call(rids.FIRMWARE, "getVersion")


def test_missing_ca_path_is_reported(sim, tmp_path):
    with pytest.raises(XerusTLSError) as caught:
        sim.client(ca_path=str(tmp_path / "absent.pem"))
    assert "absent.pem" in str(caught.value)


def test_peer_certificate_is_the_device_certificate(sim):
    with sim.client() as client:
        der = client.peer_certificate_der()
    assert der == _device_der(sim)


def test_wait_until_reachable_checks_the_fingerprint(sim):
    fingerprint = hashlib.sha256(_device_der(sim)).hexdigest()
    seen = []
    with sim.client() as client:
        assert client.wait_until_reachable(5, interval=0.1, expect_fingerprint_sha256=fingerprint.upper()) >= 0
        from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusTimeoutError

        with pytest.raises(XerusTimeoutError) as caught:
            client.wait_until_reachable(
                0.5,
                interval=0.1,
                expect_fingerprint_sha256="00" * 32,
                progress=lambda elapsed, state: seen.append(state),
            )
    assert "another certificate" in str(caught.value)
    assert seen and "another certificate" in seen[0]


def test_wait_until_reachable_across_a_reboot(sim):
    with sim.client() as client:
        client.call(rids.FIRMWARE, "reboot")
        time.sleep(0.5)  # the device goes down 0.2 s after its answer
        seconds = client.wait_until_reachable(30, interval=0.2)
        assert 0 < seconds < 30
        assert client.call_ret(rids.FIRMWARE, "getVersion")


class _FakeClock:
    """time.monotonic/time.sleep of client.py on a clock the test drives: no real waiting."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0
        self.now += seconds


@pytest.mark.parametrize("timeout, interval, handshake", [(10, 7, 4), (10, 3, 1), (2.5, 60, 2)])
def test_a_wait_never_runs_past_its_deadline(monkeypatch, timeout, interval, handshake):
    from ansible_collections.xerus.pdu.plugins.module_utils import client as client_module
    from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusTimeoutError

    clock = _FakeClock()
    monkeypatch.setattr(client_module, "time", clock)
    waiter = client_module.XerusClient("192.0.2.1", username="admin", password="x", timeout=30)
    deadline = clock.now + timeout
    given = []

    def slow_handshake(step_timeout):
        given.append((step_timeout, deadline - clock.now))
        clock.now += min(handshake, step_timeout)
        return b"der"

    def hanging_call(*_args, timeout=None, **_options):
        given.append((timeout, deadline - clock.now))
        clock.now += timeout  # the restarted web server never answers within the step's timeout
        raise XerusTimeoutError(waiter.device, "no answer")

    monkeypatch.setattr(waiter, "peer_certificate_der", slow_handshake)
    monkeypatch.setattr(waiter, "call", hanging_call)
    with pytest.raises(XerusTimeoutError, match=f"within {timeout:g} s"):
        waiter.wait_until_reachable(timeout, interval=interval)
    assert given and all(step <= left for step, left in given)
    assert clock.now <= deadline
