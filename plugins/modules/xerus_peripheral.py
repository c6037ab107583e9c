#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_peripheral
short_description: Name and place the external sensors of a Xerus PDU
version_added: 1.1.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Sets the name, description and position of external (peripheral) sensor slots of a Legrand / Raritan /
    Server Technology PDU, selected by slot number or by the serial number of the attached sensor device,
    idempotently.
  - "Requests: two reads (the slot list, then the settings and attached device of every slot) and one bulk
    request writing the slots that change, each with the complete settings structure read and only the given
    fields changed."
options:
  slot:
    description: The 1-based number of the slot.
    type: int
  serial:
    description:
      - The serial number of the attached sensor device; every slot holding a sensor of that device is selected
        (a combined temperature and humidity sensor fills two slots).
    type: str
  name:
    description:
      - The slot's name. Only when exactly one slot is selected. Not given, the name is not touched.
    type: str
  description:
    description: The slot's description. Not given, it is not touched.
    type: str
  position:
    description:
      - The user-defined location of the sensor (the slot's C(location) setting); each axis not given is not
        touched. Z is in rack units or free text, as the device's peripheral settings say.
    type: dict
    suboptions:
      x:
        description: X coordinate.
        type: str
      "y":
        description: Y coordinate.
        type: str
      z:
        description: Z coordinate.
        type: str
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The slots are read; nothing is written.
notes:
  - Text with a line break or another control character is refused before anything is sent.
seealso:
  - module: xerus.pdu.xerus_threshold
  - module: xerus.pdu.xerus_info
"""

EXAMPLES = r"""
- name: Name the temperature sensor in slot 1
  xerus.pdu.xerus_peripheral:
    slot: 1
    name: rack-top
    description: cold aisle, top of rack
    position: {x: "A", "y": "4", z: "42"}

- name: Place every sensor of one device
  xerus.pdu.xerus_peripheral:
    serial: 1EQ9500020
    position: {x: "A", "y": "4", z: "20"}
"""

RETURN = r"""
slots:
  description: Every selected slot after the task (in check mode, as it would be).
  returned: success
  type: list
  elements: dict
  contains:
    slot:
      description: The 1-based slot number.
      type: int
    name:
      description: The slot's name.
      type: str
    description:
      description: The slot's description.
      type: str
    position:
      description: The slot's location, C(x), C(y) and C(z).
      type: dict
    use_default_thresholds:
      description: Whether the slot's sensor uses the default thresholds of its type.
      type: bool
    device:
      description:
        - The attached device (C(serial), C(type), C(unit), C(is_actuator), C(channel), C(package_class),
          C(port_position), C(interface)), or null for an empty slot.
      type: dict
  sample:
    - slot: 1
      name: rack-top
      description: cold aisle
      position: {x: "A", "y": "4", z: "42"}
      use_default_thresholds: true
      device: {serial: "1JX9500039", type: temperature, unit: degC, is_actuator: false, channel: -1,
               package_class: "1JX", port_position: [{port_type: dev_port, port: "1"}],
               interface: sensors.NumericSensor}
changed_slots:
  description: 1-based numbers of the slots that were (in check mode would be) changed.
  returned: success
  type: list
  elements: int
  sample: [1]
diff:
  description: Per selected slot (key C(slot <number>)) its name, description and position before and after.
  returned: when diff mode is enabled
  type: dict
"""

from ansible_collections.xerus.pdu.plugins.module_utils.peripherals import SlotRequest, SlotSelector, apply
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule


def argument_spec():
    return dict(
        slot=dict(type="int"),
        serial=dict(type="str"),
        name=dict(type="str"),
        description=dict(type="str"),
        position=dict(type="dict", options=dict(x=dict(type="str"), y=dict(type="str"), z=dict(type="str"))),
    )


def _settings_only(view):
    return {key: view[key] for key in ("name", "description", "position")}


def main():
    module = XerusModule(
        argument_spec=argument_spec(),
        mutually_exclusive=[["slot", "serial"]],
        required_one_of=[["slot", "serial"]],
        supports_check_mode=True,
    )
    with module.errors_to_fail_json():
        selector = SlotSelector(slot=module.params["slot"], serial=module.params["serial"])
        position = {axis: value for axis, value in (module.params["position"] or {}).items() if value is not None}
        request = SlotRequest(
            name=module.params["name"], description=module.params["description"], position=position or None
        )
        with module.client() as client:
            result = apply(client, selector, request, check_mode=module.check_mode)
    module.exit_with(
        dict(changed=result.changed, slots=result.after, changed_slots=result.changed_slots),
        diff=dict(
            before={f"slot {item['slot']}": _settings_only(item) for item in result.before},
            after={f"slot {item['slot']}": _settings_only(item) for item in result.after},
        ),
    )


if __name__ == "__main__":
    main()
