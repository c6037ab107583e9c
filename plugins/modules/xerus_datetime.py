#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_datetime
short_description: Set the time protocol, NTP servers and time zone of a Xerus PDU
version_added: 1.1.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Sets how a Legrand / Raritan / Server Technology PDU keeps its clock (C(datetime.DateTime) at C(/datetime) of
    its Xerus JSON-RPC API), idempotently. Options not given are left as they are.
  - Reads the configuration, the device's time zone list and its active NTP servers in one request; writes the
    configuration back as read with only the given fields changed, in one more request.
options:
  protocol:
    description:
      - V(ntp) synchronizes the clock with the NTP servers; V(static) keeps the clock the device has.
    type: str
    choices: [static, ntp]
  ntp_servers:
    description:
      - The NTP servers (host names or addresses), primary first; the device keeps at most two.
      - V([]) removes both. The order matters, so V([a, b]) after V([b, a]) is a change.
      - On firmware with NTP authentication the key ids belong to the slots (primary, secondary) and are kept as
        they are; swapping servers does not swap their keys.
    type: list
    elements: str
  time_zone:
    description:
      - The time zone by its name as the device lists it (the C(datetime) subset of
        M(xerus.pdu.xerus_info) shows the current one); an exact match first, then one ignoring case.
      - An unknown name fails the task before anything is written, listing the closest names the device has.
    type: str
  automatic_dst:
    description:
      - Whether the device adjusts the clock for daylight saving time (only for zones with daylight saving rules).
    type: bool
  check_ntp:
    description:
      - Run the device's own check of each NTP server (after the change; in check mode, of the servers it would
        have) and return the outcome in RV(ntp_check). A server that fails the check does not fail the task.
      - On firmware with NTP authentication the check uses the server's configured authentication key.
    type: bool
    default: false
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The device is read (one request) and nothing is written; O(check_ntp) still runs the device's check.
notes:
  - The configuration holds the device time, which the device uses with V(static). It is sent back as read,
    so a change while the protocol is V(static) sets the clock back by the time between reading and writing
    (a fraction of a second).
seealso:
  - module: xerus.pdu.xerus_info
"""

EXAMPLES = r"""
- name: NTP with two servers, Berlin time
  xerus.pdu.xerus_datetime:
    host: pdu-a1.example.com
    username: admin
    password: "{{ vault_pdu_password }}"
    protocol: ntp
    ntp_servers: [ntp1.example.com, 192.0.2.123]
    time_zone: Europe/Berlin
    automatic_dst: true
    check_ntp: true
  register: clock

- name: Fail when the device cannot use its primary NTP server
  ansible.builtin.assert:
    that: clock.ntp_check[0].usable
"""

RETURN = r"""
datetime:
  description: The date and time settings after the task (in check mode, as they would be).
  returned: success
  type: dict
  contains:
    protocol:
      description: V(static), V(ntp), or V(unknown) for a value this collection does not know.
      type: str
      sample: ntp
    ntp_servers:
      description: The configured NTP servers, primary first.
      type: list
      elements: str
      sample: [ntp1.example.com]
    time_zone:
      description: The time zone's name as the device lists it.
      type: str
      sample: Europe/Berlin
    automatic_dst:
      description: Whether daylight saving time is adjusted automatically.
      type: bool
      sample: true
active_ntp_servers:
  description: The NTP servers the device used when the task read it (before any change).
  returned: success
  type: list
  elements: str
  sample: [192.0.2.123]
ntp_check:
  description: The device's check of each NTP server in RV(datetime.ntp_servers), in order.
  returned: when O(check_ntp=true)
  type: list
  elements: dict
  contains:
    server:
      description: The server checked.
      type: str
    usable:
      description: Whether the device can synchronize with it.
      type: bool
    reason:
      description:
        - Empty when usable; otherwise why not, from the device's answer (firmware with NTP authentication
          answers a reason such as C(no response) or C(the address does not resolve); older firmware only
          says that it cannot use the server).
      type: str
  sample: [{server: ntp1.example.com, usable: true, reason: ""}]
diff:
  description: RV(datetime) before and after.
  returned: when diff mode is enabled
  type: dict
"""

from ansible_collections.xerus.pdu.plugins.module_utils.date_time import PROTOCOLS, apply, parse_request
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule


def argument_spec():
    return dict(
        protocol=dict(type="str", choices=list(PROTOCOLS)),
        ntp_servers=dict(type="list", elements="str"),
        time_zone=dict(type="str"),
        automatic_dst=dict(type="bool"),
        check_ntp=dict(type="bool", default=False),
    )


def main():
    module = XerusModule(argument_spec=argument_spec(), supports_check_mode=True)
    with module.errors_to_fail_json():
        request = parse_request(module.params)
        with module.client() as client:
            result = apply(client, request, check_mode=module.check_mode)
    output = dict(changed=result.changed, datetime=result.after, active_ntp_servers=result.active_ntp_servers)
    if result.ntp_check is not None:
        output["ntp_check"] = result.ntp_check
    module.exit_with(output, diff=dict(before=result.before, after=result.after))


if __name__ == "__main__":
    main()
