# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""usermgmt.UserManager at /auth/user, usermgmt.User at /auth/user/<name>, usermgmt.RoleManager at /auth/role and
usermgmt.Role at /auth/role/<name> (vendor IDL UserManager.idl, User.idl, RoleManager.idl, Role.idl).

One state with the raw configuration's `users[ID]` and `roles[ID]` keys (docs/protocol/XERUS-PROTOCOL.md
section 9.3): state["accounts"] holds users and roles keyed by their JSON-RPC ids as text. A user's `name`,
`enabled` and `roles` are what the raw configuration reads and writes; the rest of UserInfo is kept beside them.
Passwords and SNMPv3 passphrases are stored as salted hashes or kept back, never returned. Both firmware
generations present the same versions of these interfaces (section 14), so nothing here depends on one.
"""

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import struct

from xerus_sim.rpc.errors import METHOD_NOT_FOUND, RpcError
from xerus_sim.rpc.idltypes import Enum, Struct, Vector

MAX_USERS, MAX_ROLES = 64, 64  # [modelled]
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,31}")  # [modelled] what ERR_USERNAME_INVALID refuses
ROLE_NAME = re.compile(r"[^\x00-\x1f/]{1,32}")  # [modelled]
MAX_AUX = {"fullname": 64, "telephone": 32, "eMail": 128}  # [modelled]
MAX_DESCRIPTION = 255
MAX_SSH_KEY = 8192
MIN_SNMP_PASSPHRASE = 8
ADMIN_USER_ID, ADMIN_ROLE_ID = "1", 1
# Privileges (name -> (description, takes outlet labels as arguments)), as the vendor's CLI writes them (9.3).
PRIVILEGES = {
    "acknowledgeAlarms": ("Acknowledge Alarms", False),
    "adminPrivilege": ("Unrestricted Admin Privilege", False),
    "changePassword": ("Change Own Password", False),
    "changePduConfiguration": ("Change PDU, Inlet, Outlet & Overcurrent Protector Configuration", False),
    "firmwareUpdate": ("Firmware Update", False),
    "viewEventSetup": ("View Event Settings", False),
    "viewLog": ("View Local Event Log", False),
    "switchOutlet": ("Switch Outlet", True),
}
OPERATOR_PRIVILEGES = ("acknowledgeAlarms", "changePassword", "changePduConfiguration", "viewEventSetup", "viewLog")
NEW_SNMP = {
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
DEFAULT_PREFERENCES = {"temperatureUnit": 0, "lengthUnit": 0, "pressureUnit": 0}

# UserManager codes
UM_OK, UM_EXISTS, UM_MAX_USERS, UM_SNMP_SHORT, UM_INVALID = 0, 1, 2, 3, 4
UM_NOT_FOUND, UM_NOT_DELETABLE, UM_USERNAME_INVALID = 1, 2, 18
# User codes
U_UNCHANGED, U_SNMP_SHORT, U_INVALID = 1, 11, 12
# Password rule -> (UserManager code, User code)
PASSWORD_CODES = {
    "empty": (5, 2),
    "short": (6, 3),
    "long": (7, 4),
    "ctrl": (8, 5),
    "lower": (9, 6),
    "upper": (10, 7),
    "numeric": (11, 8),
    "special": (12, 9),
}
SSH_TOO_LARGE, SSH_INVALID, SSH_NOT_SUPPORTED, SSH_RSA_TOO_SHORT = 14, 15, 16, 17
# RoleManager / Role codes
RM_EXISTS, RM_MAX_ROLES, RM_INVALID = 1, 2, 3
RM_NOT_FOUND, RM_NOT_DELETABLE = 1, 2
ROLE_INVALID = 1

SnmpV3Settings = Struct(
    "usermgmt.SnmpV3Settings:2.0.0",
    {
        "enabled": bool,
        "secLevel": Enum("usermgmt.SnmpV3SecLevel:1.0.0", 3),
        "authProtocol": Enum("usermgmt.SnmpV3AuthProto:1.0.0", 6),
        "usePasswordAsAuthPassphrase": bool,
        "haveAuthPassphrase": bool,
        "authPassphrase": str,
        "privProtocol": Enum("usermgmt.SnmpV3PrivProto:1.0.0", 6),
        "useAuthPassphraseAsPrivPassphrase": bool,
        "havePrivPassphrase": bool,
        "privPassphrase": str,
    },
)
AuxInfo = Struct("usermgmt.AuxInfo:1.0.0", {"fullname": str, "telephone": str, "eMail": str})
Preferences = Struct(
    "usermgmt.Preferences:1.0.0",
    {
        "temperatureUnit": Enum("usermgmt.TemperatureEnum:1.0.0", 2),
        "lengthUnit": Enum("usermgmt.LengthEnum:1.0.0", 2),
        "pressureUnit": Enum("usermgmt.PressureEnum:1.0.0", 2),
    },
)
UserInfo = Struct(
    "usermgmt.UserInfo:2.0.0",
    {
        "enabled": bool,
        "locked": bool,
        "blocked": bool,
        "needPasswordChange": bool,
        "auxInfo": AuxInfo,
        "snmpV3Settings": SnmpV3Settings,
        "sshPublicKey": str,
        "preferences": Preferences,
        "roleIds": Vector(int),
    },
)
Privilege = Struct("usermgmt.Role.Privilege:1.0.0", {"name": str, "args": Vector(str)})
RoleInfo = Struct("usermgmt.Role.Info:1.0.0", {"description": str, "locked": bool, "privileges": Vector(Privilege)})


# -- the shared state -----------------------------------------------------------------------------------------


def accounts(device):
    """state["accounts"]: the built-in admin (user 1) and the built-in roles Admin (1, locked) and Operator (2)."""
    stored = device.state.setdefault("accounts", {})
    outlets = ",".join(str(number + 1) for number in range(device.outlet_count))
    stored.setdefault(
        "roles",
        {
            "1": {
                "name": "Admin",
                "description": "System wide Administrator",
                "privs": ["adminPrivilege"],
                "locked": True,
            },
            "2": {
                "name": "Operator",
                "description": "Operator role with frequently-used permissions",
                "privs": [*OPERATOR_PRIVILEGES, f"switchOutlet:{outlets}"],
                "locked": False,
            },
        },
    )
    stored.setdefault("users", {ADMIN_USER_ID: {"name": "admin", "enabled": True, "roles": [ADMIN_ROLE_ID]}})
    return stored


def _user_entry(device, name):
    for user_id, entry in accounts(device)["users"].items():
        if entry.get("name") == name:
            return user_id, entry
    return None, None


def _role_entry(device, name):
    for role_id, entry in accounts(device)["roles"].items():
        if entry.get("name") == name:
            return role_id, entry
    return None, None


def _next_id(table):
    return str(max((int(key) for key in table), default=0) + 1)


# -- logins ---------------------------------------------------------------------------------------------------


def _hash(password, salt):
    return hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt), 1000).hex()


def _password_record(password):
    salt = secrets.token_hex(8)
    return {"salt": salt, "hash": _hash(password, salt)}


def _password_matches(device, entry, password):
    record = entry.get("password")
    if record:
        return hmac.compare_digest(record["hash"], _hash(password, record["salt"]))
    # an account without its own password record is the built-in one: the device's configured password
    return entry.get("name") == device.config.user and _is_configured_password(device, password)


def _is_configured_password(device, password):
    return hmac.compare_digest(password.encode(), device.config.password.encode())


def login_allowed(device, user, password):
    """Basic auth and new sessions: an enabled, unblocked account with this password."""
    with device.lock:
        _user_id, entry = _user_entry(device, user)
        if entry is None:
            return user == device.config.user and _is_configured_password(device, password)
        return bool(entry.get("enabled")) and not entry.get("blocked") and _password_matches(device, entry, password)


def _close_sessions(device, name):
    sessions = getattr(device, "sessions", None)
    for session in sessions.all() if sessions else ():
        if session.username == name:
            sessions.close(session.session_id)


# -- checks ---------------------------------------------------------------------------------------------------


def _password_rule(device, password):
    """The first password rule the text breaks (PASSWORD_CODES key), or None; strong rules only when on."""
    policy = device.state.get("security") or {}
    if password == "":
        return "empty"
    if any(ord(char) < 32 or ord(char) == 127 for char in password):
        return "ctrl"
    strong = policy.get("pw_strong", False)
    low, high = (policy.get("pw_min_length", 8), policy.get("pw_max_length", 32)) if strong else (1, 64)
    if len(password) < low:
        return "short"
    if len(password) > high:
        return "long"
    if strong:
        for rule, test in (("lower", str.islower), ("upper", str.isupper), ("numeric", str.isdigit)):
            if policy.get(f"pw_enforce_{rule}", True) and not any(test(char) for char in password):
                return rule
        if policy.get("pw_enforce_special", True) and all(char.isalnum() for char in password):
            return "special"
    return None


def _ssh_key_code(text):
    """0 for an empty or acceptable OpenSSH public key line set, else the IDL's code."""
    if len(text) > MAX_SSH_KEY:
        return SSH_TOO_LARGE
    for line in filter(None, (part.strip() for part in text.splitlines())):
        fields = line.split()
        if len(fields) < 2:
            return SSH_INVALID
        try:
            blob = base64.b64decode(fields[1], validate=True)
        except (binascii.Error, ValueError):
            return SSH_INVALID
        if fields[0] == "ssh-dss":
            return SSH_NOT_SUPPORTED
        if fields[0] not in (
            "ssh-rsa",
            "ssh-ed25519",
            "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521",
        ):
            return SSH_INVALID
        parts = _ssh_strings(blob)
        if not parts or parts[0] != fields[0].encode():
            return SSH_INVALID
        if fields[0] == "ssh-rsa" and (len(parts) < 3 or int.from_bytes(parts[2], "big").bit_length() < 2048):
            return SSH_RSA_TOO_SHORT
    return 0


