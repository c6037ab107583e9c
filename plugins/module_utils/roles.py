# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Roles of one Xerus PDU: read, compare, write only the difference (usermgmt.RoleManager, usermgmt.Role).

No Ansible import.

    request = roles.RoleRequest(name="fw-admins", privileges=["firmwareUpdate", "switchOutlet:1,2"])
    result = roles.apply(client, request, check_mode=False)

Reading: RoleManager.getInfo, one call: the privileges the device supports (with the arguments each takes)
and every role with its id and Role.Info. Writing: RoleManager.createRoleFull for a new role,
Role.updateFull at ``/auth/role/<name>`` with the Info as read and only the task's fields replaced,
RoleManager.deleteRole.

Privileges are written as the vendor's CLI writes them (docs/protocol/XERUS-PROTOCOL.md section 9.3):
the name as RoleManager.getAllPrivileges lists it, then ``:arg,arg`` for arguments (``switchOutlet:1,2``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError, XerusInputError, naming_option
from ansible_collections.xerus.pdu.plugins.module_utils.text_checks import check_rid_name, check_single_line

# usermgmt.RoleManager codes
CREATE_CODES = {
    1: "a role with this name already exists",
    2: "the device has the maximum number of roles",
    3: "the device refused the role settings as invalid",
}
DELETE_CODES = {1: "the role does not exist", 2: "the device does not allow deleting this role"}
UPDATE_CODES = {1: "the device refused the role settings as invalid"}  # usermgmt.Role.ERR_INVALID_VALUE


class RoleError(XerusError):
    """The device refused a role change, or the task names privileges the device does not have."""


@dataclass(frozen=True)
class RoleRequest:
    """The desired role; None means "leave as it is"."""

    name: str
    state: str = "present"
    description: str | None = None
    privileges: tuple | None = None
    exclusive: bool = False


@dataclass
class RoleResult:
    changed: bool
    before: dict | None
    after: dict | None


def parse_privilege(text):
    """``name`` or ``name:arg,arg`` -> {"name", "args"} (Role.Privilege)."""
    name, _sep, args = str(text).partition(":")
    name = name.strip()
    arguments = [arg.strip() for arg in args.split(",")] if args.strip() else []
    if not name or any(not arg for arg in arguments):
        raise XerusInputError.for_option("privileges", f"{text!r} is not 'name' or 'name:argument,argument'")
    return {"name": name, "args": arguments}


def privilege_text(privilege):
    args = privilege.get("args") or []
    return f"{privilege.get('name')}:{','.join(args)}" if args else str(privilege.get("name"))


def validate(request):
    check_rid_name(request.name, "name", "role")
    if request.description is not None:
        with naming_option("description"):
            check_single_line(request.description, "option description")
    parsed = [parse_privilege(text) for text in request.privileges or ()]
    names = [privilege["name"] for privilege in parsed]
    doubled = sorted({name for name in names if names.count(name) > 1})
    if doubled:
        raise XerusInputError.for_option("privileges", f"listed more than once: {', '.join(doubled)}")
    return parsed


def read(client):
    """RoleManager.Info: (supported privileges by name, roles by name)."""
    info = client.call(rids.ROLE_MANAGER, "getInfo", safe=True).get("_ret_") or {}
    supported = {entry.get("name"): entry for entry in info.get("privileges") or [] if isinstance(entry, dict)}
    roles = {entry.get("name"): entry for entry in info.get("roles") or [] if isinstance(entry, dict)}
    return supported, roles


def apply(client, request, check_mode=False):
    parsed = validate(request)
    supported, roles = read(client)
    current = roles.get(request.name)
    if request.state == "absent":
        return _remove(client, request.name, current, check_mode)
    check_supported(client.device, parsed, supported)
    if current is None:
        info = {"description": request.description or "", "locked": False, "privileges": parsed}
        if not check_mode:
            code = client.call_ret(rids.ROLE_MANAGER, "createRoleFull", {"name": request.name, "info": info})
            _check(client.device, request.name, "not created", code, CREATE_CODES)
        return RoleResult(changed=True, before=None, after=view(request.name, None, info))
    before = current.get("info") or {}
    info = desired_info(before, request, parsed)
    changed = not same_role(info, before)
    if changed and not check_mode:
        code = client.call_ret(rids.role(request.name), "updateFull", {"info": info})
        _check(client.device, request.name, "not changed", code, UPDATE_CODES)
    return RoleResult(
        changed=changed,
        before=view(request.name, current.get("id"), before),
        after=view(request.name, current.get("id"), info),
    )


def check_supported(device, parsed, supported):
    """Every privilege is one the device lists, with arguments it lists (when it takes any)."""
    unknown = [privilege["name"] for privilege in parsed if privilege["name"] not in supported]
    if unknown:
        raise RoleError(
            device,
            f"option privileges: unknown privilege {', '.join(repr(name) for name in unknown)}; "
            f"this device's privileges: {', '.join(sorted(str(name) for name in supported))}; nothing was changed",
            option="privileges",
        )
    for privilege in parsed:
        valid = [arg.get("name") for arg in supported[privilege["name"]].get("args") or [] if isinstance(arg, dict)]
        bad = [arg for arg in privilege["args"] if arg not in valid]
        if bad or (valid and not privilege["args"]):
            wanted = f"one or more of {', '.join(valid)}" if valid else "no arguments"
            raise RoleError(
                device,
                f"option privileges: privilege {privilege['name']!r} takes {wanted} "
                f"(as 'name:argument,argument'); nothing was changed",
                option="privileges",
            )


def desired_info(current, request, parsed):
    """Role.Info as read with description and privileges replaced (exclusive: exactly the listed ones;
    otherwise listed privileges replace those of the same name and the others stay)."""
    info = dict(current)
    if request.description is not None:
        info["description"] = request.description
    if request.privileges is not None:
        if request.exclusive:
            info["privileges"] = parsed
        else:
            listed = {privilege["name"]: privilege for privilege in parsed}
            kept = [listed.pop(p.get("name"), p) for p in current.get("privileges") or []]
            info["privileges"] = kept + list(listed.values())
    return info


def same_role(info, current):
    return info.get("description") == current.get("description") and _privilege_set(info) == _privilege_set(current)


def _privilege_set(info):
    return sorted((p.get("name"), tuple(sorted(p.get("args") or []))) for p in info.get("privileges") or [])


def _remove(client, name, current, check_mode):
    if current is None:
        return RoleResult(changed=False, before=None, after=None)
    info = current.get("info") or {}
    if info.get("locked"):
        raise RoleError(
            client.device,
            f"option state: role {name!r} is built in (locked) and cannot be deleted; nothing was changed",
            option="state",
        )
    if not check_mode:
        code = client.call_ret(rids.ROLE_MANAGER, "deleteRole", {"name": name})
        if code != 1:
            _check(client.device, name, "not deleted", code, DELETE_CODES)
    return RoleResult(changed=True, before=view(name, current.get("id"), info), after=None)


def _check(device, name, what, code, table):
    if code != 0:
        reason = table.get(code, "the device refused the call")
        raise RoleError(device, f"role {name!r}: {what} (code {code}): {reason}; nothing was changed")


def view(name, role_id, info):
    """The returned form of one role."""
    return {
        "name": name,
        "id": role_id,
        "description": info.get("description", ""),
        "locked": bool(info.get("locked")),
        "privileges": [privilege_text(p) for p in info.get("privileges") or []],
    }


# -- the xerus_info subset ``roles`` (plugins/module_utils/info_sections.py) ---------------------------------

NAME = "roles"


def first_calls():
    return {"info": Call(rids.ROLE_MANAGER, "getInfo")}


def facts(answers):
    """Every role and the privileges the device supports, or None without a role manager."""
    info = answers.get("info")
    if info is None:
        return None
    return {
        "roles": [
            view(entry.get("name"), entry.get("id"), entry.get("info") or {})
            for entry in info.get("roles") or []
            if isinstance(entry, dict)
        ],
        "supported_privileges": [
            {
                "name": entry.get("name"),
                "description": entry.get("desc", ""),
                "arguments": [arg.get("name") for arg in entry.get("args") or [] if isinstance(arg, dict)],
            }
            for entry in info.get("privileges") or []
            if isinstance(entry, dict)
        ],
    }
