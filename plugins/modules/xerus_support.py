#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_support
short_description: Download the diagnostic data and the event log of a Xerus PDU
version_added: 1.1.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Saves what a support case needs from a Legrand / Raritan / Server Technology PDU as files on the host that runs
    the module, through its Xerus JSON-RPC API - the diagnostic data archive and the event log.
  - Files are streamed to a temporary file next to the destination, created private (mode 0600), and moved over the
    destination atomically, only when the content or the mode differs from what the destination holds.
options:
  diagnostics_dest:
    description:
      - File for the diagnostic data archive (a gzip tar, C(GET /cgi-bin/diag-data.cgi)). It differs on every
        download, so the task reports a change each time.
      - At least one of O(diagnostics_dest) and O(eventlog_dest) is required.
    type: path
  eventlog_dest:
    description:
      - File for the event log (C(logging.EventLog) at C(/eventlog)), one JSON object per line and entry with
        C(id), C(time) (UTC, ISO 8601), C(class) and C(message), oldest first.
    type: path
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The files are downloaded to a temporary file to tell whether they differ, and not written.
  diff_mode:
    support: none
notes:
  - "HTTP requests: 1 for the diagnostic data; 1 plus 1 per chunk of the event log (the PDU hands it out chunk by
    chunk; a chunk is what the PDU stores as one piece)."
  - The diagnostic data may hold device configuration; treat the files as confidential.
"""

EXAMPLES = r"""
- name: Collect support files
  xerus.pdu.xerus_support:
    diagnostics_dest: "/srv/support/{{ inventory_hostname }}-diag.tgz"
    eventlog_dest: "/srv/support/{{ inventory_hostname }}-eventlog.jsonl"
  delegate_to: localhost
"""

RETURN = r"""
diagnostics:
  description: The diagnostic data file.
  returned: when O(diagnostics_dest) is given
  type: dict
  contains:
    path: &downloaded_path
      description: The destination.
      type: str
    size:
      description: Bytes downloaded.
      type: int
    sha256: &downloaded_sha256
      description: SHA-256 of the content.
      type: str
    changed: &downloaded_changed
      description: Whether the file was (in check mode would be) written.
      type: bool
  sample:
    path: /srv/support/pdu-a1-diag.tgz
    size: 2048
    sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
    changed: true
eventlog:
  description: The event log file.
  returned: when O(eventlog_dest) is given
  type: dict
  contains:
    path: *downloaded_path
    entries:
      description: Number of log entries.
      type: int
    size:
      description: Bytes of the file.
      type: int
    sha256: *downloaded_sha256
    changed: *downloaded_changed
  sample:
    path: /srv/support/pdu-a1-eventlog.jsonl
    entries: 42
    size: 5120
    sha256: 60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752
    changed: true
"""

from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError
from ansible_collections.xerus.pdu.plugins.module_utils.support import save_diagnostics, save_eventlog
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule


def argument_spec():
    return dict(diagnostics_dest=dict(type="path"), eventlog_dest=dict(type="path"))


def main():
    module = XerusModule(
        argument_spec=argument_spec(),
        supports_check_mode=True,
        required_one_of=[("diagnostics_dest", "eventlog_dest")],
    )
    result = dict(changed=False)
    with module.errors_to_fail_json():
        for option in ("diagnostics_dest", "eventlog_dest"):
            if module.params[option]:
                module.check_output_file(option)
        with module.client() as client:
            if module.params["diagnostics_dest"]:
                result["diagnostics"] = save_diagnostics(client, module.params["diagnostics_dest"], module.check_mode)
            if module.params["eventlog_dest"]:
                try:
                    result["eventlog"] = save_eventlog(client, module.params["eventlog_dest"], module.check_mode)
                except XerusError as exc:  # the diagnostics file may already be written
                    exc.changed = exc.changed or (
                        result.get("diagnostics", {}).get("changed") and not module.check_mode
                    )
                    raise
    result["changed"] = any(result[key]["changed"] for key in ("diagnostics", "eventlog") if key in result)
    module.exit_with(result)


if __name__ == "__main__":
    main()
