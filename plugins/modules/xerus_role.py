#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_role
short_description: Manage roles (sets of privileges) of a Xerus PDU
version_added: 1.1.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Creates, changes and deletes roles of a Legrand / Raritan / Server Technology PDU through its Xerus JSON-RPC API
    (C(usermgmt.RoleManager) at C(/auth/role), C(usermgmt.Role) at C(/auth/role/<name>)). Accounts get roles with
    M(xerus.pdu.xerus_user).
  - Reads the device's roles and supported privileges in one request and writes only what differs.
options:
  name:
    description: The role's name. No C(/), no leading or trailing spaces, no line breaks.
    type: str
    required: true
  state:
    description:
      - V(present) creates the role when it is missing and sets the given options; V(absent) deletes it.
      - A built-in (locked) role such as C(Admin) cannot be deleted; the task fails and nothing is changed.
    type: str
    choices: [present, absent]
    default: present
  description:
    description: Free-form description of the role (an empty string clears it).
    type: str
  privileges:
    description:
      - Privileges as the device's CLI writes them, the privilege name as the device lists it, then for a
        privilege that takes arguments C(:) and the arguments separated by commas (V(switchOutlet:1,2)).
      - A privilege the device does not support, or an argument it does not list, fails the task with the
        device's list of valid ones; nothing is changed. M(xerus.pdu.xerus_info) with O(xerus.pdu.xerus_info#module:gather_subset=roles)
        lists them too.
      - Order does not matter.
    type: list
    elements: str
  exclusive:
    description:
      - V(true) makes O(privileges) the role's exact privileges (privileges not listed are removed).
      - V(false) adds the listed privileges; a listed privilege replaces the role's privilege of the same name
        (with its arguments), others stay.
    type: bool
    default: false
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The device is read (one request) and nothing is written.
notes:
  - The role is written as a whole (C(Role.updateFull)); the fields the task does not set are sent back as read.
seealso:
  - module: xerus.pdu.xerus_user
  - module: xerus.pdu.xerus_info
"""

EXAMPLES = r"""
- name: A role that may update firmware and switch outlets 1 and 2
  xerus.pdu.xerus_role:
    host: pdu-a1.example.com
    username: admin
    password: "{{ vault_pdu_password }}"
    name: fw-admins
    description: Firmware updates and the two lab outlets
    privileges:
      - firmwareUpdate
      - switchOutlet:1,2
    exclusive: true

- name: Remove a role
  xerus.pdu.xerus_role:
    name: fw-admins
    state: absent
"""

RETURN = r"""
role:
  description: The role after the task (in check mode, as it would be); absent after O(state=absent).
  returned: success and O(state=present)
  type: dict
  contains:
    name:
      description: The role's name.
      type: str
    id:
      description: The device's role id (none yet for a role created in check mode or just created).
      type: int
    description:
      description: The description.
      type: str
    locked:
      description: Whether the role is built in and cannot be deleted.
      type: bool
    privileges:
      description: The privileges, as C(name) or C(name:arg,arg).
      type: list
      elements: str
  sample:
    name: fw-admins
    id: 3
    description: Firmware updates and the two lab outlets
    locked: false
    privileges: [firmwareUpdate, "switchOutlet:1,2"]
"""

from ansible_collections.xerus.pdu.plugins.module_utils.roles import RoleRequest, apply, validate
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule


def argument_spec():
    return dict(
        name=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        description=dict(type="str"),
        privileges=dict(type="list", elements="str"),
        exclusive=dict(type="bool", default=False),
    )


def desired(params):
    privileges = params["privileges"]
    return RoleRequest(
        name=params["name"],
        state=params["state"],
        description=params["description"],
        privileges=None if privileges is None else tuple(privileges),
        exclusive=params["exclusive"],
    )


def main():
    module = XerusModule(argument_spec=argument_spec(), supports_check_mode=True)
    with module.errors_to_fail_json():
        request = desired(module.params)
        validate(request)
        with module.client() as client:
            result = apply(client, request, check_mode=module.check_mode)
    output = dict(changed=result.changed)
    if result.after is not None:
        output["role"] = result.after
    module.exit_with(output, diff=dict(before=result.before or {}, after=result.after or {}))


if __name__ == "__main__":
    main()
