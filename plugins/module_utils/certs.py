# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""TLS certificate of one Xerus PDU (protocol 6 and 12.2), on top of client.py.

No Ansible import: the module, the roles and the bench share ``install_certificate()``.

    from ansible_collections.xerus.pdu.plugins.module_utils.pem import prepare
    from ansible_collections.xerus.pdu.plugins.module_utils.certs import install_certificate
    result = install_certificate(client, prepare(chain_pem, key_pem), clear_pending=True)
    result.changed, result.current.fingerprint_sha256, result.previous.subject

The desired leaf is compared with the certificate the device presents in the TLS
handshake (SHA-256 fingerprint); equal -> nothing is sent.  Otherwise: pending
items are checked (and deleted only when allowed), the chain and the key are
uploaded from memory, the pending certificate is read back and compared,
installed, and the device is polled until its restarted web server presents the
new certificate.  A failure after the upload deletes what this run left pending.

Failures raise CertError (a XerusError) with ``.changed`` (was the device changed)
and ``.details`` (what is known so far).  Nothing here ever holds the key in a message.
"""

from __future__ import annotations

import os
import tempfile

from ansible_collections.xerus.pdu.plugins.module_utils import pem, rids
from ansible_collections.xerus.pdu.plugins.module_utils.errors import (
    XerusConnectionError,
    XerusError,
    XerusHttpError,
    XerusRpcError,
    XerusTimeoutError,
    XerusTLSError,
)
from ansible_collections.xerus.pdu.plugins.module_utils.multipart import UploadPart

CERT_PART, CERT_FILENAME = "cert_file", "cert-file.crt"
KEY_PART, KEY_FILENAME = "key_file", "key-file.key"

# Upload CGI response codes (protocol 6.2), in words.
UPLOAD_CODES = {
    1: "an internal error occurred on the device while it took the upload",
    2: "a pending certificate or certificate signing request is already present on the device",
    3: "the device rejected the private key as invalid",
    4: "the device rejected the certificate as invalid (not a PEM certificate chain, or larger than it accepts)",
    5: "the device says the private key and the certificate do not match",
}
# ServerSSLCert return codes of installPendingKeyPair (protocol 6.1), in words.
INSTALL_CODES = {
    1: "the device is busy (ERR_BUSY)",
    101: "a certificate signing request or certificate is pending (ERR_CSR_OR_CERT_PENDING)",
    200: "the device has no pending private key to install (ERR_INSTALL_KEY_MISSING)",
    201: "the device has no pending certificate to install (ERR_INSTALL_CERT_MISSING)",
    202: "the device finds the pending certificate's format invalid (ERR_INSTALL_CERT_FORMAT_INVALID)",
    203: "the device finds that the pending certificate and key do not match (ERR_INSTALL_CERT_KEY_MISMATCH)",
    204: "the device finds the pending key's format invalid (ERR_INSTALL_KEY_FORMAT_INVALID)",
}


def describe_upload_code(code):
    return f"{UPLOAD_CODES.get(code, UPLOAD_CODES[1])} (upload response code {code})"


def describe_install_code(code):
    return f"{INSTALL_CODES.get(code, 'the device refused the installation')} (installPendingKeyPair returned {code})"


class CertError(XerusError):
    """The installation failed or was refused.

    ``changed``: whether the device's active certificate may have changed (failures after the install call).
    ``details``: what is known so far (previous certificate, desired certificate, progress lines).
    """

    def __init__(self, device, message, changed=False, result=None):
        super().__init__(device, message, changed=changed, details=result)


class InstallResult:
    def __init__(
        self, changed, msg, previous, current, restart_seconds=None, cleared_pending=None, warnings=None, progress=None
    ):
        self.changed = changed
        self.msg = msg
        self.previous = previous
        self.current = current
        self.restart_seconds = restart_seconds
        self.cleared_pending = cleared_pending
        self.warnings = warnings or []
        self.progress = progress or []

    def as_dict(self):
        """The module's return values (no key material: summaries only)."""
        current = self.current.as_dict()
        return {
            "changed": self.changed,
            "msg": self.msg,
            "fingerprint_sha256": current["fingerprint_sha256"],
            "subject": current["subject"],
            "issuer": current["issuer"],
            "not_after": current["not_after"],
            "previous_fingerprint_sha256": self.previous.fingerprint_sha256 if self.previous else None,
            "restart_seconds": self.restart_seconds,
            "cleared_pending": self.cleared_pending,
            "progress": list(self.progress),
        }

    def diff(self):
        return {"before": diff_view(self.previous), "after": diff_view(self.current if self.changed else self.previous)}


