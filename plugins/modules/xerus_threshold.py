#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_threshold
short_description: Set the thresholds of sensors of a Xerus PDU
version_added: 1.1.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Sets the lower and upper warning and critical thresholds, the assertion timeout and the deassertion hysteresis
    of one or many numeric sensors of a Legrand / Raritan / Server Technology PDU (an inlet's, outlets', an
    over-current protector's or an external sensor's), or resets them to the sensor's defaults, idempotently.
  - The sensors are selected by object and sensor name, for example O(inlet=1) and O(sensor=current), or
    O(outlets=["1-24"]) and O(sensor=activePower).
  - Every sensor's new thresholds are checked before anything is written; levels the sensor does not have, values
    outside the sensor's range and levels out of order fail the task with the device unchanged. All sensors that
    change are written in one bulk request, each with the complete thresholds structure read from it and only the
    given fields changed.
  - "Requests: inlet and OCP sensors are read in one request; outlets take one request for the selection (two for
    names and V(all)) and one for the thresholds; peripherals two for the slots and one for the thresholds. One
    request writes."
options:
  inlet:
    description: The 1-based number of the inlet whose sensor O(sensor) is set.
    type: int
  outlets:
    description:
      - The outlets whose sensor O(sensor) is set, selected as in M(xerus.pdu.xerus_outlet) (numbers, ranges such
        as V(1-24), outlet names, or V(all)).
    type: list
    elements: str
  ocp:
    description: The 1-based number of the over-current protector (circuit breaker) whose sensor O(sensor) is set.
    type: int
  peripheral:
    description:
      - An external sensor, by its 1-based slot number or by the slot's name. Every slot carrying the name is
        selected. The slot must hold a numeric sensor.
    type: str
  sensor:
    description:
      - The sensor of the inlet, outlets or OCP by its name in the device's interface, in camelCase or snake_case
        (V(current), V(activePower), V(active_power), V(voltage), V(powerFactor), ...).
      - Required with O(inlet), O(outlets) and O(ocp); not used with O(peripheral).
    type: str
  lower_critical:
    description:
      - The lower critical threshold. V(value) sets it and enables it; V(enabled=false) disables it (keeping its
        value); a null V(value) without V(enabled) disables it.
      - Not given, the threshold is not touched.
    type: dict
    suboptions:
      value: &threshold_value
        description: The threshold in the sensor's unit.
        type: float
      enabled:
        description: Whether the threshold is enabled; defaults to whether O(lower_critical.value) is given.
        type: bool
  lower_warning:
    description: The lower warning threshold, as O(lower_critical).
    type: dict
    suboptions:
      value: *threshold_value
      enabled:
        description: Whether the threshold is enabled; defaults to whether O(lower_warning.value) is given.
        type: bool
  upper_warning:
    description: The upper warning threshold, as O(lower_critical).
    type: dict
    suboptions:
      value: *threshold_value
      enabled:
        description: Whether the threshold is enabled; defaults to whether O(upper_warning.value) is given.
        type: bool
  upper_critical:
    description: The upper critical threshold, as O(lower_critical).
    type: dict
    suboptions:
      value: *threshold_value
      enabled:
        description: Whether the threshold is enabled; defaults to whether O(upper_critical.value) is given.
        type: bool
  assertion_timeout:
    description: Samples a threshold must be crossed before the sensor changes state (C(assertionTimeout)).
    type: int
  deassertion_hysteresis:
    description: How far a reading must come back inside a threshold before the state returns (C(deassertionHysteresis)).
    type: float
    aliases: [hysteresis]
  reset_to_default:
    description:
      - Set the thresholds to the sensor's defaults (C(getDefaultThresholds)). Cannot be combined with other
        threshold options.
    type: bool
    default: false
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The sensors are read and checked; nothing is written.
notes:
  - Enabled thresholds must be in ascending order, lower critical < lower warning < upper warning < upper
    critical, and within the sensor's range from its metadata.
  - When the device refuses one sensor's thresholds in the bulk write, the others may have been written; the task
    fails, names the refused sensors and reports C(changed) when any were written.
seealso:
  - module: xerus.pdu.xerus_info
  - module: xerus.pdu.xerus_outlet
"""

EXAMPLES = r"""
- name: Warn at 13 A and alarm at 16 A on inlet 1
  xerus.pdu.xerus_threshold:
    inlet: 1
    sensor: current
    upper_warning: {value: 13}
    upper_critical: {value: 16}

