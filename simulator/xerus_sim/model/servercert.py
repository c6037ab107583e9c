# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cert.ServerSSLCert at /server_ssl_cert and the certificate upload/download CGIs (protocol 6)."""

import os
import urllib.parse
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from xerus_sim.http import tlscert
from xerus_sim.http.cgi import CgiResponse, code_response, text_response
from xerus_sim.http.multipart import MultipartError, PartTooLarge
from xerus_sim.model import certinfo, generations, lifecycle
from xerus_sim.rpc.idltypes import ByGeneration, Enum, Struct, Vector

SUCCESS, ERR_GEN_KEY_LEN_INVALID, ERR_CSR_OR_CERT_PENDING = 0, 100, 101
ERR_GEN_KEY_GEN_FAILED, ERR_GEN_KEY_TYPE_INVALID, ERR_GEN_ELLIPTIC_CURVE_INVALID = 102, 103, 104
ERR_GEN_VALIDITY_OUT_OF_RANGE = 105  # 4.4 generation only; 4.0 answers ERR_GEN_KEY_GEN_FAILED [modelled]
ERR_INSTALL_KEY_MISSING, ERR_INSTALL_CERT_MISSING, ERR_INSTALL_CERT_KEY_MISMATCH = 200, 201, 203
MAX_SIGN_DAYS = 9999
UPLOAD_LIMIT = 256 * 1024
PENDING_KEY, PENDING_CSR, PENDING_CERT = "pending_key.pem", "pending_req.csr", "pending_cert.pem"
EC_CURVES = {1: ec.SECP256R1, 2: ec.SECP384R1, 3: ec.SECP521R1}

_T = "cert.ServerSSLCert_4_0_1"
CommonAttributes = Struct(f"{_T}.CommonAttributes:1.0.0", {name: str for name, _ in certinfo.ATTRIBUTES})
KeyInfo = Struct(
    f"{_T}.KeyInfo:1.0.0",
    {
        "type": Enum(f"{_T}.KeyType:1.0.0", 3),
        "ecCurve": Enum(f"{_T}.EllipticCurve:1.0.0", 4),
        "rsaKeyLength": int,
        "inSecureElement": bool,
    },
)
ReqInfo = Struct(f"{_T}.ReqInfo:1.0.0", {"subject": CommonAttributes, "names": Vector("str"), "keyInfo": KeyInfo})
_T3 = "cert.ServerSSLCert_3_0_0"
ReqInfo3 = Struct(
    f"{_T3}.ReqInfo:1.0.0",
    {
        "subject": CommonAttributes,
        "names": Vector("str"),
        "keyType": Enum(f"{_T3}.KeyType:1.0.0", 3),
        "ellipticCurve": Enum(f"{_T3}.EllipticCurve:1.0.0", 4),
        "rsaKeyLength": int,
    },
)
ReqInfoOfGeneration = ByGeneration({generations.GENERATION_44: ReqInfo, generations.GENERATION_40: ReqInfo3})
SUPPORTED_KEYS = [
    {"type": 1, "ecCurve": 0, "rsaKeyLength": 2048, "inSecureElement": False},
    {"type": 1, "ecCurve": 0, "rsaKeyLength": 4096, "inSecureElement": False},
    {"type": 2, "ecCurve": 1, "rsaKeyLength": 0, "inSecureElement": False},
    {"type": 2, "ecCurve": 2, "rsaKeyLength": 0, "inSecureElement": False},
    {"type": 2, "ecCurve": 3, "rsaKeyLength": 0, "inSecureElement": False},
]


def _file(device, name):
    return Path(device.state_dir) / name


def _read(device, name):
    path = _file(device, name)
    return path.read_bytes() if path.exists() else None


def _write_private(path, data):
    path.write_bytes(data)
    path.chmod(0o600)


def _remove(device, *names):
    for name in names:
        try:
            os.unlink(_file(device, name))
        except FileNotFoundError:
            pass


def load_chain(pem):
    """Certificates of a PEM bundle, leaf first; ValueError when there is none or one is broken."""
    chain = x509.load_pem_x509_certificates(pem)
    if not chain:
        raise ValueError("no certificate")
    return chain


