#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_snmp
short_description: Configure the SNMP agent and SNMP notification targets of a Xerus PDU
version_added: 1.1.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Sets the SNMP agent of a Legrand / Raritan / Server Technology PDU (SNMPv1/v2c and SNMPv3 on or off,
    communities, system contact, name and location) and the targets it sends traps or informs to, through the
    PDU's Xerus JSON-RPC API, idempotently.
  - The agent is C(devsettings.Snmp) at C(/snmp). The PDU has no interface of its own for notification targets;
    they are the arguments of the system action C(SystemSnmpTrapAction) of the event engine (C(/event_engine)),
    and the system rule C(SystemSnmpTrapRule) switches notifications on and off, as the vendor documents.
  - One request reads the agent settings and the event engine's rules and actions; one request writes only
    what differs. Options not given are left as they are.
options:
  v2c_enabled:
    description: Whether the agent answers SNMPv1 and SNMPv2c requests.
    type: bool
  v3_enabled:
    description:
      - Whether the agent answers SNMPv3 requests. SNMPv3 users and their passphrases belong to the PDU's user
        accounts, not to this module.
    type: bool
  read_community:
    description:
      - The SNMPv1/v2c read community (1..64 characters). The PDU returns it when read, so it is compared like
        any other value; it never appears in results or diffs (only V(<hidden>) or V(<hidden, changed>)).
    type: str
  write_community:
    description: The SNMPv1/v2c write community (1..64 characters), handled like O(read_community).
    type: str
  sys_contact:
    description: The agent's sysContact (at most 255 characters, one line).
    type: str
  sys_name:
    description: The agent's sysName (at most 255 characters, one line).
    type: str
  sys_location:
    description: The agent's sysLocation (at most 255 characters, one line).
    type: str
  targets:
    description:
      - The hosts the PDU sends notifications to. The PDU sends one notification type to every target, so all
        targets share one O(targets[].version) and O(targets[].type); it keeps at most three SNMPv2c targets or one
        SNMPv3 target.
      - A target is identified by O(targets[].host) and O(targets[].port).
      - With O(targets_exclusive=false) targets on the PDU that are not listed are kept; the task fails when they
        would change their type (list them too, or set O(targets_exclusive=true)).
      - Not given, the targets are left as they are.
    type: list
    elements: dict
    suboptions:
      host:
        description: Host name or IP address of the notification receiver.
        type: str
        required: true
      port:
        description: UDP port of the receiver.
        type: int
        default: 162
      version:
        description: SNMP version of the notifications.
        type: str
        choices: [v2c, v3]
        default: v2c
      type:
        description: V(trap) (unacknowledged) or V(inform) (acknowledged, retried; see O(notification_timeout)).
        type: str
        choices: [trap, inform]
        default: trap
      community:
        description: The community of an SNMPv2c target (required for V(v2c)).
        type: str
      security_name:
        description: The SNMPv3 security (user) name (required for V(v3)).
        type: str
      security_level:
        description: The SNMPv3 security level.
        type: str
        choices: [no_auth_no_priv, auth_no_priv, auth_priv]
        default: auth_priv
      auth_protocol:
        description: The SNMPv3 authentication protocol.
        type: str
        choices: [md5, sha, sha224, sha256, sha384, sha512]
        default: sha
      auth_passphrase:
        description:
          - The SNMPv3 authentication passphrase (at least 8 characters); needed for a new target whose level
            authenticates. Left out for a target the PDU already has, the PDU keeps its own.
          - See O(update_secrets) for how it is compared.
        type: str
      privacy_protocol:
        description: The SNMPv3 privacy protocol.
        type: str
        choices: [des, aes, aes192, aes256, aes192_3des, aes256_3des]
        default: aes
      privacy_passphrase:
        description: The SNMPv3 privacy passphrase (at least 8 characters), handled like O(targets[].auth_passphrase).
        type: str
  targets_exclusive:
    description:
      - V(true) makes O(targets) the complete list (in the order given); other targets are removed, and
        O(targets=[]) removes every target.
    type: bool
    default: false
  notifications_enabled:
    description:
      - Whether the PDU sends notifications at all (the rule C(SystemSnmpTrapRule)).
      - Not given, it follows O(targets) when they are given (V(true) when targets remain, V(false) after
        O(targets=[]) with O(targets_exclusive=true)) and is left as it is otherwise.
    type: bool
  notification_timeout:
    description: Seconds to wait for an inform's acknowledgement (at least 1).
    type: int
  notification_retries:
    description: How often an unacknowledged inform is sent again (0 or more).
    type: int
  update_secrets:
    description:
      - How a secret of O(targets) the PDU does not show when read (an SNMPv3 passphrase; a community when the PDU
        hides it) is compared.
      - V(on_change) treats it as current while the target's security name, level and protocols stay the same,
        so a second run reports no change; it is sent whenever the targets are written anyway, and for a new
        target. To change only a hidden passphrase, run once with V(always).
      - V(always) sends the given secrets every time and reports a change, since the PDU cannot say whether they
        differ.
      - A secret the PDU does show is compared either way, as are O(read_community) and O(write_community), which
        the PDU returns when read.
    type: str
    choices: [on_change, always]
    default: on_change
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The PDU is read (one request) and nothing is written.
notes:
  - Communities and passphrases are never returned; results and diffs show V(<hidden>) or V(<hidden, changed>).
  - The agent settings and the notification action are written back as read with only the task's fields
    changed; action arguments the module does not manage are kept.
  - Every return code is checked; a refused write fails the task, naming what was already applied.
