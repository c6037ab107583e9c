# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Everything a playbook needs to know about one Xerus PDU, read-only (protocol 4, 5, 6.1, 7.2, 9).

No Ansible import: the module, the inventory enrichment and the bench share ``gather()``.

    from ansible_collections.xerus.pdu.plugins.module_utils import info
    subsets = info.resolve_subsets(["all", "!network"])
    facts = info.gather(client, subsets)        # {"device": {...}, "outlets": [...], ...}

Requests (HTTP; every one a read), docs/protocol/XERUS-PROTOCOL.md 4.5 and 12.6:

1. one bulk with everything that needs no earlier answer: Pdu metadata and
   settings, the outlet and inlet references, the first inlet's metadata,
   settings and sensor references and the readings of its sensors at their
   well-known rids (``/model/pdu/0/inlet/0/voltage``, ...), firmware version,
   update history and interface version (``getTypeInfo``), the certificate
   info, ``net.Net`` info and settings at ``/net``;
2. one bulk with what depends on request 1: state, settings and metadata of
   every outlet (at the rids the device returned), ``Firmware.getInfo`` where
   the firmware interface has it (2.0.4, the 4.4 generation), readings of
   sensors without a well-known rid (at the rids the device returned), and the
   data of further inlets. Only readings of such sensors on a second or later
   inlet cost a third bulk;
3. ``certificate`` only: the SHA-256 fingerprint comes from the certificate
   the device presented on the connection of the requests above (no HTTP
   request, no second handshake unless the transport hides it). When its serial
   number differs from the active certificate's serial that the device reports
   (a TLS-terminating proxy in between), the active certificate is downloaded
   instead (one GET).

No configuration file is downloaded. Opaque rids the device returns are used
as returned, never parsed (protocol 3).

The mapping functions (``map_*``) are pure: device structures in, returned
keys out, enum indices as readable strings ("unknown" for indices this
collection does not know).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import re

from ansible_collections.xerus.pdu.plugins.module_utils import info_sections, rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.enums import (
    ELLIPTIC_CURVE,
    INLET_WIRING,
    INTERFACE_STATE,
    INTERFACE_TYPE,
    IP_CONFIG_METHOD,
    KEY_TYPE,
    OUTLET_STARTUP_STATE,
    PDU_ORIENTATION,
    PDU_STARTUP_STATE,
    POWER_STATE,
    UPDATE_HISTORY_STATUS,
    name_of,
)
from ansible_collections.xerus.pdu.plugins.module_utils.errors import (
    XerusHttpError,
    XerusInputError,
    XerusProtocolError,
)
from ansible_collections.xerus.pdu.plugins.module_utils.sensor_values import snake

CORE_SUBSETS = ("device", "outlets", "inlets", "firmware", "certificate", "network")
SECTIONS = {section.NAME: section for section in info_sections.SECTIONS}
SUBSETS = CORE_SUBSETS + tuple(SECTIONS)
# What gather_subset "default" (and no inclusion at all) reads: the device's own state. The sections (access,
# services, time, SNMP, mail, sensors) are read by name or with "all": Ansible's controller walks every returned
# value several times per host (result copy, internal-key strip, each callback's native conversion), so a lean
# default is what keeps a fleet-wide xerus_info cheap (bench figure 7).
DEFAULT_SUBSETS = CORE_SUBSETS
GROUPS = {"all": SUBSETS, "default": DEFAULT_SUBSETS}
# "%b %d %H:%M:%S %Y GMT" as datetime.strptime reads it (C locale), without the regular expressions strptime
# compiles on its first use in every process (each Ansible worker).
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_CERT_TIME = re.compile(
    rf"({'|'.join(_MONTHS)})\s+(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])\s+(2[0-3]|[01]\d|\d):([0-5]\d|\d):(6[01]|[0-5]\d|\d)"
    r"\s+(\d{4})\s+GMT",
    re.IGNORECASE,
)
# Fields of net.Net structures that can hold secrets; read back empty by real devices, never returned anyway.
_SECRET_FIELD = re.compile(r"password|privkey|psk|secret|token", re.IGNORECASE)
_PEM_CERT = re.compile(rb"-----BEGIN CERTIFICATE-----\s*(.+?)\s*-----END CERTIFICATE-----", re.DOTALL)


