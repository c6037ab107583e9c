#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_rawcfg
short_description: Manage raw configuration settings of a Xerus PDU
version_added: 1.0.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Sets raw configuration keys of a Legrand / Raritan / Server Technology PDU through its Xerus API, from a dict
    (O(settings)) or a raw configuration file (O(src)), or exports the device's raw configuration to a file.
  - "O(state=applied): downloads the device's raw configuration, compares the managed keys (only the keys given),
    and uploads only the keys whose values differ, so a second run reports no change."
  - "The device applies an update by rebooting: it answers the upload, shows C(UPDATE_PENDING), reboots, and reports
    C(UPDATE_OK) or C(UPDATE_FAILED) after the boot. The module waits through the reboot (connections refused or
    reset, HTTP 503, a new login) for at most O(update_timeout) seconds, then downloads the configuration again and
    checks that every key it wrote shows the new value."
  - "Keys are written as the device writes them: dotted paths, map instances in brackets
    (C(net.interfaces[eth0].ipv4.enabled), C(proto_listener[ssh].port)), numbered elements from 0
    (C(pdu.outlets[0].name) is outlet 1), C(v._s_) for the size of a vector and C(v[N]._c_) for the content of an
    element. The input form of an element (C(net.dns.server_addrs._e_.0)) and the display form
    (C(net.dns.server_addrs[0]._c_), C(net.dns.server_addrs[0])) name the same key."
  - "Fleet files: with O(device_list) one file serves many devices. The module finds this device's row locally, as
    the device does (by serial number, MAC address or IP address, column given by O(match) or by a
    C(#!options match=...) line of O(src)), replaces the C(${N}) macros with the row's columns to compare, and sends
    the device list first and the differing lines with their macros, so the device resolves them itself."
  - Every response code of the device's update CGI is reported with what went wrong and what to do.
  - "O(state=exported): downloads the raw configuration (every key, secrets in clear text) to a temporary file next
    to O(dest) with mode C(0600) and moves it over O(dest) only when its content differs."
options:
  state:
    description:
      - V(applied) sets the managed keys on the device.
      - V(exported) writes the device's raw configuration to O(dest).
    type: str
    choices: [applied, exported]
    default: applied
  settings:
    description:
      - Raw configuration keys and their values, for example C(pdu.name), C(security.max_login_fails) or
        C(pdu.outlets[0].name). Only these keys are managed. Take the key names from an export of the same device
        (O(state=exported)); a key the device does not list is refused before anything is sent.
      - Booleans are written C(1) / C(0), as the device writes them; null is an empty value.
      - A list is a whole vector (for example C(net.dns.server_addrs)), written as its size C(._s_) and every
        element; a vector is compared as a whole. A dict, or a list inside a list, is refused.
      - A key or value holding a line break or any other control character (also U+2028, U+2029, U+0085) is refused.
      - Values may use C(${N}) macros together with O(device_list).
      - Mutually exclusive with O(src).
    type: dict
  src:
    description:
      - Path of a raw configuration file (C(key=value) lines, optional C(#!options match=<field>:<column>) line,
        C(key:enc=<token>) lines encrypted by the device). Its keys are the managed keys; both key forms are accepted.
      - Lines are separated by line feeds; a value holding any other line break or control character is refused.
    type: path
  device_list:
    description:
      - Path of a CSV device list for fleet files; lines starting with C(#) are comments. The row whose O(match)
        column equals this device's serial number, MAC or IP address provides the values of the C(${N}) macros.
      - A cell holding a line break or another control character is refused.
    type: path
  match:
    description:
      - Which device identity the device list holds and in which column, as C(<field>:<column>) with field
        V(serial), V(mac) or V(ip) and a 1-based column, for example V(serial:1).
      - Overrides a C(#!options) line of O(src).
    type: str
  update_timeout:
    description:
      - Seconds to wait for an update already running on the device to end before uploading, and then for the
        device to reboot and report the outcome of the update. Real devices may be away for minutes.
      - When the device accepted the update but does not report its outcome in time, the task fails with
        C(changed=true), since the update may still be applied.
    type: int
    default: 600
  poll_interval:
    description:
      - Seconds between two reads of the device's update status while waiting. The wait never runs past
        O(update_timeout).
    type: float
    default: 1.0
extends_documentation_fragment:
  - xerus.pdu.config_export
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The raw configuration is downloaded and compared; nothing is uploaded and O(dest) is not written.
  diff_mode:
    details:
      - The changed keys as C(key=value) lines before and after; secret values are masked.
notes:
  - A key the device's raw configuration does not list is refused before anything is sent, so the device is left
    unchanged. Older releases of this collection documented keys such as C(outlet.1.name); devices refuse them,
    the key is C(pdu.outlets[0].name).
  - A value the device's download carries with a line break or control character (written by another tool) does
    not stop the module; it is reported in a warning and shown with escapes.
  - "Secret values (C(snmp.v2c.read_community), C(snmp.v2c.write_community), any C(key:enc=) value) are masked in
    RV(changed_keys), the diff and the task result; secret values given in O(settings) are also hidden from the
    logged module arguments."
  - C(key:enc=) values of O(src) are encrypted and cannot be compared. They are sent along when another key
    differs and listed in RV(uncompared_keys).
  - "With O(match) field V(ip), the device's address is the address the module connects to, then the
    C(net.interfaces[eth0].ipv4.static.addr_cidr.addr) of its configuration."
  - "A session token (O(token)) serves check mode, runs that change nothing and O(state=exported). An update reboots
    the device, which ends every session, so with a token the task fails before anything is uploaded when keys
    differ: give O(username) and O(password) to apply changes."
  - A change of network keys takes effect after the reboot; if the device comes back at another address, the
    wait ends with O(update_timeout) and the task fails with C(changed=true).
  - O(state=exported) writes secrets in clear text; the file is created with mode C(0600).
seealso:
  - module: xerus.pdu.xerus_bulkcfg
"""

EXAMPLES = r"""
- name: Name the PDU, set a DNS server and block logins after five failures
  xerus.pdu.xerus_rawcfg:
    settings:
      pdu.name: rack-a
      net.dns.server_addrs: [192.0.2.53]
      security.max_login_fails: 5
      security.block_time: 10

- name: Name outlets 1 and 2 (outlet N is pdu.outlets[N-1]) and set the SNMP location
  xerus.pdu.xerus_rawcfg:
    settings:
      pdu.outlets[0].name: web-1
      pdu.outlets[1].name: db-2
      pdu.outlets[1].non_critical: true
      snmp.sys_location: row 7

- name: One file for the whole fleet, resolved per device by serial number
  xerus.pdu.xerus_rawcfg:
    settings:
      pdu.name: "${2}"
      pdu.outlets[0].name: "${3}"
      net.dns.server_addrs._e_.0: "${4}"
    device_list: files/fleet.csv
    match: serial:1

- name: Apply a raw configuration file and allow the reboot ten minutes
  xerus.pdu.xerus_rawcfg:
    src: files/pdu-defaults.txt
    update_timeout: 600

- name: Export the raw configuration (mode 0600, rewritten only when it changed)
  xerus.pdu.xerus_rawcfg:
    state: exported
    dest: "exports/{{ inventory_hostname }}.txt"
    backup: true
"""

RETURN = r"""
changed_keys:
  description: The managed keys whose values differ, with the device's value before and the desired value after.
  returned: success and state is applied
  type: list
  elements: dict
  sample:
    - key: pdu.outlets[0].name
      before: ""
      after: web-1
    - key: snmp.v2c.read_community
      before: "********"
      after: "********"
uncompared_keys:
  description: Keys of O(src) given encrypted (C(key:enc=)), which cannot be compared.
  returned: success and state is applied
  type: list
  elements: str
  sample: []
update_status:
  description: The device's update status after the reboot that applied the upload.
  returned: when keys were uploaded
  type: str
  sample: UPDATE_OK
response_code:
  description: The device's response code of a refused upload.
  returned: failure, when the device refused the update
  type: int
  sample: 8
dest:
  description: The file written with O(state=exported).
  returned: success and state is exported
  type: str
  sample: exports/pdu-a1.txt
backup_file:
  description: The copy of the previous O(dest), with O(backup=true) when O(dest) was replaced.
  returned: when a backup was made
  type: str
  sample: exports/pdu-a1.txt.12345.2026-11-24@16:00:00~
diff:
  description: The changed keys as C(key=value) lines (state applied) or the file (state exported), secrets masked.
  returned: when diff mode is enabled
  type: dict
  sample:
    before: "pdu.outlets[0].name=\n"
    after: "pdu.outlets[0].name=web-1\n"
"""

from ansible_collections.xerus.pdu.plugins.module_utils import config_files
from ansible_collections.xerus.pdu.plugins.module_utils.file_checks import MAX_CONFIG_SIZE
from ansible_collections.xerus.pdu.plugins.module_utils.raw_config import DesiredRaw, RawConfig
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule


def argument_spec():
    return dict(
        state=dict(type="str", choices=["applied", "exported"], default="applied"),
        settings=dict(type="dict"),
        src=dict(type="path"),
        device_list=dict(type="path"),
        match=dict(type="str"),
        update_timeout=dict(type="int", default=600),
        poll_interval=dict(type="float", default=1.0),
        dest=dict(type="path"),
        backup=dict(type="bool", default=False),
    )


def hide_values(module, values):
    """Keep secret values, and values that try to break their line, out of every result and log."""
    for key, value in values.items():
        for text in config_files.values_to_hide(key, "" if value is None else str(value)):
            module.no_log_values.add(text)


def _with_option(exc, option):
    """The configuration file error, its message starting with the option it comes from."""
    if not exc.message.startswith(option):
        exc.message = f"{option}: {exc.message}"
    exc.option = exc.option or option
    return exc


def settings_to_hide(params):
    """Texts of O(settings) to keep out of every result, also of a failure before the settings were checked."""
    return config_files.settings_to_hide(params.get("settings"))


def desired_state(module):
    params = module.params
    option = "settings" if params["settings"] is not None else "src"
    try:
        if params["settings"] is not None:
            values, vectors = config_files.settings_values(params["settings"])
            desired = DesiredRaw(values, option="settings", vectors=vectors)
        else:
            parsed = config_files.parse_raw(module.read_input_file("src", MAX_CONFIG_SIZE), "src")
            hide_values(module, parsed.values)
            desired = DesiredRaw(parsed.values, parsed.encrypted, parsed.match, option="src")
        if params["match"] is not None:
            option = "match"
            desired.match = config_files.parse_match(params["match"])
    except config_files.ConfigFileError as exc:
        raise _with_option(exc, option) from None
    if params["device_list"] is not None:
        desired.device_list = module.read_input_file("device_list", MAX_CONFIG_SIZE)
    return desired


def warn_uncompared(module, result):
    if result["uncompared_keys"] and not result["changed"]:
        module.warn(
            f"{module.device}: {len(result['uncompared_keys'])} encrypted value(s) of src "
            f"({', '.join(result['uncompared_keys'])}) cannot be compared and were not sent; they are sent "
            "along whenever another key differs"
        )


def run(module):
    params = module.params
    module.check_seconds("update_timeout", "poll_interval")
    desired = desired_state(module) if params["state"] == "applied" else None
    if desired is None:
        module.check_output_file("dest")
    with module.client() as client:
        area = RawConfig(
            client,
            timeout=params["update_timeout"],
            poll_interval=params["poll_interval"],
            session_token=bool(params["token"]),
        )
        if desired is None:
            return area.export(
                params["dest"], check_mode=module.check_mode, backup=module.backup_local if params["backup"] else None
            )
        result = area.apply(desired, check_mode=module.check_mode)
        warn_uncompared(module, result)
        if "status" in result:
            result["update_status"] = result.pop("status")
        return result


def main():
    module = XerusModule(
        argument_spec=argument_spec(),
        hidden_values=settings_to_hide,
        supports_check_mode=True,
        mutually_exclusive=[("settings", "src")],
        required_if=[("state", "applied", ("settings", "src"), True), ("state", "exported", ("dest",))],
    )
    with module.errors_to_fail_json():
        result = run(module)
    module.exit_with(result)


if __name__ == "__main__":
    main()
