#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_outlet
short_description: Switch and configure outlets of a Xerus PDU
version_added: 1.0.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Switches outlets of a Legrand / Raritan / Server Technology PDU on, off or through a power cycle, and sets their
    name, startup state, cycle delay and non-critical flag, through the PDU's Xerus JSON-RPC API.
  - Any number of outlets in one task, idempotently. Outlets selected by number take at most two HTTP requests,
    by name or V(all) at most three. Numbers are read in one bulk request (PDU settings, outlet list, state and
    settings of the selected outlets); names and V(all) read the outlet list first and then exactly the outlets the
    PDU has. One request writes only what differs (the power change as one multi-outlet call, changed settings and
    both together in one bulk request).
  - Outlets that already are in the requested power state and whose settings already match are not touched.
options:
  outlets:
    description:
      - The outlets to act on. Each entry is a 1-based outlet number (V(3)), an inclusive range of numbers as a
        string (V(3-8)), the name of an outlet (every outlet carrying that name is selected), or the single word
        V(all) for every outlet of the PDU.
      - An entry made of digits is a number, and digits, a dash and digits a range, never a name.
      - A number beyond the PDU's outlet count, or a name no outlet carries, fails the task before anything is
        changed. Ranges are checked against the outlet count before outlets are read, so a huge range costs
        one request and fails.
      - At most 1000 entries; an entry with a line break or another control character is refused.
    type: list
    elements: str
    required: true
  state:
    description:
      - V(on) and V(off) switch only the outlets that are not in that state yet.
      - V(cycle) switches the selected outlets off and, after their cycle delay, on again (outlets that were off
        are on at the end); it always reports a change.
      - Not given, the power state is not touched.
      - An outlet counts as on when it is on, queued to switch on in a switch-on sequence, or in a power cycle.
      - When the PDU inhibits relay control and an outlet would have to switch, the task fails and nothing is
        changed.
    type: str
    choices: ["on", "off", cycle]
  name:
    description:
      - The name to give the outlet (at most 64 characters; an empty string clears it).
      - Only when O(outlets) selects exactly one outlet.
      - A name with a line break (any character Python's C(str.splitlines()) splits on, such as C(\n), C(\r),
        C(\v), C(\f), C(\x1c)-C(\x1e), C(\x85), U+2028, U+2029) or another control character is refused before
        anything is sent, because outlet names end up in line-oriented device files and exports.
    type: str
  startup_state:
    description:
      - What the outlet does when the PDU powers up. V(pdu_default) follows the PDU's own startup state.
    type: str
    choices: ["on", "off", last_known, pdu_default]
  cycle_delay:
    description:
      - Seconds the outlet stays off during a power cycle (1..3600). Setting it makes the outlet use its own delay
        instead of the PDU's.
      - V(0) makes the outlet use the PDU's cycle delay again.
      - Not given, the cycle delay settings are not touched.
    type: int
  non_critical:
    description:
      - Whether the outlet is non-critical (shed first under load shedding).
    type: bool
  respect_sequence:
    description:
      - When switching several outlets on (or cycling them), follow the PDU's outlet power-on sequence and
        in-rush guard delay. V(false) switches in ascending order, still one outlet after the other.
    type: bool
    default: true
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The device is read (one request) and nothing is written. O(state=cycle) reports a change and does not cycle.
notes:
  - The outlets' settings are written as a whole (Outlet.setSettings is not sparse); the fields the task does not
    set are sent back as they were read.
  - Names and V(all) need every outlet's settings. The outlet list is read first, then the state and settings of
    exactly the outlets the device lists (at the resource ids it returned), so reading costs two requests; only
    outlets that exist are read. Numbers and ranges are read in one request.
  - After a sequenced switch-on the outlets may still be queued when the task returns; RV(outlets) reports them
    as V(on), the state they are switching to. No verification request is made.
  - Every return code is checked; a refused write fails the task naming the outlets and the reason.
  - The settings are read and written back as a whole in two requests with nothing in between, but the device
    offers no compare-and-set. Two tasks (or a task and a person on the web interface) changing settings of the
    same outlet at the same time can lose one of the changes; serialize such tasks (for example with
    C(throttle) or C(serial)) per PDU.
seealso:
  - module: xerus.pdu.xerus_info
