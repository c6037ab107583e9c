# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module options mapped onto the fields of a device structure, for partial changes.

No Ansible import. A device structure is written back as it was read with only the fields the task gives
changed (docs/protocol/XERUS-PROTOCOL.md section 14): fields the task leaves out, and fields this collection
does not know, keep the values the device sent.

    BLOCK = (Field("max_failed_logins", "maxFailedLogins"), Field("block_time", "blockTimeout"))
    wanted = wire_values(BLOCK, {"block_time": 20})            # {"blockTimeout": 20}
    unsupported(BLOCK, {"block_time": 20}, read)               # options whose field the device lacks
    new = dict(read, **wanted); readable(BLOCK, new)           # {"max_failed_logins": 3, "block_time": 20}
"""

from __future__ import annotations

from dataclasses import dataclass

from ansible_collections.xerus.pdu.plugins.module_utils.enums import index_of, name_of


@dataclass(frozen=True)
class Field:
    """One option and its wire field; ``table`` maps enumeration indexes to names; ``secret`` fields are
    written but never read back into results."""

    option: str
    wire: str
    table: dict | None = None
    secret: bool = False

    def to_wire(self, value):
        return index_of(self.table, value) if self.table else value

    def from_wire(self, value):
        return name_of(self.table, value) if self.table else value


def given(fields, options):
    """The fields whose option is given (not None) in ``options``."""
    return [field for field in fields if options.get(field.option) is not None]


def wire_values(fields, options):
    """{wire field: wire value} of the options given."""
    return {field.wire: field.to_wire(options[field.option]) for field in given(fields, options)}


def unsupported(fields, options, read):
    """Options given whose field the device did not send (a field of another firmware generation)."""
    return [field.option for field in given(fields, options) if field.wire not in read]


def readable(fields, read):
    """The options' values in a structure read from the device, secrets left out, missing fields skipped."""
    shown = [field for field in fields if field.wire in read and not field.secret]
    return {field.option: field.from_wire(read[field.wire]) for field in shown}


def differing(read, wanted):
    """Wire fields whose wanted value differs from the one read."""
    return sorted(name for name, value in wanted.items() if read.get(name) != value)
