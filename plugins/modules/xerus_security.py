#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_security
short_description: Manage the security policy of a Xerus PDU
version_added: 1.1.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Sets login blocking, the password policy, IP and role-based access control, the session idle timeout, the
    restricted service agreement banner and the single-login limitation of a Legrand / Raritan / Server Technology
    PDU through its Xerus JSON-RPC API (C(security.Security) at C(/security)).
  - Forced HTTPS, HSTS and the SSH authentication methods, also kept in C(security.Security), belong to
    M(xerus.pdu.xerus_services).
  - Every option is partial. An option not given is not read nor written; a sub-option not given keeps the PDU's
    value. The settings the task names are read in one request and the ones that differ written in one more.
  - A change of IP access rules that would drop or reject the controller's own connections is refused unless
    O(allow_controller_lockout=true).
options:
  login_blocking:
    description: Blocking of an account after failed logins.
    type: dict
    suboptions:
      enabled:
        description:
          - Whether accounts are blocked after failed logins. V(false) sets the PDU's number of failed logins to 0,
            which is how it turns blocking off. Turning it on when it is off needs O(login_blocking.max_failed_logins).
        type: bool
      max_failed_logins:
        description: Failed logins before an account is blocked (at least 1).
        type: int
      block_time:
        description: Minutes an account stays blocked.
        type: int
      failed_login_timeout:
        description: Minutes after which the count of failed logins starts again.
        type: int
  password_policy:
    description: Password aging and strength rules of local accounts.
    type: dict
    suboptions:
      aging:
        description: Whether passwords expire.
        type: bool
      aging_interval:
        description: Days after which a password expires.
        type: int
      strong:
        description: Whether the strength rules below apply.
        type: bool
      min_length:
        description: Minimum password length (checked against the maximum the task leaves, before anything is sent).
        type: int
      max_length:
        description: Maximum password length.
        type: int
      require_lowercase:
        description: Passwords need a lower-case letter.
        type: bool
      require_uppercase:
        description: Passwords need an upper-case letter.
        type: bool
      require_numeric:
        description: Passwords need a digit.
        type: bool
      require_special:
        description: Passwords need a printable special character.
        type: bool
      history_depth:
        description: How many earlier passwords an account may not use again.
        type: int
  ip_access_control:
    description:
      - The IPv4 packet filter. A rule list, when given, replaces the PDU's list in the given order; the first rule
        that matches a connection decides, the default policy decides when none does.
    type: dict
    suboptions: &ipfw
      enabled:
        description: Whether the filter is on.
        type: bool
      default_policy:
        description: What happens to inbound connections no rule matches.
        type: str
        choices: [accept, drop, reject]
      rules:
        description: The ordered inbound rules.
        type: list
        elements: dict
        suboptions:
          ip_mask:
            description: An address (V(192.0.2.7)) or a network (V(192.0.2.0/24)).
            type: str
            required: true
            aliases: [source]
          policy:
            description: What happens to connections from O(ip_access_control.rules[].ip_mask).
            type: str
            required: true
            choices: [accept, drop, reject]
      default_policy_outbound:
        description: What happens to outbound traffic no outbound rule matches.
        type: str
        choices: [accept, drop, reject]
      rules_outbound:
        description: The ordered outbound rules (same fields as O(ip_access_control.rules)).
        type: list
        elements: dict
        suboptions:
          ip_mask:
            description: An address or a network.
            type: str
            required: true
            aliases: [source]
          policy:
            description: What happens to traffic to that address.
            type: str
            required: true
            choices: [accept, drop, reject]
  ipv6_access_control:
    description: The IPv6 packet filter, with the sub-options of O(ip_access_control) (IPv6 addresses and networks).
    type: dict
    suboptions: *ipfw
  role_access_control:
    description:
      - Role-based access control for IPv4 addresses, the rules in the given order (replacing the PDU's when given).
      - Roles are named as the PDU names them (M(xerus.pdu.xerus_role)); a name the PDU does not know fails the task
        listing the PDU's roles. The controller guard does not look at these rules.
    type: dict
    suboptions: &role_access
      enabled:
        description: Whether role-based access control is on.
        type: bool
      default_policy:
        description: What applies when no rule matches.
        type: str
        choices: [allow, deny]
      rules:
        description: The ordered rules.
        type: list
        elements: dict
        suboptions:
          start_ip:
            description: First address of the range.
            type: str
            required: true
          end_ip:
            description: Last address of the range (O(role_access_control.rules[].start_ip) when not given).
            type: str
          role:
            description: The role the rule applies to, by name.
            type: str
            required: true
          policy:
            description: Whether users of the role may log in from the range.
            type: str
            required: true
            choices: [allow, deny]
  role_access_control_ipv6:
    description: Role-based access control for IPv6 addresses, with the sub-options of O(role_access_control).
    type: dict
    suboptions: *role_access
  allow_controller_lockout:
    description:
      - Allow IP access rules that drop or reject the address this controller connects from (the source address of
        a connection to the PDU, or O(controller_address)). Without it such a change fails before anything is
        written, also in check mode.
    type: bool
    default: false
  controller_address:
    description:
      - The address the PDU sees this controller connect from, when it is not the source address of the
        controller's connection (behind NAT or a proxy).
    type: str
  idle_timeout:
    description: Minutes of inactivity after which the PDU ends a session.
    type: int
  service_agreement:
    description: The restricted service agreement shown before login.
    type: dict
    suboptions:
      enabled:
        description: Whether users must accept the agreement to log in.
        type: bool
      banner:
        description: The agreement's text.
        type: str
  single_login:
    description: Whether a user may have only one session at a time.
    type: bool
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The named settings are read and nothing is written; the controller guard still applies.
notes:
  - Structures are written back as read with only the given fields changed, so fields of other firmware
    generations and fields this module does not know keep their values.
  - The value ranges are the PDU's; a value it refuses fails the task naming the option (settings written
    before it in the same request stay written, and the task says C(changed)).
  - The controller guard only knows the address it connects from. A firewall or NAT between controller and PDU may
    make the PDU see another address; name it with O(controller_address).
