# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local user accounts of one Xerus PDU: read, compare, write only the difference (usermgmt.UserManager, User).

No Ansible import.

    request = users.UserRequest(name="ops", password="...", roles=["Operator"])
    result = users.apply(client, request, login_name="admin", check_mode=False)
    result.changed, result.before, result.after, result.password_changed

Reading: one bulk request, UserManager.getAllAccounts (every account with its UserInfo),
RoleManager.getAllRoles (role names to ids) and UserManager.getDefaultPreferences (the preferences of a
new account); with a session token the session's user name as well (SessionManager.getCurrentSession), to
know which account the task logs in with.

Writing: a new account is one UserManager.createAccountFull; an existing one gets
User.updateAccountFull with an empty password (leave it) and the UserInfo as read with only the fields of
the task replaced (docs/protocol/XERUS-PROTOCOL.md section 14: write back what was read), and, with
``update_password=always``, User.setAccountPassword in the same bulk request.

Passwords are never read back. ``always`` relies on the device's own comparison: setAccountPassword
answers ERR_PASSWORD_UNCHANGED (1) for the current password, which is reported as "unchanged"; no login
is attempted, so no failed-login counter moves. In check mode nothing is written, so the password cannot
be compared: it is reported as not compared (a warning), never as changed.
SNMPv3 passphrases cannot be compared at all (the device only says whether one is present): they are
written when the account has none, or on every run with ``update_password=always``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.enums import (
    SNMP_V3_AUTH_PROTOCOL,
    SNMP_V3_PRIV_PROTOCOL,
    SNMP_V3_SECURITY_LEVEL,
    index_of,
    name_of,
)
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError, XerusInputError, naming_option
from ansible_collections.xerus.pdu.plugins.module_utils.text_checks import check_rid_name, check_single_line

UPDATE_PASSWORD = ("always", "on_create")
MIN_SNMP_PASSPHRASE = 8  # usermgmt.UserManager ERR_PASSWORD_TOO_SHORT_FOR_SNMP: at least 8 characters
PASSWORD_UNCHANGED = 1  # usermgmt.User.ERR_PASSWORD_UNCHANGED

_PASSWORD_RULES = {
    "empty": "the password must not be empty",
    "short": "the password is too short for the device's password policy",
    "long": "the password is too long for the device's password policy",
    "ctrl": "the password must not contain control characters",
    "lower": "the password policy wants at least one lower-case character",
    "upper": "the password policy wants at least one upper-case character",
    "numeric": "the password policy wants at least one digit",
    "special": "the password policy wants at least one special character",
    "snmp": "the password is also the SNMPv3 authentication passphrase and must have at least 8 characters",
}
_SSH_RULES = {
    14: "the SSH public key is too large",
    15: "the SSH public key is not valid",
    16: "the SSH public key type is not supported",
    17: "the SSH RSA public key is too short",
}
# usermgmt.UserManager createAccountFull codes: (option at fault, reason)
CREATE_CODES = {
    1: (None, "a user with this name already exists"),
    2: (None, "the device has the maximum number of users"),
    3: ("password", _PASSWORD_RULES["snmp"]),
    4: (None, "the device refused a value of the account settings as invalid"),
    5: ("password", _PASSWORD_RULES["empty"]),
    6: ("password", _PASSWORD_RULES["short"]),
    7: ("password", _PASSWORD_RULES["long"]),
    8: ("password", _PASSWORD_RULES["ctrl"]),
    9: ("password", _PASSWORD_RULES["lower"]),
    10: ("password", _PASSWORD_RULES["upper"]),
    11: ("password", _PASSWORD_RULES["numeric"]),
    12: ("password", _PASSWORD_RULES["special"]),
    **{code: ("ssh_public_key", reason) for code, reason in _SSH_RULES.items()},
    18: ("name", "the device does not accept this user name (invalid characters)"),
}
# usermgmt.User updateAccountFull / setAccountPassword codes
UPDATE_CODES = {
    1: ("password", "the new password must differ from the old one"),
    2: ("password", _PASSWORD_RULES["empty"]),
    3: ("password", _PASSWORD_RULES["short"]),
    4: ("password", _PASSWORD_RULES["long"]),
    5: ("password", _PASSWORD_RULES["ctrl"]),
    6: ("password", _PASSWORD_RULES["lower"]),
    7: ("password", _PASSWORD_RULES["upper"]),
    8: ("password", _PASSWORD_RULES["numeric"]),
    9: ("password", _PASSWORD_RULES["special"]),
    10: ("password", "the password is in the device's password history"),
    11: ("password", _PASSWORD_RULES["snmp"]),
    12: (None, "the device refused a value of the account settings as invalid"),
    13: ("snmp_v3", "the SNMPv3 authentication passphrase was refused"),
    **{code: ("ssh_public_key", reason) for code, reason in _SSH_RULES.items()},
}
DELETE_CODES = {
    1: (None, "the user does not exist"),
    2: ("name", "the device does not allow deleting this user"),
}
_SNMP_ENUMS = {
    "security_level": ("secLevel", SNMP_V3_SECURITY_LEVEL),
    "auth_protocol": ("authProtocol", SNMP_V3_AUTH_PROTOCOL),
    "priv_protocol": ("privProtocol", SNMP_V3_PRIV_PROTOCOL),
}
_SNMP_FLAGS = {
    "enabled": "enabled",
    "use_password_as_auth_passphrase": "usePasswordAsAuthPassphrase",
    "use_auth_passphrase_as_priv_passphrase": "useAuthPassphraseAsPrivPassphrase",
}
_SNMP_PASSPHRASES = {
    "auth_passphrase": ("authPassphrase", "haveAuthPassphrase"),
    "priv_passphrase": ("privPassphrase", "havePrivPassphrase"),
}
# A new account's SNMPv3 settings before the task's own (SNMPv3 off, the IDL's first protocols).
_NEW_SNMP = {
    "enabled": False,
    "secLevel": 0,
    "authProtocol": 0,
    "usePasswordAsAuthPassphrase": True,
    "haveAuthPassphrase": False,
    "authPassphrase": "",
    "privProtocol": 0,
    "useAuthPassphraseAsPrivPassphrase": True,
    "havePrivPassphrase": False,
    "privPassphrase": "",
}


