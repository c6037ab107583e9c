# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The export options of the configuration modules (xerus_bulkcfg, xerus_rawcfg)."""

    DOCUMENTATION = r"""
options:
  dest:
    description:
      - File to write with O(state=exported). Its directory must exist; a directory is refused.
    type: path
  backup:
    description:
      - With O(state=exported), keep the previous O(dest) as a timestamped copy before replacing it.
    type: bool
    default: false
"""
