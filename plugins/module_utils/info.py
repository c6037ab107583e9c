# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Everything a playbook needs to know about one Xerus PDU, read-only (protocol 4, 5, 6.1, 7.2, 9).

No Ansible import: the module, the inventory enrichment and the bench share ``gather()``.

    from ansible_collections.xerus.pdu.plugins.module_utils import info
    subsets = info.resolve_subsets(["all", "!network"])
    facts = info.gather(client, subsets)        # {"device": {...}, "outlets": [...], ...}

Requests (HTTP; every one a read):

1. one bulk with everything that needs no earlier answer: Pdu metadata and
   settings, the outlet and inlet references, the well-known inlet's
   metadata, settings and sensor references, firmware version, info and
   update history, the certificate info;
2. one bulk with what depends on request 1: state, settings and metadata of
   every outlet (at the rids the device returned) and the readings of every
   inlet sensor (at the rids the device returned). A device whose inlets are
   not just the well-known one needs a third bulk for those inlets' readings;
3. ``network`` only: the raw configuration download (a GET), of which only the
   ``net.*`` keys are kept (``/net`` is not served, protocol 3); the rest of
   the file, secrets included, is dropped unparsed;
4. ``certificate`` only: the SHA-256 fingerprint comes from the certificate
   the device presents in a TLS handshake (no HTTP request). When its serial
   number differs from the active certificate's serial that the device reports
   (a TLS-terminating proxy in between), the active certificate is downloaded
   instead (one GET).

The mapping functions (``map_*``) are pure: device structures in, returned
keys out, enum indices as readable strings ("unknown" for indices this
collection does not know).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import re

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.enums import (
    ELLIPTIC_CURVE,
    INLET_WIRING,
    KEY_TYPE,
    OUTLET_STARTUP_STATE,
    PDU_ORIENTATION,
    PDU_STARTUP_STATE,
    POWER_STATE,
    UPDATE_HISTORY_STATUS,
    name_of,
)
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusHttpError, XerusProtocolError

SUBSETS = ("device", "outlets", "inlets", "firmware", "certificate", "network")
NUMERIC_SENSORS = ("sensors.NumericSensor", "sensors.AccumulatingNumericSensor")
STATE_SENSORS = ("sensors.StateSensor",)
CERT_DATE_FORMAT = "%b %d %H:%M:%S %Y GMT"
# A net.* key whose name suggests a secret is never returned (the raw configuration has secrets in clear text).
_SECRET_KEY = re.compile(r"pass|secret|psk|key|community|token", re.IGNORECASE)
_PEM_CERT = re.compile(rb"-----BEGIN CERTIFICATE-----\s*(.+?)\s*-----END CERTIFICATE-----", re.DOTALL)


class SubsetError(ValueError):
    """gather_subset names something that is not a subset."""


def resolve_subsets(gather_subset):
    """``all`` (default), subset names, ``!name`` exclusions -> the selected subsets in canonical order.

    Only exclusions (``["!network"]``) start from ``all``, as Ansible's setup module does.
    """
    entries = [str(entry).strip() for entry in (gather_subset or ["all"])]
    included, excluded = set(), set()
    for entry in entries:
        negated = entry.startswith("!")
        name = entry[1:] if negated else entry
        if name != "all" and name not in SUBSETS:
            raise SubsetError(f"option gather_subset: {entry!r} is not one of all, {', '.join(SUBSETS)} (or !<name>)")
        names = set(SUBSETS) if name == "all" else {name}
        (excluded if negated else included).update(names)
    if not included:
        included = set(SUBSETS)
    return tuple(name for name in SUBSETS if name in included and name not in excluded)


# -- reading ------------------------------------------------------------------


def gather(client, subsets):
    """Read the selected subsets; returns the ``xerus`` dictionary."""
    first = _bulk(client, _first_calls(subsets))
    second_calls, inlet_plan = _second_calls(subsets, first)
    second = _bulk(client, second_calls)
    facts = {}
    if "device" in subsets:
        facts["device"] = map_device(first["pdu.metadata"], first["pdu.settings"], first["pdu.outlets"], first["pdu.inlets"])
    if "firmware" in subsets:
        facts["firmware"] = map_firmware(first["fw.version"], first["fw.info"], first["fw.history"])
    if "outlets" in subsets:
        facts["outlet_count"] = len(first["pdu.outlets"])
        facts["outlets"] = [map_outlet(number, second[f"outlet.{number}.metadata"], second[f"outlet.{number}.state"],
                                       second[f"outlet.{number}.settings"]) for number in range(1, len(first["pdu.outlets"]) + 1)]
    if "inlets" in subsets:
        facts["inlets"] = _inlets(client, inlet_plan, first, second)
    if "certificate" in subsets:
        facts["certificate"] = _certificate(client, first["cert.info"].get("info"))
    if "network" in subsets:
        facts["network"] = map_network(_raw_configuration(client))
    return facts


