#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_auth
short_description: Manage the authentication of a Xerus PDU (local, LDAP, RADIUS)
version_added: 1.1.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Sets how a Legrand / Raritan / Server Technology PDU authenticates logins (local accounts, LDAP or RADIUS),
    whether it falls back to its local accounts, and its ordered lists of LDAP and RADIUS servers, through the PDU's
    Xerus JSON-RPC API (C(auth.AuthManager), C(auth.LdapManager), C(auth.RadiusManager)).
  - Reads everything in one request and writes only what differs in one more. Options not given are left as they
    are; server fields not given keep the values the PDU has for the server with the same O(ldap_servers[].host).
  - Optionally runs the PDU's own server test with a test account and returns the results.
options:
  type:
    description:
      - The authentication type. V(ldap) and V(radius) need at least one server of that kind (after the task).
    type: str
    choices: [local, ldap, radius]
  use_local_fallback:
    description:
      - Whether the PDU tries its local accounts when the remote servers fail or refuse a login.
    type: bool
  ldap_servers:
    description:
      - The LDAP servers, in the order the PDU asks them. An entry is matched to the PDU's server with the same
        host; fields not given keep that server's values (or the defaults of a new server).
      - With O(servers_exclusive=true) (the default) the PDU's servers not listed are removed; an empty list removes
        every LDAP server.
    type: list
    elements: dict
    suboptions:
      host:
        description: Host name or IP address of the server; identifies the entry.
        type: str
        required: true
      type:
        description: The kind of directory. A new server is V(open_ldap) unless given.
        type: str
        choices: [active_directory, open_ldap]
      security:
        description:
          - V(none) (plain LDAP), V(starttls) (LDAP upgraded with STARTTLS) or V(tls) (LDAP over TLS, LDAPS). A new
            server uses V(none) unless given.
        type: str
        choices: [none, starttls, tls]
      port:
        description:
          - The server's TCP port. With O(ldap_servers[].security=tls) it sets the PDU's TLS port, otherwise its
            plain port (the PDU keeps both). New servers use 389 and 636.
        type: int
      force_trusted_cert:
        description: Whether the PDU refuses server certificates that O(ldap_servers[].ca_certificate) does not verify.
        type: bool
      allow_off_time_range_certs:
        description: Whether the PDU accepts expired and not yet valid server certificates.
        type: bool
      ca_certificate:
        description:
          - Path of a PEM file with the CA certificate(s) that verify the server (read on the controller; a relative
            path is looked up in the role's and play's C(files/) folders). An empty string removes the PDU's
            certificate.
        type: str
      ads_domain:
        description: The Active Directory domain.
        type: str
      use_anonymous_bind:
        description: Whether the PDU binds anonymously instead of with O(ldap_servers[].bind_dn).
        type: bool
      bind_dn:
        description: The DN the PDU binds with to search for users.
        type: str
      bind_password:
        description:
          - The password of O(ldap_servers[].bind_dn). The PDU does not show it; see O(update_secrets) for when it is
            written.
        type: str
      base_dn:
        description: The base DN of the user search.
        type: str
      login_name_attribute:
        description: The attribute that holds the login name (for example C(sAMAccountName) or C(uid)).
        type: str
      user_entry_object_class:
        description: The object class of user entries (for example C(user) or C(inetOrgPerson)).
        type: str
      user_search_filter:
        description: An additional filter for the user search.
        type: str
      group_info_in_user_entry:
        description: Whether group membership is read from the user entry (instead of the group entries).
        type: bool
      group_member_attribute:
        description: The attribute that holds group membership.
        type: str
      group_entry_object_class:
        description: The object class of group entries.
        type: str
      group_search_filter:
        description: An additional filter for the group search.
        type: str
      support_nested_groups:
        description:
          - Whether nested groups count. Only firmware whose C(auth.LdapManager) has the field (the 4.4 generation);
            elsewhere the task fails naming the option and the PDU is not changed.
        type: bool
  radius_servers:
    description:
      - The RADIUS servers, in the order the PDU asks them; matched by host like O(ldap_servers).
      - With O(servers_exclusive=true) (the default) the PDU's servers not listed are removed.
    type: list
    elements: dict
    suboptions:
      host:
        description: Host name or IP address of the server; identifies the entry.
        type: str
        required: true
      port:
        description: The UDP authentication port (a new server uses 1812).
        type: int
      accounting_port:
        description: The UDP accounting port (a new server uses 1813).
        type: int
      auth_type:
        description: The RADIUS authentication protocol (a new server uses V(pap)).
        type: str
        choices: [pap, chap, mschapv2]
      secret:
        description:
          - The shared secret; required for a server the PDU does not have yet. The PDU does not show it; see
            O(update_secrets).
        type: str
      timeout:
        description: Seconds the PDU waits for an answer (a new server uses 1).
        type: int
      retries:
        description: How often the PDU asks again (a new server uses 3).
        type: int
      disable_accounting:
        description: Whether the PDU sends no accounting records to the server.
        type: bool
      message_authenticator_optional:
        description:
          - Whether the PDU accepts answers without a Message-Authenticator attribute. Only firmware whose
            C(auth.RadiusManager) has the field (the 4.4 generation); elsewhere the task fails naming the option.
        type: bool
  servers_exclusive:
    description:
      - V(true) makes the PDU's list exactly O(ldap_servers) (or O(radius_servers)); V(false) keeps the PDU's servers
        that are not listed, after the listed ones, in their order.
      - Only applies to a list that is given.
    type: bool
    default: true
  update_secrets:
    description:
      - When O(ldap_servers[].bind_password) and O(radius_servers[].secret) are written, since the PDU never shows
        them and they cannot be compared.
      - V(on_create) (the default) writes a secret for a server the PDU does not have yet, and whenever that
        server's list is written anyway because another setting changed; a secret alone never makes a change, so a
        second run reports no change.
      - V(always) writes every given secret on every run and so always reports a change (unless the PDU shows the
        very secret given). Use it once to rotate a secret.
    type: str
    choices: [always, on_create]
    default: on_create
  test:
    description:
      - Run the PDU's server test (C(testLdapServer), C(testRadiusServer)) for every server listed, with the
        settings the task would write and O(test_username) / O(test_password), before anything is written.
        Also in check mode (a test changes nothing). The results are in RV(tests).
      - A failed test does not fail the task unless O(fail_on_test_error).
    type: bool
    default: false
  fail_on_test_error:
    description: Fail the task, before anything is written, when a server test fails.
    type: bool
    default: false
  test_username:
    description: The directory account the server test logs in with.
    type: str
  test_password:
    description: The password of O(test_username).
    type: str
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The PDU is read and nothing is written; O(test) still runs the PDU's server test, which changes nothing.
notes:
  - "Secrets and idempotence: the PDU sends empty bind passwords and shared secrets. A server entry that is written
    without a secret in the task is written with what the PDU sent, which keeps the PDU's stored secret for a
    server of the same host (the PDU's documented behaviour is not public; give the secret in the task whenever
    the servers of that kind change to be independent of it). RV(secrets_written) names every secret written."
  - "The server lists are written as a whole (the PDU replaces them); fields of the PDU this module does not know,
    and fields of the other firmware generation (C(id), C(adoptSettingsId) of C(auth.LdapManager) 3, for example),
    are written back as read."
  - Setting O(type=ldap) or O(type=radius) while no server of that kind remains fails before anything is written,
    since nobody could log in afterwards.
