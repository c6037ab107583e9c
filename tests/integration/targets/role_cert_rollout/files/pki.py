# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test PKI for the cert_rollout target, and an independent look at the certificate a PDU presents.

pki.py make --dir DIR --ip 127.x.y.1 --ip 127.x.y.2 ...
    ca.pem; per address <ip>.pem (leaf + CA) and <ip>.key; fleet.pem + fleet.key (one certificate naming
    every address, as a wildcard would); trust.pem (CA bundle: --trust FILE + ca.pem). Prints the
    SHA-256 fingerprints as JSON ({"<ip>": ..., "fleet": ...}).
pki.py presented --host H --port P
    prints the SHA-256 fingerprint of the certificate the server presents (no verification).
"""

import argparse
import datetime
import hashlib
import ipaddress
import json
import os
import ssl

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)


def _name(common_name):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "xerus.pdu role tests"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(subject, issuer, public_key, days):
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - datetime.timedelta(hours=1))
        .not_valid_after(NOW + datetime.timedelta(days=days))
    )


def make_ca():
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        _builder(_name("Xerus Role Test CA"), _name("Xerus Role Test CA"), key.public_key(), 3650)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def make_server(common_name, ips, ca, ca_key):
    key = ec.generate_private_key(ec.SECP256R1())
    sans = [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips]
    cert = (
        _builder(_name(common_name), ca.subject, key.public_key(), 365)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return cert, key


def _pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def _fingerprint(der):
    return ":".join(f"{byte:02x}" for byte in hashlib.sha256(der).digest())


def _write(path, data, private=False):
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(handle, "wb") as out:
        out.write(data)


def _key_pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def make(args):
    os.makedirs(args.dir, exist_ok=True)
    ca, ca_key = make_ca()
    _write(os.path.join(args.dir, "ca.pem"), _pem(ca))
    with open(args.trust, "rb") as handle:
        _write(os.path.join(args.dir, "trust.pem"), handle.read() + _pem(ca))
    fingerprints = {}
    for label, ips in [(ip, [ip]) for ip in args.ip] + [("fleet", args.ip)]:
        cert, key = make_server(label, ips, ca, ca_key)
        _write(os.path.join(args.dir, label + ".pem"), _pem(cert) + _pem(ca))
        _write(os.path.join(args.dir, label + ".key"), _key_pem(key), private=True)
        fingerprints[label] = _fingerprint(cert.public_bytes(serialization.Encoding.DER))
    print(json.dumps(fingerprints))


def presented(args):
    pem = ssl.get_server_certificate((args.host, args.port), timeout=10)
    print(_fingerprint(ssl.PEM_cert_to_DER_cert(pem)))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    make_parser = commands.add_parser("make")
    make_parser.add_argument("--dir", required=True)
    make_parser.add_argument("--ip", action="append", required=True)
    make_parser.add_argument("--trust", required=True, help="CA bundle that trusts the PDUs' current certificates")
    presented_parser = commands.add_parser("presented")
    presented_parser.add_argument("--host", required=True)
    presented_parser.add_argument("--port", type=int, default=8443)
    args = parser.parse_args()
    if args.command == "make":
        make(args)
    else:
        presented(args)


if __name__ == "__main__":
    main()
