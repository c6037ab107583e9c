# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test PKI for the xerus_cert target: two CAs, two server certificates for the device IP, odd cases.

    gen_certs.py --dir DIR --ip 127.x.y.1

Writes into DIR (keys 0600) and prints a JSON object with the paths and the SHA-256
fingerprints (public data only; never a key or the passphrase):
  ca1.pem, server1.pem, chain1.pem (server1 + ca1), server1.key
  ca2.pem, server2.pem, chain2.pem (server2 + ca2), server2.key,
  server2-enc.key (server2.key encrypted with the passphrase in passphrase.txt)
  other.key (belongs to no certificate), soon.pem + soon.key (expires in 10 days), expired.pem
"""

import argparse
import datetime
import hashlib
import ipaddress
import json
import os
import secrets

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)


def name(common_name, org="xerus.pdu tests"):
    return x509.Name(
        [x509.NameAttribute(NameOID.ORGANIZATION_NAME, org), x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    )


def ca_cert(key, common_name):
    subject = name(common_name)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - datetime.timedelta(hours=1))
        .not_valid_after(NOW + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def server_cert(key, ip, ca, ca_key, days=365, start=None):
    start = start or NOW - datetime.timedelta(hours=1)
    return (
        x509.CertificateBuilder()
        .subject_name(name(ip))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(ip))]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key, passphrase=None):
    encryption = serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


def fingerprint(cert):
    return ":".join(f"{b:02x}" for b in hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).digest())


def write(directory, filename, data, private=False):
    path = os.path.join(directory, filename)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    handle = os.open(path, flags, 0o600 if private else 0o644)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--ip", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    out = {}
    passphrase = secrets.token_urlsafe(18).encode()
    out["passphrase_file"] = write(args.dir, "passphrase.txt", passphrase, private=True)
    ca1_key, ca2_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP384R1())
    ca1, ca2 = ca_cert(ca1_key, "Xerus Test CA 1"), ca_cert(ca2_key, "Xerus Test CA 2")
    server1_key = ec.generate_private_key(ec.SECP256R1())
    server2_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    server1 = server_cert(server1_key, args.ip, ca1, ca1_key)
    server2 = server_cert(server2_key, args.ip, ca2, ca2_key)
    soon = server_cert(server1_key, args.ip, ca1, ca1_key, days=10)
    expired = server_cert(server1_key, args.ip, ca1, ca1_key, days=5, start=NOW - datetime.timedelta(days=10))
    for label, cert in (
        ("ca1", ca1),
        ("ca2", ca2),
        ("server1", server1),
        ("server2", server2),
        ("soon", soon),
        ("expired", expired),
    ):
        out[label] = write(args.dir, f"{label}.pem", pem(cert))
        out[f"{label}_fingerprint"] = fingerprint(cert)
        out[f"{label}_serial"] = format(cert.serial_number, "X")
    out["chain1"] = write(args.dir, "chain1.pem", pem(server1) + pem(ca1))
    elsewhere = server_cert(server1_key, "192.0.2.77", ca1, ca1_key)
    out["elsewhere_chain"] = write(args.dir, "elsewhere-chain.pem", pem(elsewhere) + pem(ca1))
    out["chain2"] = write(args.dir, "chain2.pem", pem(server2) + pem(ca2))
    out["server1_key"] = write(args.dir, "server1.key", key_pem(server1_key), private=True)
    out["server2_key"] = write(args.dir, "server2.key", key_pem(server2_key), private=True)
    out["server2_enc_key"] = write(args.dir, "server2-enc.key", key_pem(server2_key, passphrase), private=True)
    out["other_key"] = write(args.dir, "other.key", key_pem(ec.generate_private_key(ec.SECP256R1())), private=True)
    out["bad_pem"] = write(
        args.dir, "bad.pem", b"-----BEGIN CERTIFICATE-----\nthis is not base64\n-----END CERTIFICATE-----\n"
    )
    out["key_files"] = [out[k] for k in ("server1_key", "server2_key", "server2_enc_key", "other_key")]
    print(json.dumps(out, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