def diff_view(summary):
    if summary is None:
        return {}
    return {
        "subject": summary.subject,
        "fingerprint_sha256": summary.fingerprint_sha256,
        "not_after": summary.not_after,
    }


# -- reading the device -------------------------------------------------------


def read_presented(client):
    """Summary of the certificate the device presents in the TLS handshake (= the active one)."""
    return pem.summarize_der(client.peer_certificate_der())


def read_info(client):
    """ServerSSLCert.getInfo()'s Info structure."""
    return (client.call(rids.CERT, "getInfo", safe=True) or {}).get("info") or {}


def describe_pending(info):
    """Words for what is pending on the device, or None when nothing is."""
    if info.get("havePendingCert"):
        cert = info.get("pendingCertInfo") or {}
        subject = (cert.get("subject") or {}).get("commonName") or "?"
        return (
            f"a pending certificate (CN={subject}, serial {cert.get('serialNumber') or '?'}, "
            f"valid until {cert.get('invalidAfter') or '?'})"
        )
    if info.get("havePendingReq"):
        req = info.get("pendingReqInfo") or {}
        subject = (req.get("subject") or {}).get("commonName") or "?"
        return f"a pending key with a certificate signing request (CN={subject})"
    return None


def download_pem(client, tag):
    """PEM text of a download CGI tag (protocol 6.3), or None when the device has no such item (404)."""
    try:
        return client.download(rids.CERT_DOWNLOAD_CGI, query={"tag": tag}).content
    except XerusHttpError as exc:
        if exc.status == 404:
            return None
        raise


# -- installing ------------------------------------------------------------------


def install_certificate(
    client,
    prepared,
    force=False,
    clear_pending=False,
    check_mode=False,
    wait_for_restart=True,
    restart_timeout=120.0,
    poll_interval=0.5,
    progress=None,
    allow_host_mismatch=False,
):
    """Make the device serve ``prepared`` (a pem.PreparedCert) unless it already does.

    ``progress``: optional callable receiving one human-readable line per phase.
    ``allow_host_mismatch``: install even when the client validates certificates and the leaf does not name
    the host it connects to (it would lock verifying clients, the wait for the restart included, out).
    """
    if client.validate_certs and not allow_host_mismatch:
        mismatch = pem.host_mismatch(prepared, client.host)
        if mismatch:
            raise CertError(
                client.device,
                f"{mismatch}. Nothing was sent; set allow_host_mismatch=true to install it anyway",
                result={
                    "fingerprint_sha256": prepared.leaf.fingerprint_sha256,
                    "subject": prepared.leaf.subject,
                    "progress": [],
                },
            )
    job = _Install(
        client,
        prepared,
        force,
        clear_pending,
        wait_for_restart,
        float(restart_timeout),
        max(float(poll_interval), 0.05),
        progress,
    )
    return job.run(check_mode)