def _ssh_strings(blob):
    parts, offset = [], 0
    while offset + 4 <= len(blob):
        (length,) = struct.unpack(">I", blob[offset : offset + 4])
        parts.append(blob[offset + 4 : offset + 4 + length])
        offset += 4 + length
    return parts if offset == len(blob) else []


def _info_valid(device, info, user_id):
    roles = accounts(device)["roles"]
    if any(str(role_id) not in roles for role_id in info["roleIds"]):
        return False
    if any(len(info["auxInfo"][key]) > limit for key, limit in MAX_AUX.items()):
        return False
    snmp = info["snmpV3Settings"]
    for key in ("authPassphrase", "privPassphrase"):
        if snmp[key] and len(snmp[key]) < MIN_SNMP_PASSPHRASE:
            return False
    if user_id == ADMIN_USER_ID and (not info["enabled"] or ADMIN_ROLE_ID not in info["roleIds"]):
        return False  # the built-in administrator stays enabled with the Admin role (9.3)
    return True


def _snmp_needs_password(info):
    snmp = info["snmpV3Settings"]
    return snmp["enabled"] and snmp["secLevel"] > 0 and snmp["usePasswordAsAuthPassphrase"]


# -- stored form <-> UserInfo ---------------------------------------------------------------------------------


def user_info(entry, user_id):
    details = entry.get("details") or {}
    snmp = dict(NEW_SNMP, **(details.get("snmp") or {}))
    snmp.update(
        {
            "haveAuthPassphrase": bool(snmp.pop("auth_secret", None)) or snmp["haveAuthPassphrase"],
            "havePrivPassphrase": bool(snmp.pop("priv_secret", None)) or snmp["havePrivPassphrase"],
            "authPassphrase": "",
            "privPassphrase": "",
        }
    )
    return {
        "enabled": bool(entry.get("enabled")),
        "locked": user_id == ADMIN_USER_ID,
        "blocked": bool(entry.get("blocked")),
        "needPasswordChange": bool(details.get("needPasswordChange")),
        "auxInfo": dict({"fullname": "", "telephone": "", "eMail": ""}, **(details.get("auxInfo") or {})),
        "snmpV3Settings": snmp,
        "sshPublicKey": details.get("sshPublicKey", ""),
        "preferences": dict(DEFAULT_PREFERENCES, **(details.get("preferences") or {})),
        "roleIds": [int(role_id) for role_id in entry.get("roles") or []],
    }


