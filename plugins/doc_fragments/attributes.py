# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Attributes every xerus.pdu module shares: full check and diff mode support.

    Each module adds the C(details) of its check mode (and diff mode, where it says more); a module that returns no
    diff sets C(diff_mode: {support: none}), which replaces the support given here.
    """

    DOCUMENTATION = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check mode), when in diff mode.
    support: full
  action_group:
    description: Use C(group/xerus.pdu.xerus) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - xerus.pdu.xerus
"""
