# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Wire structures of cert.ServerSSLCert built from X.509 objects."""

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

ATTRIBUTES = (
    ("country", NameOID.COUNTRY_NAME),
    ("stateOrProvince", NameOID.STATE_OR_PROVINCE_NAME),
    ("locality", NameOID.LOCALITY_NAME),
    ("organization", NameOID.ORGANIZATION_NAME),
    ("organizationalUnit", NameOID.ORGANIZATIONAL_UNIT_NAME),
    ("commonName", NameOID.COMMON_NAME),
    ("emailAddress", NameOID.EMAIL_ADDRESS),
)
CURVES = {"secp256r1": 1, "secp384r1": 2, "secp521r1": 3}


def empty_attributes():
    return {field: "" for field, _ in ATTRIBUTES}


def empty_key_info():
    return {"type": 0, "ecCurve": 0, "rsaKeyLength": 0, "inSecureElement": False}


def empty_req_info():
    return {"subject": empty_attributes(), "names": [], "keyInfo": empty_key_info()}


def empty_cert_info():
    return {
        "subject": empty_attributes(),
        "issuer": empty_attributes(),
        "names": [],
        "invalidBefore": "",
        "invalidAfter": "",
        "serialNumber": "",
        "keyInfo": empty_key_info(),
    }


def attributes(name):
    result = empty_attributes()
    for field, oid in ATTRIBUTES:
        values = name.get_attributes_for_oid(oid)
        if values:
            result[field] = values[0].value
    return result


def key_info(public_key):
    if isinstance(public_key, rsa.RSAPublicKey):
        return {"type": 1, "ecCurve": 0, "rsaKeyLength": public_key.key_size, "inSecureElement": False}
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return {"type": 2, "ecCurve": CURVES.get(public_key.curve.name, 0), "rsaKeyLength": 0, "inSecureElement": False}
    return empty_key_info()


def san_names(extensions):
    try:
        san = extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    names = []
    for entry in san:
        if isinstance(entry, (x509.DNSName, x509.IPAddress, x509.RFC822Name, x509.UniformResourceIdentifier)):
            names.append(str(entry.value))
    return names


def _when(moment):
    return moment.strftime("%b ") + f"{moment.day:2d}" + moment.strftime(" %H:%M:%S %Y GMT")


def flat_key_fields(info):
    """cert.ServerSSLCert 3.0.0 (the 4.0 generation): the key as three fields of CertInfo / ReqInfo
    instead of the later KeyInfo structure."""
    flat = {name: value for name, value in info.items() if name != "keyInfo"}
    key = info["keyInfo"]
    flat.update(keyType=key["type"], ellipticCurve=key["ecCurve"], rsaKeyLength=key["rsaKeyLength"])
    return flat


def nested_key_info(req):
    """A 3.0.0 ReqInfo parameter in the KeyInfo form the device works with."""
    nested = {name: value for name, value in req.items() if name not in ("keyType", "ellipticCurve", "rsaKeyLength")}
    nested["keyInfo"] = {
        "type": req["keyType"],
        "ecCurve": req["ellipticCurve"],
        "rsaKeyLength": req["rsaKeyLength"],
        "inSecureElement": False,
    }
    return nested


def cert_info(cert):
    return {
        "subject": attributes(cert.subject),
        "issuer": attributes(cert.issuer),
        "names": san_names(cert.extensions),
        "invalidBefore": _when(cert.not_valid_before_utc),
        "invalidAfter": _when(cert.not_valid_after_utc),
        "serialNumber": format(cert.serial_number, "X"),
        "keyInfo": key_info(cert.public_key()),
    }


def req_info(csr):
    return {
        "subject": attributes(csr.subject),
        "names": san_names(csr.extensions),
        "keyInfo": key_info(csr.public_key()),
    }
