# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Connection options shared by every xerus.pdu module: xerus.pdu.connection."""

    DOCUMENTATION = r"""
options:
  host:
    description:
      - IP address or host name of the PDU.
      - Only a host name, an IPv4 address or an IPv6 address (bare or in brackets); a URL, a path, user info or a
        port in it fails the task before anything is sent (give the port in O(port)).
      - If not set, the inventory host's variable C(xerus_host) is used when it has one (the inventory plugin
        P(xerus.pdu.xerus_zeroconf#inventory) sets it), else the value of the E(XERUS_HOST) environment variable.
    type: str
    required: true
  port:
    description:
      - HTTPS port of the PDU's JSON-RPC service (1 to 65535).
      - If not set, the inventory host's variable C(xerus_port) is used when it has one (the zeroconf inventory
        sets it), else the value of the E(XERUS_PORT) environment variable.
      - The alias O(login_port) is the only name modules whose own settings have a port (M(xerus.pdu.xerus_smtp))
        know it by. In C(module_defaults) for the group C(xerus.pdu.xerus), set O(login_port).
    type: int
    default: 443
    aliases: [login_port]
  username:
    description:
      - User name for HTTP Basic authentication; required together with O(password) unless O(token) is set.
      - If not set, the value of the E(XERUS_USERNAME) environment variable is used.
      - The alias O(login_username) is the only name M(xerus.pdu.xerus_smtp) knows it by, since there
        O(xerus.pdu.xerus_smtp#module:username) is the mail server's. In C(module_defaults) for the group
        C(xerus.pdu.xerus), set O(login_username).
    type: str
    aliases: [login_username]
  password:
    description:
      - Password of O(username). Sent pre-emptively with every request (HTTP Basic).
      - If not set, the value of the E(XERUS_PASSWORD) environment variable is used.
      - The alias O(login_password) is the only name M(xerus.pdu.xerus_user) and M(xerus.pdu.xerus_smtp) know it
        by, since there O(xerus.pdu.xerus_user#module:password) is the account's password and
        O(xerus.pdu.xerus_smtp#module:password) the mail server's. In C(module_defaults) for the group
        C(xerus.pdu.xerus), set O(login_password), so that no account's or mail server's password is set to the
        login password by accident.
    type: str
    aliases: [login_password]
  token:
    description:
      - Session token of an existing session (sent as the C(X-SessionToken) header instead of O(username)
        and O(password)). Either O(token) or O(username) and O(password) must be given.
      - If not set, the value of the E(XERUS_TOKEN) environment variable is used.
    type: str
  validate_certs:
    description:
      - Verify the TLS certificate the PDU presents, including that it names O(host)
        (PDUs addressed by IP need the IP in the certificate's subject alternative names).
      - Without O(ca_path) the operating system's CA store is trusted (OpenSSL's default CA file or directory,
        for example C(/etc/ssl/certs/ca-certificates.crt); E(SSL_CERT_FILE) and E(SSL_CERT_DIR) move it), not the
        bundle that comes with C(requests).
      - Set to V(false) only for a self-signed certificate you cannot otherwise trust;
        prefer O(ca_path).
      - If not set, the value of the E(XERUS_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the CA certificate(s) to trust instead of the system store when O(validate_certs=true),
        for example the PDU's own self-signed certificate or the CA that signed it.
      - It must be a readable regular file (links are followed) of at most 1 MiB.
      - If not set, the value of the E(XERUS_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds to wait for a connection and for each answer. Always applied.
      - More than 0 and at most 600.
      - If not set, the value of the E(XERUS_TIMEOUT) environment variable is used.
    type: float
    default: 30
requirements:
  - requests
notes:
  - Every request goes to C(https://<host>:<port>); plain HTTP is not used. Redirects are not followed and proxy
    environment variables (E(HTTPS_PROXY), E(ALL_PROXY), ...) and C(.netrc) are ignored, so the credentials
    only ever go to O(host) and O(port).
  - Reads are retried a few times with exponential backoff on connection failures
    and temporary HTTP errors; changes are sent once.
  - "Supported firmware generations: PDUs presenting the interface versions of Xerus firmware 4.0 (vendor
    SDK 4.0.20, for example C(pdumodel.Pdu:6.1.2), C(cert.ServerSSLCert:3.0.0)) and of firmware 4.4
    (vendor SDK 4.4.1, for example C(pdumodel.Pdu:6.5.7), C(cert.ServerSSLCert:4.0.1)), also mixed in one
    play. Features only the 4.4 generation has (for example relay control inhibition, C(Firmware.getInfo))
    are reported as not supported on 4.0 devices. Verified against simulated devices of both generations
    and the vendor's bindings of both SDKs, not against PDU hardware; see the collection README."
  - "On the controller (C(connection: local), no C(async), no C(become)) the module runs inside Ansible's worker
    process through the action plugin of the same name, with the same argument checks and results as a module
    process; set the variable C(xerus_in_process=false) to run it as a module process. It then uses the
    controller's Python rather than C(ansible_python_interpreter)."
  - Relative paths of files the module reads (for example O(ca_path)) are looked up like the
    O(ansible.builtin.copy#module:src) option of M(ansible.builtin.copy), in the role's and the play's C(files/)
    folders; a path found nowhere is used as given. Paths the module writes keep their meaning (relative to the
    working directory).
"""