def load_key(pem):
    return serialization.load_pem_private_key(pem, password=None)


def same_key(cert, key):
    return cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) == key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _chain_infos(pem):
    if not pem:
        return certinfo.empty_cert_info(), []
    chain = load_chain(pem)
    return certinfo.cert_info(chain[0]), [certinfo.cert_info(cert) for cert in chain[1:]]


def _new_key(key_info):
    """(code, key) for a requested KeyInfo."""
    if key_info["type"] == 1:
        if key_info["rsaKeyLength"] not in (2048, 4096):
            return ERR_GEN_KEY_LEN_INVALID, None
        return SUCCESS, tlscert.new_rsa_key(key_info["rsaKeyLength"])
    if key_info["type"] == 2:
        if key_info["ecCurve"] not in EC_CURVES:
            return ERR_GEN_ELLIPTIC_CURVE_INVALID, None
        return SUCCESS, tlscert.new_ec_key(EC_CURVES[key_info["ecCurve"]]())
    return ERR_GEN_KEY_TYPE_INVALID, None


def pending_any(device):
    return any(_file(device, name).exists() for name in (PENDING_KEY, PENDING_CSR, PENDING_CERT))


class ServerSSLCert:
    TYPE = "cert.ServerSSLCert:4.0.1"
    UNAVAILABLE = (
        "getActiveCertChainPEM",
        "getActiveKeyPEM",
        "getPendingRequestPEM",
        "getPendingCertChainPEM",
        "getPendingKeyPEM",
        "setPendingCertChainPEM",
        "setPendingKeyAndCertChainPEM",
        "generateScepKey",
        "installScepCertChain",
    )

    def __init__(self, device):
        self.device = device

    def getSupportedKeyInfos(self):
        return {"_ret_": [dict(info) for info in SUPPORTED_KEYS]}

    def getInfo(self):
        device = self.device
        with device.lock:
            csr_pem, pending_pem = _read(device, PENDING_CSR), _read(device, PENDING_CERT)
            active_pem = _read(device, tlscert.ACTIVE_CERT)
        pending_info, pending_chain = _chain_infos(pending_pem)
        active_info, active_chain = _chain_infos(active_pem)
        req = certinfo.req_info(x509.load_pem_x509_csr(csr_pem)) if csr_pem else certinfo.empty_req_info()
        if self._flat_keys():
            req, pending_info, active_info = map(certinfo.flat_key_fields, (req, pending_info, active_info))
            pending_chain = [certinfo.flat_key_fields(info) for info in pending_chain]
            active_chain = [certinfo.flat_key_fields(info) for info in active_chain]
        return {
            "info": {
                "havePendingReq": bool(csr_pem),
                "havePendingCert": bool(pending_pem),
                "pendingReqInfo": req,
                "pendingCertInfo": pending_info,
                "pendingCertChainInfos": pending_chain,
                "activeCertInfo": active_info,
                "activeCertChainInfos": active_chain,
                "maxSignDays": MAX_SIGN_DAYS,
            }
        }

    def _flat_keys(self):
        return generations.of(self.device) == generations.GENERATION_40

    def _generate(self, reqInfo, make):
        device = self.device
        if self._flat_keys():
            reqInfo = certinfo.nested_key_info(reqInfo)
        with device.lock:
            if pending_any(device):
                return {"_ret_": ERR_CSR_OR_CERT_PENDING}
            code, key = _new_key(reqInfo["keyInfo"])
            if code:
                return {"_ret_": code}
            name, item = make(key, tlscert.build_name(reqInfo["subject"]), reqInfo["names"])
            _write_private(_file(device, PENDING_KEY), tlscert.key_pem(key))
            _file(device, name).write_bytes(item)
        return {"_ret_": SUCCESS}

    def generateUnsignedKeyPair(self, reqInfo: ReqInfoOfGeneration, challenge: str):
        def make(key, subject, names):
            csr = tlscert.csr_for(key, subject, names)
            return PENDING_CSR, csr.public_bytes(serialization.Encoding.PEM)

        return self._generate(reqInfo, make)

    def generateSelfSignedKeyPair(self, reqInfo: ReqInfoOfGeneration, days: int):
        if not 1 <= days <= MAX_SIGN_DAYS:
            return {"_ret_": ERR_GEN_KEY_GEN_FAILED if self._flat_keys() else ERR_GEN_VALIDITY_OUT_OF_RANGE}

        def make(key, subject, names):
            return PENDING_CERT, tlscert.cert_pem(tlscert.self_signed(key, subject, names, days))

        return self._generate(reqInfo, make)

    def deletePending(self):
        with self.device.lock:
            _remove(self.device, PENDING_KEY, PENDING_CSR, PENDING_CERT)
        return {}

    def installPendingKeyPair(self):
        device = self.device
        with device.lock:
            key_pem, cert_pem = _read(device, PENDING_KEY), _read(device, PENDING_CERT)
            if key_pem is None:
                return {"_ret_": ERR_INSTALL_KEY_MISSING}
            if cert_pem is None:
                return {"_ret_": ERR_INSTALL_CERT_MISSING}
            if not same_key(load_chain(cert_pem)[0], load_key(key_pem)):
                return {"_ret_": ERR_INSTALL_CERT_KEY_MISMATCH}

        def activate():
            with device.lock:
                tlscert.write_identity(device.state_dir, key_pem, cert_pem)
                _remove(device, PENDING_KEY, PENDING_CSR, PENDING_CERT)
                device.server.reload_certificate()

        lifecycle.restart_web_server(device, activate)
        return {"_ret_": SUCCESS}


