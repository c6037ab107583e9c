# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local checks of a TLS certificate chain and its private key before they go to a device.

No Ansible import and no network: the module, roles and tests share it.

    prepared = prepare(cert_pem, key_pem, passphrase=None)
    prepared.leaf.fingerprint_sha256, prepared.chain_pem, prepared.key_pem, prepared.warnings

``prepare`` checks that the PEM parses, that the key belongs to the first
certificate (the leaf), that the leaf is valid now, and decrypts an encrypted
key with the passphrase (the device takes unencrypted keys only).  Error
messages and reprs never contain key material or the passphrase.
"""

from __future__ import annotations

import datetime
import fnmatch
import hashlib
import ipaddress
import re
import traceback

from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError

try:
    from cryptography import x509
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import NameOID
except ImportError:  # pragma: no cover - exercised only without cryptography
    HAS_CRYPTOGRAPHY = False
    CRYPTOGRAPHY_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_CRYPTOGRAPHY = True
    CRYPTOGRAPHY_IMPORT_ERROR = None

EXPIRY_WARNING_DAYS = 30
_PEM_CERT_RE = re.compile(rb"-----BEGIN CERTIFICATE-----\r?\n.+?\r?\n-----END CERTIFICATE-----", re.DOTALL)
_ENCRYPTED_MARKERS = (b"ENCRYPTED PRIVATE KEY", b"Proc-Type: 4,ENCRYPTED")


class PemError(XerusInputError):
    """The certificate or key cannot be used; ``option`` names the offending module option."""

    def __init__(self, option, message):
        super().__init__(message, option=option)


class CertSummary:
    """What a certificate is, in the words the module returns (no key material in it)."""

    def __init__(self, fingerprint_sha256, subject, issuer, not_before, not_after, serial_number):
        self.fingerprint_sha256 = fingerprint_sha256
        self.subject = subject
        self.issuer = issuer
        self.not_before = not_before
        self.not_after = not_after
        self.serial_number = serial_number

    def as_dict(self):
        return {
            "fingerprint_sha256": self.fingerprint_sha256,
            "subject": self.subject,
            "issuer": self.issuer,
            "not_before": self.not_before,
            "not_after": self.not_after,
            "serial_number": self.serial_number,
        }

    def __repr__(self):
        return f"CertSummary({self.subject!r}, {self.fingerprint_sha256!r})"


class PreparedCert:
    """A checked chain and its unencrypted key, ready to upload from memory."""

    def __init__(self, chain_pem, key_pem, leaf, chain, warnings, names=None):
        self.chain_pem = chain_pem
        self.key_pem = key_pem
        self.leaf = leaf
        self.chain = chain
        self.warnings = warnings
        self.names = names or HostNames()

    def __repr__(self):
        return f"PreparedCert(leaf={self.leaf!r}, chain_length={len(self.chain)}, key=<hidden>)"


def format_fingerprint(digest):
    """Lower-case hex pairs joined by colons (the form community.crypto returns)."""
    return ":".join(f"{byte:02x}" for byte in digest)


def normalize_fingerprint(text):
    """Any common spelling of a SHA-256 fingerprint (colons, case) -> the canonical one."""
    hex_digits = re.sub(r"[^0-9a-fA-F]", "", text or "").lower()
    return ":".join(hex_digits[index : index + 2] for index in range(0, len(hex_digits), 2))


def fingerprint_der(der):
    return format_fingerprint(hashlib.sha256(der).digest())


def _iso(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def summarize(cert):
    """CertSummary of a cryptography x509.Certificate."""
    der = cert.public_bytes(serialization.Encoding.DER)
    return CertSummary(
        fingerprint_sha256=fingerprint_der(der),
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        not_before=_iso(cert.not_valid_before_utc),
        not_after=_iso(cert.not_valid_after_utc),
        serial_number=f"{cert.serial_number:X}",
    )


def summarize_der(der):
    return summarize(x509.load_der_x509_certificate(der))


def summarize_pem(pem):
    """Summary of the first certificate of a PEM bundle (the leaf)."""
    return summarize(load_chain(pem)[0])


def _as_bytes(data):
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def load_chain(pem, option="certificate"):
    """Certificates of a PEM bundle in their order (leaf first); PemError when none parses or one is broken."""
    data = _as_bytes(pem)
    blocks = _PEM_CERT_RE.findall(data)
    if not blocks:
        raise PemError(option, f"{option} holds no PEM certificate (no '-----BEGIN CERTIFICATE-----' block)")
    chain = []
    for position, block in enumerate(blocks, start=1):
        try:
            chain.append(x509.load_pem_x509_certificate(block))
        except ValueError:
            raise PemError(
                option, f"certificate {position} of {len(blocks)} in {option} is not a valid PEM certificate"
            ) from None
    return chain


def chain_pem(chain):
    """The chain as one PEM text, leaf first, normalised (no text outside the blocks)."""
    return b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in chain)


def is_encrypted_key(pem):
    data = _as_bytes(pem)
    return any(marker in data for marker in _ENCRYPTED_MARKERS)


def load_private_key(pem, passphrase=None, option="private_key"):
    """Private key object from PEM; decrypted with ``passphrase`` when it is encrypted.

    Messages never quote the PEM text or the passphrase.
    """
    data = _as_bytes(pem)
    if b"PRIVATE KEY-----" not in data:
        raise PemError(option, f"{option} holds no PEM private key (no '-----BEGIN ... PRIVATE KEY-----' block)")
    encrypted = is_encrypted_key(data)
    if encrypted and not passphrase:
        raise PemError(option, f"{option} is encrypted; give its passphrase in private_key_passphrase")
    password = _as_bytes(passphrase) if (encrypted and passphrase) else None
    try:
        return serialization.load_pem_private_key(data, password=password)
    except (ValueError, TypeError):
        if encrypted:
            raise PemError(
                "private_key_passphrase",
                f"{option} cannot be decrypted with private_key_passphrase (wrong passphrase or damaged key)",
            ) from None
        raise PemError(option, f"{option} is not a valid PEM private key") from None
    except UnsupportedAlgorithm:
        raise PemError(option, f"{option} uses a key type or encryption this controller cannot read") from None


def unencrypted_key_pem(key):
    """PKCS#8 PEM without encryption (what the device accepts); kept in memory only."""
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _public_der(key_or_cert):
    return key_or_cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def key_matches(cert, key):
    return _public_der(cert) == _public_der(key)