- name: Alarm when any of outlets 1 to 24 draws more than 1.8 kW
  xerus.pdu.xerus_threshold:
    outlets: ["1-24"]
    sensor: activePower
    upper_critical: {value: 1800}
    deassertion_hysteresis: 20

- name: Disable the lower warning of the temperature sensor named rack-top
  xerus.pdu.xerus_threshold:
    peripheral: rack-top
    lower_warning: {enabled: false}

- name: Back to the defaults on circuit breaker 2
  xerus.pdu.xerus_threshold:
    ocp: 2
    sensor: current
    reset_to_default: true
"""

RETURN = r"""
sensors:
  description: Every selected sensor with its thresholds after the task (in check mode, as they would be).
  returned: success
  type: list
  elements: dict
  contains:
    object:
      description: The sensor's owner, V(inlet 1), V(outlet 3), V(ocp 2) or V(peripheral slot 4).
      type: str
    sensor:
      description: The sensor's name in snake_case (V(device) for a peripheral).
      type: str
    thresholds:
      description:
        - C(lower_critical), C(lower_warning), C(upper_warning), C(upper_critical) each with C(enabled) and
          C(value), and C(assertion_timeout), C(deassertion_hysteresis).
      type: dict
  sample:
    - object: outlet 3
      sensor: current
      thresholds:
        lower_critical: {enabled: false, value: 0.0}
        lower_warning: {enabled: false, value: 0.0}
        upper_warning: {enabled: true, value: 8.0}
        upper_critical: {enabled: true, value: 10.0}
        assertion_timeout: 0
        deassertion_hysteresis: 0.1
changed_sensors:
  description: The sensors whose thresholds were (in check mode would be) changed, as C(<object>).
  returned: success
  type: list
  elements: str
  sample: ["outlet 3"]
diff:
  description: Per selected sensor (key C(<object> <sensor>)) its thresholds before and after.
  returned: when diff mode is enabled
  type: dict
"""

from ansible_collections.xerus.pdu.plugins.module_utils.outlets import parse_selection
from ansible_collections.xerus.pdu.plugins.module_utils.sensor_values import THRESHOLD_LEVELS
from ansible_collections.xerus.pdu.plugins.module_utils.thresholds import Level, Target, ThresholdRequest, apply
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule

OBJECTS = ["inlet", "outlets", "ocp", "peripheral"]


def argument_spec():
    level = dict(type="dict", options=dict(value=dict(type="float"), enabled=dict(type="bool")))
    spec = dict(
        inlet=dict(type="int"),
        outlets=dict(type="list", elements="str"),
        ocp=dict(type="int"),
        peripheral=dict(type="str"),
        sensor=dict(type="str"),
        assertion_timeout=dict(type="int"),
        deassertion_hysteresis=dict(type="float", aliases=["hysteresis"]),
        reset_to_default=dict(type="bool", default=False),
    )
    spec.update({name: dict(level) for name in THRESHOLD_LEVELS})
    return spec


def target_of(params):
    return Target(
        inlet=params["inlet"],
        outlets=parse_selection(params["outlets"]) if params["outlets"] is not None else None,
        ocp=params["ocp"],
        peripheral=params["peripheral"],
        sensor=params["sensor"],
    )


def request_of(params):
    levels = {
        name: Level(value=params[name]["value"], enabled=params[name]["enabled"])
        for name in THRESHOLD_LEVELS
        if params[name] is not None
    }
    return ThresholdRequest(
        levels=levels,
        assertion_timeout=params["assertion_timeout"],
        deassertion_hysteresis=params["deassertion_hysteresis"],
        reset_to_default=params["reset_to_default"],
    )


def _keyed(items):
    return {f"{item['object']} {item['sensor']}": item["thresholds"] for item in items}


def main():
    module = XerusModule(
        argument_spec=argument_spec(),
        mutually_exclusive=[OBJECTS],
        required_one_of=[OBJECTS],
        supports_check_mode=True,
    )
    with module.errors_to_fail_json():
        target = target_of(module.params)
        request = request_of(module.params)
        with module.client() as client:
            result = apply(client, target, request, check_mode=module.check_mode)
    module.exit_with(
        dict(changed=result.changed, sensors=result.after, changed_sensors=result.changed_sensors),
        diff=dict(before=_keyed(result.before), after=_keyed(result.after)),
    )


if __name__ == "__main__":
    main()