def resolve_subsets(gather_subset):
    """``default``, ``all``, subset names, ``!name`` exclusions -> the selected subsets in canonical order.

    Only exclusions (``["!network"]``) start from ``default``.
    """
    entries = [str(entry).strip() for entry in (gather_subset or ["default"])]
    included, excluded = set(), set()
    for entry in entries:
        negated = entry.startswith("!")
        name = entry[1:] if negated else entry
        if name not in GROUPS and name not in SUBSETS:
            raise XerusInputError(
                f"option gather_subset: {entry!r} is not one of default, all, {', '.join(SUBSETS)} (or !<name>)",
                option="gather_subset",
            )
        names = set(GROUPS.get(name, (name,)))
        (excluded if negated else included).update(names)
    if not included:
        included = set(DEFAULT_SUBSETS)
    return tuple(name for name in SUBSETS if name in included and name not in excluded)


# -- reading ------------------------------------------------------------------

# Inlet sensor fields (pdumodel.Inlet.Sensors) with a well-known leaf rid under the inlet, and the method that
# reads them (tests/protocol/evidence/well-known-rids.txt); other fields are read at the rid the device returns.
INLET_SENSOR_LEAVES = {
    "voltage": "getReading",
    "current": "getReading",
    "peakCurrent": "getReading",
    "residualCurrent": "getReading",
    "activePower": "getReading",
    "reactivePower": "getReading",
    "apparentPower": "getReading",
    "powerFactor": "getReading",
    "displacementPowerFactor": "getReading",
    "activeEnergy": "getReading",
    "apparentEnergy": "getReading",
    "unbalancedCurrent": "getReading",
    "unbalancedLineLineCurrent": "getReading",
    "unbalancedVoltage": "getReading",
    "unbalancedLineLineVoltage": "getReading",
    "lineFrequency": "getReading",
    "phaseAngle": "getReading",
    "crestFactor": "getReading",
    "voltageThd": "getReading",
    "currentThd": "getReading",
    "powerQuality": "getState",
    "surgeProtectorStatus": "getState",
    "residualCurrentStatus": "getState",
}
FIRMWARE_INFO_SINCE = (2, 0, 4)  # Firmware.getInfo exists from firmware.Firmware 2.0.4 (protocol 4.2, 14)


def gather(client, subsets):
    """Read the selected subsets; returns the ``xerus`` dictionary."""
    first = _bulk(client, _first_calls(subsets))
    inlet_plan = _inlet_plan(subsets, first)
    second = _bulk(
        client,
        {
            **_second_calls(subsets, first),
            **_inlet_calls_after_first(inlet_plan, first),
            **_section_second_calls(subsets, first),
        },
    )
    answers = {**first, **second}
    facts = {}
    if "device" in subsets:
        facts["device"] = map_device(
            answers["pdu.metadata"], answers["pdu.settings"], answers["pdu.outlets"], answers["pdu.inlets"]
        )
    if "firmware" in subsets:
        facts["firmware"] = map_firmware(answers["fw.version"], answers.get("fw.info"), answers["fw.history"])
    if "outlets" in subsets:
        facts["outlet_count"] = len(answers["pdu.outlets"])
        facts["outlets"] = [
            map_outlet(
                number,
                answers[f"outlet.{number}.metadata"],
                answers[f"outlet.{number}.state"],
                answers[f"outlet.{number}.settings"],
            )
            for number in range(1, len(answers["pdu.outlets"]) + 1)
        ]
    if "inlets" in subsets:
        facts["inlets"] = _inlets(client, inlet_plan, answers)
    if "certificate" in subsets:
        facts["certificate"] = _certificate(client, answers["cert.info"].get("info"))
    if "network" in subsets:
        facts["network"] = map_network(answers["net.info"], answers.get("net.settings"))
    for name in _selected_sections(subsets):
        facts[name] = SECTIONS[name].facts(_section_answers(name, answers))
    return facts


def _selected_sections(subsets):
    return [name for name in subsets if name in SECTIONS]


def _section_key(name, key):
    return f"section.{name}.{key}"


def _section_answers(name, answers):
    """The answers of one section under its own keys; a refused call reads as None."""
    prefix = _section_key(name, "")
    return {
        key[len(prefix) :]: None if isinstance(value, _Failed) else value
        for key, value in answers.items()
        if key.startswith(prefix)
    }


def _section_first_calls(subsets):
    return {
        _section_key(name, key): _optional(call)
        for name in _selected_sections(subsets)
        for key, call in SECTIONS[name].first_calls().items()
    }