def _store_info(entry, info):
    """Write UserInfo into a stored account: locked and blocked are the device's own, passphrases kept back."""
    details = entry.setdefault("details", {})
    snmp = dict(details.get("snmp") or NEW_SNMP)
    new = info["snmpV3Settings"]
    snmp.update(
        {
            key: new[key]
            for key in (
                "enabled",
                "secLevel",
                "authProtocol",
                "usePasswordAsAuthPassphrase",
                "privProtocol",
                "useAuthPassphraseAsPrivPassphrase",
            )
        }
    )
    for wire, secret, have in (
        ("authPassphrase", "auth_secret", "haveAuthPassphrase"),
        ("privPassphrase", "priv_secret", "havePrivPassphrase"),
    ):
        if new[wire]:
            snmp[secret] = _password_record(new[wire])
            snmp[have] = True
    details.update(
        {
            "snmp": snmp,
            "needPasswordChange": info["needPasswordChange"],
            "auxInfo": dict(info["auxInfo"]),
            "sshPublicKey": info["sshPublicKey"],
            "preferences": dict(info["preferences"]),
        }
    )
    entry["enabled"] = info["enabled"]
    entry["roles"] = list(info["roleIds"])


# -- usermgmt.UserManager ---------------------------------------------------------------------------------------


class UserManager:
    TYPE = "usermgmt.UserManager:2.0.0"

    def __init__(self, device):
        self.device = device

    def getAccountNames(self):
        with self.device.lock:
            return {"_ret_": [entry["name"] for _id, entry in _sorted(accounts(self.device)["users"])]}

    def getAllAccounts(self):
        with self.device.lock:
            return {
                "_ret_": [
                    {"name": entry["name"], "info": user_info(entry, user_id)}
                    for user_id, entry in _sorted(accounts(self.device)["users"])
                ]
            }

    def getAccountsByRole(self, roleName: str):
        with self.device.lock:
            role_id, _role = _role_entry(self.device, roleName)
            return {
                "_ret_": [
                    {"name": entry["name"], "info": user_info(entry, user_id)}
                    for user_id, entry in _sorted(accounts(self.device)["users"])
                    if role_id is not None and int(role_id) in (entry.get("roles") or [])
                ]
            }

    def createAccount(self, username: str, password: str):
        info = dict(_new_info(self.device), roleIds=[])
        return self._create(username, password, info, invalid_code=UM_INVALID)

    def createAccountFull(self, username: str, password: str, info: UserInfo):
        return self._create(username, password, info, invalid_code=UM_INVALID)

    def _create(self, username, password, info, invalid_code):
        device = self.device
        with device.lock:
            table = accounts(device)["users"]
            if _user_entry(device, username)[1] is not None:
                return {"_ret_": UM_EXISTS}
            if not USERNAME.fullmatch(username):
                return {"_ret_": UM_USERNAME_INVALID}
            if len(table) >= MAX_USERS:
                return {"_ret_": UM_MAX_USERS}
            rule = _password_rule(device, password)
            if rule:
                return {"_ret_": PASSWORD_CODES[rule][0]}
            if _snmp_needs_password(info) and len(password) < MIN_SNMP_PASSPHRASE:
                return {"_ret_": UM_SNMP_SHORT}
            code = _ssh_key_code(info["sshPublicKey"])
            if code:
                return {"_ret_": code}
            if not _info_valid(device, info, None):
                return {"_ret_": invalid_code}
            entry = {"name": username, "password": _password_record(password)}
            _store_info(entry, info)
            table[_next_id(table)] = entry
            device.save()
        return {"_ret_": UM_OK}

    def renameAccount(self, username: str, newUsername: str):
        device = self.device
        with device.lock:
            user_id, entry = _user_entry(device, username)
            if entry is None:
                return {"_ret_": UM_NOT_FOUND}
            if _user_entry(device, newUsername)[1] is not None:
                return {"_ret_": 19}
            if not USERNAME.fullmatch(newUsername) or user_id == ADMIN_USER_ID:
                return {"_ret_": UM_USERNAME_INVALID}
            entry["name"] = newUsername
            device.save()
        _close_sessions(device, username)
        return {"_ret_": UM_OK}

    def deleteAccount(self, username: str):
        device = self.device
        with device.lock:
            user_id, entry = _user_entry(device, username)
            if entry is None:
                return {"_ret_": UM_NOT_FOUND}
            if user_id == ADMIN_USER_ID:
                return {"_ret_": UM_NOT_DELETABLE}
            del accounts(device)["users"][user_id]
            device.save()
        _close_sessions(device, username)
        return {"_ret_": UM_OK}

    def getDefaultPreferences(self):
        with self.device.lock:
            return {"_ret_": dict(self.device.state.get("default_preferences") or DEFAULT_PREFERENCES)}

    def setDefaultPreferences(self, prefs: Preferences):
        with self.device.lock:
            self.device.state["default_preferences"] = dict(prefs)
            self.device.save()
        return {"_ret_": 0}


