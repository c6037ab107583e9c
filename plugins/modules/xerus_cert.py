#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_cert
short_description: Install the TLS certificate of a Xerus PDU
version_added: 1.0.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Installs a TLS server certificate (with its chain) and its private key on a Legrand / Raritan / Server Technology
    PDU through its Xerus JSON-RPC API, and waits until the restarted web server presents the new certificate.
  - Compares the SHA-256 fingerprint of the given leaf certificate with the certificate the device presents in the
    TLS handshake. When they are equal nothing is uploaded and the task reports no change, unless O(force=true).
  - Before anything is sent the certificate and key are checked locally, they must parse as PEM, the key must belong
    to the first certificate (the leaf), and the leaf must be valid now. A warning is given when it expires within
    30 days. An encrypted key is decrypted locally with O(private_key_passphrase), because the device accepts
    unencrypted keys only. It is uploaded from memory and never written to disk.
  - The device keeps an uploaded certificate as I(pending) until it is installed. A pending certificate or
    certificate signing request left by someone else makes the module fail, unless O(clear_pending=true) deletes it.
  - A failure after the upload deletes what this run left pending, so the device keeps its active certificate and
    no pending one.
options:
  certificate:
    description:
      - Path of a PEM file with the server certificate first, optionally followed by its chain (intermediate and
        root CA certificates).
      - Exactly one of O(certificate) and O(certificate_content) is required.
    type: path
  certificate_content:
    description:
      - The PEM text of the server certificate, optionally followed by its chain, as in O(certificate).
    type: str
  private_key:
    description:
      - Path of the PEM private key of the certificate (PKCS#8 or traditional, RSA or EC, optionally encrypted).
      - Exactly one of O(private_key) and O(private_key_content) is required.
    type: path
  private_key_content:
    description:
      - The PEM text of the private key, as in O(private_key).
    type: str
  private_key_passphrase:
    description:
      - Passphrase of an encrypted private key. It is used locally only and never sent to the device.
    type: str
  force:
    description:
      - Upload and install the certificate even when the device already presents it.
    type: bool
    default: false
  clear_pending:
    description:
      - Delete a pending key, certificate or certificate signing request that is already on the device (left by
        someone else, for example by a certificate signing request in progress) before the upload.
      - When V(false) such a pending item makes the task fail and nothing is changed, because the device would
        refuse the upload (its response code 2).
    type: bool
    default: false
  wait_for_restart:
    description:
      - After the installation the device's web server restarts with the new certificate. Wait until it answers
        again and check that it presents the new certificate (fingerprint compared on the TLS handshake),
        then that an authenticated call succeeds.
      - When V(false) the task returns as soon as the device accepted the installation.
    type: bool
    default: true
  restart_timeout:
    description:
      - Seconds to wait for the restarted web server with O(wait_for_restart=true). The wait never runs past it;
        when it runs out after the installation the task fails with C(changed=true) and what is known.
    type: int
    default: 120
  allow_host_mismatch:
    description:
      - With O(validate_certs=true) a certificate whose subject alternative names (or, without any, common name)
        do not cover O(host) is refused before anything is sent, because after the installation no verifying
        client could reach the PDU by that address, this task's own wait included.
      - V(true) installs it anyway (for example before the PDU is renamed in DNS).
    type: bool
    default: false
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - Nothing is uploaded or deleted in check mode; the prediction compares fingerprints. A pending item that
        would make a real run fail is reported as a warning.
requirements:
  - cryptography
notes:
  - With O(validate_certs=true) the module trusts the given chain, together with O(ca_path) when set, to verify the
    restarted web server, so the chain should contain the issuing CA, or O(ca_path) should. Later tasks must
    trust the new certificate, for example with O(ca_path) pointing at the new CA.
  - The device needs a private key, which this module always uploads; the on-device key and certificate signing
    request flow is not covered.
  - The private key and its passphrase never appear in results, diffs, warnings or logs.
  - A certificate for a PDU addressed by IP needs that IP in its subject alternative names to verify; with
    O(validate_certs=true) one that does not name O(host) is refused unless O(allow_host_mismatch=true).
  - A failure after the device took the installation (no restart within O(restart_timeout), the new certificate
    does not verify) reports C(failed=true) and C(changed=true); so does a failure after O(clear_pending=true)
    deleted a pending item.
seealso:
  - module: xerus.pdu.xerus_info
"""

EXAMPLES = r"""
- name: Install the certificate issued by the company CA (nothing is sent when it is already active)
  xerus.pdu.xerus_cert:
    host: pdu-a1.example.com
    username: admin
    password: "{{ vault_pdu_password }}"
    certificate: files/pdu-a1-fullchain.pem
    private_key: files/pdu-a1.key
    private_key_passphrase: "{{ vault_pdu_key_passphrase }}"
    ca_path: files/old-ca.pem

- name: Later tasks trust the new CA
  xerus.pdu.xerus_info:
    host: pdu-a1.example.com
    username: admin
    password: "{{ vault_pdu_password }}"
    ca_path: files/company-ca.pem

- name: Rotate from vaulted PEM text, replacing a pending certificate someone left behind
  xerus.pdu.xerus_cert:
    certificate_content: "{{ pdu_cert_chain_pem }}"
    private_key_content: "{{ vault_pdu_key_pem }}"
    clear_pending: true
    restart_timeout: 300

- name: Predict the change without touching the PDU
  xerus.pdu.xerus_cert:
    certificate: files/pdu-a1-fullchain.pem
    private_key: files/pdu-a1.key
  check_mode: true
  diff: true
  register: cert_plan
"""

RETURN = r"""
msg:
  description: What happened, or in check mode what would happen.
  returned: always
  type: str
  sample: installed CN=pdu-a1.example.com,O=Example (was CN=10.0.0.5,OU=PX3-5190R,O=Raritan,C=US)
fingerprint_sha256:
  description:
    - SHA-256 fingerprint of the given leaf certificate (lower-case hex pairs joined by colons). After a successful
      run it is the certificate the device presents (in check mode it would be).
  returned: success
  type: str
  sample: 0d:39:f7:ef:e6:98:e1:62:dc:7e:38:33:a1:05:f8:52:87:ea:eb:bb:f0:c9:bb:7d:61:bc:76:9b:10:ee:d2:34
subject:
  description: Subject of the given leaf certificate (RFC 4514).
  returned: success
  type: str
  sample: CN=pdu-a1.example.com,O=Example
issuer:
  description: Issuer of the given leaf certificate (RFC 4514).
  returned: success
  type: str
  sample: CN=Example Issuing CA,O=Example
not_after:
  description: End of the validity of the given leaf certificate (UTC, ISO 8601).
  returned: success
  type: str
  sample: "2027-11-24T15:32:10Z"
previous_fingerprint_sha256:
  description: SHA-256 fingerprint of the certificate the device presented before the task.
  returned: success
  type: str
  sample: 82:da:af:5c:66:38:3d:d6:7c:94:3f:88:a4:51:88:3c:48:dd:3a:61:c7:86:86:89:f4:c5:4c:1c:f4:dc:f5:a8
restart_seconds:
  description: Seconds from the installation until the device presented the new certificate; null without a wait.
  returned: success
  type: float
  sample: 0.6
cleared_pending:
  description: The pending item deleted because of O(clear_pending=true); null when nothing was deleted.
  returned: success
  type: str
  sample: a pending key with a certificate signing request (CN=10.0.0.5)
progress:
  description: One line per phase (read, pending, upload, install, done), also when the task fails after the device was read.
  returned: when the device was contacted
  type: list
  elements: str
  sample:
    - "read: the device presents CN=10.0.0.5,OU=PX3-5190R,O=Raritan,C=US (82:da:...:a8), valid until 2036-11-21T16:32:10Z"
    - "upload: 2 certificate(s) and the key, from memory"
    - "done: the device presents 0d:39:...:34 after 0.6 s"
diff:
  description: Subject, fingerprint and expiry of the active certificate before and after (in check mode the predicted one).
  returned: when diff mode is enabled
  type: dict
  sample:
    before:
      subject: CN=10.0.0.5,OU=PX3-5190R,O=Raritan,C=US
      fingerprint_sha256: 82:da:af:5c:66:38:3d:d6:7c:94:3f:88:a4:51:88:3c:48:dd:3a:61:c7:86:86:89:f4:c5:4c:1c:f4:dc:f5:a8
      not_after: "2036-11-21T16:32:10Z"
    after:
      subject: CN=pdu-a1.example.com,O=Example
      fingerprint_sha256: 0d:39:f7:ef:e6:98:e1:62:dc:7e:38:33:a1:05:f8:52:87:ea:eb:bb:f0:c9:bb:7d:61:bc:76:9b:10:ee:d2:34
      not_after: "2027-11-24T15:32:10Z"
"""

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.xerus.pdu.plugins.module_utils.certs import install_certificate
from ansible_collections.xerus.pdu.plugins.module_utils.file_checks import MAX_PEM_SIZE
from ansible_collections.xerus.pdu.plugins.module_utils.pem import (
    CRYPTOGRAPHY_IMPORT_ERROR,
    HAS_CRYPTOGRAPHY,
    prepare,
)
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule


def argument_spec():
    return dict(
        certificate=dict(type="path"),
        certificate_content=dict(type="str"),
        private_key=dict(type="path", no_log=False),
        private_key_content=dict(type="str", no_log=True),
        private_key_passphrase=dict(type="str", no_log=True),
        force=dict(type="bool", default=False),
        clear_pending=dict(type="bool", default=False),
        wait_for_restart=dict(type="bool", default=True),
        restart_timeout=dict(type="int", default=120),
        allow_host_mismatch=dict(type="bool", default=False),
    )


def read_pem_input(module, path_option, content_option):
    """(bytes, option name) of whichever of the two options is set."""
    if module.params[content_option] is not None:
        return module.params[content_option].encode("utf-8"), content_option
    return module.read_input_file(path_option, MAX_PEM_SIZE), path_option


def run(module):
    params = module.params
    module.check_seconds("restart_timeout")
    cert_pem, cert_option = read_pem_input(module, "certificate", "certificate_content")
    key_pem, key_option = read_pem_input(module, "private_key", "private_key_content")
    prepared = prepare(
        cert_pem, key_pem, params["private_key_passphrase"], cert_option=cert_option, key_option=key_option
    )
    with module.client() as client:
        return install_certificate(
            client,
            prepared,
            force=params["force"],
            clear_pending=params["clear_pending"],
            check_mode=module.check_mode,
            wait_for_restart=params["wait_for_restart"],
            restart_timeout=params["restart_timeout"],
            allow_host_mismatch=params["allow_host_mismatch"],
        )


def main():
    module = XerusModule(
        argument_spec=argument_spec(),
        supports_check_mode=True,
        mutually_exclusive=[("certificate", "certificate_content"), ("private_key", "private_key_content")],
        required_one_of=[("certificate", "certificate_content"), ("private_key", "private_key_content")],
    )
    if not HAS_CRYPTOGRAPHY:
        module.fail_json(msg=missing_required_lib("cryptography"), exception=CRYPTOGRAPHY_IMPORT_ERROR)
    with module.errors_to_fail_json():
        result = run(module)
    output = result.as_dict()
    output["warnings"] = result.warnings
    module.exit_with(output, diff=result.diff())


if __name__ == "__main__":
    main()