def _section_second_calls(subsets, first):
    calls = {}
    for name in _selected_sections(subsets):
        second_calls = getattr(SECTIONS[name], "second_calls", None)
        if second_calls is not None:
            own_first = _section_answers(name, first)
            calls.update({_section_key(name, key): _optional(call) for key, call in second_calls(own_first).items()})
    return calls


class _Failed:
    """A tolerated failed entry (optional data, or a reading of a sensor the device may not have)."""

    def __init__(self, error):
        self.error = error


def _bulk(client, keyed_calls):
    """One bulk request for {key: (Call, required)}; a required entry's failure raises, others read as _Failed."""
    if not keyed_calls:
        return {}
    keys = list(keyed_calls)
    answers = client.bulk([keyed_calls[key][0] for key in keys], safe=True)
    return {
        key: answer.value if answer.ok or keyed_calls[key][1] else _Failed(answer.error)
        for key, answer in zip(keys, answers)
    }


def _required(call):
    return call, True


def _optional(call):
    return call, False


def _first_calls(subsets):
    calls = {}
    if "device" in subsets:
        calls["pdu.metadata"] = _required(Call(rids.PDU, "getMetaData"))
        calls["pdu.settings"] = _required(Call(rids.PDU, "getSettings"))
    if "device" in subsets or "outlets" in subsets:
        calls["pdu.outlets"] = _required(Call(rids.PDU, "getOutlets"))
    if "device" in subsets or "inlets" in subsets:
        calls["pdu.inlets"] = _required(Call(rids.PDU, "getInlets"))
    if "inlets" in subsets:
        calls.update(_inlet_calls("inlet.1", rids.inlet(0), required=False))
        calls.update(_well_known_reading_calls("inlet.1", 0))
    if "firmware" in subsets:
        calls["fw.version"] = _required(Call(rids.FIRMWARE, "getVersion"))
        calls["fw.history"] = _required(Call(rids.FIRMWARE, "getUpdateHistory"))
        calls["fw.type"] = _optional(Call(rids.FIRMWARE, "getTypeInfo"))
    if "certificate" in subsets:
        calls["cert.info"] = _required(Call(rids.CERT, "getInfo"))
    if "network" in subsets:
        calls["net.info"] = _required(Call(rids.NET, "getInfo"))
        calls["net.settings"] = _optional(Call(rids.NET, "getSettings"))
    calls.update(_section_first_calls(subsets))
    return calls


def _inlet_calls(prefix, rid, required=True):
    wrap = _required if required else _optional
    return {
        f"{prefix}.metadata": wrap(Call(rid, "getMetaData")),
        f"{prefix}.settings": wrap(Call(rid, "getSettings")),
        f"{prefix}.sensors": wrap(Call(rid, "getSensors")),
    }


def _well_known_reading_calls(prefix, inlet_index):
    return {
        f"{prefix}.reading.{field}": _optional(Call(rids.inlet_sensor(field, inlet_index), method))
        for field, method in INLET_SENSOR_LEAVES.items()
    }


def _second_calls(subsets, first):
    """Calls that need an answer of the first bulk: outlets at their returned rids, Firmware.getInfo."""
    calls = {}
    if "outlets" in subsets:
        for number, ref in enumerate(first["pdu.outlets"], start=1):
            rid = reference_rid(ref)
            calls[f"outlet.{number}.metadata"] = _required(Call(rid, "getMetaData"))
            calls[f"outlet.{number}.state"] = _required(Call(rid, "getState"))
            calls[f"outlet.{number}.settings"] = _required(Call(rid, "getSettings"))
    if "firmware" in subsets and firmware_has_info(first.get("fw.type")):
        calls["fw.info"] = _optional(Call(rids.FIRMWARE, "getInfo"))
    return calls


def firmware_has_info(type_info):
    """Whether the firmware interface the device presents has getInfo (a getTypeInfo answer; unknown: no)."""
    version = interface_version(type_info.get("id") if isinstance(type_info, dict) else None)
    return version is not None and version >= FIRMWARE_INFO_SINCE


def interface_version(type_id):
    """ "firmware.Firmware:2.0.4" -> (2, 0, 4); None when the type id carries no readable version."""
    _name, _sep, version = str(type_id or "").partition(":")
    parts = version.split(".")
    if not version or not all(part.isdigit() for part in parts):
        return None
    return tuple(int(part) for part in parts)


