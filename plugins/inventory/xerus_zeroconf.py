# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: xerus_zeroconf
short_description: Discover Xerus PDUs on the local network with mDNS
version_added: 1.0.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Finds Legrand / Raritan / Server Technology PDUs that announce their JSON-RPC service by mDNS
    (C(_raritan-rpcs._tcp.local.) and the older C(_raritan_rpcs._tcp.local.)) and adds one host per device.
  - The browse ends as soon as no new answer arrived for O(settle) seconds, or O(expected_count) devices
    were found, and at the latest after O(timeout) seconds.
  - Each host gets C(ansible_host), C(xerus_host), C(xerus_port), what the TXT record gives
    (C(xerus_firmware_version) from C(rr_fw), C(xerus_model) and C(xerus_serial), all TXT items but
    C(rr_fw) as C(xerus_txt)), C(xerus_mdns_name) and C(xerus_mdns_server).
  - With O(enrich=true) every device is asked for its model, serial number, firmware version and device
    name (one bulk request per device, O(enrich_workers) devices at a time); these replace the mDNS values
    and are set as C(xerus_model), C(xerus_serial), C(xerus_firmware_version), C(xerus_name), with
    C(xerus_reachable=true). A device that cannot be read stays in the inventory with C(xerus_reachable=false)
    and a warning; the inventory does not fail.
  - With O(enrich=true) a device is read as soon as the browse has resolved it, while the browse goes on;
    a device withdrawn (mDNS goodbye) before the browse ends may have been read but is not in the inventory.
  - Every host is in the group C(xerus), and in C(xerus_model_<model>) (lower case, other characters than
    letters, digits and underscores replaced by C(_)) when its model is known.
  - The configuration file name must end with C(.xerus_zeroconf.yml) or C(.xerus_zeroconf.yaml).
requirements:
  - zeroconf (Python library, for the mDNS browse)
  - requests (Python library, for O(enrich=true))
