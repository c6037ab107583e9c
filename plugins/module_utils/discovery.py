# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""mDNS discovery of Xerus PDUs (plain Python, no Ansible import).

``discover()`` browses the device service types, resolves each instance's
SRV/TXT/A records through the zeroconf cache (asking again only for what is
missing) and returns as soon as the answers have settled, instead of sleeping
a fixed time.
"""

from __future__ import annotations

import collections
import ipaddress
import queue
import re
import time
from dataclasses import dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError

try:
    from zeroconf import (
        DNSOutgoing,
        DNSQuestion,
        DNSQuestionType,
        InterfaceChoice,
        ServiceBrowser,
        ServiceInfo,
        ServiceStateChange,
        Zeroconf,
    )

    HAS_ZEROCONF = True
    ZEROCONF_IMPORT_ERROR = None
except ImportError as import_error:  # pragma: no cover - depends on the controller's Python
    HAS_ZEROCONF = False
    ZEROCONF_IMPORT_ERROR = import_error

SERVICE_TYPES = ("_raritan-rpcs._tcp.local.", "_raritan_rpcs._tcp.local.")
FIRMWARE_TXT_KEY = "rr_fw"
# Instance names the vendor SDK accepts as PDUs; only these are read as "<model>-<serial>".
MODEL_PREFIXES = ("PX2", "PX3", "SRC", "BCM", "BCM2", "PX3TS", "PMC", "PMMC", "PXE", "SCH", "LP", "PXO", "PXC")
HOSTNAME_SOURCES = ("name", "serial", "address")

_SERVER_SERIAL = re.compile(r"^px-([A-Za-z0-9]+)\.local\.?$")
_SERIAL = re.compile(r"^[A-Za-z0-9]+$")
_POLL_SECONDS = 0.03
# Seconds after an instance was seen (then between questions) before its missing records are asked for.
_ASK_AFTER = (0.15, 0.5, 1.0)
_NAMES_PER_QUERY = 8  # instances per query: 4 questions each, one packet below the Ethernet MTU
# DNS constants (RFC 1035 section 3.2.2 to 4.1.1, RFC 2782, RFC 3596)
_FLAGS_QUERY, _CLASS_IN, _TYPE_A, _TYPE_TXT, _TYPE_AAAA, _TYPE_SRV = 0, 1, 1, 16, 28, 33


class DiscoveryError(XerusError):
    """Discovery cannot run (library missing, bad filter, no usable interface); names no device."""

    def __init__(self, message):
        super().__init__(None, message)


@dataclass
class DiscoveredDevice:
    """One PDU as its mDNS records describe it."""

    name: str  # instance name without the service type
    service_type: str
    address: str
    port: int
    server: str = ""
    addresses: list = field(default_factory=list)
    txt: dict = field(default_factory=dict)

    @property
    def firmware_version(self):
        return self.txt.get(FIRMWARE_TXT_KEY)

    @property
    def model(self):
        """From the TXT record when the device gives it, else from a '<model>-<serial>' instance name."""
        return self.txt.get("model") or parse_instance_name(self.name)[0]

    @property
    def serial(self):
        """From the TXT record, the instance name or the 'px-<serial>.local.' host name, in that order."""
        return self.txt.get("serial") or parse_instance_name(self.name)[1] or serial_from_server(self.server)

    @property
    def extra_txt(self):
        """TXT items other than the firmware version."""
        return {key: value for key, value in self.txt.items() if key != FIRMWARE_TXT_KEY}

    def to_dict(self):
        return {
            "name": self.name,
            "service_type": self.service_type,
            "address": self.address,
            "port": self.port,
            "server": self.server,
            "addresses": list(self.addresses),
            "txt": dict(self.txt),
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            name=data["name"],
            service_type=data["service_type"],
            address=data["address"],
            port=int(data["port"]),
            server=data.get("server", ""),
            addresses=list(data.get("addresses", [])),
            txt=dict(data.get("txt", {})),
        )


def instance_name(full_name, service_type):
    """'PX3-5190R-XEM0000001._raritan-rpcs._tcp.local.' -> 'PX3-5190R-XEM0000001'."""
    suffix = "." + service_type
    if full_name.endswith(suffix):
        return full_name[: -len(suffix)]
    return full_name.split("._", 1)[0]


def parse_instance_name(name):
    """(model, serial) from a '<model>-<serial>' instance name of a known PDU family, else (None, None)."""
    if not name.upper().startswith(MODEL_PREFIXES):
        return None, None
    model, dash, serial = name.rpartition("-")
    if not dash or not model or not _SERIAL.match(serial):
        return None, None
    return model, serial


def serial_from_server(server):
    """'px-xem0000001.local.' -> 'XEM0000001' (the device host name carries the serial)."""
    match = _SERVER_SERIAL.match(server or "")
    return match.group(1).upper() if match else None


def decode_txt(properties):
    """TXT properties (bytes -> bytes or None) as text; a key without value becomes an empty string."""
    decoded = {}
    for key, value in (properties or {}).items():
        text_key = key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)
        if value is None:
            decoded[text_key] = ""
        else:
            decoded[text_key] = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return decoded


def parse_networks(networks):
    """CIDR strings -> ip_network objects; a bad entry raises DiscoveryError naming it."""
    parsed = []
    for network in networks or ():
        try:
            parsed.append(ipaddress.ip_network(str(network).strip(), strict=False))
        except ValueError as exc:
            raise DiscoveryError(f"networks: {network!r} is not a network in CIDR notation ({exc})") from None
    return parsed


def address_allowed(address, networks):
    """True when no allow-list is given or the address is inside one of the networks."""
    if not networks:
        return True
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    return any(ip.version == net.version and ip in net for net in networks)


def pick_address(addresses, networks):
    """The first address (IPv4 before IPv6, as zeroconf orders them) the allow-list accepts, or None."""
    for address in addresses:
        if address_allowed(address, networks):
            return address
    return None


def host_name(device, hostname_from, serial=None):
    """Inventory host name for a device: its instance name, its serial (name if unknown) or its address.

    serial: the serial number the device reported itself, preferred over the mDNS one.
    """
    if hostname_from == "address":
        return device.address
    if hostname_from == "serial":
        return serial or device.serial or device.name
    if hostname_from == "name":
        return device.name
    raise DiscoveryError(f"hostname_from: {hostname_from!r} is not one of {', '.join(HOSTNAME_SOURCES)}")


def _require_zeroconf():
    if not HAS_ZEROCONF:
        raise DiscoveryError(
            "the Python library 'zeroconf' is required for mDNS discovery "
            f"(pip install zeroconf): {ZEROCONF_IMPORT_ERROR}"
        )


class _Browse:
    """One browse session: browser events in a queue; services resolved from the zeroconf cache.

    A responder sends each instance's SRV, TXT and address records with its PTR answer when they fit
    (RFC 6763 section 12.1), so most instances are complete in the cache as soon as they are seen.
    The others are asked for together, many instances in one query, instead of one request (and one cache
    listener) per instance, which made a browse of a thousand devices run into its timeout.
    """

    def __init__(self, interfaces, networks):
        self.events = queue.Queue()
        self.networks = networks
        self._next_ask = {}  # key -> (monotonic time of the next question, how many were sent)
        try:
            # unicast=True: queries leave from an ephemeral port, so responders answer straight back
            # (one-shot queries, RFC 6762 section 5.1/6.7) instead of by multicast, which a responder
            # may hold back for a second when it multicast the same records recently.
            self.zc = Zeroconf(interfaces=list(interfaces) if interfaces else InterfaceChoice.All, unicast=True)
        except (OSError, ValueError) as exc:
            where = ", ".join(interfaces) if interfaces else "all interfaces"
            raise DiscoveryError(f"cannot open mDNS sockets on {where}: {exc}") from None
        self.browser = None

    def start(self, service_types):
        # QU questions: the answers come to our port anyway; the bit also keeps a responder from
        # dropping our query as a repeat of an identical packet it saw within the last second.
        self.browser = ServiceBrowser(
            self.zc, list(service_types), handlers=[self._on_change], question_type=DNSQuestionType.QU
        )

    def _on_change(self, zeroconf, service_type, name, state_change):
        kind = "removed" if state_change is ServiceStateChange.Removed else "seen"
        self.events.put((kind, service_type, name))

    def resolve(self, pending):
        """[(key, ServiceInfo)] of the pending (service type, name) keys complete in the cache; the others
        are asked for, with a growing interval."""
        now = time.monotonic()
        complete, missing = [], []
        for key in pending:
            info = ServiceInfo(*key)
            if info.load_from_cache(self.zc):
                complete.append((key, info))
                self._next_ask.pop(key, None)
                continue
            when, sent = self._next_ask.setdefault(key, (now + _ASK_AFTER[0], 0))
            if now >= when:
                missing.append(info)
                self._next_ask[key] = (now + _ASK_AFTER[min(sent + 1, len(_ASK_AFTER) - 1)], sent + 1)
        for start in range(0, len(missing), _NAMES_PER_QUERY):
            self.zc.send(self._query(missing[start : start + _NAMES_PER_QUERY]))
        return complete

    def _query(self, infos):
        """One query for the SRV and TXT records of these instances and the addresses of their hosts."""
        out = DNSOutgoing(_FLAGS_QUERY)
        for info in infos:
            questions = [(info.name, _TYPE_SRV), (info.name, _TYPE_TXT)]
            if info.server:
                questions += [(info.server, _TYPE_A), (info.server, _TYPE_AAAA)]
            for name, record_type in questions:
                question = DNSQuestion(name, record_type, _CLASS_IN)
                question.unicast = True
                out.add_question(question)
        return out

    def forget(self, key):
        self._next_ask.pop(key, None)

    def device_from(self, service_type, name, info):
        address = pick_address(info.parsed_scoped_addresses(), self.networks)
        if address is None or not info.port:
            return None
        return DiscoveredDevice(
            name=instance_name(name, service_type),
            service_type=service_type,
            address=address,
            port=int(info.port),
            server=info.server or "",
            addresses=info.parsed_scoped_addresses(),
            txt=decode_txt(info.properties),
        )

    def close(self):
        if self.browser is not None:
            self.browser.cancel()
        self.zc.close()


class _Collector:
    """Decides when the answers have settled; keeps devices unique by address and port."""

    def __init__(self, timeout, settle, expected_count, on_device=None):
        self.start = time.monotonic()
        self.deadline = self.start + timeout
        self.settle = settle
        self.expected_count = expected_count
        self.on_device = on_device
        self.last_answer = None
        self.pending = set()
        self.devices = {}  # (service_type, full name) -> DiscoveredDevice
        self.live = collections.Counter()  # (address, port) -> how many of the devices have it
        self.endpoints = set()  # (address, port) of every device resolved so far, withdrawn ones included

    def answered(self):
        self.last_answer = time.monotonic()

    def resolved(self, key, device):
        self.withdrawn(key)
        self.devices[key] = device
        self.live[(device.address, device.port)] += 1
        self.answered()
        endpoint = (device.address, device.port)
        if endpoint not in self.endpoints:
            self.endpoints.add(endpoint)
            if self.on_device is not None:
                self.on_device(device)

    def withdrawn(self, key):
        self.pending.discard(key)
        device = self.devices.pop(key, None)
        if device is not None:
            endpoint = (device.address, device.port)
            self.live[endpoint] -= 1
            if not self.live[endpoint]:
                del self.live[endpoint]

    def count(self):
        """Devices known now, unique by address and port (checked after every answer: kept, not computed)."""
        return len(self.live)

    def unique_devices(self):
        by_endpoint = {}
        for key in sorted(
            self.devices, key=lambda k: (SERVICE_TYPES.index(k[0]) if k[0] in SERVICE_TYPES else 99, k[1])
        ):
            device = self.devices[key]
            by_endpoint.setdefault((device.address, device.port), device)
        return sorted(by_endpoint.values(), key=lambda d: (d.name, d.address))

    def done(self):
        now = time.monotonic()
        if now >= self.deadline:
            return True
        if self.expected_count and self.count() >= self.expected_count:
            return True
        return self.last_answer is not None and not self.pending and now - self.last_answer >= self.settle

    def wait_seconds(self):
        now = time.monotonic()
        wait = self.deadline - now
        if self.last_answer is not None:
            wait = min(wait, self.settle - (now - self.last_answer))
        return max(min(wait, 1.0), _POLL_SECONDS if self.pending else 0.001)


def discover(
    timeout=3.0,
    settle=0.5,
    interfaces=None,
    networks=None,
    expected_count=None,
    service_types=SERVICE_TYPES,
    log=None,
    on_device=None,
):
    """Browse for Xerus PDUs and return a list of DiscoveredDevice, sorted by name.

    timeout: upper bound in seconds. settle: return once no new answer arrived for this long
    (counted from the first answer; with no answer at all the whole timeout is used).
    interfaces: addresses of the local interfaces to use (default all). networks: CIDR
    allow-list for device addresses. expected_count: return as soon as this many devices are known.
    log: optional callable taking a message string (progress for debugging).
    on_device: optional callable taking a DiscoveredDevice, called during the browse as soon as an
    address and port is first resolved (once per address and port), so that work on the device can
    start while others are still answering. The returned list stays the authority: a device withdrawn
    before the end of the browse was announced to on_device but is not in it.
    """
    _require_zeroconf()
    allowed = parse_networks(networks)
    timeout = float(timeout)
    if timeout <= 0:
        raise DiscoveryError(f"timeout: must be a positive number of seconds, got {timeout!r}")
    collector = _Collector(timeout, max(float(settle), 0.0), expected_count, on_device)
    browse = _Browse(interfaces, allowed)
    if log:
        where = ", ".join(interfaces) if interfaces else "all interfaces"
        log(f"mDNS browse of {', '.join(service_types)} on {where} for at most {timeout:.1f}s")
    try:
        browse.start(service_types)
        while not collector.done():
            for event in _events_within(browse.events, collector.wait_seconds()):
                _apply_event(collector, browse, event)
            for key, info in browse.resolve(collector.pending):
                collector.pending.discard(key)
                device = browse.device_from(key[0], key[1], info)
                if device is not None:
                    collector.resolved(key, device)
    finally:
        browse.close()
    devices = collector.unique_devices()
    if log:
        log(f"mDNS browse found {len(devices)} device(s) in {time.monotonic() - collector.start:.2f}s")
    return devices


def _events_within(events, seconds):
    """The events that arrived, waiting up to `seconds` for the first; then whatever else is queued."""
    try:
        batch = [events.get(timeout=seconds)]
    except queue.Empty:
        return []
    while True:
        try:
            batch.append(events.get_nowait())
        except queue.Empty:
            return batch


def _apply_event(collector, browse, event):
    kind, service_type, name = event
    key = (service_type, name)
    if kind == "seen":
        collector.pending.add(key)
        collector.answered()
    else:
        collector.withdrawn(key)
        browse.forget(key)