def _inlet_plan(subsets, first):
    """[(number, returned rid)] of the inlets the device lists."""
    if "inlets" not in subsets:
        return []
    return [(number, reference_rid(ref)) for number, ref in enumerate(first["pdu.inlets"], start=1)]


def _inlet_calls_after_first(inlet_plan, first):
    """Second-bulk calls of the inlets: what the first bulk could not read for inlet 1, everything for the others."""
    calls = {}
    for number, rid in inlet_plan:
        prefix = f"inlet.{number}"
        if number == 1:
            for part in ("metadata", "settings", "sensors"):
                if isinstance(first.get(f"{prefix}.{part}"), _Failed):  # the well-known rid did not serve it
                    calls.update(
                        {key: value for key, value in _inlet_calls(prefix, rid).items() if key == f"{prefix}.{part}"}
                    )
            if not isinstance(first.get(f"{prefix}.sensors"), _Failed):
                calls.update(_returned_reading_calls(prefix, first[f"{prefix}.sensors"], first))
        else:
            calls.update(_inlet_calls(prefix, rid))
            calls.update(_well_known_reading_calls(prefix, number - 1))
    return calls


def _returned_reading_calls(prefix, sensors, answers):
    """Readings at the returned rid for the listed sensors whose well-known reading is not in ``answers``."""
    calls = {}
    for field, ref in sorted((sensors or {}).items()):
        key = f"{prefix}.reading.{field}"
        method = reading_method(ref)
        if method is None or (key in answers and not isinstance(answers[key], _Failed)):
            continue
        calls[key] = _optional(Call(reference_rid(ref), method))
    return calls


def reading_method(ref):
    """getReading for numeric sensors, getState for state sensors, None for a null reference or another kind."""
    kind = reference_type(ref) or ""
    if kind.endswith("NumericSensor"):
        return "getReading"
    if kind.endswith("StateSensor"):
        return "getState"
    return None


def _inlets(client, inlet_plan, answers):
    """Inlet facts; sensors without a well-known rid on a second or later inlet cost a third bulk."""
    late = {}
    for number, _rid in inlet_plan:
        if number > 1:
            late.update(_returned_reading_calls(f"inlet.{number}", answers[f"inlet.{number}.sensors"], answers))
    answers = {**answers, **_bulk(client, late)}
    inlets = []
    for number, _rid in inlet_plan:
        prefix = f"inlet.{number}"
        sensors = answers[f"{prefix}.sensors"]
        readings = {
            field: answers.get(f"{prefix}.reading.{field}")
            for field, ref in (sensors or {}).items()
            if reading_method(ref) is not None
        }
        readings = {field: (None if isinstance(value, _Failed) else value) for field, value in readings.items()}
        inlets.append(map_inlet(number, answers[f"{prefix}.metadata"], answers[f"{prefix}.settings"], readings))
    return inlets


def _certificate(client, cert_info):
    active = (cert_info or {}).get("activeCertInfo") or {}
    der = client.presented_certificate_der()
    source = "tls"
    expected = _serial_value(active.get("serialNumber"))
    if expected is not None and der_serial(der) != expected:
        der = _downloaded_active_cert(client)
        source = "active_cert_download"
    return map_certificate(cert_info, hashlib.sha256(der).digest(), source)


def _downloaded_active_cert(client):
    answer = client.download(rids.CERT_DOWNLOAD_CGI, query={"tag": "active_cert"})
    if answer.status != 200:
        raise XerusHttpError(client.device, f"active certificate download answered HTTP {answer.status}", answer.status)
    der = pem_first_certificate_der(answer.content or b"")
    if der is None:
        raise XerusProtocolError(client.device, "the active certificate download holds no PEM certificate")
    return der


# -- mapping (pure) -----------------------------------------------------------


def reference_rid(ref):
    if not isinstance(ref, dict) or not ref.get("rid"):
        raise ValueError(f"not an interface reference: {ref!r}")
    return ref["rid"]


def reference_type(ref):
    """Interface name of a reference without its version ("sensors.NumericSensor"); None for a null reference."""
    if not isinstance(ref, dict):
        return None
    return str(ref.get("type", "")).split(":", 1)[0] or None