class UserError(XerusError):
    """The device refused an account change, or the task would lock its own login out."""


@dataclass(frozen=True)
class UserRequest:
    """The desired account; None means "leave as it is" (or the device's default for a new account)."""

    name: str
    state: str = "present"
    password: str | None = None
    update_password: str = "always"
    enabled: bool | None = None
    full_name: str | None = None
    email: str | None = None
    roles: tuple | None = None
    force_password_change: bool | None = None
    ssh_public_key: str | None = None
    snmp_v3: dict | None = None


@dataclass
class UserResult:
    changed: bool
    before: dict | None
    after: dict | None
    password_changed: bool = False
    warnings: list = field(default_factory=list)


@dataclass
class _Device:
    accounts: dict
    roles: dict  # role id -> name
    default_preferences: dict
    session_user: str | None


def validate(request):
    """Local checks so that nothing half-valid reaches the device."""
    check_rid_name(request.name, "name", "user")
    if request.update_password not in UPDATE_PASSWORD:
        raise XerusInputError.for_option("update_password", f"must be one of {', '.join(UPDATE_PASSWORD)}")
    for option in ("full_name", "email", "ssh_public_key"):
        value = getattr(request, option)
        if value is not None:
            with naming_option(option):
                check_single_line(value, f"option {option}")
    if request.password is not None and request.password == "":
        raise XerusInputError.for_option("password", "an empty password is not allowed")
    for role in request.roles or ():
        if not isinstance(role, str) or not role:
            raise XerusInputError.for_option("roles", "every entry is a role name")
    _validate_snmp(request.snmp_v3 or {})


def _validate_snmp(snmp):
    for option, (_field, table) in _SNMP_ENUMS.items():
        if snmp.get(option) is not None and snmp[option] not in table.values():
            raise XerusInputError.for_option(f"snmp_v3.{option}", f"must be one of {', '.join(table.values())}")
    for option in _SNMP_PASSPHRASES:
        value = snmp.get(option)
        if value is not None and len(value) < MIN_SNMP_PASSPHRASE:
            raise XerusInputError.for_option(
                f"snmp_v3.{option}", f"an SNMPv3 passphrase has at least {MIN_SNMP_PASSPHRASE} characters"
            )


def read(client, need_session_user):
    """Accounts by name, role names by id, default preferences and (when asked) the session's user name."""
    calls = [
        Call(rids.USER_MANAGER, "getAllAccounts"),
        Call(rids.ROLE_MANAGER, "getAllRoles"),
        Call(rids.USER_MANAGER, "getDefaultPreferences"),
    ]
    if need_session_user:
        calls.append(Call(rids.SESSION, "getCurrentSession"))
    answers = client.read_all(calls)
    accounts = {entry.get("name"): entry.get("info") or {} for entry in answers[0] or [] if isinstance(entry, dict)}
    roles = role_names(answers[1])
    session_user = (answers[3] or {}).get("username") if need_session_user else None
    return _Device(accounts, roles, answers[2] or {}, session_user)


