# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Device TLS identity: key and self-signed certificate generation, loading, SSL contexts."""

import datetime
import ipaddress
import ssl
import threading
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ACTIVE_CERT = "active_cert.pem"
ACTIVE_KEY = "active_key.pem"
TEN_YEARS = datetime.timedelta(days=3650)


def new_rsa_key(bits=2048):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def new_ec_key(curve):
    return ec.generate_private_key(curve)


def key_pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def cert_pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def _names(names):
    entries = []
    for name in names:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            entries.append(x509.DNSName(name))
    return entries


def build_name(attributes):
    """attributes: CommonAttributes wire struct -> x509.Name (empty fields left out)."""
    oids = [
        ("country", NameOID.COUNTRY_NAME),
        ("stateOrProvince", NameOID.STATE_OR_PROVINCE_NAME),
        ("locality", NameOID.LOCALITY_NAME),
        ("organization", NameOID.ORGANIZATION_NAME),
        ("organizationalUnit", NameOID.ORGANIZATIONAL_UNIT_NAME),
        ("commonName", NameOID.COMMON_NAME),
        ("emailAddress", NameOID.EMAIL_ADDRESS),
    ]
    return x509.Name([x509.NameAttribute(oid, attributes[field]) for field, oid in oids if attributes.get(field)])


def self_signed(key, subject, names, days):
    return _certificate(key, subject, names, days, subject, key)


def issued(key, subject, names, days, issuer):
    """A server certificate for key signed by issuer (fleet/ca.py Issuer)."""
    extensions = [
        (x509.BasicConstraints(ca=False, path_length=None), True),
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False),
        (x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), False),
        (x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False),
    ]
    return _certificate(key, subject, names, days, issuer.cert.subject, issuer.key, extensions)


def _certificate(key, subject, names, days, issuer_name, signing_key, extensions=()):
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(_names(names)), critical=False)
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return builder.sign(signing_key, hashes.SHA256())


def csr_for(key, subject, names):
    builder = x509.CertificateSigningRequestBuilder().subject_name(subject)
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(_names(names)), critical=False)
    return builder.sign(key, hashes.SHA256())


def device_subject(host, model):
    return build_name({"country": "US", "organization": "Raritan", "organizationalUnit": model, "commonName": host})


def generate_identity(host, serial, model, issuer=None, key_pem_bytes=None):
    """(key PEM, cert PEM) of a device's factory certificate: CN = IP, SAN = px-<serial>.local + IP, 10 years;
    signed by issuer (the fleet CA) when given, else self-signed. key_pem_bytes: the RSA key to certify
    (http/keycache.py), default a new one; the certificate is new either way."""
    key = new_rsa_key() if key_pem_bytes is None else load_own_key(key_pem_bytes)
    subject, names = device_subject(host, model), [f"px-{serial.lower()}.local", host]
    if issuer is None:
        cert = self_signed(key, subject, names, TEN_YEARS.days)
    else:
        cert = issued(key, subject, names, TEN_YEARS.days, issuer)
    return key_pem(key), cert_pem(cert)


def has_identity(state_dir):
    return (Path(state_dir) / ACTIVE_CERT).exists() and (Path(state_dir) / ACTIVE_KEY).exists()


def ensure_identity(state_dir, host, serial, model, issuer=None, key_pem_bytes=None):
    """The device's certificate and key paths; a factory identity is made when there is none yet
    (an existing one is kept, whoever issued it: certificates persist like on a device)."""
    cert_path, key_path = Path(state_dir) / ACTIVE_CERT, Path(state_dir) / ACTIVE_KEY
    if not has_identity(state_dir):
        write_identity(state_dir, *generate_identity(host, serial, model, issuer, key_pem_bytes))
    return cert_path, key_path


def load_own_key(pem):
    """A key this simulator generated itself: OpenSSL's RSA consistency check (prime tests, most of the
    load time) is skipped where cryptography allows it."""
    try:
        return serialization.load_pem_private_key(pem, password=None, unsafe_skip_rsa_key_validation=True)
    except TypeError:  # cryptography < 39
        return serialization.load_pem_private_key(pem, password=None)


def write_identity(state_dir, key_bytes, cert_bytes):
    cert_path, key_path = Path(state_dir) / ACTIVE_CERT, Path(state_dir) / ACTIVE_KEY
    key_path.write_bytes(key_bytes)
    key_path.chmod(0o600)
    cert_path.write_bytes(cert_bytes)


def server_context(cert_path, key_path):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(str(cert_path), str(key_path))
    return context


_wrong = {}
_wrong_lock = threading.Lock()


def wrong_context(workdir):
    """A context presenting a certificate for another name, signed by another (CA) key."""
    with _wrong_lock:
        if "context" not in _wrong:
            ca_key = new_ec_key(ec.SECP256R1())
            ca_name = build_name({"commonName": "Wrong Issuer CA"})
            leaf_key = new_ec_key(ec.SECP256R1())
            now = datetime.datetime.now(datetime.timezone.utc)
            leaf = (
                x509.CertificateBuilder()
                .subject_name(build_name({"commonName": "wrong.example.invalid"}))
                .issuer_name(ca_name)
                .public_key(leaf_key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(minutes=5))
                .not_valid_after(now + datetime.timedelta(days=30))
                .add_extension(x509.SubjectAlternativeName([x509.DNSName("wrong.example.invalid")]), critical=False)
                .sign(ca_key, hashes.SHA256())
            )
            cert_path, key_path = Path(workdir) / "wrong_cert.pem", Path(workdir) / "wrong_key.pem"
            cert_path.write_bytes(cert_pem(leaf))
            key_path.write_bytes(key_pem(leaf_key))
            key_path.chmod(0o600)
            _wrong["context"] = server_context(cert_path, key_path)
        return _wrong["context"]
