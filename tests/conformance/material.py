# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test material: firmware images in the model's documented format, keys and certificates."""

import datetime
import hashlib
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

GOOD_VERSION = "4.3.0.1-50400"


def firmware_image(model="PX3", version=GOOD_VERSION, payload_size=2048, **extra):
    """XERUSFW1 header line (XERUS-PROTOCOL.md 7.4) and a random payload."""
    payload = os.urandom(payload_size)
    fields = {
        "model": model,
        "version": version,
        "size": str(len(payload)),
        "sha256": hashlib.sha256(payload).hexdigest(),
        **extra,
    }
    header = "XERUSFW1 " + " ".join(f"{key}={value}" for key, value in fields.items())
    return header.encode() + b"\n" + payload


def new_key():
    return ec.generate_private_key(ec.SECP256R1())


def key_pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject, public_key, issuer, signing_key, ca=False, san=None):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if san:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(san)]), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def pem(certificate):
    return certificate.public_bytes(serialization.Encoding.PEM)


class CertificateAuthority:
    """A throw-away CA that signs leaf certificates and CSRs."""

    def __init__(self):
        self.key = new_key()
        self.certificate = _certificate(
            _name("Conformance CA"), self.key.public_key(), _name("Conformance CA"), self.key, ca=True
        )

    def leaf(self, key, common_name="pdu.conformance.test"):
        return _certificate(_name(common_name), key.public_key(), self.certificate.subject, self.key, san=common_name)

    def sign_csr(self, csr_pem):
        request = x509.load_pem_x509_csr(csr_pem)
        return _certificate(request.subject, request.public_key(), self.certificate.subject, self.key)

    def chain_pem(self, key):
        return pem(self.leaf(key)) + pem(self.certificate)
