# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""auth.AuthManager at /auth, auth.LdapManager at /auth/ldap, auth.RadiusManager at /auth/radius (vendor IDL;
docs/protocol/XERUS-PROTOCOL.md section 14 for the fields per generation).

State: device.state["auth"] = {"policy", "ldap", "radius"}; server entries are stored with every field of both
generations and shaped per generation when read.  [modelled] Secrets (bindPwd, sharedSecret) are stored but
read back empty; a written entry with an empty secret keeps the secret stored for the same server.  Server
tests contact nothing but LDAP's TCP port: names under `.invalid` are unreachable, LDAP servers whose port
refuses a connection too.
"""

import copy
import socket

from xerus_sim.model import generations
from xerus_sim.rpc.idltypes import Enum, Struct, Vector

LOCAL, RADIUS_TYPE, KERBEROS, TACACS_PLUS, LDAP_TYPE = range(5)
SUPPORTED_TYPES = (LOCAL, RADIUS_TYPE, LDAP_TYPE)
SEC_PROTO_NONE, SEC_PROTO_SSL, SEC_PROTO_STARTTLS = range(3)
PORTS = range(1, 65536)
PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----"
MAX_TEXT = 1024
CONNECT_TIMEOUT = 1.0

Policy = Struct("auth.Policy:1.0.0", {"type": Enum("auth.Type:1.0.0", 5), "useLocalIfRemoteFailed": bool})
LdapSettings = Struct(
    "auth.LdapManager.ServerSettings",
    {
        "id": str,
        "server": str,
        "adoptSettingsId": str,
        "type": Enum("auth.LdapManager.ServerType", 2),
        "secProto": Enum("auth.LdapManager.SecurityProtocol", 3),
        "port": int,
        "sslPort": int,
        "forceTrustedCert": bool,
        "allowOffTimeRangeCerts": bool,
        "certificate": str,
        "adsDomain": str,
        "useAnonymousBind": bool,
        "bindDN": str,
        "bindPwd": str,
        "searchBaseDN": str,
        "loginNameAttr": str,
        "userEntryObjClass": str,
        "userSearchFilter": str,
        "groupInfoInUserEntry": bool,
        "groupMemberAttr": str,
        "groupEntryObjClass": str,
        "groupSearchFilter": str,
        "supportNestedGroups": bool,
    },
    structure="auth.LdapManager.ServerSettings",
)
RadiusSettings = Struct(
    "auth.RadiusManager.ServerSettings",
    {
        "id": str,
        "server": str,
        "sharedSecret": str,
        "udpAuthPort": int,
        "udpAccountPort": int,
        "timeout": int,
        "retries": int,
        "authType": Enum("auth.RadiusManager.AuthType", 3),
        "disableAccounting": bool,
        "messageAuthenticatorOptional": bool,
    },
    structure="auth.RadiusManager.ServerSettings",
)
LDAP_STRUCTURE, RADIUS_STRUCTURE = LdapSettings.structure, RadiusSettings.structure
# Values of the fields an entry written by a device of the other generation lacks.
LDAP_FILLER = {"id": "", "adoptSettingsId": "", "supportNestedGroups": False}
RADIUS_FILLER = {"messageAuthenticatorOptional": False}


def default_auth():
    return {"policy": {"type": LOCAL, "useLocalIfRemoteFailed": True}, "ldap": [], "radius": []}


def auth_state(device):
    return device.state.setdefault("auth", default_auth())


def _shown(device, structure, entries, secret):
    generation = generations.of(device)
    return [dict(generations.shape(generation, structure, entry), **{secret: ""}) for entry in entries]


def _stored(entries, previous, filler, secret):
    """The entries to store: the other generation's fields filled in, empty secrets kept from the previous entry
    for the same server."""
    secrets = {}
    for entry in previous:
        secrets.setdefault(entry["server"], entry.get(secret, ""))
    stored = []
    for entry in entries:
        entry = dict(filler, **copy.deepcopy(entry))
        if not entry[secret]:
            entry[secret] = secrets.get(entry["server"], "")
        stored.append(entry)
    return stored


def _host_ok(text):
    return bool(text) and len(text) <= 253 and not any(char.isspace() or ord(char) < 32 for char in text)


def _texts_ok(entry):
    return all(
        len(value) <= MAX_TEXT * 8 if name == "certificate" else len(value) <= MAX_TEXT
        for name, value in entry.items()
        if isinstance(value, str)
    )


class AuthManager:
    TYPE = "auth.AuthManager:1.0.0"
    ERR_UNSUPPORTED_TYPE = 1

    def __init__(self, device):
        self.device = device

    def getPolicy(self):
        with self.device.lock:
            return {"_ret_": dict(auth_state(self.device)["policy"])}

    def setPolicy(self, p: Policy):
        if p["type"] not in SUPPORTED_TYPES:
            return {"_ret_": self.ERR_UNSUPPORTED_TYPE}
        with self.device.lock:
            auth_state(self.device)["policy"] = dict(p)
            self.device.save()
        return {"_ret_": 0}


class LdapManager:
    TYPE = "auth.LdapManager:5.0.0"
    ERR_CYCLIC_DEP, ERR_INVALID_CFG = 1, 2
    ERR_SERVER_UNSPECIFIED, ERR_SERVER_UNREACHABLE, ERR_AUTHENTICATION_FAILED = 1, 3, 4

    def __init__(self, device):
        self.device = device

    def getLdapServers(self):
        with self.device.lock:
            return {"_ret_": _shown(self.device, LDAP_STRUCTURE, auth_state(self.device)["ldap"], "bindPwd")}

    def setLdapServers(self, serverList: Vector(LdapSettings)):
        with self.device.lock:
            state = auth_state(self.device)
            stored = _stored(serverList, state["ldap"], LDAP_FILLER, "bindPwd")
            if not all(_ldap_valid(entry) for entry in stored):
                return {"_ret_": self.ERR_INVALID_CFG}
            if generations.of(self.device) == generations.GENERATION_40:
                code = _adopted_ids(stored)
                if code:
                    return {"_ret_": code}
            state["ldap"] = stored
            self.device.save()
        return {"_ret_": 0}

    def testLdapServer(self, username: str, password: str, settings: LdapSettings):
        with self.device.lock:
            entry = _stored([settings], auth_state(self.device)["ldap"], LDAP_FILLER, "bindPwd")[0]
        if not _ldap_valid(entry):
            return {"_ret_": self.ERR_INVALID_CFG, "diagMsg": "Invalid LDAP server configuration"}
        port = entry["sslPort"] if entry["secProto"] == SEC_PROTO_SSL else entry["port"]
        if not _reachable(entry["server"], port):
            return {"_ret_": self.ERR_SERVER_UNREACHABLE, "diagMsg": f"Can't contact LDAP server {entry['server']}"}
        if not entry["useAnonymousBind"] and not entry["bindPwd"]:
            return {"_ret_": self.ERR_AUTHENTICATION_FAILED, "diagMsg": "Bind failed: invalid credentials"}
        if not username or not password:
            return {"_ret_": self.ERR_AUTHENTICATION_FAILED, "diagMsg": "User authentication failed"}
        return {"_ret_": 0, "diagMsg": "Authentication successful"}


def _ldap_valid(entry):
    certificate_ok = not entry["certificate"].strip() or PEM_CERTIFICATE in entry["certificate"]
    return (
        _host_ok(entry["server"])
        and entry["port"] in PORTS
        and entry["sslPort"] in PORTS
        and certificate_ok
        and _texts_ok(entry)
    )


def _adopted_ids(entries):
    """4.0 generation: give new entries an id; adoptSettingsId must name another entry, without cycles."""
    taken = {entry["id"] for entry in entries if entry["id"]}
    number = 1
    for entry in entries:
        while not entry["id"]:
            if str(number) not in taken:
                entry["id"] = str(number)
                taken.add(entry["id"])
            number += 1
    adopts = {entry["id"]: entry["adoptSettingsId"] for entry in entries}
    if any(target and target not in adopts for target in adopts.values()):
        return LdapManager.ERR_INVALID_CFG
    for start in adopts:
        seen, current = set(), start
        while adopts.get(current):
            if current in seen:
                return LdapManager.ERR_CYCLIC_DEP
            seen.add(current)
            current = adopts[current]
    return 0


def _reachable(host, port):
    if host.endswith(".invalid"):
        return False
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT):
            return True
    except OSError:
        return False


class RadiusManager:
    TYPE = "auth.RadiusManager:4.0.0"
    ERR_INVALID_CFG, ERR_SERVER_UNSPECIFIED, ERR_INVALID_SHARED_SECRET = 1, 2, 3
    ERR_SERVER_UNREACHABLE, ERR_AUTHENTICATION_FAILED = 4, 5

    def __init__(self, device):
        self.device = device

    def getRadiusServers(self):
        with self.device.lock:
            entries = auth_state(self.device)["radius"]
            return {"_ret_": _shown(self.device, RADIUS_STRUCTURE, entries, "sharedSecret")}

    def setRadiusServers(self, serverList: Vector(RadiusSettings)):
        with self.device.lock:
            state = auth_state(self.device)
            stored = _stored(serverList, state["radius"], RADIUS_FILLER, "sharedSecret")
            if not all(_radius_valid(entry) and entry["sharedSecret"] for entry in stored):
                return {"_ret_": self.ERR_INVALID_CFG}
            for entry in stored:
                entry["id"] = ""  # unused: empty on read, ignored on write (vendor IDL)
            state["radius"] = stored
            self.device.save()
        return {"_ret_": 0}

    def testRadiusServer(self, username: str, password: str, settings: RadiusSettings):
        with self.device.lock:
            entry = _stored([settings], auth_state(self.device)["radius"], RADIUS_FILLER, "sharedSecret")[0]
        if not _radius_valid(entry):
            return {"_ret_": self.ERR_INVALID_CFG}
        if not entry["sharedSecret"]:
            return {"_ret_": self.ERR_INVALID_SHARED_SECRET}
        if entry["server"].endswith(".invalid"):
            return {"_ret_": self.ERR_SERVER_UNREACHABLE}
        if not username or not password:
            return {"_ret_": self.ERR_AUTHENTICATION_FAILED}
        return {"_ret_": 0}


def _radius_valid(entry):
    return (
        _host_ok(entry["server"])
        and entry["udpAuthPort"] in PORTS
        and entry["udpAccountPort"] in PORTS
        and 1 <= entry["timeout"] <= 60
        and 0 <= entry["retries"] <= 10
        and len(entry["sharedSecret"]) <= 128
        and _texts_ok(entry)
    )


RPC_OBJECTS = {"/auth": AuthManager, "/auth/ldap": LdapManager, "/auth/radius": RadiusManager}