seealso:
  - module: xerus.pdu.xerus_auth
  - module: xerus.pdu.xerus_services
  - module: xerus.pdu.xerus_info
"""

EXAMPLES = r"""
- name: Block an account for 20 minutes after 5 failed logins, strong passwords
  xerus.pdu.xerus_security:
    host: pdu-a1.example.com
    username: admin
    password: "{{ vault_pdu_password }}"
    login_blocking:
      max_failed_logins: 5
      block_time: 20
    password_policy:
      strong: true
      min_length: 12
      aging: true
      aging_interval: 90
    idle_timeout: 15

- name: Only the management network may connect
  xerus.pdu.xerus_security:
    ip_access_control:
      enabled: true
      default_policy: drop
      rules:
        - ip_mask: 10.20.0.0/16
          policy: accept

- name: Show a banner before login
  xerus.pdu.xerus_security:
    service_agreement:
      enabled: true
      banner: "Authorized use only."
"""

RETURN = r"""
security:
  description:
    - The settings the task named, after the task (in check mode, as they would be), under the option names.
  returned: success
  type: dict
  sample:
    login_blocking:
      enabled: true
      max_failed_logins: 5
      block_time: 20
      failed_login_timeout: 10
    idle_timeout: 15
controller_address:
  description: The controller's address the IP access rules were checked against.
  returned: when IP access control changed and O(allow_controller_lockout=false)
  type: str
  sample: 10.20.1.5
diff:
  description: The named settings before and after.
  returned: when diff mode is enabled
  type: dict
"""

from ansible_collections.xerus.pdu.plugins.module_utils import security
from ansible_collections.xerus.pdu.plugins.module_utils.enums import IPFW_POLICY, ROLE_ACCESS_POLICY
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule

POLICIES = list(IPFW_POLICY.values())


def _options(fields, kind="int", **extra):
    spec = {item.option: dict(type=kind, no_log=False) for item in fields}
    spec.update(extra)
    return spec


def _rule_list():
    rule = dict(
        ip_mask=dict(type="str", required=True, aliases=["source"]),
        policy=dict(type="str", required=True, choices=POLICIES),
    )
    return dict(type="list", elements="dict", options=rule)


def _firewall():
    return dict(
        type="dict",
        options=dict(
            enabled=dict(type="bool"),
            default_policy=dict(type="str", choices=POLICIES),
            rules=_rule_list(),
            default_policy_outbound=dict(type="str", choices=POLICIES),
            rules_outbound=_rule_list(),
        ),
    )


def _role_access():
    rule = dict(
        start_ip=dict(type="str", required=True),
        end_ip=dict(type="str"),
        role=dict(type="str", required=True),
        policy=dict(type="str", required=True, choices=list(ROLE_ACCESS_POLICY.values())),
    )
    return dict(
        type="dict",
        options=dict(
            enabled=dict(type="bool"),
            default_policy=dict(type="str", choices=list(ROLE_ACCESS_POLICY.values())),
            rules=dict(type="list", elements="dict", options=rule),
        ),
    )


def argument_spec():
    password = {item.option: dict(type="int") for item in security.PASSWORD_FIELDS}
    password.update({option: dict(type="bool") for option in ("aging", "strong")})
    password.update({f"require_{kind}": dict(type="bool") for kind in ("lowercase", "uppercase", "numeric", "special")})
    return dict(
        login_blocking=dict(type="dict", options=_options(security.BLOCK_FIELDS, enabled=dict(type="bool"))),
        password_policy=dict(type="dict", no_log=False, options=password),
        ip_access_control=_firewall(),
        ipv6_access_control=_firewall(),
        role_access_control=_role_access(),
        role_access_control_ipv6=_role_access(),
        allow_controller_lockout=dict(type="bool", default=False),
        controller_address=dict(type="str"),
        idle_timeout=dict(type="int"),
        service_agreement=dict(type="dict", options=dict(enabled=dict(type="bool"), banner=dict(type="str"))),
        single_login=dict(type="bool"),
    )


def main():
    module = XerusModule(argument_spec=argument_spec(), supports_check_mode=True)
    with module.errors_to_fail_json():
        request = {part.option: module.params[part.option] for part in security.PARTS}
        security.check_request(request)
        if module.params["controller_address"]:
            security.parse_address(module.params["controller_address"])
        with module.client() as client:
            result = security.apply(
                client,
                request,
                check_mode=module.check_mode,
                controller_address=module.params["controller_address"],
                allow_controller_lockout=module.params["allow_controller_lockout"],
            )
    output = dict(changed=result.changed, security=result.after)
    if result.controller_address:
        output["controller_address"] = result.controller_address
    module.exit_with(output, diff=dict(before=result.before, after=result.after))


if __name__ == "__main__":
    main()
