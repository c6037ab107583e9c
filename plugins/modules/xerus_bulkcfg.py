#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_bulkcfg
short_description: Apply or export the bulk configuration of a Xerus PDU
version_added: 1.0.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Applies a bulk configuration file to a Legrand / Raritan / Server Technology PDU through its Xerus API, or
    exports the device's bulk configuration to a file.
  - "O(state=applied): downloads the device's current configuration in the same O(mode) in clear text and compares
    the C(key=value) lines of the file with it. The file is uploaded only when a value it restores differs, so a
    second run reports no change. Timestamps, checksums, the salt, encrypted C(:enc=) tokens and comments are not
    compared, because they change on every export."
  - After an upload the module follows the device's restore status until it reports success or failure, for at
    most O(restore_timeout) seconds.
  - Every response code of the device's restore CGI is reported with what went wrong and what to do, for example
    a model mismatch (set O(skip_checks=[model])), a restore already running, or a file edited without its checksum.
  - "O(state=exported): downloads the configuration (clear text unless O(config_password) is set) to a temporary
    file next to O(dest) with mode C(0600) and moves it over O(dest) only when its normalised content differs, so an
    interrupted export never leaves a partial file."
options:
  state:
    description:
      - V(applied) restores O(src) or O(content) on the device when it differs.
      - V(exported) writes the device's configuration to O(dest).
    type: str
    choices: [applied, exported]
    default: applied
  src:
    description:
      - Path of a bulk configuration file (as exported by this module or the device) to apply.
      - Streamed to the device; mutually exclusive with O(content).
    type: path
  content:
    description:
      - The bulk configuration file to apply, as text. Must be byte-exact, since the file's last line is a checksum
        over every byte before it.
    type: str
  mode:
    description:
      - V(bulk) copies the settings meant to be shared between devices (outlets, PDU, SNMP settings).
      - V(backup) restores or exports everything, including the device name and network settings, for the same device.
      - Applying compares with a download made in this mode; a V(backup) file applied with V(bulk) leaves its
        bulk-only settings (device identity, network) alone, as the device does.
    type: str
    choices: [bulk, backup]
    default: bulk
  skip_checks:
    description:
      - Header checks the device should skip when restoring a file from another model or firmware version.
    type: list
    elements: str
    choices: [model, firmware_version]
    default: []
  config_password:
    description:
      - With O(state=applied), the password a file was exported with (its header says C(encryption=password)).
      - With O(state=exported), encrypt the secret values of the export with this password; without it the export
        holds every value in clear text (the file is still written with mode C(0600)).
    type: str
  restore_timeout:
    description:
      - Seconds to wait for a restore already running on the device to end before uploading, and then for the
        device to finish restoring the file.
    type: int
    default: 120
extends_documentation_fragment:
  - xerus.pdu.config_export
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The device's configuration is downloaded and compared; nothing is uploaded and O(dest) is not written.
  diff_mode:
    details:
      - A line diff of the normalised C(key=value) configuration; secret values are masked.
notes:
  - "Encrypted values: a file exported with encryption holds the SNMP communities as C(key:enc=<token>), and a token
    differs on every export, so these values cannot be compared without decrypting them. The module compares
    every clear value. When only encrypted values remain, it assumes they are equal, does not upload, lists them in
    RV(uncompared_keys) and warns. When any clear value differs, the whole file is uploaded, encrypted values
    included. To manage secret values idempotently apply a clear-text export (the default of O(state=exported))
    and keep it protected (for example with Ansible Vault)."
  - "O(state=exported) with O(config_password): a change of a secret value alone does not rewrite O(dest), since
    encrypted values are not compared."
  - The file's checksum (its last line) is verified before anything else, so a truncated or edited file is refused
    even when its values equal the device's. The device checks device type, model and firmware version when the file
    is uploaded; a file whose values all equal the device's is not uploaded, so these checks only fail a task that
    changes something.
  - A value holding a line break or any other control character (also U+2028, U+2029, U+0085) is refused before
    anything is sent; such a value in the device's own download is reported in a warning.
  - When the device accepted the file but does not finish the restore within O(restore_timeout), or reports a
    failed restore, the task fails with C(changed=true).
  - A differing key, or a key the download lacks, is left out of the comparison when the restore would skip it in
    this mode (bulk-only settings of a V(backup) file applied with V(bulk), network settings of a bulk file);
    such keys are returned in RV(skipped_keys). Other keys the download lacks count as differences, and the device
    refuses keys it does not know with code 13.
seealso:
  - module: xerus.pdu.xerus_rawcfg
"""

EXAMPLES = r"""
- name: Back up the full configuration of each PDU (rewritten only when it changed)
  xerus.pdu.xerus_bulkcfg:
    state: exported
    mode: backup
    dest: "backups/{{ inventory_hostname }}.cfg"
    backup: true

- name: Copy the outlet, PDU and SNMP settings of a reference PDU to the others
  xerus.pdu.xerus_bulkcfg:
    src: files/reference-bulk.cfg