def map_device(metadata, settings, outlet_refs, inlet_refs):
    nameplate = metadata.get("nameplate") or {}
    return {
        "name": settings.get("name", ""),
        "model": nameplate.get("model", ""),
        "serial": nameplate.get("serialNumber", ""),
        "mac_address": metadata.get("macAddress", ""),
        "manufacturer": nameplate.get("manufacturer", ""),
        "brand": nameplate.get("brand", ""),
        "part_number": nameplate.get("partNumber", ""),
        "rating": dict(nameplate.get("rating") or {}),
        "hardware_revision": metadata.get("hwRevision", ""),
        "firmware_version": metadata.get("fwRevision", ""),
        "controller_serial": metadata.get("ctrlBoardSerial", ""),
        "outlet_count": len(outlet_refs or []),
        "inlet_count": len(inlet_refs or []),
        "has_switchable_outlets": bool(metadata.get("hasSwitchableOutlets")),
        "has_metered_outlets": bool(metadata.get("hasMeteredOutlets")),
        "has_latching_outlet_relays": bool(metadata.get("hasLatchingOutletRelays")),
        "is_inline_meter": bool(metadata.get("isInlineMeter")),
        "orientation": name_of(PDU_ORIENTATION, metadata.get("pduOrientation")),
        "supported_inlet_wirings": [
            name_of(INLET_WIRING, index) for index in metadata.get("supportedInletWirings") or []
        ],
        "settings": map_pdu_settings(settings),
    }


def map_pdu_settings(settings):
    return {
        "startup_state": name_of(PDU_STARTUP_STATE, settings.get("startupState")),
        "cycle_delay": settings.get("cycleDelay"),
        "inrush_guard_delay": settings.get("inRushGuardDelay"),
        "power_on_delay": settings.get("powerOnDelay"),
        "outlet_sequence": [number + 1 for number in settings.get("outletPowerStateSequence") or []],
        "suspend_trip_cause_outlets": bool(settings.get("suspendTripCauseOutlets")),
        "inhibit_relay_control": bool(settings.get("inhibitRelayControl")),
        "inlet_wiring": name_of(INLET_WIRING, settings.get("inletWiring")),
    }


def map_firmware(version, firmware_info, history):
    firmware_info = firmware_info or {}
    return {
        "version": version,
        "product": firmware_info.get("product", ""),
        "platform": firmware_info.get("platform", ""),
        "update_history": [map_update(entry) for entry in history or []],
    }


def map_update(entry):
    return {
        "timestamp": entry.get("timestamp"),
        "time": epoch_iso(entry.get("timestamp")),
        "old_version": entry.get("oldVersion", ""),
        "image_version": entry.get("imageVersion", ""),
        "product": entry.get("product", ""),
        "platform": entry.get("platform", ""),
        "image_md5": entry.get("imageMD5", ""),
        "status": name_of(UPDATE_HISTORY_STATUS, entry.get("status")),
        "details": entry.get("details", ""),
    }


def map_outlet(number, metadata, state, settings):
    """One outlet; ``state`` counts queued switch-ons and running cycles as on, as xerus_outlet does."""
    metadata, state, settings = metadata or {}, state or {}, settings or {}
    requested_on = (
        state.get("powerState") == 1 or bool(state.get("switchOnInProgress")) or bool(state.get("cycleInProgress"))
    )
    rating = metadata.get("rating") or {}
    return {
        "number": number,
        "label": metadata.get("label", str(number)),
        "name": settings.get("name", ""),
        "state": "on" if requested_on else "off",
        "power_state": name_of(POWER_STATE, state.get("powerState")),
        "available": bool(state.get("available")),
        "switch_on_in_progress": bool(state.get("switchOnInProgress")),
        "cycle_in_progress": bool(state.get("cycleInProgress")),
        "load_shed": bool(state.get("isLoadShed")),
        "last_power_state_change": state.get("lastPowerStateChange"),
        "startup_state": name_of(OUTLET_STARTUP_STATE, settings.get("startupState")),
        "use_pdu_cycle_delay": bool(settings.get("usePduCycleDelay")),
        "cycle_delay": settings.get("cycleDelay"),
        "non_critical": bool(settings.get("nonCritical")),
        "sequence_delay": settings.get("sequenceDelay"),
        "receptacle": metadata.get("receptacleType", ""),
        "rated_current": rating.get("current"),
        "switchable": bool(metadata.get("isSwitchable")),
    }


