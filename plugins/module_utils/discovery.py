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

import asyncio
import ipaddress
import queue
import re
import time
from dataclasses import dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError

try:
    from zeroconf import DNSQuestionType, InterfaceChoice, ServiceBrowser, ServiceInfo, ServiceStateChange, Zeroconf

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
_POLL_SECONDS = 0.05


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
    """One browse session: collects browser events and resolution results in a queue."""

    def __init__(self, interfaces, networks, resolve_timeout_ms):
        self.events = queue.Queue()
        self.networks = networks
        self.resolve_timeout_ms = resolve_timeout_ms
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
        if state_change is ServiceStateChange.Removed:
            self.events.put(("removed", service_type, name, None))
            return
        self.events.put(("seen", service_type, name, None))
        info = ServiceInfo(service_type, name)
        future = asyncio.run_coroutine_threadsafe(
            info.async_request(zeroconf, self.resolve_timeout_ms, question_type=DNSQuestionType.QU), zeroconf.loop
        )
        future.add_done_callback(
            lambda done: self.events.put(("resolved", service_type, name, info if _succeeded(done) else None))
        )

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


def _succeeded(future):
    return not future.cancelled() and future.exception() is None and future.result()


class _Collector:
    """Decides when the answers have settled; keeps devices unique by address and port."""

    def __init__(self, timeout, settle, expected_count):
        self.start = time.monotonic()
        self.deadline = self.start + timeout
        self.settle = settle
        self.expected_count = expected_count
        self.last_answer = None
        self.pending = set()
        self.devices = {}  # (service_type, full name) -> DiscoveredDevice

    def answered(self):
        self.last_answer = time.monotonic()

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
        if self.expected_count and len(self.unique_devices()) >= self.expected_count:
            return True
        return self.last_answer is not None and not self.pending and now - self.last_answer >= self.settle

    def wait_seconds(self):
        now = time.monotonic()
        wait = self.deadline - now
        if self.last_answer is not None:
            wait = min(wait, self.settle - (now - self.last_answer))
        return max(min(wait, 1.0), _POLL_SECONDS if self.pending else 0.001)


def discover(
    timeout=3.0, settle=0.5, interfaces=None, networks=None, expected_count=None, service_types=SERVICE_TYPES, log=None
):
    """Browse for Xerus PDUs and return a list of DiscoveredDevice, sorted by name.

    timeout: upper bound in seconds. settle: return once no new answer arrived for this long
    (counted from the first answer; with no answer at all the whole timeout is used).
    interfaces: addresses of the local interfaces to use (default all). networks: CIDR
    allow-list for device addresses. expected_count: return as soon as this many devices are known.
    log: optional callable taking a message string (progress for debugging).
    """
    _require_zeroconf()
    allowed = parse_networks(networks)
    timeout = float(timeout)
    if timeout <= 0:
        raise DiscoveryError(f"timeout: must be a positive number of seconds, got {timeout!r}")
    collector = _Collector(timeout, max(float(settle), 0.0), expected_count)
    browse = _Browse(interfaces, allowed, resolve_timeout_ms=max(int(timeout * 1000), 1))
    if log:
        where = ", ".join(interfaces) if interfaces else "all interfaces"
        log(f"mDNS browse of {', '.join(service_types)} on {where} for at most {timeout:.1f}s")
    try:
        browse.start(service_types)
        while not collector.done():
            try:
                event = browse.events.get(timeout=collector.wait_seconds())
            except queue.Empty:
                continue
            _apply_event(collector, browse, event)
    finally:
        browse.close()
    devices = collector.unique_devices()
    if log:
        log(f"mDNS browse found {len(devices)} device(s) in {time.monotonic() - collector.start:.2f}s")
    return devices


def _apply_event(collector, browse, event):
    kind, service_type, name, info = event
    key = (service_type, name)
    if kind == "seen":
        collector.pending.add(key)
        collector.answered()
    elif kind == "removed":
        collector.pending.discard(key)
        collector.devices.pop(key, None)
    elif kind == "resolved":
        collector.pending.discard(key)
        device = browse.device_from(service_type, name, info) if info is not None else None
        if device is not None:
            collector.devices[key] = device
            collector.answered()
