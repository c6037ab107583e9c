# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet CA: one certificate authority per state folder that signs every device's factory certificate.

A data centre with a corporate CA gives its PDUs certificates from that CA, so
a client trusts the whole fleet with one file (`ca_path`). The CA is created
once in the state folder and reused at every start; `--self-signed` leaves it
out and every device gets a self-signed factory certificate, as out of the box.
"""

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from xerus_sim.http import tlscert

CA_CERT, CA_KEY = "fleet-ca.pem", "fleet-ca.key"
SELF_SIGNED_BUNDLE = "device-certs.pem"
CA_VALIDITY = datetime.timedelta(days=7300)


@dataclass(frozen=True)
class Issuer:
    key: object
    cert: x509.Certificate


def _new_ca():
    key = tlscert.new_rsa_key()
    name = tlscert.build_name({"organization": "xerus-sim", "commonName": "xerus-sim fleet CA"})
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issuer(key, cert)


def _write(path, data, mode):
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(path, mode)


def ensure(state_root):
    """The fleet CA of state_root (created on first use): (Issuer, path of its certificate)."""
    root = Path(state_root)
    cert_path, key_path = root / CA_CERT, root / CA_KEY
    if not cert_path.exists():
        root.mkdir(parents=True, exist_ok=True)
        issuer = _new_ca()
        _write(key_path, tlscert.key_pem(issuer.key), 0o600)
        _write(cert_path, tlscert.cert_pem(issuer.cert), 0o644)  # last: its presence means complete
        return issuer, cert_path
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    return Issuer(key, x509.load_pem_x509_certificate(cert_path.read_bytes())), cert_path


def write_self_signed_bundle(state_root, cert_paths):
    """One file trusting every self-signed device: their certificates concatenated."""
    bundle = Path(state_root) / SELF_SIGNED_BUNDLE
    bundle.write_bytes(b"".join(Path(path).read_bytes() for path in cert_paths))
    return bundle
