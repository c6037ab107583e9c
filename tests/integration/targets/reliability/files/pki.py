# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Two CAs with a server certificate each for one device address (pki.py --dir DIR --ip IP).

Writes ca1.pem, ca2.pem, chain1.pem, chain2.pem, server1.key, server2-enc.key (encrypted with the
passphrase in passphrase.txt), mismatch.key, bad.pem, cas.pem; prints the public facts as JSON.
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
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)


def build(subject, issuer, public_key, signer, ca, ip=None):
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - datetime.timedelta(hours=1))
        .not_valid_after(NOW + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ip:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(ip))]), critical=False
        )
    return builder.sign(signer, hashes.SHA256())


def name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def write(directory, filename, data, mode=0o644):
    path = os.path.join(directory, filename)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    return path


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def fingerprint(cert):
    digest = hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--ip", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    passphrase = ("Passphrase-" + secrets.token_hex(16)).encode()
    write(args.dir, "passphrase.txt", passphrase, 0o600)
    out = {"dir": args.dir}
    cas = b""
    for index in (1, 2):
        ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
        ca = build(name(f"Reliability CA {index}"), name(f"Reliability CA {index}"), ca_key.public_key(), ca_key, True)
        server = build(name(args.ip), ca.subject, key.public_key(), ca_key, False, args.ip)
        cas += pem(ca)
        out[f"chain{index}"] = write(args.dir, f"chain{index}.pem", pem(server) + pem(ca))
        out[f"fp{index}"] = fingerprint(server)
        encryption = serialization.BestAvailableEncryption(passphrase) if index == 2 else serialization.NoEncryption()
        key_name = "server2-enc.key" if index == 2 else "server1.key"
        out[f"key{index}"] = write(
            args.dir,
            key_name,
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption),
            0o600,
        )
    out["cas"] = write(args.dir, "cas.pem", cas)
    other = ec.generate_private_key(ec.SECP256R1())
    out["mismatch_key"] = write(
        args.dir,
        "mismatch.key",
        other.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        0o600,
    )
    out["bad_pem"] = write(
        args.dir, "bad.pem", b"-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n"
    )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