seealso:
  - module: xerus.pdu.xerus_info
  - module: xerus.pdu.xerus_smtp
"""

EXAMPLES = r"""
- name: SNMPv2c agent with its identity
  xerus.pdu.xerus_snmp:
    v2c_enabled: true
    v3_enabled: false
    read_community: "{{ vault_snmp_read_community }}"
    write_community: "{{ vault_snmp_write_community }}"
    sys_contact: noc@example.com
    sys_name: "{{ inventory_hostname }}"
    sys_location: DC1 row 4 rack 17

- name: Exactly two SNMPv2c trap receivers
  xerus.pdu.xerus_snmp:
    targets:
      - host: 192.0.2.10
        community: "{{ vault_trap_community }}"
      - host: nms2.example.com
        port: 1162
        community: "{{ vault_trap_community }}"
    targets_exclusive: true

- name: One SNMPv3 inform receiver
  xerus.pdu.xerus_snmp:
    targets:
      - host: 192.0.2.20
        version: v3
        type: inform
        security_name: pdu-notify
        security_level: auth_priv
        auth_protocol: sha256
        auth_passphrase: "{{ vault_snmp_auth }}"
        privacy_protocol: aes
        privacy_passphrase: "{{ vault_snmp_priv }}"
    targets_exclusive: true
    notification_timeout: 5
    notification_retries: 3

- name: No notifications at all
  xerus.pdu.xerus_snmp:
    targets: []
    targets_exclusive: true
