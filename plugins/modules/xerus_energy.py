#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_energy
short_description: Reset active energy counters of a Xerus PDU
version_added: 1.1.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Resets the active energy counters (kWh meters, C(sensors.AccumulatingNumericSensor.resetValue)) of a Legrand /
    Raritan / Server Technology PDU, of its inlets and of its outlets, through its Xerus JSON-RPC API.
  - A reset always reports a change. Every selected counter is looked up first; when one does not exist or cannot
    be reset, the task fails before any counter is reset.
  - "HTTP requests: the outlets as M(xerus.pdu.xerus_outlet) reads them (1 for numbers and ranges, 2 for names
    and V(all)), 1 for the sensors of the selected objects, 1 that reads each counter and resets it."
options:
  reset:
    description: The counters to reset.
    type: dict
    required: true
    suboptions:
      pdu:
        description: The PDU's total active energy counter.
        type: bool
        default: false
      inlets:
        description: 1-based inlet numbers.
        type: list
        elements: int
        default: []
      outlets:
        description:
          - Outlets as in M(xerus.pdu.xerus_outlet) O(xerus.pdu.xerus_outlet#module:outlets) (numbers, ranges such as
            V(3-8), names, V(all)).
        type: list
        elements: str
        default: []
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The counters are looked up and read; nothing is reset. The task reports a change.
notes:
  - "The PDU's total counter is the C(activeEnergy) sensor of C(Pdu.getSensors); a PDU without one, or whose counter
    is not an accumulating sensor, fails the task naming it."
seealso:
  - module: xerus.pdu.xerus_outlet
  - module: xerus.pdu.xerus_info
"""

EXAMPLES = r"""
- name: Start a new billing period for the tenant's outlets
  xerus.pdu.xerus_energy:
    reset:
      outlets: ["1-12"]

- name: Reset the inlet and PDU counters
  xerus.pdu.xerus_energy:
    reset:
      pdu: true
      inlets: [1]
"""

RETURN = r"""
counters:
  description: Every reset counter (in check mode, every counter that would be reset) with its reading before, in Wh.
  returned: success
  type: list
  elements: dict
  contains:
    counter:
      description: V(PDU), V(inlet <n>) or V(outlet <n>).
      type: str
    before:
      description: The counter's reading before the reset (Wh); null when the PDU had no valid reading.
      type: float
    after:
      description: V(0.0).
      type: float
  sample:
    - counter: outlet 1
      before: 1523.0
      after: 0.0
diff:
  description: Readings before and after, keyed by counter.
  returned: when diff mode is enabled
  type: dict
"""

from ansible_collections.xerus.pdu.plugins.module_utils.energy import reset, selection_from
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule


def argument_spec():
    return dict(
        reset=dict(
            type="dict",
            required=True,
            options=dict(
                pdu=dict(type="bool", default=False),
                inlets=dict(type="list", elements="int", default=[]),
                outlets=dict(type="list", elements="str", default=[]),
            ),
        ),
    )


def main():
    module = XerusModule(argument_spec=argument_spec(), supports_check_mode=True)
    with module.errors_to_fail_json():
        selection = selection_from(module.params["reset"])
        with module.client() as client:
            result = reset(client, selection, check_mode=module.check_mode)
    diff = dict(
        before={item["counter"]: item["before"] for item in result.counters},
        after={item["counter"]: item["after"] for item in result.counters},
    )
    module.exit_with(dict(changed=result.changed, counters=result.counters), diff=diff)


if __name__ == "__main__":
    main()
