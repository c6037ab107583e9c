#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_event_rule
short_description: Manage event rules of a Xerus PDU
version_added: 1.1.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Creates, changes and removes event rules of a Legrand / Raritan / Server Technology PDU by name, through the
    event engine (C(event.Engine) at C(/event_engine)) of its Xerus JSON-RPC API. A rule runs its actions
    (M(xerus.pdu.xerus_event_action)) when an event matches its event id.
  - One rule (O(name)) or several (O(rules)) per task, idempotently; with O(exclusive) the listed rules are all the
    PDU keeps, apart from its system rules. One bulk request reads rules and actions, one bulk request writes every
    change.
options:
  name:
    description:
      - The rule's name (unique on the PDU, 1..64 characters, one line). One of O(name) and O(rules) is required.
    type: str
  state:
    description: V(present) creates or changes the rule; V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
  enabled: &rule_enabled
    description: Whether the PDU evaluates the rule.
    type: bool
    default: true
  events:
    description:
      - The event id the rule matches, in the PDU's dotted form, for example V(Inlet.I1.Sensor.current.AboveUpperWarning)
        or V(Outlet.*.PowerControl.**). V(*) matches any one component, V(**) as the last component a whole subtree.
      - An entry may also be a list of components (for a component that contains a dot, such as a user name).
      - Exactly one entry with V(state=present) - the firmware evaluates a single trigger condition per rule
        and ignores combined conditions, so several events need a wildcard or several rules.
      - An id the PDU does not know fails the task naming it.
    type: list
    elements: raw
  actions:
    description: Names of the actions the rule runs (they must exist; see M(xerus.pdu.xerus_event_action)).
    type: list
    elements: str
  match:
    description:
      - V(asserted) runs the actions when the event is asserted (a threshold crossed, an outlet switched, a user
        logged in), V(deasserted) when it is deasserted, V(both) on both.
    type: str
    choices: [asserted, deasserted, both]
    default: asserted
  auto_rearm:
    description: Whether the rule runs again each time its condition becomes true again.
    type: bool
    default: true
  rules:
    description: Several rules in one task, each with the options above (C(name) required in each).
    type: list
    elements: dict
    suboptions:
      name:
        description: The rule's name.
        type: str
        required: true
      state:
        description: V(present) or V(absent).
        type: str
        choices: [present, absent]
        default: present
      enabled: *rule_enabled
      events:
        description: The event id (see O(events)).
        type: list
        elements: raw
      actions:
        description: Names of the actions the rule runs.
        type: list
        elements: str
      match:
        description: See O(match).
        type: str
        choices: [asserted, deasserted, both]
        default: asserted
      auto_rearm:
        description: See O(auto_rearm).
        type: bool
        default: true
  exclusive:
    description:
      - Remove every rule that is not listed (in O(name) or O(rules)) and that the PDU does not mark as a system rule.
    type: bool
    default: false
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The event engine is read (one request) and nothing is written.
notes:
  - A rule is written back as read with the fields this module manages replaced (name, enabled, event id, match,
    actions, auto-rearm); its arguments are kept.
  - The order of O(actions) does not count as a change.
seealso:
  - module: xerus.pdu.xerus_event_action
"""

EXAMPLES = r"""
- name: Log every outlet power reading that crosses a threshold to syslog
  xerus.pdu.xerus_event_rule:
    name: outlet-power-thresholds
    events: ["Outlet.*.Sensor.activePower.*"]
    actions: [syslog-noc]

- name: Exactly these rules on every PDU
  xerus.pdu.xerus_event_rule:
    exclusive: true
    rules:
      - name: inlet-current-warning
        events: ["Inlet.I1.Sensor.current.AboveUpperWarning"]
        actions: [syslog-noc, mail-facilities]
      - name: logins
        events: [[UserActivity, "*", LoggedIn]]
        actions: [syslog-noc]
"""

RETURN = r"""
rules:
  description: The task's rules after the task (in check mode, as they would be); null for a removed rule.
  returned: success
  type: dict
  sample:
    outlet-power-thresholds:
      id: Rule_5
      name: outlet-power-thresholds
      enabled: true
      events: ["Outlet.*.Sensor.activePower.*"]
      match: asserted
      actions: [syslog-noc]
      auto_rearm: true
      system: false
changed_rules:
  description: Names of the rules that were (in check mode would be) added, changed or removed.
  returned: success
  type: list
  elements: str
diff:
  description: The rules before and after, keyed by name.
  returned: when diff mode is enabled
  type: dict
"""

from ansible_collections.xerus.pdu.plugins.module_utils.event_rules import apply, spec_from
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule

RULE_FIELDS = ("name", "state", "enabled", "events", "actions", "match", "auto_rearm")


def _rule_options(name_required):
    return dict(
        name=dict(type="str", required=name_required),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        enabled=dict(type="bool", default=True),
        events=dict(type="list", elements="raw"),
        actions=dict(type="list", elements="str"),
        match=dict(type="str", choices=["asserted", "deasserted", "both"], default="asserted"),
        auto_rearm=dict(type="bool", default=True),
    )


def argument_spec():
    spec = _rule_options(name_required=False)
    spec.update(
        rules=dict(type="list", elements="dict", options=_rule_options(name_required=True)),
        exclusive=dict(type="bool", default=False),
    )
    return spec


def specs_from(params):
    if params["rules"] is not None:
        return [spec_from(entry) for entry in params["rules"]]
    return [spec_from({field: params[field] for field in RULE_FIELDS}, option="events")]


def main():
    module = XerusModule(
        argument_spec=argument_spec(),
        supports_check_mode=True,
        required_one_of=[("name", "rules")],
        mutually_exclusive=[("name", "rules"), ("events", "rules"), ("actions", "rules")],
    )
    with module.errors_to_fail_json():
        specs = specs_from(module.params)
        with module.client() as client:
            result = apply(client, specs, exclusive=module.params["exclusive"], check_mode=module.check_mode)
    module.exit_with(
        dict(changed=result.changed, rules=result.after, changed_rules=result.changed_rules),
        diff=dict(before=result.before, after=result.after),
    )


if __name__ == "__main__":
    main()
