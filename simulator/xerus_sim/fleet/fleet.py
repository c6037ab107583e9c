# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start N devices in one process: state, TLS identity, listeners, mDNS, control server."""

import concurrent.futures
import ipaddress
import json
import sys
from pathlib import Path

from xerus_sim.fleet import ca
from xerus_sim.fleet.control_server import ControlServer, device_info
from xerus_sim.http import keycache, tlscert
from xerus_sim.http.accesslog import AccessLog
from xerus_sim.http.fdlimit import raise_open_file_limit
from xerus_sim.http.server import DeviceServer
from xerus_sim.model import generations
from xerus_sim.model.device import Device, DeviceConfig, Timings, serial_for
from xerus_sim.rpc import registry
from xerus_sim.rpc.session import SessionStore


def fleet_hosts(first, count):
    start = ipaddress.IPv4Address(first)
    return [str(start + index) for index in range(count)]


class Fleet:
    def __init__(self, options, state_root):
        self.options = options
        self.state_root = state_root
        self.access_log = AccessLog(options.access_log)
        self.devices = []
        self.control = None
        self.mdns = None
        self.issuer = None
        self.ca_path = None
        self.factory_keys = {}

    def _make_device(self, index, host):
        options = self.options
        generation = generations.for_device(getattr(options, "fw_generation", None) or [generations.DEFAULT], index)
        firmware_version = options.firmware_version or generations.DEFAULT_FIRMWARE[generation]
        config = DeviceConfig(
            model=options.model,
            firmware_version=firmware_version,
            outlets=options.outlets,
            user=options.user,
            password=options.password,
            generation=generation,
        )
        timings = Timings(
            options.reboot_seconds,
            options.update_seconds,
            options.cert_restart_ms,
            options.restore_delay,
            options.session_timeout,
            options.raw_apply_delay,
            upload_busy_seconds=options.upload_busy_seconds,
        )
        device = Device(host, options.port, options.http_port, config, self.state_root, timings)
        device.sessions = SessionStore(device)
        device.ca_path = self.ca_path
        DeviceServer(device, self.access_log, self.state_root, self.issuer, self.factory_keys.pop(index, None))
        device.objects = registry.build_objects(device)
        return device

    def start(self):
        hosts = fleet_hosts(self.options.bind, self.options.fleet)
        raise_open_file_limit(len(hosts))
        registry.rpc_classes()  # import every module once, before the threads race
        self._prepare_trust()
        self._prepare_keys(hosts)
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            self.devices = list(pool.map(self._make_device, range(len(hosts)), hosts))
        if self.options.self_signed:
            ca.write_self_signed_bundle(self.state_root, [device.server.cert_path for device in self.devices])
        self.control = ControlServer(self.options.control, self.devices)
        for device in self.devices:
            device.control_url = self.control.url
            device.server.open()
        self.control.start()
        if self.options.mdns:
            from xerus_sim.fleet.mdns import MdnsPublisher

            self.mdns = MdnsPublisher(self.options.bind)
            for device in self.devices:
                device.mdns = self.mdns
            self.mdns.announce_all(self.devices)

    def _prepare_keys(self, hosts):
        """Keys for the devices that have no certificate yet, from the key cache (generated in parallel when
        missing), before the devices are built: generating them one by one took minutes for 1000 devices."""
        new = [
            index
            for index, host in enumerate(hosts)
            if not tlscert.has_identity(Path(self.state_root) / serial_for(host))
        ]
        if new:
            folder = None if self.options.no_key_cache else self.options.key_cache
            self.factory_keys = keycache.KeyCache(folder).keys(new)

    def _prepare_trust(self):
        """The file printed as "ca": the fleet CA, or with --self-signed the bundle of the device certificates."""
        if self.options.self_signed:
            self.ca_path = Path(self.state_root) / ca.SELF_SIGNED_BUNDLE
        else:
            self.issuer, self.ca_path = ca.ensure(self.state_root)

    def print_devices(self):
        for device in self.devices:
            sys.stdout.write(json.dumps(device_info(device)) + "\n")
        sys.stdout.flush()

    def stop(self):
        if self.mdns:
            self.mdns.close()
        for device in self.devices:
            device.server.close()
            device.server.drop_all()
            device.save()
        if self.control:
            self.control.stop()
        self.access_log.close()