def _bulk(client, keyed_calls):
    """One bulk request for {key: Call}; every entry must succeed (they are all plain reads)."""
    if not keyed_calls:
        return {}
    keys = list(keyed_calls)
    answers = client.bulk([keyed_calls[key] for key in keys], safe=True)
    values = {}
    for key, answer in zip(keys, answers):
        answer.raise_for_error()
        values[key] = answer.ret if "_ret_" in answer.result else answer.result
    return values


def _first_calls(subsets):
    calls = {}
    if "device" in subsets:
        calls["pdu.metadata"] = Call(rids.PDU, "getMetaData")
        calls["pdu.settings"] = Call(rids.PDU, "getSettings")
        calls["pdu.inlets"] = Call(rids.PDU, "getInlets")
    if "device" in subsets or "outlets" in subsets:
        calls["pdu.outlets"] = Call(rids.PDU, "getOutlets")
    if "inlets" in subsets:
        calls["pdu.inlets"] = Call(rids.PDU, "getInlets")
        calls.update(_inlet_calls("inlet.known", rids.INLET))
    if "firmware" in subsets:
        calls["fw.version"] = Call(rids.FIRMWARE, "getVersion")
        calls["fw.info"] = Call(rids.FIRMWARE, "getInfo")
        calls["fw.history"] = Call(rids.FIRMWARE, "getUpdateHistory")
    if "certificate" in subsets:
        calls["cert.info"] = Call(rids.CERT, "getInfo")
    return calls


def _inlet_calls(prefix, rid):
    return {f"{prefix}.metadata": Call(rid, "getMetaData"), f"{prefix}.settings": Call(rid, "getSettings"),
            f"{prefix}.sensors": Call(rid, "getSensors")}


def _second_calls(subsets, first):
    """Calls that need an answer of the first bulk; and, per inlet, where its data comes from."""
    calls = {}
    if "outlets" in subsets:
        for number, ref in enumerate(first["pdu.outlets"], start=1):
            rid = reference_rid(ref)
            calls[f"outlet.{number}.metadata"] = Call(rid, "getMetaData")
            calls[f"outlet.{number}.state"] = Call(rid, "getState")
            calls[f"outlet.{number}.settings"] = Call(rid, "getSettings")
    inlet_plan = []
    if "inlets" in subsets:
        for number, ref in enumerate(first["pdu.inlets"], start=1):
            rid = reference_rid(ref)
            if rid == rids.INLET:
                inlet_plan.append((number, "inlet.known", first["inlet.known.sensors"]))
                calls.update(_reading_calls(f"inlet.{number}.reading", first["inlet.known.sensors"]))
            else:
                inlet_plan.append((number, f"inlet.{number}", None))
                calls.update(_inlet_calls(f"inlet.{number}", rid))
    return calls, inlet_plan


def _reading_calls(prefix, sensors):
    calls = {}
    for field, ref in sorted((sensors or {}).items()):
        kind = reference_type(ref)
        if kind in NUMERIC_SENSORS:
            calls[f"{prefix}.{field}"] = Call(reference_rid(ref), "getReading")
        elif kind in STATE_SENSORS:
            calls[f"{prefix}.{field}"] = Call(reference_rid(ref), "getState")
    return calls


def _inlets(client, inlet_plan, first, second):
    """Inlet facts; inlets other than the well-known one cost a third bulk for their readings."""
    late = {}
    for number, source, sensors in inlet_plan:
        if sensors is None:
            late.update(_reading_calls(f"inlet.{number}.reading", second[f"{source}.sensors"]))
    third = _bulk(client, late)
    answers = {**first, **second, **third}
    inlets = []
    for number, source, sensors in inlet_plan:
        sensors = sensors if sensors is not None else answers[f"{source}.sensors"]
        readings = {field: answers.get(f"inlet.{number}.reading.{field}") for field in (sensors or {})
                    if f"inlet.{number}.reading.{field}" in answers}
        inlets.append(map_inlet(number, answers[f"{source}.metadata"], answers[f"{source}.settings"], readings))
    return inlets


def _certificate(client, cert_info):
    active = (cert_info or {}).get("activeCertInfo") or {}
    der = client.peer_certificate_der()
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


def _raw_configuration(client):
    answer = client.download(rids.RAWCFG_DOWNLOAD_CGI)
    if answer.status != 200:
        raise XerusHttpError(client.device, f"raw configuration download answered HTTP {answer.status}", answer.status)
    return network_keys((answer.content or b"").decode("utf-8", errors="replace"))


