#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_smtp
short_description: Configure the SMTP server of a Xerus PDU and send a test mail
version_added: 1.1.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Sets the mail server a Legrand / Raritan / Server Technology PDU sends its notification mails through
    (C(devsettings.Smtp) at C(/smtp) of the PDU's Xerus JSON-RPC API), idempotently, and optionally makes the PDU
    send a test mail and returns its outcome.
  - One request reads the settings, one writes them when a field differs. Options not given are left as they are.
  - Options are the snake_case names of the PDU's fields. O(port), O(username) and O(password) are the mail
    server's; the task connects to the PDU through O(login_port), O(login_username) and O(login_password)
    (the other modules of the collection also take these names). Set those, not C(port), C(username) and
    C(password), in C(module_defaults) of the group C(xerus.pdu.xerus).
options:
  server:
    description: Host name or IP address of the SMTP server; an empty string clears it.
    type: str
  port:
    description:
      - Port of the SMTP server (1..65535).
      - Refused when it equals O(login_port), the PDU's HTTPS port the task connects to (almost always a
        C(port) from C(module_defaults) meant for the PDU).
    type: int
    default: null
    aliases: []
  use_tls:
    description: Whether the PDU enforces TLS (StartTLS) towards the server.
    type: bool
  allow_off_time_range_certs:
    description: Whether the PDU accepts server certificates that are expired or not yet valid.
    type: bool
  ca_cert_chain:
    description:
      - PEM text of the CA certificates the PDU trusts for the server's certificate (for example
        C("{{ lookup('file', 'mail-ca.pem') }}")); an empty string clears it.
    type: str
  sender:
    description: The sender address of the PDU's mails (name@domain).
    type: str
  use_auth:
    description:
      - Whether the PDU authenticates at the server. Not given, a non-empty O(username) turns it on.
    type: bool
  username:
    description:
      - The user name for authentication at the SMTP server.
      - Refused together with O(password) when both equal O(login_username) and O(login_password), the account
        the task logs in to the PDU with (almost always C(module_defaults) meant for the PDU).
    type: str
    aliases: []
  password:
    description:
      - The password for authentication at the SMTP server. The PDU never returns it, so it cannot be compared;
        see O(update_password). It never appears in results or diffs.
      - An empty password is refused, because the PDU keeps its stored one when sent an empty one; set
        O(use_auth=false) to stop authenticating.
    type: str
    aliases: []
  login_port:
    description:
      - HTTPS port of the PDU's JSON-RPC service (1 to 65535).
      - If not set, the value of the E(XERUS_PORT) environment variable is used.
    type: int
    default: 443
  login_username:
    description:
      - User name for HTTP Basic authentication at the PDU; required together with O(login_password) unless
        O(token) is set.
      - If not set, the value of the E(XERUS_USERNAME) environment variable is used.
    type: str
  login_password:
    description:
      - Password of O(login_username). Sent pre-emptively with every request (HTTP Basic).
      - If not set, the value of the E(XERUS_PASSWORD) environment variable is used.
    type: str
  update_password:
    description:
      - V(on_change) sends O(password) only when the task writes the settings anyway (another option
        differs), so a second run reports no change. To change only the password, run once with V(always).
      - V(always) sends O(password) every time and reports a change, since the PDU cannot say whether it
        differs.
    type: str
    choices: [on_change, always]
    default: on_change
  retry_count:
    description: How often the PDU retries sending a mail (0..10).
    type: int
  retry_interval:
    description: Minutes between the PDU's sending retries (1..60).
    type: int
  test_recipient:
    description:
      - A mail address the PDU sends a test mail to, with the settings as they are after the task (the PDU's own
        test, which does not change its settings). The outcome is returned as RV(test); a failed test fails
        the task (with RV(test) and C(changed) telling what was applied).
      - Not sent in check mode.
    type: str
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The PDU is read and nothing is written; no test mail is sent.
notes:
  - The settings are written back as read with only the task's fields changed.
  - When the task does not give O(password), the test mail uses the password the PDU has stored.
seealso:
  - module: xerus.pdu.xerus_info
  - module: xerus.pdu.xerus_snmp
"""

EXAMPLES = r"""
- name: Mail server with authentication, and a test mail
  xerus.pdu.xerus_smtp:
    server: mail.example.com
    port: 587
    use_tls: true
    sender: pdu-a1@example.com
    username: pdu-mailer
    password: "{{ vault_smtp_password }}"
    retry_count: 3
    retry_interval: 5
    test_recipient: noc@example.com
  register: smtp