def role_names(role_accounts):
    """{role id: role name} from RoleManager.getAllRoles."""
    return {entry.get("id"): entry.get("name") for entry in role_accounts or [] if isinstance(entry, dict)}


def apply(client, request, login_name=None, check_mode=False):
    """Read the account, write only what differs; ``login_name`` is the account the task logs in with
    (None with a session token: the session's user name is read)."""
    validate(request)
    guarded = request.state == "absent" or request.enabled is False
    device = read(client, need_session_user=guarded and not login_name)
    login = login_name or device.session_user
    current = device.accounts.get(request.name)
    if guarded and current is not None:
        _refuse_own_login(client.device, request, login)
    if request.state == "absent":
        return _remove(client, request.name, current, device.roles, check_mode)
    wanted_roles = _role_ids(client.device, request.roles, device.roles)
    if current is None:
        return _create(client, request, device, wanted_roles, check_mode)
    return _update(client, request, device, current, wanted_roles, check_mode)


def _refuse_own_login(device, request, login):
    what, option = ("delete", "state") if request.state == "absent" else ("disable", "enabled")
    if login is None:
        reason = "cannot tell which account the task logs in with, so refusing"
    elif login == request.name:
        reason = "the task logs in with this account and would lock itself out; refusing"
    else:
        return
    raise UserError(
        device,
        f"option {option}: {reason} to {what} user {request.name!r}; log in with another administrator "
        "account to do this; nothing was changed",
        option=option,
    )


def _role_ids(device, names, roles):
    if names is None:
        return None
    by_name = {name: role_id for role_id, name in roles.items()}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise UserError(
            device,
            f"option roles: no role named {', '.join(repr(name) for name in unknown)} on this device; "
            f"its roles: {', '.join(sorted(str(name) for name in by_name))}; nothing was changed",
            option="roles",
        )
    return [by_name[name] for name in dict.fromkeys(names)]


def _remove(client, name, current, roles, check_mode):
    if current is None:
        return UserResult(changed=False, before=None, after=None)
    if not check_mode:
        code = client.call_ret(rids.USER_MANAGER, "deleteAccount", {"username": name})
        if code not in (0, 1):
            raise _refused(client.device, name, "not deleted", code, DELETE_CODES, changed=False)
    return UserResult(changed=True, before=view(name, current, roles), after=None)


def _create(client, request, device, wanted_roles, check_mode):
    if request.password is None:
        raise UserError(
            client.device,
            f"option user_password: user {request.name!r} does not exist and a new account needs a password; "
            "nothing was changed",
            option="password",
        )
    info = desired_info(_new_info(device.default_preferences), request, wanted_roles, new_account=True)
    if not check_mode:
        params = {"username": request.name, "password": request.password, "info": info}
        code = client.call_ret(rids.USER_MANAGER, "createAccountFull", params)
        if code != 0:
            raise _refused(client.device, request.name, "not created", code, CREATE_CODES, changed=False)
    return UserResult(changed=True, before=None, after=view(request.name, info, device.roles), password_changed=True)


def _update(client, request, device, current, wanted_roles, check_mode):
    info = desired_info(current, request, wanted_roles, new_account=False)
    calls = []
    set_password = request.password is not None and request.update_password == "always"
    warnings = []
    if set_password and check_mode:
        warnings.append(
            f"user {request.name!r}: check mode does not compare the password (the device compares it only "
            "when it is set); the result does not count it as a change"
        )
    elif set_password:
        calls.append(Call(rids.user(request.name), "setAccountPassword", {"password": request.password}))
    if info != current:
        # after the password: whatever setting a password does to needPasswordChange, the task's value wins
        calls.append(Call(rids.user(request.name), "updateAccountFull", {"password": "", "info": info}))
    password_changed = False
    if calls and not check_mode:
        password_changed = _write_update(client, request.name, calls)
    return UserResult(
        changed=info != current or password_changed,
        before=view(request.name, current, device.roles),
        after=view(request.name, info, device.roles),
        password_changed=password_changed,
        warnings=warnings,
    )


def _write_update(client, name, calls):
    """Send the password and update calls in one bulk request; True when the password was changed."""
    written = []
    for answer in client.bulk(calls):
        method = answer.call.method
        if not answer.ok:
            raise UserError(
                client.device, f"user {name!r}: {method} failed: {answer.error.message}", changed=bool(written)
            )
        if method == "setAccountPassword" and answer.ret == PASSWORD_UNCHANGED:
            continue
        if answer.ret != 0:
            what = "password not set" if method == "setAccountPassword" else "settings not written"
            raise _refused(client.device, name, what, answer.ret, UPDATE_CODES, changed=bool(written))
        written.append(method)
    return "setAccountPassword" in written