"""

RETURN = r"""
snmp:
  description: The SNMP settings after the task (in check mode, as they would be), without secrets.
  returned: success
  type: dict
  contains:
    v2c_enabled:
      description: Whether SNMPv1/v2c is on.
      type: bool
      sample: true
    v3_enabled:
      description: Whether SNMPv3 is on.
      type: bool
      sample: false
    read_community:
      description: V(<hidden>), or V(<hidden, changed>) when the task changed it.
      type: str
      sample: <hidden>
    write_community:
      description: V(<hidden>), or V(<hidden, changed>) when the task changed it.
      type: str
      sample: <hidden>
    sys_contact:
      description: sysContact.
      type: str
      sample: noc@example.com
    sys_name:
      description: sysName.
      type: str
      sample: pdu-a1
    sys_location:
      description: sysLocation.
      type: str
      sample: DC1 row 4 rack 17
    notifications:
      description: The notification settings (C(enabled) is null when the PDU has no notification rule).
      type: dict
      contains:
        enabled:
          description: Whether notifications are sent.
          type: bool
        version:
          description: V(v2c) or V(v3), null when the PDU has none set.
          type: str
        type:
          description: V(trap) or V(inform).
          type: str
        timeout:
          description: Inform timeout in seconds.
          type: int
        retries:
          description: Inform retries.
          type: int
        targets:
          description: C(host), C(port) and, for SNMPv3, C(security_name), C(security_level), C(auth_protocol),
            C(privacy_protocol) of each target.
          type: list
          elements: dict
      sample:
        enabled: true
        version: v2c
        type: trap
        timeout: 3
        retries: 3
        targets:
          - host: 192.0.2.10
            port: 162
changed_fields:
  description: Options whose values were (in check mode would be) changed; C(notifications) for the targets and
    the notification settings.
  returned: success
  type: list
  elements: str
  sample: [sys_location, notifications]
diff:
  description: The settings before and after, as in RV(snmp).
  returned: when diff mode is enabled
  type: dict
"""

from ansible_collections.xerus.pdu.plugins.module_utils.snmp import AGENT_FIELDS, SnmpRequest, apply, validate
from ansible_collections.xerus.pdu.plugins.module_utils.snmp_notifications import NotificationRequest
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule

TARGET_SPEC = dict(
    host=dict(type="str", required=True),
    port=dict(type="int", default=162),
    version=dict(type="str", choices=["v2c", "v3"], default="v2c"),
    type=dict(type="str", choices=["trap", "inform"], default="trap"),
    community=dict(type="str", no_log=True),
    security_name=dict(type="str"),
    security_level=dict(type="str", choices=["no_auth_no_priv", "auth_no_priv", "auth_priv"], default="auth_priv"),
    auth_protocol=dict(type="str", choices=["md5", "sha", "sha224", "sha256", "sha384", "sha512"], default="sha"),
    auth_passphrase=dict(type="str", no_log=True),
    privacy_protocol=dict(
        type="str", choices=["des", "aes", "aes192", "aes256", "aes192_3des", "aes256_3des"], default="aes"
    ),
    privacy_passphrase=dict(type="str", no_log=True),
)


def argument_spec():
    return dict(
        v2c_enabled=dict(type="bool"),
        v3_enabled=dict(type="bool"),
        read_community=dict(type="str", no_log=True),
        write_community=dict(type="str", no_log=True),
        sys_contact=dict(type="str"),
        sys_name=dict(type="str"),
        sys_location=dict(type="str"),
        targets=dict(type="list", elements="dict", options=TARGET_SPEC),
        targets_exclusive=dict(type="bool", default=False),
        notifications_enabled=dict(type="bool"),
        notification_timeout=dict(type="int"),
        notification_retries=dict(type="int"),
        update_secrets=dict(type="str", choices=["on_change", "always"], default="on_change", no_log=False),
    )


def desired(params):
    return SnmpRequest(
        agent={option: params[option] for option in AGENT_FIELDS},
        notifications=NotificationRequest(
            targets=params["targets"],
            exclusive=params["targets_exclusive"],
            enabled=params["notifications_enabled"],
            timeout=params["notification_timeout"],
            retries=params["notification_retries"],
            update_secrets=params["update_secrets"],
        ),
    )


def main():
    module = XerusModule(argument_spec=argument_spec(), supports_check_mode=True)
    with module.errors_to_fail_json():
        request = desired(module.params)
        validate(request)
        with module.client() as client:
            result = apply(client, request, check_mode=module.check_mode)
    output = dict(changed=result.changed, snmp=result.after, changed_fields=result.changed_fields)
    module.exit_with(output, diff=dict(before=result.before, after=result.after))


if __name__ == "__main__":
    main()
