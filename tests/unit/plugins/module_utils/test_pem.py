# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local certificate/key checks before an upload (plugins/module_utils/pem.py)."""

from __future__ import annotations

import datetime
import hashlib
import ipaddress

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from ansible_collections.xerus.pdu.plugins.module_utils import pem

NOW = datetime.datetime.now(datetime.timezone.utc)
PASSPHRASE = b"correct horse battery staple"


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _cert(subject_key, subject, issuer_key, issuer, days=365, start=None, ca=False):
    start = start or NOW - datetime.timedelta(minutes=5)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(subject_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key, passphrase=None, traditional=False):
    encryption = serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    fmt = serialization.PrivateFormat.TraditionalOpenSSL if traditional else serialization.PrivateFormat.PKCS8
    return key.private_bytes(serialization.Encoding.PEM, fmt, encryption)


@pytest.fixture(scope="module")
def pki():
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert(ca_key, "Test CA", ca_key, "Test CA", days=3650, ca=True)
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = _cert(leaf_key, "127.0.0.1", ca_key, "Test CA")
    other_key = ec.generate_private_key(ec.SECP256R1())
    return {"ca": ca, "ca_key": ca_key, "leaf": leaf, "leaf_key": leaf_key, "other_key": other_key}


def test_prepare_accepts_chain_and_returns_unencrypted_pkcs8(pki):
    prepared = pem.prepare(_pem(pki["leaf"]) + _pem(pki["ca"]), _key_pem(pki["leaf_key"]), now=NOW)
    assert prepared.warnings == []
    assert prepared.chain_pem == _pem(pki["leaf"]) + _pem(pki["ca"])
    assert prepared.key_pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    der = pki["leaf"].public_bytes(serialization.Encoding.DER)
    assert prepared.leaf.fingerprint_sha256 == pem.format_fingerprint(hashlib.sha256(der).digest())
    assert prepared.leaf.subject == "CN=127.0.0.1"
    assert prepared.leaf.issuer == "CN=Test CA"
    assert [item.subject for item in prepared.chain] == ["CN=127.0.0.1", "CN=Test CA"]
    assert prepared.leaf.not_after.endswith("Z")


def test_text_around_blocks_is_dropped_and_str_input_works(pki):
    text = "subject=CN = 127.0.0.1\n" + _pem(pki["leaf"]).decode() + "trailing words\n"
    prepared = pem.prepare(text, _key_pem(pki["leaf_key"]).decode(), now=NOW)
    assert prepared.chain_pem == _pem(pki["leaf"])


def test_encrypted_key_is_decrypted_with_passphrase(pki):
    encrypted = _key_pem(pki["leaf_key"], PASSPHRASE)
    assert pem.is_encrypted_key(encrypted)
    prepared = pem.prepare(_pem(pki["leaf"]), encrypted, passphrase=PASSPHRASE.decode(), now=NOW)
    assert not pem.is_encrypted_key(prepared.key_pem)
    reloaded = serialization.load_pem_private_key(prepared.key_pem, password=None)
    assert pem.key_matches(pki["leaf"], reloaded)


def test_traditional_encrypted_rsa_key(pki):
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _cert(rsa_key, "127.0.0.1", pki["ca_key"], "Test CA")
    encrypted = _key_pem(rsa_key, PASSPHRASE, traditional=True)
    assert b"Proc-Type: 4,ENCRYPTED" in encrypted
    prepared = pem.prepare(_pem(cert), encrypted, passphrase=PASSPHRASE, now=NOW)
    assert prepared.key_pem.startswith(b"-----BEGIN PRIVATE KEY-----")


def test_encrypted_key_without_passphrase_names_the_passphrase_option(pki):
    with pytest.raises(pem.PemError) as caught:
        pem.prepare(_pem(pki["leaf"]), _key_pem(pki["leaf_key"], PASSPHRASE), now=NOW)
    assert caught.value.option == "private_key"
    assert "private_key_passphrase" in caught.value.message


def test_wrong_passphrase_never_echoes_it(pki):
    with pytest.raises(pem.PemError) as caught:
        pem.prepare(_pem(pki["leaf"]), _key_pem(pki["leaf_key"], PASSPHRASE), passphrase="not-the-one", now=NOW)
    assert caught.value.option == "private_key_passphrase"
    assert "not-the-one" not in str(caught.value)


def test_mismatched_key_is_refused(pki):
    with pytest.raises(pem.PemError) as caught:
        pem.prepare(_pem(pki["leaf"]), _key_pem(pki["other_key"]), now=NOW)
    assert caught.value.option == "private_key"
    assert "does not belong" in caught.value.message


