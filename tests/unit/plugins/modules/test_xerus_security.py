# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_security's glue: the argument spec and main() against the simulator (partial result, lockout guard)."""

from __future__ import annotations

from ansible_collections.xerus.pdu.plugins.module_utils import security
from ansible_collections.xerus.pdu.plugins.modules import xerus_security

from conftest import assert_hidden, run_module


def test_every_part_of_the_area_is_an_option_and_nothing_is_no_log():
    spec = xerus_security.argument_spec()
    assert {part.option for part in security.PARTS} <= set(spec)
    assert spec["password_policy"]["no_log"] is False
    assert set(spec["password_policy"]["options"]) == {field.option for field in security.PASSWORD_FIELDS}
    assert spec["ip_access_control"]["options"]["rules"]["options"]["ip_mask"]["aliases"] == ["source"]


def test_main_changes_only_the_named_parts_and_refuses_a_lockout(sim, capsys, no_xerus_env):
    args = dict(sim.connection_options(), idle_timeout=44, _ansible_diff=True)
    result = assert_hidden(run_module(xerus_security, args, capsys), sim.password)
    assert result["security"] == {"idle_timeout": 44} and "controller_address" not in result
    assert result["diff"]["after"] == {"idle_timeout": 44}
    assert not assert_hidden(run_module(xerus_security, args, capsys))["changed"]
    locking = dict(sim.connection_options(), ip_access_control={"enabled": True, "default_policy": "drop"})
    refused = assert_hidden(run_module(xerus_security, locking, capsys), sim.password)
    assert refused["failed"] and refused["option"] == "ip_access_control" and not refused["changed"]
    assert "would drop connections from this controller (127.0.0.1)" in refused["msg"]
    elsewhere = dict(
        locking,
        controller_address="192.0.2.9",
        ip_access_control={
            "enabled": True,
            "default_policy": "drop",
            "rules": [{"source": "192.0.2.0/24", "policy": "accept"}],
        },
    )
    accepted = assert_hidden(run_module(xerus_security, dict(elsewhere, _ansible_check_mode=True), capsys))
    assert accepted["changed"] and accepted["controller_address"] == "192.0.2.9"
