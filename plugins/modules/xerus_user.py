#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_user
short_description: Manage local user accounts of a Xerus PDU
version_added: 1.1.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Creates, changes and deletes local user accounts of a Legrand / Raritan / Server Technology PDU through its Xerus
    JSON-RPC API (C(usermgmt.UserManager) at C(/auth/user), C(usermgmt.User) at C(/auth/user/<name>)).
  - Reads every account and role in one request and writes only what differs, in one more request. Options not
    given are left as they are on the device (a new account gets the device's defaults for them).
options:
  name:
    description:
      - The account's login name. No C(/), no leading or trailing spaces, no line breaks; the device decides
        which other characters it accepts.
    type: str
    required: true
  state:
    description:
      - V(present) creates the account when it is missing and sets the given options; V(absent) deletes it.
      - The account the task logs in with (option O(username), or the user of the session of O(token)) cannot be
        deleted or disabled; the task fails and nothing is changed.
    type: str
    choices: [present, absent]
    default: present
  password:
    description:
      - The account's password. Required to create an account.
      - Never read back, returned or shown in a diff.
      - The password this task logs in with is O(login_password), not this option (the other modules of the
        collection also take O(login_password)). Set O(login_password), not C(password), in C(module_defaults)
        of the group C(xerus.pdu.xerus), since a group default C(password) would become the account's password here.
      - Refused when it equals O(login_password) for an account other than the one the task logs in with
        (almost always a C(password) from C(module_defaults) meant as the login password).
    type: str
    aliases: []
  login_password:
    description:
      - Password of O(username), the account the task logs in with. Sent pre-emptively with every request (HTTP
        Basic).
      - If not set, the value of the E(XERUS_PASSWORD) environment variable is used.
    type: str
  update_password:
    description:
      - V(on_create) uses O(password) only when the account is created; an existing account's password is left
        alone.
      - V(always) also sets the password of an existing account. The device never reveals a password, and this
        module never logs in as the user to test it (a wrong guess would count as a failed login towards the
        device's login blocking). Instead it sets the password with C(User.setAccountPassword); the device answers
        that the new password equals the current one, and the module then reports no change. So a second run
        with the same password is C(changed=false), and no failed login is ever recorded.
      - In check mode nothing is written, so with V(always) the password of an existing account is not compared;
        the task warns and does not count it as a change.
      - Also decides when the SNMPv3 passphrases are written, see O(snmp_v3).
    type: str
    choices: [always, on_create]
    default: always
  enabled:
    description:
      - Whether the account may log in. A new account is enabled unless this says otherwise.
    type: bool
  full_name:
    description: The user's full name (an empty string clears it).
    type: str
  email:
    description: The user's e-mail address (an empty string clears it).
    type: str
  roles:
    description:
      - The account's roles by name, exactly (roles not listed are removed from the account; V([]) removes all).
      - A name the device has no role for fails the task with the device's role names; see M(xerus.pdu.xerus_role).
      - Order does not matter.
    type: list
    elements: str
  force_password_change:
    description: Whether the user must change the password at the next login.
    type: bool
  ssh_public_key:
    description:
      - Public key(s) for SSH logins as one line in OpenSSH format; an empty string removes it. The device checks
        the key.
    type: str
  snmp_v3:
    description:
      - The account's SNMPv3 settings (the device's SNMPv3 agent uses the account as an SNMPv3 user).
      - Sub-options not given are left as they are.
    type: dict
    suboptions:
      enabled:
        description: Whether the account is an SNMPv3 user.
        type: bool
      security_level:
        description: Authentication and privacy.
        type: str
        choices: [no_auth_no_priv, auth_no_priv, auth_priv]
      auth_protocol:
        description: The authentication protocol.
        type: str
        choices: [md5, sha1, sha224, sha256, sha384, sha512]
      use_password_as_auth_passphrase:
        description: Use the account's password as the authentication passphrase.
        type: bool
      auth_passphrase:
        description:
          - The authentication passphrase (at least 8 characters).
          - The device cannot show a passphrase, only whether one is set. It is written when the account has
            none (or is created), and on every run with O(update_password=always), which then reports a change.
        type: str
      priv_protocol:
        description: The privacy (encryption) protocol.
        type: str
        choices: [des, aes128, aes192, aes256, aes192_3des, aes256_3des]
      use_auth_passphrase_as_priv_passphrase:
        description: Use the authentication passphrase as the privacy passphrase.
        type: bool
      priv_passphrase:
        description:
          - The privacy passphrase (at least 8 characters); written like O(snmp_v3.auth_passphrase).
        type: str
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The device is read and nothing is written. The password of an existing account is not compared (see
        O(update_password)).
  diff_mode:
    details:
      - The account before and after, without password and passphrases; C(password_changed=true) in C(after)
        when the password was set.
notes:
  - The account's settings are written as a whole (C(User.updateAccountFull) is not sparse); the fields the task
    does not set (preferences, telephone, the built-in flags) are sent back as they were read.
  - A refused password (the device's password policy) fails the task naming the rule and leaves the account as
    it was when it is the only change.
  - Enabling or disabling login blocking and the password policy belong to M(xerus.pdu.xerus_security).
seealso:
  - module: xerus.pdu.xerus_role
  - module: xerus.pdu.xerus_info
"""

EXAMPLES = r"""
- name: An operator account that must choose a new password at first login
  xerus.pdu.xerus_user:
    host: pdu-a1.example.com
    username: admin
    login_password: "{{ vault_pdu_admin_password }}"
    name: ops
    password: "{{ vault_ops_initial_password }}"
    update_password: on_create
    full_name: Operations
    email: ops@example.com
    roles: [Operator]
    force_password_change: true

- name: Keep the monitoring account's password and SNMPv3 settings as in the vault
  xerus.pdu.xerus_user:
    name: monitor
    password: "{{ vault_monitor_password }}"
    roles: [Operator]
    snmp_v3:
      enabled: true
      security_level: auth_priv
      auth_protocol: sha256
      use_password_as_auth_passphrase: true
      priv_protocol: aes128
      use_auth_passphrase_as_priv_passphrase: true

- name: Remove a former colleague's account
  xerus.pdu.xerus_user:
    name: jdoe
    state: absent
"""

RETURN = r"""
user:
  description:
    - The account after the task (in check mode, as it would be); absent after O(state=absent).
    - No password, no passphrase.
  returned: success and O(state=present)
  type: dict
  contains:
    name:
      description: The login name.
      type: str
    enabled:
      description: Whether the account may log in.
      type: bool
    locked:
      description: Whether the account is built in and cannot be deleted.
      type: bool
    blocked:
      description: Whether the device blocks the account after failed logins.
      type: bool
    force_password_change:
      description: Whether the user must change the password at the next login.
      type: bool
    full_name:
      description: The full name.
      type: str
    email:
      description: The e-mail address.
      type: str
    telephone:
      description: The telephone number.
      type: str
    roles:
      description: Role names (a role id the device does not list is shown as the id).
      type: list
      elements: str
    ssh_public_key:
      description: The SSH public key (empty when none).
      type: str
    snmp_v3:
      description:
        - C(enabled), C(security_level), C(auth_protocol), C(priv_protocol), C(use_password_as_auth_passphrase),
          C(use_auth_passphrase_as_priv_passphrase), and C(has_auth_passphrase), C(has_priv_passphrase) (whether a
          passphrase is set).
      type: dict
  sample:
    name: ops
    enabled: true
    locked: false
    blocked: false
    force_password_change: true
    full_name: Operations
    email: ops@example.com
    telephone: ""
    roles: [Operator]
    ssh_public_key: ""
    snmp_v3:
      enabled: false
      security_level: no_auth_no_priv
      auth_protocol: md5
      priv_protocol: des
      use_password_as_auth_passphrase: true
      use_auth_passphrase_as_priv_passphrase: true
      has_auth_passphrase: false
      has_priv_passphrase: false
password_changed:
  description:
    - Whether the account's password was set (a new account, or a different password with
      O(update_password=always)). Always V(false) in check mode for an existing account.
  returned: success
  type: bool
  sample: false
"""

from ansible_collections.xerus.pdu.plugins.module_utils.users import UserRequest, apply, validate
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule, refuse_login_values

# The account's own password is `password`; the login's is `login_password` only.
LOGIN_OPTIONS = ("password",)

SNMP_V3_OPTIONS = dict(
    enabled=dict(type="bool"),
    security_level=dict(type="str", choices=["no_auth_no_priv", "auth_no_priv", "auth_priv"]),
    auth_protocol=dict(type="str", choices=["md5", "sha1", "sha224", "sha256", "sha384", "sha512"]),
    use_password_as_auth_passphrase=dict(type="bool"),
    auth_passphrase=dict(type="str", no_log=True),
    priv_protocol=dict(type="str", choices=["des", "aes128", "aes192", "aes256", "aes192_3des", "aes256_3des"]),
    use_auth_passphrase_as_priv_passphrase=dict(type="bool"),
    priv_passphrase=dict(type="str", no_log=True),
)


def argument_spec():
    return dict(
        name=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        password=dict(type="str", no_log=True),
        update_password=dict(type="str", choices=["always", "on_create"], default="always", no_log=False),
        enabled=dict(type="bool"),
        full_name=dict(type="str"),
        email=dict(type="str"),
        roles=dict(type="list", elements="str"),
        force_password_change=dict(type="bool", no_log=False),
        ssh_public_key=dict(type="str", no_log=False),
        snmp_v3=dict(type="dict", options=SNMP_V3_OPTIONS),
    )


def desired(params):
    roles = params["roles"]
    return UserRequest(
        name=params["name"],
        state=params["state"],
        password=params["password"],
        update_password=params["update_password"],
        enabled=params["enabled"],
        full_name=params["full_name"],
        email=params["email"],
        roles=None if roles is None else tuple(roles),
        force_password_change=params["force_password_change"],
        ssh_public_key=params["ssh_public_key"],
        snmp_v3=params["snmp_v3"],
    )


def login_name(params):
    """The account the task logs in with; None with a session token (the area file asks the device)."""
    return None if params.get("token") else params.get("username")


def check_not_login_password(params, device):
    """A password equal to the login password, for an account other than the login's own: refused
    (refuse_login_values)."""
    if params["name"] == login_name(params):
        return
    refuse_login_values(
        params,
        ("password",),
        f"password: the password given for account {params['name']!r} is the password this task logs in with; "
        "the login password of xerus_user is login_password (set login_password, not password, in module_defaults "
        "for group/xerus.pdu.xerus)",
        device,
    )


def main():
    module = XerusModule(argument_spec=argument_spec(), supports_check_mode=True, login_options=LOGIN_OPTIONS)
    with module.errors_to_fail_json():
        check_not_login_password(module.params, module.device)
        request = desired(module.params)
        validate(request)
        with module.client() as client:
            result = apply(client, request, login_name(module.params), check_mode=module.check_mode)
    output = dict(changed=result.changed, password_changed=result.password_changed, warnings=result.warnings)
    if result.after is not None:
        output["user"] = result.after
    after = dict(result.after or {})
    if result.password_changed and after:
        after["password_changed"] = True  # a marker only; the password itself is never part of a diff
    module.exit_with(output, diff=dict(before=result.before or {}, after=after))


if __name__ == "__main__":
    main()