"""

EXAMPLES = r"""
- name: Switch outlets 1, 3 to 8 and the outlet named web-1 on
  xerus.pdu.xerus_outlet:
    host: pdu-a1.example.com
    username: admin
    password: "{{ vault_pdu_password }}"
    outlets: [1, "3-8", web-1]
    state: "on"

- name: Name outlet 4 and make it come up off after a power loss
  xerus.pdu.xerus_outlet:
    outlets: [4]
    name: db-primary
    startup_state: "off"

- name: Power-cycle every outlet with a 5 s delay, ignoring the PDU's sequence
  xerus.pdu.xerus_outlet:
    outlets: all
    state: cycle
    cycle_delay: 5
    respect_sequence: false

- name: Show what switching everything off would change
  xerus.pdu.xerus_outlet:
    outlets: all
    state: "off"
  check_mode: true
  diff: true
  register: plan
"""

RETURN = r"""
outlets:
  description:
    - Every selected outlet after the task (in check mode, as it would be), ascending by number.
  returned: success
  type: list
  elements: dict
  contains:
    number:
      description: The 1-based outlet number.
      type: int
      sample: 3
    name:
      description: The outlet's name (empty when it has none).
      type: str
      sample: web-1
    state:
      description: V(on) or V(off); V(on) includes an outlet queued to switch on or in a power cycle.
      type: str
      sample: "on"
    startup_state:
      description: V(on), V(off), V(last_known), V(pdu_default), or V(unknown) for a value this collection does not know.
      type: str
      sample: pdu_default
    cycle_delay:
      description: The outlet's own cycle delay in seconds; V(0) when it uses the PDU's cycle delay.
      type: int
      sample: 0
    non_critical:
      description: Whether the outlet is non-critical.
      type: bool
      sample: false
  sample:
    - number: 1
      name: web-1
      state: "on"
      startup_state: pdu_default
      cycle_delay: 0
      non_critical: false
changed_outlets:
  description: 1-based numbers of the outlets that were (in check mode would be) switched, cycled or reconfigured.
  returned: success
  type: list
  elements: int
  sample: [1, 3]
diff:
  description:
    - Per selected outlet (key C(outlet <number>)) its state and settings before and after.
      After a cycle the outlet's C(after) entry also has C(cycled=true).
  returned: when diff mode is enabled
  type: dict
  sample:
    before:
      outlet 3:
        name: ""
        state: "off"
    after:
      outlet 3:
        name: ""
        state: "on"
"""

from ansible_collections.xerus.pdu.plugins.module_utils.outlets import (
    OutletRequest,
    apply,
    parse_selection,
    validate_request,
)
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule


def argument_spec():
    return dict(
        outlets=dict(type="list", elements="str", required=True),
        state=dict(type="str", choices=["on", "off", "cycle"]),
        name=dict(type="str"),
        startup_state=dict(type="str", choices=["on", "off", "last_known", "pdu_default"]),
        cycle_delay=dict(type="int"),
        non_critical=dict(type="bool"),
        respect_sequence=dict(type="bool", default=True),
    )


def desired(params):
    return OutletRequest(
        state=params["state"],
        name=params["name"],
        startup_state=params["startup_state"],
        cycle_delay=params["cycle_delay"],
        non_critical=params["non_critical"],
        respect_sequence=params["respect_sequence"],
    )


def diff_of(result):
    before = {f"outlet {item['number']}": _without_number(item) for item in result.before}
    after = {f"outlet {item['number']}": _without_number(item) for item in result.after}
    for number in result.cycled:
        after[f"outlet {number}"]["cycled"] = True
    return dict(before=before, after=after)


def _without_number(item):
    return {key: value for key, value in item.items() if key != "number"}


def main():
    module = XerusModule(argument_spec=argument_spec(), supports_check_mode=True)
    with module.errors_to_fail_json():
        selection = parse_selection(module.params["outlets"])
        request = desired(module.params)
        validate_request(request)
        with module.client() as client:
            result = apply(client, selection, request, check_mode=module.check_mode)
    output = dict(changed=result.changed, outlets=result.after, changed_outlets=result.changed_outlets)
    module.exit_with(output, diff=diff_of(result))


if __name__ == "__main__":
    main()
