# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet CA: one file (the "ca" of every device line) trusts every device; --self-signed keeps the old way."""

import socket
import ssl
import stat

from cryptography import x509
from simfixture import Simulator


def _handshake(device, server_hostname):
    """TLS handshake with full verification against the device line's "ca"."""
    context = ssl.create_default_context(cafile=device["ca"])
    with socket.create_connection((device["host"], device["port"]), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname=server_hostname) as tls:
            return tls.version()


def _certificate(path):
    with open(path, "rb") as handle:
        return x509.load_pem_x509_certificate(handle.read())


def test_every_device_is_signed_by_one_fleet_ca(tmp_path):
    state_dir = tmp_path / "state"
    sim = Simulator("--bind", "127.0.3.1", "--fleet", "3", state_dir=state_dir)
    try:
        assert {device["ca"] for device in sim.devices} == {str(state_dir / "fleet-ca.pem")}
        ca = _certificate(sim.device["ca"])
        assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        for device in sim.devices:
            leaf = _certificate(device["cert"])
            assert leaf.issuer == ca.subject != leaf.subject
            assert _handshake(device, device["host"])
            assert _handshake(device, f"px-{device['serial'].lower()}.local")
        assert stat.S_IMODE((state_dir / "fleet-ca.key").stat().st_mode) == 0o600
        ca_bytes = (state_dir / "fleet-ca.pem").read_bytes()
    finally:
        assert sim.stop() == 0
    # a restart keeps the CA; a device new to the state folder gets a certificate from the same CA
    again = Simulator("--bind", "127.0.3.1", "--fleet", "4", state_dir=state_dir)
    try:
        assert (state_dir / "fleet-ca.pem").read_bytes() == ca_bytes
        assert _certificate(again.devices[3]["cert"]).issuer == ca.subject
        for device in again.devices:
            assert _handshake(device, device["host"])
    finally:
        assert again.stop() == 0


def test_a_device_certificate_alone_does_not_verify_without_the_ca(tmp_path):
    sim = Simulator("--bind", "127.0.3.9", state_dir=tmp_path / "state")
    try:
        context = ssl.create_default_context(cafile=sim.device["cert"])
        with socket.create_connection((sim.device["host"], sim.device["port"]), timeout=10) as raw:
            try:
                context.wrap_socket(raw, server_hostname=sim.device["host"]).close()
            except ssl.SSLCertVerificationError:
                return
        raise AssertionError("a CA-signed leaf alone was accepted as trust anchor")
    finally:
        sim.stop()


def test_self_signed_devices_and_their_bundle(tmp_path):
    state_dir = tmp_path / "state"
    sim = Simulator("--bind", "127.0.3.17", "--fleet", "2", "--self-signed", state_dir=state_dir)
    try:
        assert {device["ca"] for device in sim.devices} == {str(state_dir / "device-certs.pem")}
        for device in sim.devices:
            leaf = _certificate(device["cert"])
            assert leaf.issuer == leaf.subject
            assert _handshake(device, device["host"])
        assert not (state_dir / "fleet-ca.pem").exists() and not (state_dir / "fleet-ca.key").exists()
    finally:
        assert sim.stop() == 0
