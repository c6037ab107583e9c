# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SDK's file helpers against the simulator: firmware, certificate, bulk/raw configuration, diag."""

import gzip
import io
import ssl
import tarfile
import time

import material
import pytest
import raritan.rpc
from cryptography import x509
from raritan.rpc import bulkcfg, cert, diag, firmware, pdumodel, rawcfg
from simproc import Simulator, make_agent

WAIT = 30


@pytest.fixture(scope="module")
def sim():
    """Own simulator: this module reboots it and replaces its certificate."""
    simulator = Simulator()
    yield simulator
    simulator.stop()


def wait_for(probe, what):
    """Call `probe` with a new agent until it returns a truthy value (bounded)."""
    deadline = time.monotonic() + WAIT
    last = None
    while time.monotonic() < deadline:
        try:
            value = probe()
            if value:
                return value
        except raritan.rpc.HttpException as error:
            last = error
        time.sleep(0.2)
    raise AssertionError(f"{what}: not reached in {WAIT} s (last error: {last})")


# ---------------------------------------------------------------- firmware


def after_upload_busy(call):
    """The device refuses JSON-RPC calls for a moment after an upload (protocol 7.1): retry like the vendor's
    bulk update tool, which pauses after every upload."""
    deadline = time.monotonic() + WAIT
    while True:
        try:
            return call()
        except raritan.rpc.JsonRpcErrorException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_firmware_upload_refused_update_and_discard(sim):
    agent = make_agent(sim.address)
    proxy = firmware.Firmware("/firmware", agent)
    firmware.upload(agent, material.firmware_image(model="PX2"))
    ok, info = after_upload_busy(proxy.getImageInfo)
    assert ok is True and info.valid and not info.model_supported
    with pytest.raises(raritan.rpc.JsonRpcErrorException, match="-32000"):
        proxy.startUpdate([])
    proxy.discardImage()
    assert proxy.getImageStatus().state == firmware.ImageState.NONE


def test_firmware_update_cycle(sim):
    agent = make_agent(sim.address)
    proxy = firmware.Firmware("/firmware", agent)
    old_version = proxy.getVersion()
    image = material.firmware_image()
    firmware.upload(agent, image)
    status = after_upload_busy(proxy.getImageStatus)
    assert status.state == firmware.ImageState.COMPLETE and status.size_total == len(image)
    ok, info = proxy.getImageInfo()
    assert ok and info.valid and info.compatible and info.version == material.GOOD_VERSION
    progress = firmware.FirmwareUpdateStatus("/cgi-bin/fwupdate_progress.cgi", agent)
    assert isinstance(progress.getStatus().state, str)
    proxy.startUpdate([])

    def new_version():
        fresh = make_agent(sim.address, timeout=3)
        return firmware.Firmware("/firmware", fresh).getVersion() == material.GOOD_VERSION

    wait_for(new_version, "new firmware version after the reboot")

    agent = make_agent(sim.address)
    proxy = firmware.Firmware("/firmware", agent)
    last = proxy.getUpdateHistory()[-1]
    assert (last.oldVersion, last.imageVersion) == (old_version, material.GOOD_VERSION)
    assert last.status == firmware.UpdateHistoryStatus.SUCCESSFUL
    assert proxy.getImageStatus().state == firmware.ImageState.NONE
    assert pdumodel.Pdu("/model/pdu/0", agent).getMetaData().fwRevision == material.GOOD_VERSION
    # after the reboot the progress CGI says NONE again: the history above proves the update (protocol 7.3)
    assert firmware.FirmwareUpdateStatus("/cgi-bin/fwupdate_progress.cgi", agent).getStatus().state == "NONE"


# ---------------------------------------------------------------- certificate


def presented_certificate(sim):
    host, port = sim.device["host"], sim.device["port"]
    return x509.load_pem_x509_certificate(ssl.get_server_certificate((host, port), timeout=3).encode())


def test_certificate_upload_download_install(sim):
    agent = make_agent(sim.address)
    proxy = cert.ServerSSLCert("/server_ssl_cert", agent)
    authority, key = material.CertificateAuthority(), material.new_key()
    assert cert.upload(agent, b"garbage", material.key_pem(key)) == 4
    assert cert.upload(agent, authority.chain_pem(key), material.key_pem(key)) == 0
    assert cert.upload(agent, authority.chain_pem(key), material.key_pem(key)) == 2
    info = proxy.getInfo()
    assert info.havePendingCert and info.pendingCertInfo.subject.commonName == "pdu.conformance.test"
    assert b"BEGIN CERTIFICATE" in cert.download(agent, "new_cert")
    with pytest.raises(raritan.rpc.HttpException, match="HTTP Error 400"):
        cert.download(agent, "bogus")
    assert proxy.installPendingKeyPair() == 0

    def new_certificate_served():
        return presented_certificate(sim).subject.rfc4514_string() == "CN=pdu.conformance.test"

    wait_for(lambda: _quietly(new_certificate_served), "new certificate in the TLS handshake")
    fresh = make_agent(sim.address)
    active = x509.load_pem_x509_certificate(cert.download(fresh, "active_cert"))
    assert active.subject.rfc4514_string() == "CN=pdu.conformance.test"
    assert cert.ServerSSLCert("/server_ssl_cert", fresh).getInfo().havePendingCert is False