- name: Show the test's outcome
  ansible.builtin.debug:
    msg: "{{ smtp.test.message }}"

- name: Rotate the password only (the PDU cannot show the stored one)
  xerus.pdu.xerus_smtp:
    password: "{{ vault_smtp_new_password }}"
    update_password: always
"""

RETURN = r"""
smtp:
  description: The SMTP settings after the task (in check mode, as they would be), without the password.
  returned: success
  type: dict
  contains:
    server:
      description: SMTP server.
      type: str
      sample: mail.example.com
    port:
      description: SMTP port.
      type: int
      sample: 587
    use_tls:
      description: Whether TLS is enforced.
      type: bool
    allow_off_time_range_certs:
      description: Whether certificates outside their validity are accepted.
      type: bool
    ca_cert_chain:
      description: PEM text of the trusted CA certificates.
      type: str
    sender:
      description: Sender address.
      type: str
    use_auth:
      description: Whether the PDU authenticates.
      type: bool
    username:
      description: User name.
      type: str
    password:
      description: V(<hidden, changed>) when the task sent a password; absent otherwise.
      type: str
    retry_count:
      description: Sending retries.
      type: int
    retry_interval:
      description: Minutes between retries.
      type: int
changed_fields:
  description: Options whose values were (in check mode would be) changed; C(password) when it was sent.
  returned: success
  type: list
  elements: str
  sample: [server, sender]
test:
  description: The outcome of the test mail.
  returned: when O(test_recipient) is given, not in check mode
  type: dict
  contains:
    recipient:
      description: The address the test mail went to.
      type: str
    status:
      description: The PDU's status code, V(0) when the mail was sent.
      type: int
    message:
      description: The PDU's status message.
      type: str
    success:
      description: Whether the status is V(0).
      type: bool
  sample:
    recipient: noc@example.com
    status: 0
    message: Test mail sent
    success: true
diff:
  description: The settings before and after, as in RV(smtp).
  returned: when diff mode is enabled
  type: dict
"""

from ansible_collections.xerus.pdu.plugins.module_utils.smtp import FIELDS, SmtpRequest, apply, check_request
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import (
    LOGIN_OPTIONS,
    XerusModule,
    refuse_login_values,
)

GROUP_DEFAULTS_ADVICE = (
    "the PDU's connection options of xerus_smtp are login_port, login_username and login_password "
    "(set those, not port, username and password, in module_defaults for group/xerus.pdu.xerus)"
)


def argument_spec():
    return dict(
        server=dict(type="str"),
        port=dict(type="int"),
        use_tls=dict(type="bool"),
        allow_off_time_range_certs=dict(type="bool"),
        ca_cert_chain=dict(type="str"),
        sender=dict(type="str"),
        use_auth=dict(type="bool"),
        username=dict(type="str"),
        password=dict(type="str", no_log=True),
        update_password=dict(type="str", choices=["on_change", "always"], default="on_change", no_log=False),
        retry_count=dict(type="int"),
        retry_interval=dict(type="int"),
        test_recipient=dict(type="str"),
    )


def desired(params):
    return SmtpRequest(
        settings={option: params[option] for option in FIELDS},
        password=params["password"],
        update_password=params["update_password"],
        test_recipient=params["test_recipient"],
    )


def check_not_login(params, device):
    """The mail server's port, or user name and password, equal to the PDU login's: refused (refuse_login_values)."""
    refuse_login_values(
        params,
        ("port",),
        f"port: {params['port']} is the PDU's HTTPS port this task connects to (login_port), not a mail "
        f"server's; {GROUP_DEFAULTS_ADVICE}",
        device,
    )
    refuse_login_values(
        params,
        ("username", "password"),
        "username, password: the mail server's user name and password are the ones this task logs in to the "
        f"PDU with (login_username, login_password); {GROUP_DEFAULTS_ADVICE}",
        device,
    )


def main():
    module = XerusModule(argument_spec=argument_spec(), supports_check_mode=True, login_options=LOGIN_OPTIONS)
    with module.errors_to_fail_json():
        check_not_login(module.params, module.device)
        request = check_request(desired(module.params))
        with module.client() as client:
            result = apply(client, request, check_mode=module.check_mode)
    output = dict(changed=result.changed, smtp=result.after, changed_fields=result.changed_fields)
    if result.test is not None:
        output["test"] = result.test
    module.exit_with(output, diff=dict(before=result.before, after=result.after))


if __name__ == "__main__":
    main()