- name: Apply a file exported from another model, with secrets encrypted by a password
  xerus.pdu.xerus_bulkcfg:
    src: files/px3-5000-bulk.cfg
    skip_checks: [model]
    config_password: "{{ vault_bulkcfg_password }}"
    restore_timeout: 300

- name: Restore a backup of this PDU and show what would change
  xerus.pdu.xerus_bulkcfg:
    src: "backups/{{ inventory_hostname }}.cfg"
    mode: backup
  check_mode: true
  diff: true
"""

RETURN = r"""
changed_keys:
  description:
    - With O(state=applied), the keys whose values differ, with the device's value before and the file's value.
    - V(before) is null for a key the device's download lacks. Secret values are masked.
  returned: success and state is applied
  type: list
  elements: dict
  sample:
    - key: pdu.outlets[0].name
      before: web-1
      after: web-01
uncompared_keys:
  description: Keys of the file whose values are encrypted and therefore not compared (see the notes).
  returned: success and state is applied
  type: list
  elements: str
  sample: [snmp.v2c.read_community, snmp.v2c.write_community]
skipped_keys:
  description:
    - Keys of the file whose values differ from the device's (or which the device's download lacks) but which the
      restore does not apply in this O(mode).
  returned: success and state is applied
  type: list
  elements: str
  sample: ["net.interfaces[eth0].ipv4.enabled"]
restore_status:
  description: The device's restore status after the upload.
  returned: when a file was uploaded
  type: str
  sample: RESTORE_OK
response_code:
  description: The device's response code of a refused upload.
  returned: failure, when the device refused the file
  type: int
  sample: 5
dest:
  description: The file written with O(state=exported).
  returned: success and state is exported
  type: str
  sample: backups/pdu-a1.cfg
backup_file:
  description: The copy of the previous O(dest), with O(backup=true) when O(dest) was replaced.
  returned: when a backup was made
  type: str
  sample: backups/pdu-a1.cfg.12345.2026-11-24@16:00:00~
diff:
  description: The normalised configuration before and after, secret values masked.
  returned: when diff mode is enabled
  type: dict
  sample:
    before: "pdu.outlets[0].name=web-1\n"
    after: "pdu.outlets[0].name=web-01\n"
"""

from ansible_collections.xerus.pdu.plugins.module_utils import config_files
from ansible_collections.xerus.pdu.plugins.module_utils.bulk_config import BulkConfig
from ansible_collections.xerus.pdu.plugins.module_utils.file_checks import MAX_CONFIG_SIZE
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule


def argument_spec():
    return dict(
        state=dict(type="str", choices=["applied", "exported"], default="applied"),
        src=dict(type="path"),
        content=dict(type="str"),
        mode=dict(type="str", choices=["bulk", "backup"], default="bulk"),
        skip_checks=dict(type="list", elements="str", choices=["model", "firmware_version"], default=[]),
        config_password=dict(type="str", no_log=True),
        restore_timeout=dict(type="int", default=120),
        dest=dict(type="path"),
        backup=dict(type="bool", default=False),
    )


def content_to_hide(params):
    """Clear secret values of O(content), and values that try to break their line, to keep out of every
    result, also of a failure before the content was looked at."""
    return config_files.file_text_to_hide(params.get("content"))


def desired_bytes(module):
    if module.params["content"] is not None:
        return module.params["content"].encode("utf-8")
    return module.read_input_file("src", MAX_CONFIG_SIZE)


def apply(module, area, data):
    params = module.params
    result = area.apply(
        data,
        mode=params["mode"],
        skip_checks=params["skip_checks"],
        password=params["config_password"],
        check_mode=module.check_mode,
        source=params["src"],
    )
    if result["uncompared_keys"] and not result["changed"]:
        module.warn(
            f"{module.device}: {len(result['uncompared_keys'])} encrypted value(s) of the file "
            f"({', '.join(result['uncompared_keys'])}) cannot be compared without decrypting them and were "
            "assumed equal; apply a clear-text export to manage them"
        )
    if "status" in result:
        result["restore_status"] = result.pop("status")
    return result


def run(module):
    params = module.params
    module.check_seconds("restore_timeout")
    if params["state"] == "applied":
        data = desired_bytes(module)
    else:
        module.check_output_file("dest")
    with module.client() as client:
        area = BulkConfig(client, timeout=params["restore_timeout"])
        if params["state"] == "applied":
            return apply(module, area, data)
        return area.export(
            params["dest"],
            mode=params["mode"],
            password=params["config_password"],
            check_mode=module.check_mode,
            backup=module.backup_local if params["backup"] else None,
        )


def main():
    module = XerusModule(
        argument_spec=argument_spec(),
        hidden_values=content_to_hide,
        supports_check_mode=True,
        mutually_exclusive=[("src", "content")],
        required_if=[("state", "applied", ("src", "content"), True), ("state", "exported", ("dest",))],
    )
    with module.errors_to_fail_json():
        result = run(module)
    module.exit_with(result)


if __name__ == "__main__":
    main()