extends_documentation_fragment:
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description: Token that marks the file as a configuration of this plugin.
    type: str
    required: true
    choices: [xerus.pdu.xerus_zeroconf]
  timeout:
    description:
      - Longest time, in seconds, the mDNS browse may take.
      - This is not the HTTP timeout of O(enrich=true); see O(request_timeout).
    type: float
    default: 3.0
  settle:
    description:
      - End the browse when no new answer arrived for this many seconds, counted from the first answer.
      - With no answer at all the browse lasts O(timeout).
      - Raise it on networks where answers trickle in slowly.
    type: float
    default: 0.5
  expected_count:
    description:
      - End the browse as soon as this many devices (after the O(networks) filter) were found.
    type: int
  interfaces:
    description:
      - Addresses of the local network interfaces to browse on, for example V(["127.0.0.1"]) or V(["192.0.2.2"]).
      - Empty (the default) means every IPv4 interface of the controller.
    type: list
    elements: str
    default: []
  networks:
    description:
      - Allow-list of networks in CIDR notation (V(192.0.2.0/24), V(192.0.2.10/32)); devices whose addresses
        are all outside are ignored. Empty (the default) keeps every device.
    type: list
    elements: str
    default: []
  hostname_from:
    description:
      - What names the inventory host.
      - V(name) is the mDNS instance name without the service type (V(PX3-5190R-XEM0000001)).
      - V(serial) is the serial number (the device's own with O(enrich=true), else the mDNS one; the instance
        name when neither is known).
      - V(address) is the device's IP address.
    type: str
    choices: [name, serial, address]
    default: name
  local_connection:
    description:
      - Give the group C(xerus) the variables C(ansible_connection=local) and
        C(ansible_python_interpreter={{ ansible_playbook_python }}), so tasks with xerus.pdu modules
        run on the controller without C(delegate_to).
      - They are group variables of C(xerus), the lowest inventory precedence, so your own values win when you
        set them with O(compose), in C(host_vars/<host>.yml), C(group_vars/xerus.yml) or C(group_vars/all.yml).
      - Set to V(false) to leave both unset.
    type: bool
    default: true
  enrich:
    description:
      - Read model, serial number, firmware version and device name from every discovered device
        (C(Pdu.getMetaData), C(Pdu.getSettings) and C(Firmware.getVersion) in one bulk request).
      - Needs credentials (O(username) and O(password), or O(token)).
    type: bool
    default: false
  enrich_workers:
    description: How many devices O(enrich=true) reads at the same time.
    type: int
    default: 16
  port:
    description:
      - HTTPS port for O(enrich=true) and C(xerus_port). By default the port of the device's SRV record.
      - 1 to 65535; another value fails the inventory before anything is sent. A device whose address or SRV port is
        not usable is kept with C(xerus_reachable=false) and a warning, and nothing is sent to it.
    type: int
    env:
      - name: XERUS_PORT
  username:
    description: User name for HTTP Basic authentication with O(enrich=true).
    type: str
    env:
      - name: XERUS_USERNAME
  password:
    description: Password of O(username).
    type: str
    env:
      - name: XERUS_PASSWORD
  token:
    description: Session token (C(X-SessionToken)) instead of O(username) and O(password).
    type: str
    env:
      - name: XERUS_TOKEN
  validate_certs:
    description:
      - Verify the TLS certificate each device presents (it must name the device's address).
      - Prefer O(ca_path) over V(false) for self-signed certificates.
    type: bool
    default: true
    env:
      - name: XERUS_VALIDATE_CERTS
  ca_path:
    description: PEM file of the CA certificate(s) to trust instead of the system store.
    type: path
    env:
      - name: XERUS_CA_PATH
  request_timeout:
    description:
      - Seconds to wait for a connection and for each answer with O(enrich=true).
      - The modules call this option C(timeout); here C(timeout) is the browse time.
      - More than 0 and at most 600 seconds.
    type: float
    default: 10.0
    env:
      - name: XERUS_TIMEOUT
notes:
  - The browse sends one-shot mDNS queries from an ephemeral port, so the devices answer it directly. It works
    on the loopback interface too (for example with the simulator), with O(interfaces) left empty or set to V(["127.0.0.1"]).
  - With O(cache=true) a second run uses the cached device data and sends neither mDNS queries nor device requests
    until the cache expires (O(cache_timeout)) or C(ansible-inventory --flush-cache) is used. O(compose),
    O(groups) and O(keyed_groups) are applied again on every run.
  - Values from the network (TXT items, names) are not trusted as templates.
  - A xerus.pdu task over a discovered host needs no O(xerus.pdu.xerus_info#module:host) or
    O(xerus.pdu.xerus_info#module:port). Without them, it talks to the address and port in the host's C(xerus_host)
    and C(xerus_port).
"""

EXAMPLES = r"""
# pdus.xerus_zeroconf.yml -- every PDU on the controller's networks, grouped by model
plugin: xerus.pdu.xerus_zeroconf

---
# lab.xerus_zeroconf.yml -- one subnet, device facts, groups by firmware version, cached for an hour
plugin: xerus.pdu.xerus_zeroconf
networks:
  - 192.0.2.0/24
timeout: 5
enrich: true
username: admin
# password from XERUS_PASSWORD
ca_path: /etc/pki/xerus/ca.pem
hostname_from: serial
keyed_groups:
  - key: xerus_firmware_version
    prefix: fw
  - key: xerus_model
    prefix: model
groups:
  unreachable_pdus: not (xerus_reachable | default(true))
compose:
  rack: xerus_name.split('-')[0] if xerus_name else 'unknown'
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/xerus_inventory
cache_timeout: 3600

---
# simulator.xerus_zeroconf.yml -- simulated fleet on the loopback, stop after 50 answers
plugin: xerus.pdu.xerus_zeroconf
interfaces: [127.0.0.1]
networks: [127.42.7.0/24]
expected_count: 50

# A playbook over the discovered hosts: no delegate_to, no host or port needed
# - hosts: xerus
#   gather_facts: false
#   module_defaults:
#     group/xerus.pdu.xerus:
#       login_username: admin
#       login_password: "{{ vault_pdu_password }}"
#   tasks:
#     - xerus.pdu.xerus_info:
"""

import re
import time

from ansible.errors import AnsibleError
from ansible.inventory.group import to_safe_group_name
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.xerus.pdu.plugins.module_utils.discovery import (
    DiscoveredDevice,
    DiscoveryError,
    discover,
    host_name,
)
from ansible_collections.xerus.pdu.plugins.module_utils.endpoint import check_port, check_timeout
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError
from ansible_collections.xerus.pdu.plugins.module_utils.file_checks import MAX_PEM_SIZE, check_input_file

try:
    from ansible.template import trust_as_template
except ImportError:  # ansible-core < 2.19 has no template trust

    def trust_as_template(value):
        return value


ALL_GROUP = "xerus"
MODEL_GROUP_PREFIX = "xerus_model_"
CONFIG_SUFFIXES = (".xerus_zeroconf.yml", ".xerus_zeroconf.yaml")
CONNECTION_OPTIONS = ("username", "password", "token", "validate_certs", "ca_path")


def model_group(model):
    """'PX3-5190R' -> 'xerus_model_px3_5190r'."""
    return MODEL_GROUP_PREFIX + re.sub(r"[^a-z0-9_]", "_", str(model).lower())


def discovery_vars(device):
    """Host variables from the mDNS records alone."""
    return {
        "ansible_host": device.address,
        "xerus_host": device.address,
        "xerus_port": device.port,
        "xerus_firmware_version": device.firmware_version,
        "xerus_model": device.model,
        "xerus_serial": device.serial,
        "xerus_txt": device.extra_txt,
        "xerus_mdns_name": device.name,
        "xerus_mdns_server": device.server,
    }


def identity_vars(identity):
    """Host variables from the device itself; what it did not report keeps the mDNS value."""
    if not identity.get("reachable"):
        return {"xerus_reachable": False}
    found = {"xerus_reachable": True, "xerus_name": identity.get("name")}
    for key in ("model", "serial", "firmware_version"):
        if identity.get(key):
            found["xerus_" + key] = identity[key]
    return found


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    """mDNS discovery of Xerus PDUs."""

    NAME = "xerus.pdu.xerus_zeroconf"

    @staticmethod
    def _sanitize_group_name(name):
        # Group names from keyed_groups (firmware versions, models) are made valid instead of warned about.
        return to_safe_group_name(name, force=True, silent=True)

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith(CONFIG_SUFFIXES)

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        self._check_connection_options()
        records = self._records(path, cache)
        self._populate(records)

    def _check_connection_options(self):
        """port, request_timeout and ca_path as the modules check them: a clear error before any request."""
        try:
            if self.get_option("port") is not None:
                check_port(self.get_option("port"))
            if self.get_option("enrich"):
                check_timeout(self.get_option("request_timeout"), "request_timeout")
                if self.get_option("validate_certs") and self.get_option("ca_path"):
                    check_input_file(self.get_option("ca_path"), "ca_path", MAX_PEM_SIZE)
        except XerusInputError as exc:
            raise AnsibleError(f"xerus_zeroconf: {exc}") from None

    # -- data: cache or network --------------------------------------------

    def _records(self, path, cache):
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        update_cache = self.get_option("cache") and not cache
        if use_cache:
            try:
                records = self._cache[cache_key]
                self.display.vvv(f"xerus_zeroconf: using {len(records)} cached device(s), no mDNS browse")
                return records
            except KeyError:
                update_cache = True
        records = self._collect()
        if update_cache:
            self._cache[cache_key] = records
        return records

    def _collect(self):
        if not self.get_option("enrich"):
            return [{"device": device.to_dict()} for device in self._discover()]
        # Imported here: requests is needed only for enrichment.
        from ansible_collections.xerus.pdu.plugins.module_utils.enrich import IdentityReader

        with IdentityReader(self._connection(), workers=self.get_option("enrich_workers")) as reader:
            # every device is read as soon as the browse resolves it, while the others are still answering
            devices = self._discover(
                on_device=lambda device: reader.submit(self._endpoint(device.address, device.port))
            )
            records = [{"device": device.to_dict()} for device in devices]
            browse_end = time.monotonic()
            self._enrich(records, reader, browse_end)
        return records

    def _discover(self, on_device=None):
        try:
            return discover(
                timeout=self.get_option("timeout"),
                settle=self.get_option("settle"),
                interfaces=self.get_option("interfaces") or None,
                networks=self.get_option("networks") or None,
                expected_count=self.get_option("expected_count"),
                log=self.display.vvv,
                on_device=on_device,
            )
        except DiscoveryError as exc:
            raise AnsibleError(f"xerus_zeroconf: {exc}") from None

    def _connection(self):
        connection = {name: self.get_option(name) for name in CONNECTION_OPTIONS}
        connection["timeout"] = self.get_option("request_timeout")
        return connection

    def _enrich(self, records, reader, browse_end):
        endpoints = [self._endpoint(record["device"]["address"], record["device"]["port"]) for record in records]
        identities = reader.results(endpoints)
        done = time.monotonic()
        self.display.vvv(
            f"xerus_zeroconf: read {len(endpoints)} device(s) in {done - (reader.started or done):.2f}s, "
            f"{done - browse_end:.2f}s of it after the browse"
        )
        for record, endpoint in zip(records, endpoints):
            identity = identities[endpoint]
            record["identity"] = identity.to_dict()
            if not identity.reachable:
                name, address = record["device"]["name"], f"{endpoint[0]}:{endpoint[1]}"
                self.display.warning(
                    f"xerus_zeroconf: {name} ({address}) could not be read, kept with xerus_reachable=false: "
                    f"{identity.error}"
                )
            for problem in identity.partial_errors:
                self.display.warning(f"xerus_zeroconf: {endpoint[0]}:{endpoint[1]}: {problem}")

    def _endpoint(self, address, srv_port):
        """(address, port) a device is read at: its mDNS address, and the port option or its SRV port."""
        return address, self.get_option("port") or srv_port

    # -- inventory ---------------------------------------------------------

    def _populate(self, records):
        self.inventory.add_group(ALL_GROUP)
        if self.get_option("local_connection"):
            self.inventory.set_variable(ALL_GROUP, "ansible_connection", "local")
            self.inventory.set_variable(
                ALL_GROUP, "ansible_python_interpreter", trust_as_template("{{ ansible_playbook_python }}")
            )
        named = {}
        for record in records:
            device = DiscoveredDevice.from_dict(record["device"])
            identity = record.get("identity")
            hostvars = discovery_vars(device)
            if identity:
                hostvars.update(identity_vars(identity))
            if self.get_option("port"):
                hostvars["xerus_port"] = self.get_option("port")
            name = host_name(
                device,
                self.get_option("hostname_from"),
                serial=hostvars["xerus_serial"] if identity and identity.get("reachable") else None,
            )
            if name in named:
                self.display.warning(
                    f"xerus_zeroconf: {device.name} ({device.address}) and {named[name]} have the same host name {name!r}; keeping the first"
                )
                continue
            named[name] = f"{device.name} ({device.address})"
            self._add_host(name, hostvars)

    def _add_host(self, name, hostvars):
        self.inventory.add_host(name, group=ALL_GROUP)
        for key, value in hostvars.items():
            self.inventory.set_variable(name, key, value)
        if hostvars.get("xerus_model"):
            self.inventory.add_child(self.inventory.add_group(model_group(hostvars["xerus_model"])), name)
        strict = self.get_option("strict")
        self._set_composite_vars(self.get_option("compose"), hostvars, name, strict=strict)
        self._add_host_to_composed_groups(self.get_option("groups"), hostvars, name, strict=strict)
        self._add_host_to_keyed_groups(self.get_option("keyed_groups"), hostvars, name, strict=strict)