def map_inlet(number, metadata, settings, readings):
    """One inlet; ``readings`` maps the IDL sensor field (activePower) to its getReading/getState answer."""
    metadata, settings = metadata or {}, settings or {}
    rating = metadata.get("rating") or {}
    return {
        "number": number,
        "label": metadata.get("label", ""),
        "name": settings.get("name", ""),
        "plug_type": metadata.get("plugType", ""),
        "rated_current": rating.get("current"),
        "rated_voltage": {"min": rating.get("minVoltage"), "max": rating.get("maxVoltage")},
        "is_dc": bool(metadata.get("isDC")),
        "readings": {snake(field): reading_value(reading) for field, reading in sorted(readings.items())},
    }


def reading_value(reading):
    """The value of a sensor reading, or None when the device says it is unavailable or invalid."""
    if not isinstance(reading, dict) or not reading.get("available", False):
        return None
    if "valid" in reading and not reading["valid"]:
        return None
    return reading.get("value")


def map_certificate(cert_info, sha256_digest, fingerprint_source):
    cert_info = cert_info or {}
    active = cert_info.get("activeCertInfo") or {}
    return {
        "subject": map_name(active.get("subject")),
        "issuer": map_name(active.get("issuer")),
        "names": list(active.get("names") or []),
        "serial_number": active.get("serialNumber", ""),
        "not_before": cert_time_iso(active.get("invalidBefore")),
        "not_after": cert_time_iso(active.get("invalidAfter")),
        "key": map_key(active),
        "chain": [
            {
                "subject": map_name(item.get("subject")),
                "issuer": map_name(item.get("issuer")),
                "not_after": cert_time_iso(item.get("invalidAfter")),
            }
            for item in cert_info.get("activeCertChainInfos") or []
        ],
        "fingerprint_sha256": ":".join(f"{byte:02x}" for byte in sha256_digest),
        "fingerprint_source": fingerprint_source,
        "pending_request": bool(cert_info.get("havePendingReq")),
        "pending_certificate": bool(cert_info.get("havePendingCert")),
    }


def map_name(attributes):
    return {snake(field): value for field, value in sorted((attributes or {}).items())}


def map_key(cert_info):
    """The key of a CertInfo: its KeyInfo (cert.ServerSSLCert 4.0.1) or, from a 3.0.0 device (the 4.0
    generation), the fields keyType, ellipticCurve and rsaKeyLength (docs/protocol/XERUS-PROTOCOL.md section 14)."""
    key_info = cert_info.get("keyInfo")
    if not isinstance(key_info, dict):
        key_info = {
            "type": cert_info.get("keyType"),
            "ecCurve": cert_info.get("ellipticCurve"),
            "rsaKeyLength": cert_info.get("rsaKeyLength"),
        }
    return {
        "type": name_of(KEY_TYPE, key_info.get("type")),
        "curve": name_of(ELLIPTIC_CURVE, key_info.get("ecCurve")),
        "rsa_key_length": key_info.get("rsaKeyLength"),
        "in_secure_element": bool(key_info.get("inSecureElement")),
    }


def cert_time_iso(text):
    """ "Nov 24 14:11:05 2026 GMT" -> "2026-11-24T14:11:05Z"; another spelling is returned as served."""
    if not text:
        return None
    found = _CERT_TIME.fullmatch(text.strip())
    if found is None:
        return text
    month, day, hour, minute, second, year = found.groups()
    try:
        moment = datetime.datetime(
            int(year), _MONTHS.index(month.lower()) + 1, int(day), int(hour), int(minute), int(second)
        )
    except ValueError:  # Feb 30, second 60
        return text
    return f"{moment:%Y-%m-%dT%H:%M:%SZ}"


def epoch_iso(seconds):
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        return None
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def map_entries(mapping):
    """An IDL map as encoded on the wire ([{"key": k, "value": v}], protocol 1.4) -> [(k, v)]."""
    return [
        (item.get("key"), item.get("value") or {}) for item in mapping or [] if isinstance(item, dict) and "key" in item
    ]


def scrub_secrets(value):
    """A copy without the fields that can hold secrets (EAP and WLAN passwords, keys, pre-shared keys)."""
    if isinstance(value, dict):
        return {key: scrub_secrets(item) for key, item in value.items() if not _SECRET_FIELD.search(str(key))}
    if isinstance(value, list):
        return [scrub_secrets(item) for item in value]
    return value


def _primary_interface(interfaces):
    """The interface that is up with IPv4 enabled, else the first one listed."""
    for name, interface in interfaces:
        if interface.get("state") == 3 and (interface.get("ipv4") or {}).get("enabled"):
            return name, interface
    return interfaces[0] if interfaces else (None, {})


