#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_event_action
short_description: Manage event actions of a Xerus PDU
version_added: 1.1.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Creates, changes and removes one event action of a Legrand / Raritan / Server Technology PDU by name, through the
    event engine (C(event.Engine) at C(/event_engine)) of its Xerus JSON-RPC API. Event rules
    (M(xerus.pdu.xerus_event_rule)) run actions when events match.
  - Idempotent. One bulk request reads the actions, the rules and the action types the PDU offers; one request
    writes. An existing action keeps the arguments this module does not manage.
options:
  name:
    description:
      - The action's name (unique on the PDU, 1..64 characters, one line).
    type: str
    required: true
  state:
    description:
      - V(present) creates or changes the action; V(absent) removes it.
      - An action that a rule or another action (action group, alarm) uses is not removed; the task fails
        naming them and nothing is changed. Remove them first (M(xerus.pdu.xerus_event_rule) with V(state=absent)).
      - System actions of the PDU can be neither changed nor removed.
    type: str
    choices: [present, absent]
    default: present
  type:
    description:
      - What the action does. Required with V(state=present). The option of the same name holds its arguments.
      - V(syslog) (device type C(SendSyslogMessage)), V(snmp_trap) (C(SendSnmpTrap)), V(email)
        (C(SendSmtpMessage)), V(log) (C(LogEventMessage)), V(sms) (C(SmsMessage)), V(switch_outlet)
        (C(SwitchOutlet)), V(switch_peripheral) (C(SwitchPeripheralActuator)), V(buzzer) (C(SwitchBuzzer)),
        V(load_shedding) (C(SetPduLoadShedding)), V(action_group) (C(ActionGroup)), V(alarm) (C(Alarm)).
      - A type the PDU does not list in C(listActionTypes) fails the task before anything is written.
    type: str
    choices: [syslog, snmp_trap, email, log, sms, switch_outlet, switch_peripheral, buzzer, load_shedding,
              action_group, alarm]
  syslog:
    description: Arguments of V(type=syslog).
    type: dict
    suboptions:
      server:
        description: Name or address of the syslog server.
        type: str
        required: true
      protocol:
        description: V(udp), V(tcp), or V(tls) (TCP with TLS).
        type: str
        choices: [udp, tcp, tls]
        default: udp
      port:
        description: Server port; default 514 (UDP, TCP) or 6514 (TLS).
        type: int
      bsd_compat:
        description: Legacy BSD syslog format (UDP only). Not given, left as the PDU has it.
        type: bool
      ca_cert:
        description: PEM CA certificate chain that verifies the server (TLS only).
        type: str
  snmp_trap:
    description: Arguments of V(type=snmp_trap).
    type: dict
    suboptions:
      notification:
        description: Notification kind.
        type: str
        choices: [v2_trap, v2_inform, v3_trap, v3_inform]
        default: v2_trap
      destinations:
        description: Up to three destinations for SNMPv2, exactly one for SNMPv3.
        type: list
        elements: dict
        required: true
        suboptions:
          host:
            description: Host name or IPv4 address.
            type: str
            required: true
          port:
            description: UDP port.
            type: int
            default: 162
          community:
            description: SNMPv2 community (secret; never returned).
            type: str
            default: ""
      timeout:
        description: Seconds to wait for an inform's acknowledgement.
        type: int
      retries:
        description: Retries of an unacknowledged inform.
        type: int
      security_name:
        description: SNMPv3 user (security name).
        type: str
      security_level:
        description: SNMPv3 security level.
        type: str
        choices: [no_auth_no_priv, auth_no_priv, auth_priv]
        default: no_auth_no_priv
      auth_protocol:
        description: SNMPv3 authentication protocol.
        type: str
        choices: [md5, sha, sha224, sha256, sha384, sha512]
      auth_passphrase:
        description: SNMPv3 authentication passphrase (secret).
        type: str
      privacy_protocol:
        description: SNMPv3 privacy protocol.
        type: str
        choices: [des, aes, aes192, aes256, aes192-3des, aes256-3des]
      privacy_passphrase:
        description: SNMPv3 privacy passphrase (secret).
        type: str
  email:
    description: Arguments of V(type=email).
    type: dict
    suboptions:
      recipients:
        description: Email addresses.
        type: list
        elements: str
        required: true
      subject:
        description: Custom subject; not given, the PDU's default subject.
        type: str
      text:
        description: Custom message text; not given, the PDU's default text.
        type: str
      smtp:
        description: An SMTP server for this action only; not given, the PDU's SMTP settings.
        type: dict
        suboptions:
          host:
            description: SMTP server.
            type: str
            required: true
          port:
            description: SMTP port.
            type: int
            default: 25
          sender:
            description: Sender address.
            type: str
          username:
            description: User for SMTP authentication (authentication is used when given).
            type: str
          password:
            description: SMTP password (secret).
            type: str
          use_tls:
            description: Use StartTLS.
            type: bool
            default: false
          retry_count:
            description: Sending retries (0..10).
            type: int
          retry_interval:
            description: Minutes between retries (1..60).
            type: int
          ca_cert:
            description: PEM CA certificate chain (TLS only).
            type: str
  log:
    description: Arguments of V(type=log) (a message in the PDU's event log); may be left out.
    type: dict
    suboptions:
      text:
        description: Custom message text; not given, the PDU's default text.
        type: str
  sms:
    description: Arguments of V(type=sms).
    type: dict
    suboptions:
      destination:
        description: Recipient phone number.
        type: str
        required: true
      text:
        description: Custom message text; not given, the PDU's default text.
        type: str
  switch_outlet:
    description: Arguments of V(type=switch_outlet).
    type: dict
    suboptions:
      operation:
        description: What to do with the outlets.
        type: str
        choices: ["on", "off", cycle]
        required: true
      outlets:
        description: 1-based outlet numbers and ranges (V(3-8)), as in M(xerus.pdu.xerus_outlet) but without names.
        type: list
        elements: str
        required: true
  switch_peripheral:
    description: Arguments of V(type=switch_peripheral).
    type: dict
    suboptions:
      operation:
        description: What to do with the actuators.
        type: str
        choices: ["on", "off", cycle]
        required: true
      slots:
        description: 1-based peripheral device slot numbers and ranges.
        type: list
        elements: str
        required: true
  buzzer:
    description: Arguments of V(type=buzzer).
    type: dict
    suboptions:
      operation:
        description: Switch the internal beeper on or off.
        type: str
        choices: ["on", "off"]
        required: true
  load_shedding:
    description: Arguments of V(type=load_shedding).
    type: dict
    suboptions:
      operation:
        description: Enable or disable the PDU's load shedding.
        type: str
        choices: ["on", "off"]
        required: true
  action_group:
    description: Arguments of V(type=action_group).
    type: dict
    suboptions:
      actions:
        description: Names of the actions to run (1..32), which must exist.
        type: list
        elements: str
        required: true
  alarm:
    description: Arguments of V(type=alarm).
    type: dict
    suboptions:
      notification_actions:
        description: Names of the actions that notify about the alarm.
        type: list
        elements: str
        required: true
      acknowledgement_actions:
        description: Names of the actions that notify about its acknowledgement.
        type: list
        elements: str
        default: []
      renotify_period:
        description: Minutes between repeated notifications (1..1440); not given, no repetition.
        type: int
      renotify_limit:
        description: Repetitions (1..1000, V(-1) unlimited).
        type: int
        default: -1
  update_secrets:
    description:
      - V(always) compares and writes the secrets (SMTP password, SNMP communities and passphrases) of an existing
        action like any argument. V(on_create) sets them only when the action is created and keeps the PDU's
        otherwise.
    type: str
    choices: [always, on_create]
    default: always
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The event engine is read (one request) and nothing is written.
notes:
  - Arguments the PDU stores as key/value strings (raritan-json-rpc-doc, "Event Rules and Actions"); this module
    manages the keys of its type's options and leaves other keys as they are.
  - Secrets are never returned, neither in RV(action) nor in the diff.
seealso:
  - module: xerus.pdu.xerus_event_rule
"""

EXAMPLES = r"""
- name: Send matching events to the NOC's syslog server
  xerus.pdu.xerus_event_action:
    name: syslog-noc
    type: syslog
    syslog:
      server: 192.0.2.5
      protocol: tcp
      port: 1514

- name: Mail the facilities team
  xerus.pdu.xerus_event_action:
    name: mail-facilities
    type: email
    email:
      recipients: [facilities@example.com, noc@example.com]
      subject: PDU event

- name: SNMPv2 trap to two managers
  xerus.pdu.xerus_event_action:
    name: trap-managers
    type: snmp_trap
    snmp_trap:
      destinations:
        - host: 192.0.2.20
          community: "{{ vault_trap_community }}"
        - host: 192.0.2.21
          community: "{{ vault_trap_community }}"

- name: Remove an action no rule uses any more
  xerus.pdu.xerus_event_action:
    name: old-mail
    state: absent
"""

RETURN = r"""
action:
  description:
    - The action after the task (in check mode, as it would be); null when it is absent.
    - C(<type>) holds the arguments in the form of the option of the same name, without secrets.
  returned: success
  type: dict
  contains:
    id:
      description: The PDU's id of the action (empty in check mode for a new one).
      type: str
    name:
      description: The action's name.
      type: str
    type:
      description: The module's type name, or V(unknown) for a type this module does not know.
      type: str
    device_type:
      description: The PDU's type name.
      type: str
    system:
      description: Whether the PDU marks it as a system action.
      type: bool
  sample:
    id: "App_1"
    name: syslog-noc
    type: syslog
    device_type: SendSyslogMessage
    system: false
    syslog:
      server: 192.0.2.5
      protocol: tcp
      port: 1514
      bsd_compat: true
diff:
  description: The action before and after (without secrets).
  returned: when diff mode is enabled
  type: dict
"""

from ansible_collections.xerus.pdu.plugins.module_utils.event_action_types import TYPES
from ansible_collections.xerus.pdu.plugins.module_utils.event_actions import ActionRequest, apply, validate
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule

ON_OFF_CYCLE = ["on", "off", "cycle"]


def _operation(choices):
    return dict(operation=dict(type="str", choices=choices, required=True))


def type_options():
    """One dict option per action type."""
    return dict(
        syslog=dict(
            server=dict(type="str", required=True),
            protocol=dict(type="str", choices=["udp", "tcp", "tls"], default="udp"),
            port=dict(type="int"),
            bsd_compat=dict(type="bool"),
            ca_cert=dict(type="str"),
        ),
        snmp_trap=dict(
            notification=dict(type="str", choices=["v2_trap", "v2_inform", "v3_trap", "v3_inform"], default="v2_trap"),
            destinations=dict(
                type="list",
                elements="dict",
                required=True,
                options=dict(
                    host=dict(type="str", required=True),
                    port=dict(type="int", default=162),
                    community=dict(type="str", default="", no_log=True),
                ),
            ),
            timeout=dict(type="int"),
            retries=dict(type="int"),
            security_name=dict(type="str"),
            security_level=dict(
                type="str", choices=["no_auth_no_priv", "auth_no_priv", "auth_priv"], default="no_auth_no_priv"
            ),
            auth_protocol=dict(type="str", choices=["md5", "sha", "sha224", "sha256", "sha384", "sha512"]),
            auth_passphrase=dict(type="str", no_log=True),
            privacy_protocol=dict(type="str", choices=["des", "aes", "aes192", "aes256", "aes192-3des", "aes256-3des"]),
            privacy_passphrase=dict(type="str", no_log=True),
        ),
        email=dict(
            recipients=dict(type="list", elements="str", required=True),
            subject=dict(type="str"),
            text=dict(type="str"),
            smtp=dict(
                type="dict",
                options=dict(
                    host=dict(type="str", required=True),
                    port=dict(type="int", default=25),
                    sender=dict(type="str"),
                    username=dict(type="str"),
                    password=dict(type="str", no_log=True),
                    use_tls=dict(type="bool", default=False),
                    retry_count=dict(type="int"),
                    retry_interval=dict(type="int"),
                    ca_cert=dict(type="str"),
                ),
            ),
        ),
        log=dict(text=dict(type="str")),
        sms=dict(destination=dict(type="str", required=True), text=dict(type="str")),
        switch_outlet=dict(
            operation=dict(type="str", choices=ON_OFF_CYCLE, required=True),
            outlets=dict(type="list", elements="str", required=True),
        ),
        switch_peripheral=dict(
            operation=dict(type="str", choices=ON_OFF_CYCLE, required=True),
            slots=dict(type="list", elements="str", required=True),
        ),
        buzzer=_operation(["on", "off"]),
        load_shedding=_operation(["on", "off"]),
        action_group=dict(actions=dict(type="list", elements="str", required=True)),
        alarm=dict(
            notification_actions=dict(type="list", elements="str", required=True),
            acknowledgement_actions=dict(type="list", elements="str", default=[]),
            renotify_period=dict(type="int"),
            renotify_limit=dict(type="int", default=-1),
        ),
    )


def argument_spec():
    spec = dict(
        name=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        type=dict(type="str", choices=list(TYPES)),
        update_secrets=dict(type="str", choices=["always", "on_create"], default="always", no_log=False),
    )
    spec.update({option: dict(type="dict", options=suboptions) for option, suboptions in type_options().items()})
    return spec


def request_from(params):
    return ActionRequest(
        name=params["name"],
        state=params["state"],
        type=params["type"],
        spec=(params.get(params["type"]) or {}) if params["type"] else {},
        update_secrets=params["update_secrets"],
    )


def main():
    module = XerusModule(
        argument_spec=argument_spec(),
        supports_check_mode=True,
        required_if=[("state", "present", ["type"])] + [("type", name, [name]) for name in TYPES if name != "log"],
        mutually_exclusive=[list(TYPES)],
    )
    with module.errors_to_fail_json():
        request = request_from(module.params)
        validate(request)
        with module.client() as client:
            result = apply(client, request, check_mode=module.check_mode)
    module.exit_with(
        dict(changed=result.changed, action=result.after), diff=dict(before=result.before, after=result.after)
    )


if __name__ == "__main__":
    main()