def validity_problems(cert, now=None, warn_days=EXPIRY_WARNING_DAYS):
    """(error or None, warning or None) about the validity period of ``cert`` at ``now``."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    summary = summarize(cert)
    if now > cert.not_valid_after_utc:
        return f"the certificate {summary.subject} expired on {summary.not_after}", None
    if now < cert.not_valid_before_utc:
        return f"the certificate {summary.subject} is not valid before {summary.not_before}", None
    left = cert.not_valid_after_utc - now
    if left < datetime.timedelta(days=warn_days):
        return None, (
            f"the certificate {summary.subject} expires on {summary.not_after} (in {left.days} days, "
            f"less than {warn_days})"
        )
    return None, None


def chain_order_warning(chain):
    """A warning when a certificate of the chain is not issued by the next one (order or gap)."""
    for position in range(len(chain) - 1):
        if chain[position].issuer != chain[position + 1].subject:
            return (
                f"certificate {position + 1} of the chain ({chain[position].subject.rfc4514_string()}) is not "
                f"issued by certificate {position + 2} ({chain[position + 1].subject.rfc4514_string()}); "
                "the device serves the chain as given, leaf first"
            )
    return None


class HostNames:
    """The names a TLS client checks the host against: DNS names and IP addresses of the subject
    alternative names; the common name only when there are none (what OpenSSL's host check does)."""

    def __init__(self, dns=(), ips=(), common_names=()):
        self.dns = tuple(dns)
        self.ips = tuple(ips)
        self.common_names = tuple(common_names)

    @classmethod
    def of(cls, cert):
        try:
            san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        except x509.ExtensionNotFound:
            san = None
        if san is None:
            common = [attr.value for attr in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
            return cls(common_names=[str(name) for name in common])
        return cls(dns=san.get_values_for_type(x509.DNSName), ips=san.get_values_for_type(x509.IPAddress))

    def describe(self):
        listed = list(self.dns) + [str(ip) for ip in self.ips] + [f"CN={name}" for name in self.common_names]
        return ", ".join(listed) if listed else "no names at all"

    def match(self, host):
        """True when a verifying client connecting to ``host`` would accept these names."""
        host = host.strip("[]").split("%", 1)[0]
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            address = None
        if address is not None:
            return address in self.ips
        return any(_dns_match(pattern, host) for pattern in self.dns + self.common_names)


def _dns_match(pattern, host):
    """RFC 6125 6.4.3: case-insensitive, a wildcard only as the whole left-most label, matching one label."""
    pattern, host = pattern.lower().rstrip("."), host.lower().rstrip(".")
    if not pattern.startswith("*."):
        return "*" not in pattern and pattern == host
    first, _dot, rest = host.partition(".")
    return bool(first) and rest == pattern[2:] and fnmatch.fnmatchcase(first, "*")


def host_mismatch(prepared, host):
    """A message when the leaf's names do not cover ``host`` (the address the task connects to), else None."""
    if prepared.names.match(host):
        return None
    return (
        f"the certificate {prepared.leaf.subject} names {prepared.names.describe()}, not {host}, the host this "
        "task connects to: after the installation every client verifying the PDU by this address would fail, "
        "this task included"
    )


def prepare(cert_pem, key_pem, passphrase=None, now=None, cert_option="certificate", key_option="private_key"):
    """Check the chain and key locally and return a PreparedCert; raise PemError when unusable."""
    chain = load_chain(cert_pem, cert_option)
    key = load_private_key(key_pem, passphrase, key_option)
    leaf = chain[0]
    if not key_matches(leaf, key):
        others = [position for position, cert in enumerate(chain[1:], start=2) if key_matches(cert, key)]
        hint = f"; it matches certificate {others[0]} of the chain: put the leaf first" if others else ""
        raise PemError(
            key_option,
            f"{key_option} does not belong to the certificate {leaf.subject.rfc4514_string()} "
            f"(first certificate of {cert_option}){hint}",
        )
    error, warning = validity_problems(leaf, now)
    if error:
        raise PemError(cert_option, f"{cert_option}: {error}")
    unused = (
        "private_key_passphrase is set but the private key is not encrypted; the passphrase was not used"
        if passphrase and not is_encrypted_key(key_pem)
        else None
    )
    warnings = [message for message in (warning, chain_order_warning(chain), unused) if message]
    return PreparedCert(
        chain_pem=chain_pem(chain),
        key_pem=unencrypted_key_pem(key),
        leaf=summarize(leaf),
        chain=[summarize(cert) for cert in chain],
        warnings=warnings,
        names=HostNames.of(leaf),
    )