def _new_info(device):
    return {
        "enabled": True,
        "locked": False,
        "blocked": False,
        "needPasswordChange": False,
        "auxInfo": {"fullname": "", "telephone": "", "eMail": ""},
        "snmpV3Settings": dict(NEW_SNMP),
        "sshPublicKey": "",
        "preferences": dict(device.state.get("default_preferences") or DEFAULT_PREFERENCES),
    }


def _sorted(table):
    return sorted(table.items(), key=lambda item: int(item[0]))


# -- usermgmt.User ------------------------------------------------------------------------------------------------


class User:
    """One account; served at /auth/user/<name> while the account exists."""

    TYPE = "usermgmt.User:2.0.0"

    def __init__(self, device, name):
        self.device = device
        self.name = name

    def _entry(self):
        user_id, entry = _user_entry(self.device, self.name)
        if entry is None:
            raise RpcError(METHOD_NOT_FOUND, f"Not Found: no user {self.name}")
        return user_id, entry

    def getInfo(self):
        with self.device.lock:
            user_id, entry = self._entry()
            return {"_ret_": user_info(entry, user_id)}

    def getInfoAndPrivileges(self):
        with self.device.lock:
            user_id, entry = self._entry()
            roles = accounts(self.device)["roles"]
            privileges = [
                privilege_struct(text)
                for role_id in entry.get("roles") or []
                for text in roles.get(str(role_id), {}).get("privs", [])
            ]
            return {"info": user_info(entry, user_id), "privileges": privileges}

    def getCapabilities(self):
        return {"_ret_": {"canSetPassword": True, "canSetPreferences": True}}

    def setPreferences(self, prefs: Preferences):
        with self.device.lock:
            _user_id, entry = self._entry()
            entry.setdefault("details", {})["preferences"] = dict(prefs)
            self.device.save()
        return {"_ret_": 0}

    def setAccountPassword(self, password: str):
        with self.device.lock:
            user_id, entry = self._entry()
            code = self._password_code(entry, user_id, password)
            if code:
                return {"_ret_": code}
            entry["password"] = _password_record(password)
            self.device.save()
        return {"_ret_": 0}

    def _password_code(self, entry, user_id, password):
        if _password_matches(self.device, entry, password):
            return U_UNCHANGED
        rule = _password_rule(self.device, password)
        if rule:
            return PASSWORD_CODES[rule][1]
        if _snmp_needs_password(user_info(entry, user_id)) and len(password) < MIN_SNMP_PASSPHRASE:
            return U_SNMP_SHORT
        return 0

    def updateAccountFull(self, password: str, info: UserInfo):
        device = self.device
        with device.lock:
            user_id, entry = self._entry()
            if password:
                code = self._password_code(entry, user_id, password)
                if code:
                    return {"_ret_": code}
                if _snmp_needs_password(info) and len(password) < MIN_SNMP_PASSPHRASE:
                    return {"_ret_": U_SNMP_SHORT}
            code = _ssh_key_code(info["sshPublicKey"])
            if code:
                return {"_ret_": code}
            if not _info_valid(device, info, user_id):
                return {"_ret_": U_INVALID}
            if password:
                entry["password"] = _password_record(password)
            _store_info(entry, info)
            device.save()
        if not info["enabled"]:
            _close_sessions(device, self.name)
        return {"_ret_": 0}