# -- mapping (pure) -----------------------------------------------------------


def snake(name):
    """IDL camelCase field name -> snake_case key (activePower -> active_power, residualACCurrent -> residual_ac_current)."""
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


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
        "supported_inlet_wirings": [name_of(INLET_WIRING, index) for index in metadata.get("supportedInletWirings") or []],
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
    requested_on = state.get("powerState") == 1 or bool(state.get("switchOnInProgress")) or bool(state.get("cycleInProgress"))
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
        "key": map_key(active.get("keyInfo")),
        "chain": [{"subject": map_name(item.get("subject")), "issuer": map_name(item.get("issuer")),
                   "not_after": cert_time_iso(item.get("invalidAfter"))} for item in cert_info.get("activeCertChainInfos") or []],
        "fingerprint_sha256": ":".join(f"{byte:02x}" for byte in sha256_digest),
        "fingerprint_source": fingerprint_source,
        "pending_request": bool(cert_info.get("havePendingReq")),
        "pending_certificate": bool(cert_info.get("havePendingCert")),
    }


def map_name(attributes):
    return {snake(field): value for field, value in sorted((attributes or {}).items())}


def map_key(key_info):
    key_info = key_info or {}
    return {
        "type": name_of(KEY_TYPE, key_info.get("type")),
        "curve": name_of(ELLIPTIC_CURVE, key_info.get("ecCurve")),
        "rsa_key_length": key_info.get("rsaKeyLength"),
        "in_secure_element": bool(key_info.get("inSecureElement")),
    }


def cert_time_iso(text):
    """"Nov 24 14:11:05 2026 GMT" -> "2026-11-24T14:11:05Z"; another spelling is returned as served."""
    if not text:
        return None
    try:
        moment = datetime.datetime.strptime(text.strip(), CERT_DATE_FORMAT)
    except ValueError:
        return text
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch_iso(seconds):
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        return None
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def network_keys(text):
    """The ``net.*`` keys of a raw configuration (protocol 9.2); every other line is dropped unread."""
    keys = {}
    for line in text.splitlines():
        if not line.startswith("net.") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        if ":" in key or _SECRET_KEY.search(key):
            continue  # encrypted values and anything that looks like a secret stay on the device
        keys[key.strip()] = value.strip()
    return keys


_IPV4 = "net.interfaces[eth0].ipv4."
_DNS_ELEMENT = re.compile(r"net\.dns\.server_addrs(?:\[([0-9]+)\](?:\._c_)?|\._e_\.([0-9]+))")


def _dns_servers(keys):
    """Elements of the net.dns.server_addrs vector in order (protocol 9.2), else the older comma list."""
    elements = sorted((int(found.group(1) or found.group(2)), value.strip()) for found, value in
                      ((_DNS_ELEMENT.fullmatch(key), value) for key, value in keys.items()) if found)
    if elements:
        return [value for _index, value in elements if value]
    return [server.strip() for server in keys.get("net.dns.servers", "").split(",") if server.strip()]


def map_network(keys):
    """Network facts from the raw configuration keys of protocol 9.3 (older key names as a fallback)."""
    address, _sep, prefix = keys.get("net.ipv4.address", "").partition("/")
    address = keys.get(_IPV4 + "static.addr_cidr.addr", address)
    prefix = keys.get(_IPV4 + "static.addr_cidr.prefix_len", prefix)
    return {
        "hostname": keys.get(_IPV4 + "dhcp.preferred_hostname", keys.get("net.hostname", "")),
        "ipv4": {
            "method": keys.get(_IPV4 + "config_method", keys.get("net.ipv4.method", "")),
            "address": address,
            "prefix_length": int(prefix) if prefix.isdigit() else None,
            "gateway": keys.get("net.routing.ipv4.default_gateway_addr", keys.get("net.ipv4.gateway", "")),
        },
        "dns_servers": _dns_servers(keys),
        "raw": dict(sorted(keys.items())),
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
        length = int.from_bytes(data[pos:pos + size], "big")
        pos += size
    return tag, pos, length


def der_serial(der):
    """Serial number of a DER certificate (Certificate -> tbsCertificate -> [version] -> serial), None if unreadable."""
    try:
        _tag, pos, _length = _tlv(der, 0)            # Certificate SEQUENCE
        _tag, pos, _length = _tlv(der, pos)          # tbsCertificate SEQUENCE
        tag, start, length = _tlv(der, pos)
        if tag == 0xA0:                              # explicit version
            tag, start, length = _tlv(der, start + length)
        if tag != 0x02:
            return None
        return int.from_bytes(der[start:start + length], "big", signed=True)
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