def map_interface(name, interface, settings):
    ipv4, ipv6 = interface.get("ipv4") or {}, interface.get("ipv6") or {}
    return {
        "name": interface.get("name", name),
        "label": interface.get("label", ""),
        "type": name_of(INTERFACE_TYPE, interface.get("type")),
        "state": name_of(INTERFACE_STATE, interface.get("state")),
        "enabled": bool(interface.get("enabled")),
        "mac_address": interface.get("macAddr", ""),
        "mtu": interface.get("mtu"),
        "ipv4": {
            "enabled": bool(ipv4.get("enabled")),
            "method": name_of(IP_CONFIG_METHOD, ipv4.get("configMethod")),
            "addresses": [f"{cidr.get('addr')}/{cidr.get('prefixLen')}" for cidr in ipv4.get("addrsCidr") or []],
            "gateway": ((settings.get("ipv4") or {}).get("staticDefaultGatewayAddr") or ""),
        },
        "ipv6": {
            "enabled": bool(ipv6.get("enabled")),
            "method": name_of(IP_CONFIG_METHOD, ipv6.get("configMethod")),
            "addresses": [f"{cidr.get('addr')}/{cidr.get('prefixLen')}" for cidr in ipv6.get("addrsCidr") or []],
        },
    }


def map_network(net_info, net_settings=None):
    """Network facts from net.Net getInfo (what is active) and getSettings (configured; optional)."""
    net_info = net_info if isinstance(net_info, dict) else {}
    net_settings = net_settings if isinstance(net_settings, dict) else {}
    configured = dict(map_entries(net_settings.get("ifMap")))
    interfaces = map_entries(net_info.get("ifMap"))
    name, primary = _primary_interface(interfaces)
    ipv4 = primary.get("ipv4") or {}
    addresses = ipv4.get("addrsCidr") or []
    primary_settings = (configured.get(name) or {}).get("ipv4") or {}
    if not addresses and primary_settings.get("staticAddrCidr", {}).get("addr"):
        addresses = [primary_settings["staticAddrCidr"]]
    gateway = primary_settings.get("staticDefaultGatewayAddr")
    if gateway is None:  # net.Net before 7.0.0 kept the default gateway in the routing settings
        gateway = ((net_settings.get("common") or {}).get("routing") or {}).get("defaultGatewayAddr", "")
    dns = (net_info.get("common") or {}).get("dns") or ((net_settings.get("common") or {}).get("dns")) or {}
    return {
        "hostname": ipv4.get("dhcpPreferredHostname") or primary_settings.get("dhcpPreferredHostname", ""),
        "ipv4": {
            "method": name_of(IP_CONFIG_METHOD, ipv4.get("configMethod", primary_settings.get("configMethod"))),
            "address": addresses[0].get("addr", "") if addresses else "",
            "prefix_length": addresses[0].get("prefixLen") if addresses else None,
            "gateway": gateway or "",
        },
        "dns_servers": list(dns.get("serverAddrs") or []),
        "interfaces": [map_interface(key, value, configured.get(key) or {}) for key, value in interfaces],
        "raw": scrub_secrets({"info": net_info, "settings": net_settings}),
    }


# -- certificates without a parser ---------------------------------------------


def _serial_value(text):
    try:
        return int(str(text).replace(":", ""), 16) if text else None
    except ValueError:
        return None


def _tlv(data, pos):
    """(tag, content start, content length) of the DER element at pos."""
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        size = length & 0x7F
        length = int.from_bytes(data[pos : pos + size], "big")
        pos += size
    return tag, pos, length


def der_serial(der):
    """Serial number of a DER certificate (Certificate -> tbsCertificate -> [version] -> serial), None if unreadable."""
    try:
        _tag, pos, _length = _tlv(der, 0)  # Certificate SEQUENCE
        _tag, pos, _length = _tlv(der, pos)  # tbsCertificate SEQUENCE
        tag, start, length = _tlv(der, pos)
        if tag == 0xA0:  # explicit version
            tag, start, length = _tlv(der, start + length)
        if tag != 0x02:
            return None
        return int.from_bytes(der[start : start + length], "big", signed=True)
    except (IndexError, TypeError):
        return None


def pem_first_certificate_der(pem_bytes):
    match = _PEM_CERT.search(pem_bytes)
    if not match:
        return None
    try:
        return base64.b64decode(b"".join(match.group(1).split()), validate=True)
    except ValueError:
        return None