class _Install:
    def __init__(
        self, client, prepared, force, clear_pending, wait_for_restart, restart_timeout, poll_interval, progress
    ):
        self.client = client
        self.prepared = prepared
        self.desired = prepared.leaf
        self.force = force
        self.clear_pending = clear_pending
        self.wait_for_restart = wait_for_restart
        self.restart_timeout = restart_timeout
        self.poll_interval = poll_interval
        self.callback = progress
        self.lines = []
        self.warnings = list(prepared.warnings)
        self.previous = None
        self.cleared = None

    # -- reporting -------------------------------------------------------
    def note(self, line):
        self.lines.append(line)
        if self.callback:
            self.callback(line)

    def partial(self):
        return {
            "previous_fingerprint_sha256": self.previous.fingerprint_sha256 if self.previous else None,
            "fingerprint_sha256": self.desired.fingerprint_sha256,
            "subject": self.desired.subject,
            "cleared_pending": self.cleared,
            "progress": list(self.lines),
        }

    def fail(self, message, changed=False):
        # Deleting someone's pending item (clear_pending) is a change even when the installation then fails.
        changed = changed or self.cleared is not None
        raise CertError(self.client.device, message, changed=changed, result=self.partial())

    def result(self, changed, msg, current, restart_seconds=None):
        return InstallResult(
            changed=changed,
            msg=msg,
            previous=self.previous,
            current=current,
            restart_seconds=restart_seconds,
            cleared_pending=self.cleared,
            warnings=self.warnings,
            progress=self.lines,
        )

    # -- flow ------------------------------------------------------------
    def run(self, check_mode):
        # First a verified, authenticated read (retried while the web server restarts): it proves ca_path and
        # the credentials even when nothing is to be done.
        pending = describe_pending(read_info(self.client))
        self.previous = read_presented(self.client)
        self.note(
            f"read: the device presents {self.previous.subject} ({self.previous.fingerprint_sha256}), "
            f"valid until {self.previous.not_after}"
        )
        same = pem.normalize_fingerprint(self.previous.fingerprint_sha256) == pem.normalize_fingerprint(
            self.desired.fingerprint_sha256
        )
        if same and not self.force:
            if pending:
                self.warnings.append(f"{pending} is on the device (not touched: the certificate is already active)")
            self.note("skip: the certificate is already active; nothing uploaded")
            return self.result(False, f"the certificate {self.desired.subject} is already active", self.previous)
        if check_mode:
            return self.check_mode_result(pending)
        self.handle_pending(pending)
        self.upload()
        self.verify_pending()
        self.install()
        if not self.wait_for_restart:
            self.note("done: installed; not waiting for the web server restart (wait_for_restart=false)")
            self.client.reset_connections()
            return self.result(
                True, f"installed {self.desired.subject}; the device's web server restarts with it", self.desired
            )
        seconds = self.await_new_certificate()
        self.note(f"done: the device presents {self.desired.fingerprint_sha256} after {seconds:.1f} s")
        return self.result(
            True,
            f"installed {self.desired.subject} (was {self.previous.subject})",
            self.desired,
            restart_seconds=round(seconds, 3),
        )

    def check_mode_result(self, pending):
        if pending and not self.clear_pending:
            self.warnings.append(f"{pending} is on the device: a real run fails unless clear_pending=true")
        elif pending:
            self.note(f"check mode: would delete {pending}")
        self.note(f"check mode: would upload and install {self.desired.subject} ({self.desired.fingerprint_sha256})")
        return self.result(
            True, f"would install {self.desired.subject} (active: {self.previous.subject})", self.desired
        )

    def handle_pending(self, pending):
        if not pending:
            return
        if not self.clear_pending:
            self.fail(
                f"{pending} is already present on the device (left by someone else); the upload would be "
                "refused with response code 2. Set clear_pending=true to delete it, or install or delete it "
                "on the device first. Nothing was changed"
            )
        self.delete_pending()
        self.cleared = pending
        self.note(f"pending: deleted {pending} (clear_pending=true)")

    def upload(self):
        parts = [
            UploadPart(CERT_PART, CERT_FILENAME, content=self.prepared.chain_pem),
            UploadPart(KEY_PART, KEY_FILENAME, content=self.prepared.key_pem),
        ]
        self.note(f"upload: {len(self.prepared.chain)} certificate(s) and the key, from memory")
        try:
            answer = self.client.upload(rids.CERT_UPLOAD_CGI, parts, safe=False)
        except XerusError as exc:
            self.cleanup()
            self.fail(
                f"the certificate upload failed ({exc.message}); anything it left pending was deleted and the "
                "active certificate is unchanged"
            )
        code = answer.response_code
        if code is None:
            self.cleanup()
            self.fail(
                f"the upload answer carries no response code (HTTP {answer.status}); anything it left pending "
                "was deleted and the active certificate is unchanged"
            )
        if code != 0:
            if code != 2:
                self.cleanup()
            hint = "; set clear_pending=true to delete it" if code == 2 else ""
            self.fail(
                f"the device refused the upload: {describe_upload_code(code)}{hint}. The active certificate is "
                "unchanged"
            )

    def verify_pending(self):
        """The pending certificate must be the one just uploaded (protocol 12.2 step 4)."""
        try:
            text = download_pem(self.client, "new_cert")
            found = pem.summarize_pem(text) if text else None
        except (XerusError, pem.PemError) as exc:
            self.cleanup()
            self.fail(
                f"cannot read back the pending certificate ({getattr(exc, 'message', exc)}); it was deleted "
                "and the active certificate is unchanged"
            )
        if found is None or found.fingerprint_sha256 != self.desired.fingerprint_sha256:
            shown = found.fingerprint_sha256 if found else "none"
            self.cleanup()
            self.fail(
                f"the device's pending certificate ({shown}) is not the uploaded one "
                f"({self.desired.fingerprint_sha256}); it was deleted and the active certificate is unchanged"
            )
        self.note(f"pending: the device holds {found.subject} ({found.fingerprint_sha256})")

    def install(self):
        try:
            code = self.client.call_ret(rids.CERT, "installPendingKeyPair", safe=False)
        except XerusRpcError as exc:
            self.cleanup()
            self.fail(f"installPendingKeyPair failed: {exc.rpc_message}; the pending certificate was deleted")
        except XerusConnectionError as exc:
            # The answer may be lost because the web server restarted already: judge by what the device presents.
            self.note(f"install: no answer ({exc.message}); checking what the device presents")
            if not self.wait_for_restart:
                self.fail(
                    f"installPendingKeyPair got no answer ({exc.message}); the device may have installed the "
                    "certificate and restarted its web server: check the device (wait_for_restart=false, so "
                    "this was not awaited)",
                    changed=True,
                )
            return
        except XerusError as exc:
            self.cleanup()
            self.fail(
                f"installPendingKeyPair failed ({exc.message}); the pending certificate was deleted and the "
                "active certificate is unchanged"
            )
        if code != 0:
            self.cleanup()
            self.fail(
                f"the device refused to install the certificate: {describe_install_code(code)}. The pending "
                "certificate was deleted and the active certificate is unchanged"
            )
        self.note("install: accepted; the web server restarts with the new certificate")

    def await_new_certificate(self):
        """Poll until the restarted web server presents the new certificate and answers an authenticated call.

        A validating client waits through a copy that trusts the new chain (and ca_path)."""
        with _CaBundle(self.client, self.prepared.chain_pem) as bundle:
            waiter = self.client.with_trust(bundle.path) if bundle.path else self.client
            try:
                return waiter.wait_until_reachable(
                    self.restart_timeout,
                    interval=self.poll_interval,
                    expect_fingerprint_sha256=self.desired.fingerprint_sha256,
                )
            except XerusTimeoutError as exc:
                self.fail(
                    f"the certificate was installed but the device did not present it and answer within "
                    f"restart_timeout={self.restart_timeout:g} s ({exc.message}); check the device before "
                    "retrying",
                    changed=True,
                )
            except XerusTLSError as exc:
                self.fail(
                    f"the device now presents the new certificate but it does not verify against the new "
                    f"chain{' and ca_path' if bundle.extra else ''} ({exc.message}): put the issuing CA into "
                    "the certificate chain or ca_path, and make sure the certificate names the host",
                    changed=True,
                )
            except XerusError as exc:
                self.fail(
                    f"the certificate was installed but the device does not answer as expected after the "
                    f"restart ({exc.message})",
                    changed=True,
                )
            finally:
                if waiter is not self.client:
                    waiter.close()
        return 0.0  # not reached

    # -- cleanup ---------------------------------------------------------
    def delete_pending(self):
        self.client.call(rids.CERT, "deletePending", safe=False)

    def cleanup(self):
        """Best effort: remove whatever the failed attempt left pending (never raises)."""
        try:
            self.client.reset_connections()
            self.delete_pending()
            self.note("cleanup: deleted the pending key and certificate")
        except XerusError as exc:
            self.note(f"cleanup: deletePending failed ({exc.message}); check the device for a pending certificate")


class _CaBundle:
    """A temporary CA file for the reconnect: the new chain plus the client's ca_path (public data only).

    ``path`` is None when the client does not validate certificates.
    """

    def __init__(self, client, chain_pem):
        self.client = client
        self.chain_pem = chain_pem
        self.path = None
        self.extra = False

    def __enter__(self):
        if not self.client.validate_certs:
            return self
        data = self.chain_pem
        ca_path = self.client.ca_path
        if ca_path and os.path.isfile(ca_path):
            with open(ca_path, "rb") as handle:
                data = data + b"\n" + handle.read()
            self.extra = True
        handle, self.path = tempfile.mkstemp(prefix="xerus-cert-ca.", suffix=".pem")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        return self

    def __exit__(self, *_exc_info):
        if self.path and os.path.exists(self.path):
            os.unlink(self.path)
        return False
