# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""datetime.DateTime at /datetime (docs/protocol/XERUS-PROTOCOL.md sections 3 and 14): protocol, NTP servers,
time zone by id, the device clock.

State ``datetime``: ``protocol`` (0 STATIC, 1 NTP), ``server1`` / ``server2``, ``zone_id``, ``auto_dst``,
``clock_offset`` (seconds the static device clock runs ahead of the host clock) and the 4.4 generation's NTP
authentication (``server1_key_id``, ``server2_key_id``, ``auth_keys`` {key id: {type, dataHex}}).

Generations (vendor SDK code): DateTime 4.0.0 (4.4) has NtpCfg ``server1AuthKeyId``, ``server2AuthKeyId`` and
``authKeys`` (a map from key id to NtpAuthKey {``type`` SHA256/SHA512/AES128CMAC/AES256CMAC, ``dataHex``}, the
key data write-only: read back empty, an empty value written keeps the stored key), and
``checkNtpServer(ntpServer, ntpAuthKeyId, ntpAuthKeyOverride)`` answers a code (0 SUCCESS, 1..15
ERR_NTP_CHECK_*); DateTime 3.0.3 (4.0) has neither, and ``checkNtpServer(ntpServer)`` answers a boolean.

[modelled] The zone list is a fixed selection of IANA zones with ids 1..n (the same names with and without
``useOlson``).  The NTP check does not go to the network: a server is usable when it is an IP address or a
host name outside the reserved ``.invalid`` domain (code 3, address does not resolve, otherwise; code 4 for
an authentication key id without a key).  The active NTP servers are the usable configured ones while the
protocol is NTP.  ``setCfg`` answers 1 for an unknown zone, a malformed server name, a negative device time, a
key id without a key or key data that is not hex; nothing is changed then.
"""

import calendar
import datetime as dt
import ipaddress
import re
import time

from xerus_sim.model import generations
from xerus_sim.rpc.errors import INVALID_PARAMS, RpcError
from xerus_sim.rpc.idltypes import Enum, Struct, Vector

ERR_INVALID_CFG = 1
STATIC, NTP = 0, 1
SUCCESS, ERR_NTP_CHECK_ADDRESS_RESOLVE_ERROR, ERR_NTP_CHECK_AUTH_KEY_ID_UNKNOWN = 0, 3, 4
LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
HOSTNAME = re.compile(rf"^(?=.{{1,253}}$){LABEL}(\.{LABEL})*\.?$")
UNUSABLE_DOMAIN = ".invalid"
HEX = re.compile(r"^[0-9A-Fa-f]*$")
KEY_IDS = range(0, 2**32)
ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/Amsterdam",
    "Europe/Brussels",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Zurich",
    "Europe/Vienna",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "Europe/Prague",
    "Europe/Helsinki",
    "Europe/Athens",
    "Europe/Istanbul",
    "Europe/Moscow",
    "Africa/Cairo",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Bangkok",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Perth",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "America/Halifax",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
)
ZONE_IDS = {name: index + 1 for index, name in enumerate(ZONES)}
DEFAULTS = {
    "protocol": STATIC,
    "server1": "",
    "server2": "",
    "server1_key_id": 0,
    "server2_key_id": 0,
    "auth_keys": {},
    "zone_id": ZONE_IDS["UTC"],
    "auto_dst": True,
    "clock_offset": 0,
}
AUTH_FIELDS = ("server1AuthKeyId", "server2AuthKeyId", "authKeys")
JANUARY, JULY = calendar.timegm((2026, 1, 15, 0, 0, 0)), calendar.timegm((2026, 7, 15, 0, 0, 0))

ZoneCfg = Struct("datetime.DateTime.ZoneCfg:1.0.0", {"id": int, "name": str, "enableAutoDST": bool})
NtpAuthKey = Struct(
    "datetime.DateTime_4_0_0.NtpAuthKey:1.0.0",
    {"type": Enum("datetime.DateTime_4_0_0.NtpAuthKeyType:1.0.0", 4), "dataHex": str},
)
AuthKeyEntry = Struct("map<int, datetime.DateTime_4_0_0.NtpAuthKey> entry", {"key": int, "value": NtpAuthKey})
NtpCfg = Struct(
    "datetime.DateTime.NtpCfg:1.0.0",
    {
        "server1": str,
        "server1AuthKeyId": int,
        "server2": str,
        "server2AuthKeyId": int,
        "authKeys": Vector(AuthKeyEntry),
    },
    structure="datetime.DateTime.NtpCfg",
)
Cfg = Struct(
    "datetime.DateTime.Cfg:1.0.0",
    {"zoneCfg": ZoneCfg, "protocol": Enum("datetime.DateTime.Protocol", 2), "deviceTime": int, "ntpCfg": NtpCfg},
)


def _zoneinfo(name):
    try:
        import zoneinfo

        return zoneinfo.ZoneInfo(name)
    except Exception:  # no time zone database on this host: every zone behaves as UTC
        return None


def _offset_minutes(name, moment, use_dst=True):
    zone = _zoneinfo(name)
    if zone is None:
        return 0
    local = dt.datetime.fromtimestamp(moment, tz=zone)
    ignored_dst = dt.timedelta(0) if use_dst else (local.dst() or dt.timedelta(0))
    offset = local.utcoffset() - ignored_dst
    return int(offset.total_seconds() // 60)


def _zone_info(name):
    return {
        "id": ZONE_IDS[name],
        "name": name,
        "hasDSTInfo": _offset_minutes(name, JANUARY) != _offset_minutes(name, JULY),
    }


def _state(device):
    section = device.state.setdefault("datetime", {})
    for key, value in DEFAULTS.items():
        section.setdefault(key, dict(value) if isinstance(value, dict) else value)
    return section


def _zone_name(zone_id):
    return ZONES[zone_id - 1] if 1 <= zone_id <= len(ZONES) else "UTC"


def _with_keys(device):
    return generations.of(device) == generations.GENERATION_44


def cfg_of(device):
    state = _state(device)
    ntp = {
        "server1": state["server1"],
        "server1AuthKeyId": state["server1_key_id"],
        "server2": state["server2"],
        "server2AuthKeyId": state["server2_key_id"],
        "authKeys": [
            {"key": int(key_id), "value": {"type": key["type"], "dataHex": ""}}
            for key_id, key in sorted(state["auth_keys"].items(), key=lambda item: int(item[0]))
        ],
    }
    if not _with_keys(device):
        ntp = {name: value for name, value in ntp.items() if name not in AUTH_FIELDS}
    return {
        "zoneCfg": {"id": state["zone_id"], "name": _zone_name(state["zone_id"]), "enableAutoDST": state["auto_dst"]},
        "protocol": state["protocol"],
        "deviceTime": int(time.time() + state["clock_offset"]),
        "ntpCfg": ntp,
    }


def usable_server(name):
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return bool(HOSTNAME.match(name)) and not name.rstrip(".").lower().endswith(UNUSABLE_DOMAIN)


def _valid_server(name):
    return name == "" or usable_server(name) or bool(HOSTNAME.match(name))


def _zone_id(zone_cfg):
    """The zone a ZoneCfg selects: by id, or (id 0) by its IANA name; None when the device has no such zone."""
    if zone_cfg["id"] != 0:
        return zone_cfg["id"] if 1 <= zone_cfg["id"] <= len(ZONES) else None
    return ZONE_IDS.get(zone_cfg["name"])


def _stored_keys(state, ntp):
    """The keys after a write: written key data replaces, empty key data keeps the stored key."""
    keys = {}
    for entry in ntp["authKeys"]:
        stored = state["auth_keys"].get(str(entry["key"]), {})
        data = entry["value"]["dataHex"] or stored.get("dataHex", "")
        keys[str(entry["key"])] = {"type": entry["value"]["type"], "dataHex": data}
    return keys


def _valid_keys(state, ntp):
    if "authKeys" not in ntp:
        return True
    keys = _stored_keys(state, ntp)
    return (
        all(
            entry["key"] in KEY_IDS and entry["key"] != 0 and HEX.match(entry["value"]["dataHex"])
            for entry in ntp["authKeys"]
        )
        and all(key["dataHex"] for key in keys.values())
        and all(ntp[name] == 0 or str(ntp[name]) in keys for name in ("server1AuthKeyId", "server2AuthKeyId"))
    )


def validate(state, cfg):
    ntp = cfg["ntpCfg"]
    if _zone_id(cfg["zoneCfg"]) is None or cfg["deviceTime"] < 0:
        return ERR_INVALID_CFG
    if not (_valid_server(ntp["server1"]) and _valid_server(ntp["server2"]) and _valid_keys(state, ntp)):
        return ERR_INVALID_CFG
    return 0


def _store(state, cfg):
    ntp = cfg["ntpCfg"]
    if "authKeys" in ntp:
        state.update(
            server1_key_id=ntp["server1AuthKeyId"],
            server2_key_id=ntp["server2AuthKeyId"],
            auth_keys=_stored_keys(state, ntp),
        )
    state.update(
        protocol=cfg["protocol"],
        server1=ntp["server1"],
        server2=ntp["server2"],
        zone_id=_zone_id(cfg["zoneCfg"]),
        auto_dst=cfg["zoneCfg"]["enableAutoDST"],
        clock_offset=cfg["deviceTime"] - int(time.time()) if cfg["protocol"] == STATIC else 0,
    )


def _refuse_parameter(name, value):
    raise RpcError(
        INVALID_PARAMS,
        "Invalid params",
        {
            "path": f"params.{name}",
            "expected": "no such parameter of checkNtpServer (parameters: ntpServer)",
            "got": repr(value),
            "signature": "checkNtpServer(ntpServer: string)",
        },
    )


def _require_parameter(name):
    raise RpcError(
        INVALID_PARAMS,
        "Invalid params",
        {
            "path": f"params.{name}",
            "expected": "required parameter",
            "got": "'<missing>'",
            "signature": "checkNtpServer(ntpServer: string, ntpAuthKeyId: int, "
            "ntpAuthKeyOverride: struct datetime.DateTime_4_0_0.NtpAuthKey:1.0.0)",
        },
    )


class DateTime:
    TYPE = "datetime.DateTime:4.0.0"

    def __init__(self, device):
        self.device = device

    def getZoneInfos(self, useOlson: bool):
        return {"zoneInfos": [_zone_info(name) for name in ZONES]}

    def checkNtpServer(self, ntpServer: str, ntpAuthKeyId: int = None, ntpAuthKeyOverride: NtpAuthKey = None):
        """DateTime 4.0.0 takes a key id and a key override and answers a code; 3.0.3 takes the server alone."""
        if not _with_keys(self.device):
            for name, value in (("ntpAuthKeyId", ntpAuthKeyId), ("ntpAuthKeyOverride", ntpAuthKeyOverride)):
                if value is not None:
                    _refuse_parameter(name, value)
            return {"_ret_": usable_server(ntpServer)}
        for name, value in (("ntpAuthKeyId", ntpAuthKeyId), ("ntpAuthKeyOverride", ntpAuthKeyOverride)):
            if value is None:
                _require_parameter(name)
        with self.device.lock:
            known = str(ntpAuthKeyId) in _state(self.device)["auth_keys"]
        if ntpAuthKeyId and not known and not ntpAuthKeyOverride["dataHex"]:
            return {"_ret_": ERR_NTP_CHECK_AUTH_KEY_ID_UNKNOWN}
        return {"_ret_": SUCCESS if usable_server(ntpServer) else ERR_NTP_CHECK_ADDRESS_RESOLVE_ERROR}

    def getActiveNtpServers(self):
        with self.device.lock:
            state = _state(self.device)
            servers = [state["server1"], state["server2"]] if state["protocol"] == NTP else []
        return {"_ret_": [server for server in servers if server and usable_server(server)]}

    def getCfg(self):
        with self.device.lock:
            return {"cfg": cfg_of(self.device)}

    def setCfg(self, cfg: Cfg):
        with self.device.lock:
            state = _state(self.device)
            code = validate(state, cfg)
            if code == 0:
                _store(state, cfg)
                self.device.save()
        return {"_ret_": code}

    def getTime(self, useOlson: bool):
        with self.device.lock:
            state = _state(self.device)
            name, auto_dst = _zone_name(state["zone_id"]), state["auto_dst"]
            now = int(time.time() + state["clock_offset"])
        return {
            "zone": _zone_info(name),
            "dstEnabled": auto_dst,
            "utcOffset": _offset_minutes(name, now, auto_dst),
            "currentTime": now,
        }


RPC_OBJECTS = {"/datetime": DateTime}
