# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Date and time area: protocol, NTP servers and time zone through datetime.DateTime at ``/datetime``.

No Ansible import. The configuration (``getCfg``), the device's zone list (``getZoneInfos``, id-based names)
and the active NTP servers are read in one bulk request; ``setCfg`` gets the structure as read with only the
managed fields changed (datetime.DateTime 4.0.0 has NTP authentication fields that 3.0.3 lacks,
docs/protocol/XERUS-PROTOCOL.md section 14). Zones are chosen by id, the approach the IDL recommends.
The NTP check is the device's own ``checkNtpServer`` per server, in one more bulk request.
"""

from __future__ import annotations

import copy
import datetime
import difflib
from dataclasses import dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError, XerusInputError, naming_option
from ansible_collections.xerus.pdu.plugins.module_utils.text_checks import check_single_line

NAME = "datetime"
PROTOCOLS = ("static", "ntp")  # DateTime.Protocol in IDL order
NTP_SLOTS = ("server1", "server2")
MAX_SERVER_LENGTH = 255
CLOSE_MATCHES = 5
ERR_INVALID_CFG = 1

READ_CALLS = {
    "cfg": Call(rids.DATETIME, "getCfg"),
    "zones": Call(rids.DATETIME, "getZoneInfos", {"useOlson": False}),
    "active_ntp": Call(rids.DATETIME, "getActiveNtpServers"),
    "time": Call(rids.DATETIME, "getTime", {"useOlson": False}),
}


class DateTimeError(XerusError):
    """The device refused the date and time configuration."""


@dataclass
class DateTimeRequest:
    protocol: str | None = None
    ntp_servers: list | None = None
    time_zone: str | None = None
    automatic_dst: bool | None = None
    check_ntp: bool = False


@dataclass
class DateTimeResult:
    changed: bool
    before: dict
    after: dict
    ntp_check: list | None = None
    active_ntp_servers: list = field(default_factory=list)


# -- input ----------------------------------------------------------------------


def parse_request(params):
    servers = params.get("ntp_servers")
    if servers is not None:
        servers = [str(server).strip() for server in servers]
        if len(servers) > len(NTP_SLOTS):
            raise XerusInputError.for_option(
                "ntp_servers", f"the device keeps at most {len(NTP_SLOTS)} NTP servers, {len(servers)} given"
            )
        for server in servers:
            with naming_option("ntp_servers"):
                check_single_line(server, "ntp_servers")
            if not server or " " in server or len(server) > MAX_SERVER_LENGTH:
                raise XerusInputError.for_option("ntp_servers", f"{server!r} is not a host name or address")
    return DateTimeRequest(
        protocol=params.get("protocol"),
        ntp_servers=servers,
        time_zone=params.get("time_zone"),
        automatic_dst=params.get("automatic_dst"),
        check_ntp=bool(params.get("check_ntp")),
    )


# -- reading ----------------------------------------------------------------------


def first_calls():
    return dict(READ_CALLS)


def read(client):
    answer, zones, active, _time = client.read_all(list(READ_CALLS.values()))
    cfg = _cfg_of(answer)
    if not isinstance(cfg, dict) or not isinstance(cfg.get("zoneCfg"), dict):
        raise DateTimeError(client.device, "datetime.DateTime getCfg answered no configuration")
    return cfg, _zone_list(zones), list(active or [])


def _cfg_of(answer):
    """The Cfg of a getCfg answer (an out-parameter: the result object's ``cfg``)."""
    return answer.get("cfg", answer) if isinstance(answer, dict) else None


def _zone_list(answer):
    if isinstance(answer, dict):
        answer = answer.get("zoneInfos")
    return [zone for zone in answer or [] if isinstance(zone, dict) and "name" in zone]


def _zone_name(cfg, zones):
    zone_cfg = cfg.get("zoneCfg") or {}
    for zone in zones:
        if zone_cfg.get("id") and zone.get("id") == zone_cfg.get("id"):
            return zone["name"]
    return zone_cfg.get("name", "")


def view(cfg, zones):
    ntp = cfg.get("ntpCfg") or {}
    protocol = cfg.get("protocol")
    return {
        "protocol": PROTOCOLS[protocol] if protocol in range(len(PROTOCOLS)) else "unknown",
        "ntp_servers": [ntp[slot] for slot in NTP_SLOTS if ntp.get(slot)],
        "time_zone": _zone_name(cfg, zones),
        "automatic_dst": bool((cfg.get("zoneCfg") or {}).get("enableAutoDST")),
    }


def facts(answers):
    """The xerus_info ``datetime`` subset; None when the device has no datetime.DateTime."""
    cfg = _cfg_of(answers.get("cfg"))
    if not isinstance(cfg, dict):
        return None
    result = view(cfg, _zone_list(answers.get("zones")))
    result["active_ntp_servers"] = list(answers.get("active_ntp") or [])
    result.update(_clock(answers.get("time")))
    return result


def _clock(answer):
    """Device time (UTC, ISO 8601) and its offset from getTime's out-parameters."""
    if not isinstance(answer, dict) or not isinstance(answer.get("currentTime"), int):
        return {"device_time": None, "utc_offset_minutes": None}
    moment = datetime.datetime.fromtimestamp(answer["currentTime"], tz=datetime.timezone.utc)
    return {"device_time": moment.isoformat(), "utc_offset_minutes": answer.get("utcOffset")}


# -- planning ----------------------------------------------------------------------


def find_zone(name, zones, device):
    """The ZoneInfo called ``name`` (exact, then ignoring case); an error with the closest names otherwise."""
    for zone in zones:
        if zone["name"] == name:
            return zone
    folded = [zone for zone in zones if zone["name"].casefold() == name.casefold()]
    if len(folded) == 1:
        return folded[0]
    names = [zone["name"] for zone in zones]
    close = difflib.get_close_matches(name, names, n=CLOSE_MATCHES, cutoff=0.5)
    close += [other for other in names if name.casefold() in other.casefold() and other not in close]
    hint = f"; closest: {', '.join(close[:CLOSE_MATCHES])}" if close else f"; the device lists {len(names)} zones"
    raise XerusInputError(
        f"option time_zone: the device has no time zone {name!r}{hint}", option="time_zone", device=device
    )


def desired_cfg(cfg, zones, request, device):
    wanted = copy.deepcopy(cfg)
    if request.protocol is not None:
        wanted["protocol"] = PROTOCOLS.index(request.protocol)
    if request.ntp_servers is not None:
        ntp = wanted.setdefault("ntpCfg", {})
        for index, slot in enumerate(NTP_SLOTS):
            ntp[slot] = request.ntp_servers[index] if index < len(request.ntp_servers) else ""
    if request.time_zone is not None:
        zone = find_zone(request.time_zone, zones, device)
        if _zone_name(cfg, zones) != zone["name"]:
            wanted["zoneCfg"].update(id=zone["id"], name=zone["name"])
    if request.automatic_dst is not None:
        wanted["zoneCfg"]["enableAutoDST"] = request.automatic_dst
    return wanted


# -- applying ----------------------------------------------------------------------


def apply(client, request, check_mode=False):
    cfg, zones, active = read(client)
    wanted = desired_cfg(cfg, zones, request, client.device)
    before, after = view(cfg, zones), view(wanted, zones)
    result = DateTimeResult(changed=before != after, before=before, after=after, active_ntp_servers=active)
    if result.changed and not check_mode:
        _write(client, wanted)
    if request.check_ntp:
        result.ntp_check = check_servers(client, wanted)
    return result


def _write(client, wanted):
    try:
        code = client.call_ret(rids.DATETIME, "setCfg", {"cfg": wanted})
    except XerusError as exc:
        exc.changed = True
        raise
    if code:
        raise DateTimeError(
            client.device,
            f"datetime.DateTime setCfg refused the configuration with code {code}"
            f"{' (invalid configuration)' if code == ERR_INVALID_CFG else ''}; nothing was changed",
            details={"return_code": code},
        )


# datetime.DateTime 4.0.0 checkNtpServer codes (0 is SUCCESS).
NTP_CHECK_CODES = {
    1: "internal error",
    2: "invalid argument",
    3: "the address does not resolve",
    4: "unknown authentication key id",
    5: "network or host unreachable",
    6: "connection refused",
    7: "no response",
    8: "invalid response",
    9: "server version not supported",
    10: "authentication code missing or invalid",
    11: "invalid mode",
    12: "server not synchronized",
    13: "root distance too large",
    14: "origin time does not match",
    15: "receive or transmit time not set",
}


def check_servers(client, cfg):
    """[{server, usable, reason}] from the device's own check of each configured server, in one bulk request.

    datetime.DateTime 4.0.0 (the NtpCfg with authentication key ids) takes the server's key id and an empty key
    override (use the stored key) and answers a code; 3.0.3 takes the server alone and answers a boolean.
    """
    ntp = cfg.get("ntpCfg") or {}
    slots = [slot for slot in NTP_SLOTS if ntp.get(slot)]
    with_keys = f"{NTP_SLOTS[0]}AuthKeyId" in ntp
    calls = [Call(rids.DATETIME, "checkNtpServer", _check_params(ntp, slot, with_keys)) for slot in slots]
    answers = client.read_all(calls) if calls else []
    return [_verdict(ntp[slot], answer) for slot, answer in zip(slots, answers)]


def _check_params(ntp, slot, with_keys):
    params = {"ntpServer": ntp[slot]}
    if with_keys:
        params.update(ntpAuthKeyId=ntp.get(f"{slot}AuthKeyId", 0), ntpAuthKeyOverride={"type": 0, "dataHex": ""})
    return params


def _verdict(server, answer):
    if isinstance(answer, bool):
        return {"server": server, "usable": answer, "reason": "" if answer else "the device cannot use it"}
    code = answer if isinstance(answer, int) else None
    reason = "" if code == 0 else NTP_CHECK_CODES.get(code, f"code {code}")
    return {"server": server, "usable": code == 0, "reason": reason}
