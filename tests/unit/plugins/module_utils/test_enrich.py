# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Enrichment of discovered devices: one bulk request per device, unreachable devices reported, not raised."""

from __future__ import annotations

import socket

from ansible_collections.xerus.pdu.plugins.module_utils.client import BulkResult, Call, XerusClient
from ansible_collections.xerus.pdu.plugins.module_utils.enrich import (
    IDENTITY_CALLS,
    Identity,
    IdentityReader,
    identity_from_bulk,
    read_identities,
    read_identity,
    shared_context_clients,
)
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusRpcError


def connection(sim, **changes):
    settings = dict(
        username=sim.user, password=sim.password, token=None, validate_certs=True, ca_path=sim.cert, timeout=5
    )
    settings.update(changes)
    return settings


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_identity_from_bulk_reads_every_part():
    metadata = {"_ret_": {"nameplate": {"model": "PX3-5190R", "serialNumber": "XEM1"}, "fwRevision": "4.0"}}
    results = [
        BulkResult(IDENTITY_CALLS[0], True, metadata),
        BulkResult(IDENTITY_CALLS[1], True, {"_ret_": {"name": "rack-7"}}),
        BulkResult(IDENTITY_CALLS[2], True, {"_ret_": "4.2.0.5-50274"}),
    ]
    identity = identity_from_bulk(results)
    assert identity == Identity(
        reachable=True, model="PX3-5190R", serial="XEM1", firmware_version="4.2.0.5-50274", name="rack-7"
    )


def test_identity_from_bulk_keeps_what_answered():
    failed = BulkResult(
        Call("/firmware", "getVersion"),
        False,
        error=XerusRpcError("d:1", -32601, "no such method", "/firmware", "getVersion"),
    )
    metadata = {"_ret_": {"nameplate": {"model": "PX3-5190R", "serialNumber": "XEM1"}, "fwRevision": "4.0"}}
    identity = identity_from_bulk(
        [BulkResult(IDENTITY_CALLS[0], True, metadata), BulkResult(IDENTITY_CALLS[1], True, {"_ret_": {}}), failed]
    )
    assert identity.reachable and identity.firmware_version == "4.0"  # from the metadata instead
    assert identity.name is None
    assert len(identity.partial_errors) == 1 and identity.partial_errors[0].startswith("/firmware.getVersion")


def test_identity_dict_round_trip():
    identity = Identity(reachable=False, error="x:1: connection refused", partial_errors=["a"])
    assert Identity.from_dict(identity.to_dict()) == identity


def test_read_identity_is_one_bulk_request(sim):
    mark = sim.mark()
    identity = read_identity(sim.host, sim.port, connection(sim))
    assert identity.reachable and identity.error is None
    assert identity.model == sim.device["model"]
    assert identity.serial == sim.device["serial"]
    assert identity.firmware_version == sim.device["firmware_version"]
    assert identity.name == ""
    requests = sim.requests_since(mark)
    assert [entry["path"] for entry in requests] == ["/bulk"]


def test_unreachable_and_unauthorised_devices_are_reported(sim):
    closed = ("127.0.0.1", free_port())
    answers = read_identities([(sim.host, sim.port), closed], connection(sim), workers=4)
    assert answers[(sim.host, sim.port)].reachable
    refused = answers[closed]
    assert not refused.reachable and refused.error.startswith(f"127.0.0.1:{closed[1]}:")
    wrong = read_identity(sim.host, sim.port, connection(sim, password="wrong-secret-4711"))
    assert not wrong.reachable and "authentication" in wrong.error
    assert "wrong-secret-4711" not in repr(wrong.to_dict())


def test_read_identities_of_nothing():
    assert read_identities([], {}) == {}


def test_identity_reader_reads_a_submitted_device_once(sim):
    mark = sim.mark()
    with IdentityReader(connection(sim), workers=2) as reader:
        reader.submit((sim.host, sim.port))
        reader.submit((sim.host, sim.port))
        first = reader.results([(sim.host, sim.port)])
        again = reader.results([(sim.host, sim.port)])
    assert first[(sim.host, sim.port)].reachable and again == first
    assert [entry["path"] for entry in sim.requests_since(mark)] == ["/bulk"]


def test_identity_reader_reads_what_was_not_submitted_yet(sim):
    with IdentityReader(connection(sim), workers=2) as reader:
        answers = reader.results([(sim.host, sim.port)])
    assert answers[(sim.host, sim.port)].serial == sim.device["serial"]


def test_shared_context_clients_verify_like_every_client(sim, tmp_path):
    factory = shared_context_clients(connection(sim))
    with factory(sim.host, port=sim.port, **connection(sim)) as one, factory(sim.host, port=sim.port) as other:
        assert one._ssl_context is other._ssl_context, "one TLS context for every client of the run"
    assert read_identity(sim.host, sim.port, connection(sim), factory).reachable
    unverified = connection(sim, validate_certs=False, ca_path=None)
    assert read_identity(sim.host, sim.port, unverified, shared_context_clients(unverified)).reachable
    other_ca = tmp_path / "other-ca.pem"
    other_ca.write_text(_another_cert())
    wrong = connection(sim, ca_path=str(other_ca))
    refused = read_identity(sim.host, sim.port, wrong, shared_context_clients(wrong))
    assert not refused.reachable and "certificate" in refused.error
    system = connection(sim, ca_path=None)
    assert not read_identity(sim.host, sim.port, system, shared_context_clients(system)).reachable


def test_a_ca_file_that_is_none_leaves_each_client_to_report_it(sim, tmp_path):
    empty = tmp_path / "empty.pem"
    empty.write_text("")
    settings = connection(sim, ca_path=str(empty))
    assert shared_context_clients(settings) is XerusClient
    identity = read_identity(sim.host, sim.port, settings, shared_context_clients(settings))
    assert not identity.reachable and identity.error


def _another_cert():
    """A self-signed certificate that did not sign the simulator's."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "another CA")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