# -- usermgmt.RoleManager and usermgmt.Role ---------------------------------------------------------------------


def privilege_struct(text):
    name, sep, args = text.partition(":")
    return {"name": name, "args": args.split(",") if sep else []}


def privilege_text(privilege):
    return f"{privilege['name']}:{','.join(privilege['args'])}" if privilege["args"] else privilege["name"]


def role_info(entry):
    return {
        "description": entry.get("description", ""),
        "locked": bool(entry.get("locked")),
        "privileges": [privilege_struct(text) for text in entry.get("privs") or []],
    }


def _privileges_valid(device, privileges):
    labels = {str(number + 1) for number in range(device.outlet_count)}
    names = [privilege["name"] for privilege in privileges]
    if len(names) != len(set(names)):
        return False
    for privilege in privileges:
        known = PRIVILEGES.get(privilege["name"])
        if known is None or bool(privilege["args"]) != known[1] or not set(privilege["args"]) <= labels:
            return False
    return True


def _privilege_descs(device):
    outlets = [{"name": str(number + 1), "desc": f"Outlet {number + 1}"} for number in range(device.outlet_count)]
    return [
        {"name": name, "desc": desc, "args": outlets if takes_outlets else []}
        for name, (desc, takes_outlets) in PRIVILEGES.items()
    ]


