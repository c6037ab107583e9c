#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_services
short_description: Enable, disable and configure the network services of a Xerus PDU
version_added: 1.1.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Sets, per network service of a Legrand / Raritan / Server Technology PDU, whether it is enabled, its TCP port
    and the service's own settings, through the PDU's Xerus JSON-RPC API, idempotently.
  - Enabled state and port are the device's C(net.Services) (C(/net/services)); forced HTTPS, HSTS and the SSH
    authentication methods are kept in C(security.Security) (C(/security)), the Modbus read-only flag in
    C(devsettings.Modbus) (C(/modbus)). The module reads all of them in one request and writes what differs in
    one more request.
  - Every field not given is left as it is; a service option not given leaves the service alone.
options:
  http:
    description: The HTTP service.
    type: dict
    suboptions:
      enabled: &service_enabled
        description: Whether the service listens.
        type: bool
      port:
        description: TCP port (1..65535), not used by another enabled service.
        type: int
      force_https:
        description: Whether plain HTTP requests are redirected to HTTPS.
        type: bool
  https:
    description:
      - The HTTPS service. JSON-RPC, and so this module, runs over it; O(https.enabled=false) is refused.
      - A new port applies to the next task; the change is written last.
    type: dict
    suboptions:
      enabled:
        description: Whether the service listens; only V(true) is accepted.
        type: bool
      port: &service_port
        description: TCP port (1..65535).
        type: int
      hsts:
        description: Whether the device sends HTTP Strict Transport Security.
        type: bool
  ssh:
    description: The SSH service (command line).
    type: dict
    suboptions:
      enabled: *service_enabled
      port: *service_port
      password_auth:
        description: Whether SSH logins with a password are allowed.
        type: bool
      public_key_auth:
        description: Whether SSH logins with a public key are allowed.
        type: bool
  telnet:
    description: The Telnet service (command line, unencrypted).
    type: dict
    suboptions:
      enabled: *service_enabled
      port: *service_port
  modbus:
    description: The Modbus/TCP service.
    type: dict
    suboptions:
      enabled: *service_enabled
      port: *service_port
      read_only:
        description: Whether Modbus write requests are refused.
        type: bool
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The device is read (one request) and nothing is written.
notes:
  - A service the device does not list, or a field kept on an interface the device does not serve, fails the task
    before anything is written, naming the option.
  - Two enabled services on one port are refused before anything is written.
  - SNMP is managed by M(xerus.pdu.xerus_snmp).
seealso:
  - module: xerus.pdu.xerus_info
  - module: xerus.pdu.xerus_network
"""

EXAMPLES = r"""
- name: Day-one services baseline
  xerus.pdu.xerus_services:
    host: pdu-a1.example.com
    username: admin
    password: "{{ vault_pdu_password }}"
    http:
      enabled: true
      force_https: true
    https:
      hsts: true
    ssh:
      enabled: true
      password_auth: false
      public_key_auth: true
    telnet:
      enabled: false
    modbus:
      enabled: true
      read_only: true
"""

RETURN = r"""
services:
  description:
    - Every service the device lists, after the task (in check mode, as it would be), keyed by the device's name, with
      C(enabled), C(port) and the service's own fields where the device has them (C(force_https) for http,
      C(hsts) for https, C(password_auth) and C(public_key_auth) for ssh, C(read_only) for modbus).
  returned: success
  type: dict
  sample:
    http: {enabled: true, port: 80, force_https: true}
    https: {enabled: true, port: 443, hsts: false}
    ssh: {enabled: true, port: 22, password_auth: true, public_key_auth: true}
    telnet: {enabled: false, port: 23}
    modbus: {enabled: false, port: 502, read_only: true}
changed_services:
  description: The services that changed (in check mode, would change).
  returned: success
  type: list
  elements: str
  sample: [modbus]
diff:
  description: RV(services) before and after.
  returned: when diff mode is enabled
  type: dict
"""

from ansible_collections.xerus.pdu.plugins.module_utils.services import apply, parse_request
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule

SERVICE_FIELDS = {
    "http": dict(force_https=dict(type="bool")),
    "https": dict(hsts=dict(type="bool")),
    "ssh": dict(password_auth=dict(type="bool"), public_key_auth=dict(type="bool")),
    "telnet": {},
    "modbus": dict(read_only=dict(type="bool")),
}


def argument_spec():
    return {
        name: dict(type="dict", options=dict(enabled=dict(type="bool"), port=dict(type="int"), **fields))
        for name, fields in SERVICE_FIELDS.items()
    }


def main():
    module = XerusModule(argument_spec=argument_spec(), supports_check_mode=True)
    with module.errors_to_fail_json():
        request = parse_request(module.params)
        with module.client() as client:
            result = apply(client, request, check_mode=module.check_mode)
    output = dict(changed=result.changed, services=result.after, changed_services=result.changed_services)
    module.exit_with(output, diff=dict(before=result.before, after=result.after))


if __name__ == "__main__":
    main()
