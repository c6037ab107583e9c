# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""certs.install_certificate() in plain Python against the simulator (protocol 6 and 12.2)."""

from __future__ import annotations

import datetime
import ipaddress
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ansible_collections.xerus.pdu.plugins.module_utils import certs, pem, rids
from ansible_collections.xerus.pdu.plugins.module_utils.multipart import UploadPart

UPLOAD = "/cgi-bin/server_ssl_cert_upload.cgi"
NOW = datetime.datetime.now(datetime.timezone.utc)


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _issue(ip, ca_key, ca_name, key):
    return (
        x509.CertificateBuilder()
        .subject_name(_name(ip))
        .issuer_name(_name(ca_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - datetime.timedelta(minutes=5))
        .not_valid_after(NOW + datetime.timedelta(days=90))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(ip))]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


def _ca(common_name):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(_name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - datetime.timedelta(minutes=5))
        .not_valid_after(NOW + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def _prepared(ip, ca_name="Unit CA"):
    ca_key, ca = _ca(ca_name)
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = _issue(ip, ca_key, ca_name, key)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return pem.prepare(_pem(leaf) + _pem(ca), key_pem), ca


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _info(client):
    return certs.read_info(client)


def _self_signed_pending(client):
    subject = {
        "country": "",
        "stateOrProvince": "",
        "locality": "",
        "organization": "",
        "organizationalUnit": "",
        "commonName": "someone-else",
        "emailAddress": "",
    }
    key_info = {"type": 2, "ecCurve": 1, "rsaKeyLength": 0, "inSecureElement": False}
    code = client.call_ret(
        rids.CERT,
        "generateSelfSignedKeyPair",
        {"reqInfo": {"subject": subject, "names": [], "keyInfo": key_info}, "days": 30},
    )
    assert code == 0


@pytest.fixture
def active(sim, tmp_path):
    """The device serves a certificate of a fresh unit CA; yields (ca_path, prepared)."""
    prepared, ca = _prepared(sim.host)
    with sim.client(validate_certs=False) as client:
        client.call(rids.CERT, "deletePending")
        certs.install_certificate(client, prepared, restart_timeout=20)
    return _write(tmp_path, "ca.pem", _pem(ca)), prepared


def test_codes_are_explained_in_words():
    assert certs.describe_upload_code(2) == (
        "a pending certificate or certificate signing request is already present on the device (upload response code 2)"
    )
    assert "do not match" in certs.describe_upload_code(5)
    assert "internal error" in certs.describe_upload_code(77)
    assert "ERR_INSTALL_CERT_KEY_MISMATCH" in certs.describe_install_code(203)
    assert certs.describe_install_code(999).endswith("(installPendingKeyPair returned 999)")


def test_install_then_unchanged_without_upload(sim, active, tmp_path):
    ca_path, _old = active
    prepared, ca = _prepared(sim.host, "Second unit CA")
    new_ca_path = _write(tmp_path, "ca2.pem", _pem(ca))

    with sim.client(ca_path=ca_path) as client:
        mark = sim.mark()
        result = certs.install_certificate(client, prepared, restart_timeout=20)
        assert len(sim.requests_since(mark, UPLOAD)) == 1
    assert result.changed
    assert result.current.fingerprint_sha256 == prepared.leaf.fingerprint_sha256
    assert result.diff()["after"]["fingerprint_sha256"] == prepared.leaf.fingerprint_sha256
    assert result.diff()["before"]["fingerprint_sha256"] == result.previous.fingerprint_sha256
    assert result.restart_seconds > 0
    with sim.client(ca_path=new_ca_path) as client:
        mark = sim.mark()
        again = certs.install_certificate(client, prepared)
        assert not again.changed
        assert sim.requests_since(mark, UPLOAD) == []
        assert not _info(client)["havePendingCert"]


def test_check_mode_uploads_nothing(sim, active):
    ca_path, _current = active
    prepared, _ca_cert = _prepared(sim.host, "Check CA")
    with sim.client(ca_path=ca_path) as client:
        mark = sim.mark()
        result = certs.install_certificate(client, prepared, check_mode=True)
        assert [entry["path"] for entry in sim.requests_since(mark)] == [rids.CERT]  # getInfo only
    assert result.changed
    assert result.previous.fingerprint_sha256 != prepared.leaf.fingerprint_sha256


class _PendingAppearsClient:
    """A real client whose upload is preceded by someone else's generateSelfSignedKeyPair (a race)."""

    def __init__(self, client):
        self._client = client

    def __getattr__(self, name):
        return getattr(self._client, name)

    def upload(self, cgi_path, parts, **options):
        _self_signed_pending(self._client)
        return self._client.upload(cgi_path, parts, **options)


def test_code_2_from_a_race_is_explained_and_the_other_pending_item_kept(sim, active):
    ca_path, current = active
    prepared, _ca_cert = _prepared(sim.host, "Race CA")
    with sim.client(ca_path=ca_path) as client:
        with pytest.raises(certs.CertError) as caught:
            certs.install_certificate(_PendingAppearsClient(client), prepared)
        info = _info(client)
        assert info["havePendingCert"]
        assert info["pendingCertInfo"]["subject"]["commonName"] == "someone-else"
        client.call(rids.CERT, "deletePending")
    assert "already present on the device (upload response code 2)" in caught.value.message
    assert "clear_pending=true" in caught.value.message
    assert not caught.value.changed
    assert caught.value.details["previous_fingerprint_sha256"] == current.leaf.fingerprint_sha256


class _GarbledKeyClient(_PendingAppearsClient):
    """A real client that sends a key the device cannot read (its code 3)."""

    def upload(self, cgi_path, parts, **options):
        parts = [
            UploadPart(part.name, part.filename, content=b"not a key") if part.name == "key_file" else part
            for part in parts
        ]
        return self._client.upload(cgi_path, parts, **options)


def test_device_refusal_is_explained_and_nothing_left_pending(sim, active):
    ca_path, current = active
    prepared, _ca_cert = _prepared(sim.host, "Refused CA")
    with sim.client(ca_path=ca_path) as client:
        with pytest.raises(certs.CertError) as caught:
            certs.install_certificate(_GarbledKeyClient(client), prepared)
        assert not _info(client)["havePendingCert"]
        assert certs.read_presented(client).fingerprint_sha256 == current.leaf.fingerprint_sha256
    assert "rejected the private key as invalid (upload response code 3)" in caught.value.message


def test_failed_install_deletes_the_pending_upload(sim, active):
    ca_path, current = active
    prepared, _ca_cert = _prepared(sim.host, "Install CA")
    sim.inject("rpc_error", count=1, method="installPendingKeyPair")
    with sim.client(ca_path=ca_path) as client:
        with pytest.raises(certs.CertError) as caught:
            certs.install_certificate(client, prepared)
        assert not _info(client)["havePendingCert"]
        assert certs.read_presented(client).fingerprint_sha256 == current.leaf.fingerprint_sha256
    assert "installPendingKeyPair failed" in caught.value.message
    assert not caught.value.changed


def test_no_key_material_in_errors_results_or_progress(sim, active):
    ca_path, _current = active
    prepared, _ca_cert = _prepared(sim.host, "Secret CA")
    key_lines = [line for line in prepared.key_pem.decode().splitlines() if not line.startswith("-----")]
    sim.inject("rpc_error", count=1, method="installPendingKeyPair")
    with sim.client(ca_path=ca_path) as client:
        with pytest.raises(certs.CertError) as caught:
            certs.install_certificate(client, prepared)
        result = certs.install_certificate(client, prepared, check_mode=True)
    texts = [
        str(caught.value),
        repr(caught.value),
        json.dumps(caught.value.details),
        json.dumps(result.as_dict()),
        json.dumps(result.diff()),
        repr(prepared),
    ]
    for text in texts:
        assert "PRIVATE KEY" not in text
        assert not any(line in text for line in key_lines)


def test_a_certificate_not_naming_the_host_is_refused_before_anything_is_sent(sim, active):
    ca_path, current = active
    prepared, _ca_cert = _prepared("192.0.2.99", "Elsewhere CA")
    with sim.client(ca_path=ca_path) as client:
        mark = sim.mark()
        with pytest.raises(certs.CertError) as caught:
            certs.install_certificate(client, prepared)
        assert sim.requests_since(mark) == []
        assert not caught.value.changed
        assert f"names 192.0.2.99, not {sim.host}" in caught.value.message
        assert "allow_host_mismatch=true" in caught.value.message
        result = certs.install_certificate(client, prepared, check_mode=True, allow_host_mismatch=True)
        assert result.changed
        assert certs.read_presented(client).fingerprint_sha256 == current.leaf.fingerprint_sha256
    with sim.client(validate_certs=False) as client:  # nothing to lock out without validation
        assert certs.install_certificate(client, prepared, check_mode=True).changed


def test_a_restart_wait_that_runs_out_reports_changed(sim, active, tmp_path):
    ca_path, _current = active
    prepared, ca = _prepared(sim.host, "Slow CA")
    with sim.client(ca_path=ca_path) as client:
        with pytest.raises(certs.CertError) as caught:
            certs.install_certificate(client, prepared, restart_timeout=0.001)
    assert caught.value.changed
    assert "installed but the device did not present it" in caught.value.message
    assert caught.value.details["fingerprint_sha256"] == prepared.leaf.fingerprint_sha256
    with sim.client(ca_path=_write(tmp_path, "slow-ca.pem", _pem(ca))) as client:
        client.wait_until_reachable(20, interval=0.1, expect_fingerprint_sha256=prepared.leaf.fingerprint_sha256)


def test_a_failure_after_clearing_someone_elses_pending_item_reports_changed(sim, active):
    ca_path, _current = active
    prepared, _ca_cert = _prepared(sim.host, "Cleared CA")
    with sim.client(ca_path=ca_path) as client:
        _self_signed_pending(client)
        with pytest.raises(certs.CertError) as caught:
            certs.install_certificate(_GarbledKeyClient(client), prepared, clear_pending=True)
        assert not _info(client)["havePendingCert"]
    assert caught.value.changed
    assert caught.value.details["cleared_pending"].startswith("a pending certificate (CN=someone-else")
