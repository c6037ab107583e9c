# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs xerus_energy in the worker when the task runs on the controller (plugins/plugin_utils/xerus_action.py)."""

from __future__ import annotations

from ansible_collections.xerus.pdu.plugins.modules import xerus_energy
from ansible_collections.xerus.pdu.plugins.plugin_utils.xerus_action import XerusAction


class ActionModule(XerusAction):
    MODULE = xerus_energy
    READ_FILES = ("ca_path",)