def test_leaf_not_first_gets_a_hint(pki):
    with pytest.raises(pem.PemError) as caught:
        pem.prepare(_pem(pki["ca"]) + _pem(pki["leaf"]), _key_pem(pki["leaf_key"]), now=NOW)
    assert "put the leaf first" in caught.value.message


@pytest.mark.parametrize(
    "text", [b"", b"garbage", b"-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n"]
)
def test_invalid_certificate_pem(pki, text):
    with pytest.raises(pem.PemError) as caught:
        pem.prepare(text, _key_pem(pki["leaf_key"]), now=NOW, cert_option="certificate_content")
    assert caught.value.option == "certificate_content"
    assert "certificate_content" in caught.value.message


@pytest.mark.parametrize("text", [b"garbage", b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"])
def test_invalid_key_pem_does_not_quote_it(pki, text):
    with pytest.raises(pem.PemError) as caught:
        pem.prepare(_pem(pki["leaf"]), text, now=NOW, key_option="private_key_content")
    assert caught.value.option == "private_key_content"
    assert "AAAA" not in str(caught.value)


def test_expired_certificate_is_refused(pki):
    expired = _cert(
        pki["leaf_key"], "127.0.0.1", pki["ca_key"], "Test CA", days=10, start=NOW - datetime.timedelta(days=20)
    )
    with pytest.raises(pem.PemError) as caught:
        pem.prepare(_pem(expired), _key_pem(pki["leaf_key"]), now=NOW)
    assert "expired" in caught.value.message


def test_not_yet_valid_certificate_is_refused(pki):
    future = _cert(pki["leaf_key"], "127.0.0.1", pki["ca_key"], "Test CA", start=NOW + datetime.timedelta(days=2))
    with pytest.raises(pem.PemError) as caught:
        pem.prepare(_pem(future), _key_pem(pki["leaf_key"]), now=NOW)
    assert "not valid before" in caught.value.message


def test_expiring_soon_warns(pki):
    soon = _cert(pki["leaf_key"], "127.0.0.1", pki["ca_key"], "Test CA", days=10)
    prepared = pem.prepare(_pem(soon), _key_pem(pki["leaf_key"]), now=NOW)
    assert len(prepared.warnings) == 1 and "expires on" in prepared.warnings[0]


def test_chain_gap_warns(pki):
    stranger_key = ec.generate_private_key(ec.SECP256R1())
    stranger = _cert(stranger_key, "Other CA", stranger_key, "Other CA", ca=True)
    prepared = pem.prepare(_pem(pki["leaf"]) + _pem(stranger), _key_pem(pki["leaf_key"]), now=NOW)
    assert any("is not issued by" in warning for warning in prepared.warnings)


def test_reprs_hide_the_key(pki):
    prepared = pem.prepare(_pem(pki["leaf"]), _key_pem(pki["leaf_key"]), now=NOW)
    assert "PRIVATE" not in repr(prepared)
    assert prepared.leaf.fingerprint_sha256 in repr(prepared)


def test_fingerprint_normalisation():
    assert pem.normalize_fingerprint("AB:CD:0e") == "ab:cd:0e"
    assert pem.normalize_fingerprint("abcd0E") == "ab:cd:0e"
    assert pem.normalize_fingerprint(None) == ""


def test_passphrase_for_a_plain_key_warns(pki):
    prepared = pem.prepare(_pem(pki["leaf"]), _key_pem(pki["leaf_key"]), passphrase="unused", now=NOW)
    assert prepared.warnings == [
        "private_key_passphrase is set but the private key is not encrypted; the passphrase was not used"
    ]


@pytest.mark.parametrize(
    "dns, ips, common, host, matches",
    [
        (["pdu-a1.example.com"], [], [], "pdu-a1.example.com", True),
        (["PDU-A1.example.com."], [], [], "pdu-a1.example.com", True),
        (["*.example.com"], [], [], "pdu-a1.example.com", True),
        (["*.example.com"], [], [], "a.b.example.com", False),
        (["*.example.com"], [], [], "example.com", False),
        (["pdu*.example.com"], [], [], "pdu1.example.com", False),
        (["pdu-a1.example.com"], [], [], "pdu-a2.example.com", False),
        ([], ["192.0.2.10"], [], "192.0.2.10", True),
        (["192.0.2.10"], [], [], "192.0.2.10", False),
        ([], ["2001:db8::1"], [], "2001:db8:0::1", True),
        ([], [], ["pdu-a1.example.com"], "pdu-a1.example.com", True),
        ([], [], ["192.0.2.10"], "192.0.2.10", False),
    ],
)
def test_host_names_match_like_a_verifying_client(dns, ips, common, host, matches):
    names = pem.HostNames(dns=dns, ips=[ipaddress.ip_address(ip) for ip in ips], common_names=common)
    assert names.match(host) is matches