def test_certificate_signing_request_flow(sim):
    agent = make_agent(sim.address)
    proxy = cert.ServerSSLCert("/server_ssl_cert", agent)
    request = cert.ServerSSLCert.ReqInfo(
        subject=cert.ServerSSLCert.CommonAttributes(commonName="csr.conformance.test"),
        names=[],
        keyInfo=cert.ServerSSLCert.KeyInfo(
            type=cert.ServerSSLCert.KeyType.KEY_TYPE_ECDSA,
            ecCurve=cert.ServerSSLCert.EllipticCurve.EC_CURVE_NIST_P256,
            rsaKeyLength=0,
            inSecureElement=False,
        ),
    )
    assert proxy.generateUnsignedKeyPair(request, "") == 0
    assert proxy.getInfo().havePendingReq
    csr = cert.download(agent, "new_req")
    signed = material.pem(material.CertificateAuthority().sign_csr(csr))
    assert cert.upload(agent, signed) == 0
    assert proxy.getInfo().havePendingCert
    proxy.deletePending()
    info = proxy.getInfo()
    assert not info.havePendingReq and not info.havePendingCert


def _quietly(probe):
    try:
        return probe()
    except (OSError, ssl.SSLError):
        return False


# ---------------------------------------------------------------- bulk / raw configuration, diag


def wait_settled(proxy, pending):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        status, stamp = proxy.getStatus()
        if status != pending:
            return status
        time.sleep(0.1)
    raise AssertionError("configuration still pending")


def test_bulk_configuration_download_and_upload(sim):
    agent = make_agent(sim.address)
    proxy = bulkcfg.BulkConfiguration("/bulkcfg", agent)
    clear = bulkcfg.download(agent, clear_text=True)
    assert clear.startswith(b"# ") and b"#!checksum sha256=" in clear
    assert bulkcfg.download(agent, clear_text=True) == clear
    assert bulkcfg.upload(agent, clear) == 0
    assert bulkcfg.upload(agent, clear) == 11
    Status = bulkcfg.BulkConfiguration.Status
    assert wait_settled(proxy, Status.RESTORE_PENDING) == Status.RESTORE_OK

    encrypted = bulkcfg.download(agent, password="Conformance-Secret-1")
    assert bulkcfg.upload(agent, encrypted) == 2
    assert bulkcfg.upload(agent, encrypted, password="not-the-password") == 13
    assert bulkcfg.upload(agent, encrypted, password="Conformance-Secret-1") == 0
    wait_settled(proxy, Status.RESTORE_PENDING)
    assert bulkcfg.upload(agent, clear.replace(b"=10\n", b"=11\n", 1)) == 14
    assert proxy.getStatus()[0] == Status.UPLOAD_FAILED
    with pytest.raises(raritan.rpc.HttpException, match="HTTP Error 400"):
        bulkcfg.download(agent, filter_profile="nope")


def test_raw_configuration_download_and_upload(sim):
    agent = make_agent(sim.address)
    before = rawcfg.download(agent)
    assert b"\npdu.outlets[2].name=" in before  # protocol 9.2: 0-based vector elements
    assert rawcfg.upload(agent, b"pdu.outlets[2].name=raw-3\n") == "0"
    Status = rawcfg.RawConfiguration.Status

    def applied():
        """Protocol 9.1: applied by a reboot; poll with a new agent each time until it is no longer pending."""
        status = rawcfg.RawConfiguration("/rawcfg", make_agent(sim.address)).getStatus()[0]
        return status if status != Status.UPDATE_PENDING else None

    assert wait_for(applied, "raw configuration applied") == Status.UPDATE_OK
    agent = make_agent(sim.address)
    assert b"\npdu.outlets[2].name=raw-3\n" in rawcfg.download(agent)
    assert pdumodel.Outlet("/model/pdu/0/outlet/2", agent).getSettings().name == "raw-3"
    assert rawcfg.upload(agent, b"pdu.outlets[2].colour=blue\n") == "5"


def test_diag_download_is_a_gzip_tar(sim):
    data = diag.download(make_agent(sim.address))
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(data))) as archive:
        names = archive.getnames()
    # members as recorded in captures/diag.json (notes)
    assert {"diag/summary.json", "diag/config.txt", "diag/version.txt"} <= set(names), names