seealso:
  - module: xerus.pdu.xerus_security
  - module: xerus.pdu.xerus_info
"""

EXAMPLES = r"""
- name: Authenticate against two Active Directory servers, local accounts as fallback
  xerus.pdu.xerus_auth:
    host: pdu-a1.example.com
    username: admin
    password: "{{ vault_pdu_password }}"
    type: ldap
    use_local_fallback: true
    ldap_servers:
      - host: dc1.example.com
        type: active_directory
        security: tls
        port: 636
        ca_certificate: example-root-ca.pem
        bind_dn: CN=pdu-bind,OU=Service,DC=example,DC=com
        bind_password: "{{ vault_ldap_bind_password }}"
        base_dn: DC=example,DC=com
        login_name_attribute: sAMAccountName
        user_entry_object_class: user
      - host: dc2.example.com
        type: active_directory
        security: tls
        port: 636
        ca_certificate: example-root-ca.pem
        bind_dn: CN=pdu-bind,OU=Service,DC=example,DC=com
        bind_password: "{{ vault_ldap_bind_password }}"
        base_dn: DC=example,DC=com

- name: Test a RADIUS server before switching to it
  xerus.pdu.xerus_auth:
    radius_servers:
      - host: radius.example.com
        secret: "{{ vault_radius_secret }}"
        auth_type: chap
    test: true
    test_username: pdu-probe
    test_password: "{{ vault_probe_password }}"
  check_mode: true
  register: radius_test

- name: Rotate the RADIUS secret
  xerus.pdu.xerus_auth:
    radius_servers:
      - host: radius.example.com
        secret: "{{ vault_new_radius_secret }}"
    update_secrets: always

- name: Back to local accounts only
  xerus.pdu.xerus_auth:
    type: local
