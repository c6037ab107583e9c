# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_rawcfg's glue: file errors name the option they come from; secret values are hidden from logs."""

from __future__ import annotations

from types import SimpleNamespace

from ansible_collections.xerus.pdu.plugins.module_utils.config_files import ConfigFileError
from ansible_collections.xerus.pdu.plugins.modules import xerus_rawcfg


def test_a_file_error_names_its_option_once():
    bare = xerus_rawcfg._with_option(ConfigFileError("line 3 is not key=value"), "src")
    assert (bare.message, bare.option) == ("src: line 3 is not key=value", "src")
    named = xerus_rawcfg._with_option(ConfigFileError("match must be <field>:<column>", option="match"), "match")
    assert named.message == "match must be <field>:<column>" and named.option == "match"


def test_secret_and_line_breaking_values_are_hidden():
    module = SimpleNamespace(no_log_values=set())
    xerus_rawcfg.hide_values(
        module,
        {"snmp.v2c.read_community": "s3cret", "pdu.name": "rack-a", "snmp.sys_location": "row 7\nsecurity.password=x"},
    )
    assert "s3cret" in module.no_log_values and "rack-a" not in module.no_log_values
    assert "row 7\nsecurity.password=x" in module.no_log_values and "x" in module.no_log_values