class RoleManager:
    TYPE = "usermgmt.RoleManager:1.0.0"

    def __init__(self, device):
        self.device = device

    def _roles(self):
        return [
            {"id": int(role_id), "name": entry["name"], "info": role_info(entry)}
            for role_id, entry in _sorted(accounts(self.device)["roles"])
        ]

    def getAllRoleNames(self):
        with self.device.lock:
            return {"_ret_": [role["name"] for role in self._roles()]}

    def getAllRoles(self):
        with self.device.lock:
            return {"_ret_": self._roles()}

    def getAllPrivileges(self):
        return {"_ret_": _privilege_descs(self.device)}

    def getInfo(self):
        with self.device.lock:
            return {"_ret_": {"privileges": _privilege_descs(self.device), "roles": self._roles()}}

    def createRoleFull(self, name: str, info: RoleInfo):
        device = self.device
        with device.lock:
            table = accounts(device)["roles"]
            if _role_entry(device, name)[1] is not None:
                return {"_ret_": RM_EXISTS}
            if len(table) >= MAX_ROLES:
                return {"_ret_": RM_MAX_ROLES}
            if not ROLE_NAME.fullmatch(name) or not _role_info_valid(device, info) or info["locked"]:
                return {"_ret_": RM_INVALID}
            table[_next_id(table)] = {
                "name": name,
                "description": info["description"],
                "locked": False,
                "privs": [privilege_text(p) for p in info["privileges"]],
            }
            device.save()
        return {"_ret_": 0}

    def deleteRole(self, name: str):
        device = self.device
        with device.lock:
            role_id, entry = _role_entry(device, name)
            if entry is None:
                return {"_ret_": RM_NOT_FOUND}
            if entry.get("locked"):
                return {"_ret_": RM_NOT_DELETABLE}
            stored = accounts(device)
            del stored["roles"][role_id]
            for user in stored["users"].values():  # [modelled] accounts lose the deleted role
                user["roles"] = [rid for rid in user.get("roles") or [] if str(rid) != role_id]
            device.save()
        return {"_ret_": 0}


def _role_info_valid(device, info):
    return len(info["description"]) <= MAX_DESCRIPTION and _privileges_valid(device, info["privileges"])


class Role:
    """One role; served at /auth/role/<name> while the role exists."""

    TYPE = "usermgmt.Role:1.0.0"

    def __init__(self, device, name):
        self.device = device
        self.name = name

    def _entry(self):
        _role_id, entry = _role_entry(self.device, self.name)
        if entry is None:
            raise RpcError(METHOD_NOT_FOUND, f"Not Found: no role {self.name}")
        return entry

    def getInfo(self):
        with self.device.lock:
            return {"_ret_": role_info(self._entry())}

    def updateFull(self, info: RoleInfo):
        device = self.device
        with device.lock:
            entry = self._entry()
            if not _role_info_valid(device, info) or info["locked"] != bool(entry.get("locked")):
                return {"_ret_": ROLE_INVALID}
            privs = [privilege_text(p) for p in info["privileges"]]
            if entry.get("locked") and (privs != entry.get("privs") or info["description"] != entry.get("description")):
                return {"_ret_": ROLE_INVALID}  # the built-in Admin role stays as it is (9.3)
            entry.update({"description": info["description"], "privs": privs})
            device.save()
        return {"_ret_": 0}


RPC_OBJECTS = {"/auth/user": UserManager, "/auth/role": RoleManager}


def find_object(device, rid):
    """The User or Role object of an existing account or role at its well-known rid, else None."""
    for prefix, cls, lookup in (("/auth/user/", User, _user_entry), ("/auth/role/", Role, _role_entry)):
        if rid.startswith(prefix):
            name = rid[len(prefix) :]
            with device.lock:
                exists = lookup(device, name)[1] is not None
            return cls(device, name) if exists else None
    return None


FIND_OBJECT = find_object