"""

RETURN = r"""
auth:
  description:
    - The authentication settings after the task (in check mode, as they would be). Never holds a secret.
  returned: success
  type: dict
  contains:
    type:
      description: V(local), V(ldap), V(radius) (or V(tacacs_plus), V(kerberos), V(unknown) as the PDU reports).
      type: str
    use_local_fallback:
      description: Whether local accounts are tried when remote authentication fails.
      type: bool
    ldap_servers:
      description: The LDAP servers in order, with the fields of O(ldap_servers) the PDU has (no bind password).
      type: list
      elements: dict
    radius_servers:
      description: The RADIUS servers in order, with the fields of O(radius_servers) the PDU has (no secret).
      type: list
      elements: dict
  sample:
    type: ldap
    use_local_fallback: true
    ldap_servers:
      - host: dc1.example.com
        type: active_directory
        security: tls
        port: 636
        base_dn: DC=example,DC=com
    radius_servers: []
secrets_written:
  description: The secrets that were (in check mode would be) written, by option path.
  returned: success
  type: list
  elements: str
  sample: ["ldap_servers[0].bind_password"]
tests:
  description: One result per server tested with O(test), LDAP servers first.
  returned: when O(test=true)
  type: list
  elements: dict
  contains:
    kind:
      description: V(ldap) or V(radius).
      type: str
    host:
      description: The server tested.
      type: str
    ok:
      description: Whether the test succeeded.
      type: bool
    code:
      description: The PDU's result code (0 = success).
      type: int
    message:
      description: What the code means.
      type: str
    diagnostic:
      description: The PDU's diagnostic text (LDAP only).
      type: str
  sample:
    - kind: radius
      host: radius.example.com
      ok: false
      code: 4
      message: the RADIUS server could not be contacted
      diagnostic: ""
diff:
  description: The authentication settings before and after (no secrets).
  returned: when diff mode is enabled
  type: dict
"""

from ansible_collections.xerus.pdu.plugins.module_utils import auth
from ansible_collections.xerus.pdu.plugins.module_utils.file_checks import MAX_PEM_SIZE
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule


def _server_spec(kind):
    spec = {}
    for item in kind.fields:
        choices = sorted(item.table.values()) if item.table else None
        spec[item.option] = dict(type=_option_type(item.option), no_log=item.secret)
        if choices:
            spec[item.option]["choices"] = choices
    spec["host"]["required"] = True
    if kind is auth.LDAP:
        spec["port"] = dict(type="int")
    return spec


def _option_type(option):
    if option in ("port", "accounting_port", "timeout", "retries"):
        return "int"
    if option.startswith(("force_", "allow_", "use_", "group_info", "support_", "disable_", "message_")):
        return "bool"
    return "str"


def argument_spec():
    return dict(
        type=dict(type="str", choices=list(auth.SETTABLE_TYPES)),
        use_local_fallback=dict(type="bool"),
        ldap_servers=dict(type="list", elements="dict", options=_server_spec(auth.LDAP)),
        radius_servers=dict(type="list", elements="dict", options=_server_spec(auth.RADIUS)),
        servers_exclusive=dict(type="bool", default=True),
        update_secrets=dict(type="str", choices=list(auth.SECRET_POLICIES), default="on_create", no_log=False),
        test=dict(type="bool", default=False),
        fail_on_test_error=dict(type="bool", default=False),
        test_username=dict(type="str"),
        test_password=dict(type="str", no_log=True),
    )


def read_certificates(module):
    """Replace every ldap_servers[].ca_certificate path with the file's text."""
    for index, server in enumerate(module.params["ldap_servers"] or []):
        path = server.get("ca_certificate")
        if not path:
            continue
        option = f"ldap_servers[{index}].ca_certificate"
        server["ca_certificate"] = module.read_file(path, option, MAX_PEM_SIZE).decode("utf-8", "replace")


def desired(params):
    return auth.AuthRequest(
        type=params["type"],
        use_local_fallback=params["use_local_fallback"],
        ldap_servers=params["ldap_servers"],
        radius_servers=params["radius_servers"],
        servers_exclusive=params["servers_exclusive"],
        update_secrets=params["update_secrets"],
        test=params["test"],
        fail_on_test_error=params["fail_on_test_error"],
        test_username=params["test_username"],
        test_password=params["test_password"],
    )


def main():
    module = XerusModule(argument_spec=argument_spec(), supports_check_mode=True)
    with module.errors_to_fail_json():
        read_certificates(module)
        request = desired(module.params)
        auth.check_request(request)
        with module.client() as client:
            result = auth.apply(client, request, check_mode=module.check_mode)
    output = dict(changed=result.changed, auth=result.after, secrets_written=result.secrets_written)
    if request.test:
        output["tests"] = result.tests
    module.exit_with(output, diff=dict(before=result.before, after=result.after))


if __name__ == "__main__":
    main()