def _upload_code(device, parts):
    by_name = {}
    for part in parts:
        by_name.setdefault(part.name, part)
    cert_part, key_part = by_name.get("cert_file"), by_name.get("key_file")
    if key_part is not None and pending_any(device) or _file(device, PENDING_CERT).exists():
        return 2, None
    if cert_part is None:
        return 4, None
    try:
        chain = load_chain(cert_part.data)
    except ValueError:
        return 4, None
    key_pem = key_part.data if key_part is not None else _read(device, PENDING_KEY)
    if key_pem is None:
        return 3, None
    try:
        key = load_key(key_pem)
    except (ValueError, TypeError):
        return 3, None
    if not same_key(chain[0], key):
        return 5, None
    return 0, (key_pem if key_part is not None else None, cert_part.data)


def upload(device, request):
    """POST /cgi-bin/server_ssl_cert_upload.cgi with cert_file (+ key_file)."""
    if request.query or not request.is_form_data():
        return code_response(1)
    try:
        parts = request.form_parts(UPLOAD_LIMIT)
    except PartTooLarge:
        return code_response(4)
    except MultipartError:
        return code_response(1)
    with device.lock:
        code, files = _upload_code(device, parts)
        if code == 0:
            key_pem, cert_pem = files
            if key_pem is not None:
                _write_private(_file(device, PENDING_KEY), key_pem)
            _file(device, PENDING_CERT).write_bytes(cert_pem)
            _remove(device, PENDING_CSR)
    return code_response(code)


DOWNLOADS = {
    "active_cert": (tlscert.ACTIVE_CERT, "crt"),
    "active_key": (tlscert.ACTIVE_KEY, "key"),
    "new_cert": (PENDING_CERT, "crt"),
    "new_key": (PENDING_KEY, "key"),
    "new_req": (PENDING_CSR, "csr"),
}


def download(device, request):
    """GET /cgi-bin/server_ssl_cert_download.cgi?tag=<tag>."""
    query = dict(urllib.parse.parse_qsl(request.query, keep_blank_values=True))
    tag = query.get("tag", "active_cert")
    if tag not in DOWNLOADS:
        return text_response(400, "Bad Request\n")
    name, extension = DOWNLOADS[tag]
    with device.lock:
        data = _read(device, name)
    if data is None:
        return text_response(404, "Not Found\n")
    return CgiResponse(
        200,
        {"Content-Type": "application/x-pem-file", "Content-Disposition": f'attachment; filename="{tag}.{extension}"'},
        data,
    )


RPC_OBJECTS = {"/server_ssl_cert": ServerSSLCert}
CGI_HANDLERS = {
    ("POST", "/cgi-bin/server_ssl_cert_upload.cgi"): upload,
    ("GET", "/cgi-bin/server_ssl_cert_download.cgi"): download,
}
