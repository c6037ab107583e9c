# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ServerSSLCert RPC, upload/download CGIs and the web-server restart after install (protocol 6)."""

import socket
import ssl

import requests
from certs import key_pem, make_chain
from cryptography import x509
from cryptography.x509.oid import NameOID
from simfixture import AUTH, multipart, new_session, result, rpc, wait_for

REQ_INFO = {
    "subject": {
        "country": "DE",
        "stateOrProvince": "",
        "locality": "",
        "organization": "Lab",
        "organizationalUnit": "",
        "commonName": "127.0.0.1",
        "emailAddress": "",
    },
    "names": ["127.0.0.1"],
    "keyInfo": {"type": 2, "ecCurve": 1, "rsaKeyLength": 0, "inSecureElement": False},
}


def upload(sim, parts, query=""):
    content_type, body = multipart(parts)
    response = requests.post(
        sim.url("/cgi-bin/server_ssl_cert_upload.cgi") + query,
        data=body,
        headers={"Content-Type": content_type},
        auth=AUTH,
        verify=False,
    )
    assert response.status_code == 200 and response.text == f"return_code={response.headers['X-Response-Code']}\n"
    return int(response.headers["X-Response-Code"])


def download(sim, tag):
    return requests.get(sim.url(f"/cgi-bin/server_ssl_cert_download.cgi?tag={tag}"), auth=AUTH, verify=False)


def test_info_shape_and_factory_certificate(sim):
    info = result(new_session(), sim, "/server_ssl_cert", "getInfo")["info"]
    assert not info["havePendingReq"] and not info["havePendingCert"] and info["maxSignDays"] == 9999
    active = info["activeCertInfo"]
    assert active["subject"]["commonName"] == "127.0.0.1"
    assert active["names"] == [f"px-{sim.device['serial'].lower()}.local", "127.0.0.1"]
    assert active["keyInfo"]["type"] == 1 and active["keyInfo"]["rsaKeyLength"] == 2048
    assert info["pendingCertInfo"]["subject"]["commonName"] == "" and info["pendingCertChainInfos"] == []
    presented = ssl.get_server_certificate((sim.device["host"], sim.device["port"]))
    assert presented.strip() == open(sim.device["cert"]).read().strip()


def test_upload_codes(sim):
    session = new_session()
    key, chain = make_chain()
    foreign, _ = make_chain()
    assert upload(sim, [("cert_file", "cert-file.crt", b"garbage"), ("key_file", "key-file.key", key_pem(key))]) == 4
    assert upload(sim, [("cert_file", "cert-file.crt", chain), ("key_file", "key-file.key", b"garbage")]) == 3
    assert upload(sim, [("cert_file", "cert-file.crt", chain), ("key_file", "key-file.key", key_pem(foreign))]) == 5
    assert upload(sim, [("cert_file", "cert-file.crt", chain)]) == 3
    assert upload(sim, [("cert_file", "cert-file.crt", b"x" * (257 * 1024))]) == 4
    assert upload(sim, [("cert_file", "cert-file.crt", chain)], "?x=1") == 1
    assert upload(sim, [("cert_file", "cert-file.crt", chain), ("key_file", "key-file.key", key_pem(key))]) == 0
    assert upload(sim, [("cert_file", "cert-file.crt", chain), ("key_file", "key-file.key", key_pem(key))]) == 2
    info = result(session, sim, "/server_ssl_cert", "getInfo")["info"]
    assert info["havePendingCert"] and info["pendingCertInfo"]["issuer"]["commonName"] == "test CA"
    assert len(info["pendingCertChainInfos"]) == 1
    assert download(sim, "new_cert").content == chain
    assert download(sim, "new_req").status_code == 404
    assert download(sim, "bogus").status_code == 400
    assert result(session, sim, "/server_ssl_cert", "deletePending") is None
    assert result(session, sim, "/server_ssl_cert", "installPendingKeyPair")["_ret_"] == 200


def test_generate_codes(sim):
    session = new_session()
    bad_len = dict(REQ_INFO, keyInfo={"type": 1, "ecCurve": 0, "rsaKeyLength": 1024, "inSecureElement": False})
    assert (
        result(session, sim, "/server_ssl_cert", "generateUnsignedKeyPair", {"reqInfo": bad_len, "challenge": ""})[
            "_ret_"
        ]
        == 100
    )
    assert (
        result(session, sim, "/server_ssl_cert", "generateSelfSignedKeyPair", {"reqInfo": REQ_INFO, "days": 10000})[
            "_ret_"
        ]
        == 105
    )
    assert (
        result(session, sim, "/server_ssl_cert", "generateUnsignedKeyPair", {"reqInfo": REQ_INFO, "challenge": ""})[
            "_ret_"
        ]
        == 0
    )
    assert (
        result(session, sim, "/server_ssl_cert", "generateUnsignedKeyPair", {"reqInfo": REQ_INFO, "challenge": ""})[
            "_ret_"
        ]
        == 101
    )
    info = result(session, sim, "/server_ssl_cert", "getInfo")["info"]
    assert info["havePendingReq"] and info["pendingReqInfo"]["subject"]["organization"] == "Lab"
    assert result(session, sim, "/server_ssl_cert", "installPendingKeyPair")["_ret_"] == 201
    csr = x509.load_pem_x509_csr(download(sim, "new_req").content)
    assert csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "127.0.0.1"
    result(session, sim, "/server_ssl_cert", "deletePending")


def test_install_restarts_web_server_and_keeps_sessions(sim):
    session = new_session()
    opened = result(session, sim, "/session", "newSession")
    key, chain = make_chain()
    assert upload(sim, [("cert_file", "cert-file.crt", chain), ("key_file", "key-file.key", key_pem(key))]) == 0
    assert result(session, sim, "/server_ssl_cert", "installPendingKeyPair")["_ret_"] == 0

    def refused():
        try:
            socket.create_connection((sim.device["host"], sim.device["port"]), timeout=1).close()
        except ConnectionRefusedError:
            return True
        return False

    wait_for(refused, timeout=3, interval=0.02)

    def presented():
        try:
            return ssl.get_server_certificate((sim.device["host"], sim.device["port"]), timeout=2)
        except OSError:
            return None

    leaf_pem = chain.split(b"-----END CERTIFICATE-----")[0].decode() + "-----END CERTIFICATE-----"
    new = wait_for(lambda: (p := presented()) and p.strip() == leaf_pem.strip() and p, timeout=15, interval=0.05)
    assert new
    token = requests.Session()
    token.headers["X-SessionToken"] = opened["token"]
    answer = token.post(sim.url("/firmware"), json={"method": "getVersion", "id": 1}, verify=False)
    assert answer.status_code == 200
    assert download(sim, "active_cert").content == chain
    assert rpc(session, sim, "/server_ssl_cert", "getInfo")["result"]["info"]["activeCertInfo"]["names"] == ["pdu.test"]
