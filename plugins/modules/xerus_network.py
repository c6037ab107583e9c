#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_network
short_description: Set the host name, DNS and interface addresses of a Xerus PDU
version_added: 1.1.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Sets the network identity of a Legrand / Raritan / Server Technology PDU through its Xerus JSON-RPC API
    (C(net.Net) at C(/net)), idempotently. Options not given are left as they are.
  - Reads the settings and the active addresses in one request, writes the settings structure back as read with
    only the given fields changed (firmware generations differ in the fields they have), in one more request.
options:
  hostname:
    description:
      - The PDU's host name (1 to 63 letters, digits and hyphens).
      - The device keeps it as the preferred host name it sends with DHCP; the module sets it on IPv4 and IPv6 of
        every interface and returns the first one set.
    type: str
  dns_servers:
    description:
      - The DNS servers (IPv4 or IPv6 addresses) in the order the device asks them. V([]) removes all.
      - The device limits their number (three on most models) and answers a longer list with an error.
    type: list
    elements: str
  dns_search_domains:
    description:
      - The DNS search domains, in order. V([]) removes all.
    type: list
    elements: str
  interfaces:
    description:
      - Address settings per interface, keyed by the device's interface name (for example C(eth0); RV(network)
        and M(xerus.pdu.xerus_info) list them). An unknown name fails the task with the device's names.
      - Each interface takes C(ipv4) and/or C(ipv6), each a dictionary with C(enabled) (bool), C(method)
        (V(dhcp) or V(static)), C(address) (V(address/prefix), for example V(192.0.2.10/24) or
        V(2001:db8::10/64)) and C(gateway) (the default gateway of that family; V("") removes it).
      - C(address) without C(method) means V(static); V(static) needs an address (given, or one the device keeps).
        For C(ipv6), V(dhcp) is the device's automatic configuration (router advertisements and DHCPv6).
      - Keys not given are left as they are.
    type: dict
  allow_address_change:
    description:
      - A change of the address the task is connected through (enabled, method, or static address of the
        interface family that carries the address in O(host)) fails the task unless this is V(true).
      - When O(host) is none of the device's addresses (a name resolving elsewhere, NAT, a proxy), every address
        change counts as a change of the connected address.
      - With V(true) the change is written. When the new address is static, the module then polls the device at
        that address (same port, same credentials and certificate checks) for up to O(reconnect_timeout) seconds
        and reads the settings back; RV(reconnected) tells whether that worked. When the family now uses DHCP
        the new address is unknown, so the module does not reconnect and says so in a warning.
      - With O(validate_certs=true) the device's certificate must be valid for the new address (by IP); otherwise
        the reconnection fails the certificate check and the change is reported as not verified.
    type: bool
    default: false
  reconnect_timeout:
    description:
      - Seconds to wait for the device at its new static address after an allowed address change. V(0) does not
        try. A device that does not answer in time gives a warning, not a failure, when it had accepted the
        change; when the connection was lost before it answered, the task fails with C(changed=true).
    type: float
    default: 60
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The device is read (one request) and nothing is written; the address-change guard applies as well.
notes:
  - Later tasks that address the PDU by its old address need the new one after an address change; the module
    does not change the inventory.
  - A changed default gateway or prefix length is not guarded, although it can cut off a controller in another
    network.
  - Secrets of the interface settings (802.1X passwords and keys, WLAN pre-shared keys) are sent back empty as
    read, which keeps them on the device; they are never returned.
seealso:
  - module: xerus.pdu.xerus_info
  - module: xerus.pdu.xerus_services
"""

EXAMPLES = r"""
- name: Host name and DNS
  xerus.pdu.xerus_network:
    host: pdu-a1.example.com
    username: admin
    password: "{{ vault_pdu_password }}"
    hostname: pdu-a1
    dns_servers: [192.0.2.53, 192.0.2.54]
    dns_search_domains: [example.com]

- name: Move the PDU to its static address (it was reached by its DHCP address)
  xerus.pdu.xerus_network:
    host: "{{ dhcp_address }}"
    interfaces:
      eth0:
        ipv4:
          method: static
          address: 192.0.2.10/24
          gateway: 192.0.2.1
    allow_address_change: true
    reconnect_timeout: 90
  register: moved

- name: Enable IPv6 automatic configuration
  xerus.pdu.xerus_network:
    interfaces:
      eth0:
        ipv6:
          enabled: true
          method: dhcp
"""

RETURN = r"""
network:
  description: The managed network settings after the task (in check mode, as they would be).
  returned: success
  type: dict
  contains:
    hostname:
      description: The preferred host name.
      type: str
      sample: pdu-a1
    dns_servers:
      description: The configured DNS servers, in order.
      type: list
      elements: str
      sample: [192.0.2.53]
    dns_search_domains:
      description: The configured DNS search domains, in order.
      type: list
      elements: str
      sample: [example.com]
    interfaces:
      description:
        - Per interface name, C(ipv4) and C(ipv6) with C(enabled), C(method) (V(dhcp), V(static) or
          V(unknown)), C(address) (the static address as address/prefix, empty when none) and C(gateway).
      type: dict
      sample:
        eth0:
          ipv4: {enabled: true, method: static, address: 192.0.2.10/24, gateway: 192.0.2.1}
          ipv6: {enabled: false, method: dhcp, address: "", gateway: ""}
address_changed:
  description: Whether the task changed (in check mode would change) the address it was connected through.
  returned: success
  type: bool
  sample: false
reconnected:
  description:
    - After an address change, whether the device answered at its new address with the settings written.
      V(false) when it could not be tried or did not answer (see the warning); null without an address change.
  returned: success
  type: bool
  sample: true
diff:
  description: RV(network) before and after.
  returned: when diff mode is enabled
  type: dict
"""

from ansible_collections.xerus.pdu.plugins.module_utils.network import apply, parse_request
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule


def argument_spec():
    return dict(
        hostname=dict(type="str"),
        dns_servers=dict(type="list", elements="str"),
        dns_search_domains=dict(type="list", elements="str"),
        interfaces=dict(type="dict"),
        allow_address_change=dict(type="bool", default=False),
        reconnect_timeout=dict(type="float", default=60),
    )


def main():
    module = XerusModule(argument_spec=argument_spec(), supports_check_mode=True)
    with module.errors_to_fail_json():
        request = parse_request(module.params)
        with module.client() as client:
            result = apply(client, request, check_mode=module.check_mode)
    output = dict(
        changed=result.changed,
        network=result.after,
        address_changed=result.address_changed,
        reconnected=result.reconnected,
        warnings=result.warnings,
    )
    module.exit_with(output, diff=dict(before=result.before, after=result.after))


if __name__ == "__main__":
    main()