def _refused(device, name, what, code, table, changed):
    option, reason = table.get(code, (None, "the device refused the call"))
    prefix = f"option {option}: " if option else ""
    tail = "" if changed else "; nothing was changed"
    return UserError(
        device, f"{prefix}user {name!r}: {what} (code {code}): {reason}{tail}", option=option, changed=changed
    )


def _new_info(default_preferences):
    """The UserInfo of a new account before the task's fields (enabled, no roles, SNMPv3 off)."""
    return {
        "enabled": True,
        "locked": False,
        "blocked": False,
        "needPasswordChange": False,
        "auxInfo": {"fullname": "", "telephone": "", "eMail": ""},
        "snmpV3Settings": dict(_NEW_SNMP),
        "sshPublicKey": "",
        "preferences": dict(default_preferences),
        "roleIds": [],
    }


def desired_info(current, request, wanted_roles, new_account):
    """The UserInfo as read with the task's fields replaced; fields the task does not set stay as read."""
    info = dict(current)
    if request.enabled is not None:
        info["enabled"] = request.enabled
    if request.force_password_change is not None:
        info["needPasswordChange"] = request.force_password_change
    if request.ssh_public_key is not None:
        info["sshPublicKey"] = request.ssh_public_key
    if request.full_name is not None or request.email is not None:
        aux = dict(info.get("auxInfo") or {})
        if request.full_name is not None:
            aux["fullname"] = request.full_name
        if request.email is not None:
            aux["eMail"] = request.email
        info["auxInfo"] = aux
    if wanted_roles is not None and sorted(wanted_roles) != sorted(info.get("roleIds") or []):
        info["roleIds"] = wanted_roles
    if request.snmp_v3:
        info["snmpV3Settings"] = _desired_snmp(
            info.get("snmpV3Settings") or {}, request.snmp_v3, request.update_password, new_account
        )
    return info


def _desired_snmp(current, wanted, update_password, new_account):
    snmp = dict(current)
    for option, wire in _SNMP_FLAGS.items():
        if wanted.get(option) is not None:
            snmp[wire] = wanted[option]
    for option, (wire, table) in _SNMP_ENUMS.items():
        if wanted.get(option) is not None:
            snmp[wire] = index_of(table, wanted[option])
    for option, (wire, present) in _SNMP_PASSPHRASES.items():
        value = wanted.get(option)
        if value is not None and (new_account or update_password == "always" or not current.get(present)):
            snmp[wire] = value
    return snmp


def view(name, info, roles):
    """The returned form of one account: no password, no passphrase."""
    aux = info.get("auxInfo") or {}
    snmp = info.get("snmpV3Settings") or {}
    return {
        "name": name,
        "enabled": bool(info.get("enabled")),
        "locked": bool(info.get("locked")),
        "blocked": bool(info.get("blocked")),
        "force_password_change": bool(info.get("needPasswordChange")),
        "full_name": aux.get("fullname", ""),
        "email": aux.get("eMail", ""),
        "telephone": aux.get("telephone", ""),
        "roles": [str(roles.get(role_id, role_id)) for role_id in info.get("roleIds") or []],
        "ssh_public_key": info.get("sshPublicKey", ""),
        "snmp_v3": _snmp_view(snmp),
    }


def _snmp_view(snmp):
    result = {option: bool(snmp.get(wire)) for option, wire in _SNMP_FLAGS.items()}
    for option, (wire, table) in _SNMP_ENUMS.items():
        result[option] = name_of(table, snmp.get(wire))
    for option, (wire, present) in _SNMP_PASSPHRASES.items():
        result[f"has_{option}"] = bool(snmp.get(present)) or bool(snmp.get(wire))
    return result


# -- the xerus_info subset ``users`` (plugins/module_utils/info_sections.py) ---------------------------------

NAME = "users"


def first_calls():
    return {"accounts": Call(rids.USER_MANAGER, "getAllAccounts"), "roles": Call(rids.ROLE_MANAGER, "getAllRoles")}


def facts(answers):
    """Every local account (no secrets), or None when the device has no user manager."""
    if answers.get("accounts") is None:
        return None
    roles = role_names(answers.get("roles"))
    return [
        view(entry.get("name"), entry.get("info") or {}, roles)
        for entry in answers["accounts"]
        if isinstance(entry, dict)
    ]
