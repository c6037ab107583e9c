# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_network's glue: result keys, diff only in diff mode, the unverified address change as a warning,
the guard as a failed task naming the option."""

from __future__ import annotations

import json

from ansible_collections.xerus.pdu.plugins.modules import xerus_network

from conftest import run_module


def run(module, sim, capsys, **args):
    return json.loads(run_module(module, dict(sim.connection_options(), **args), capsys))


def test_network_result_diff_and_warning(sim, capsys):
    result = run(xerus_network, sim, capsys, hostname="glue-host", _ansible_diff=True)
    assert result["changed"] and result["network"]["hostname"] == "glue-host"
    assert result["diff"]["after"]["hostname"] == "glue-host" and result["address_changed"] is False
    moved = run(
        xerus_network,
        sim,
        capsys,
        interfaces={"eth0": {"ipv4": {"address": "192.0.2.98/24"}}},
        allow_address_change=True,
        reconnect_timeout=0,
    )
    assert moved["changed"] and moved["reconnected"] is False and "diff" not in moved
    assert "reconnecting was disabled (reconnect_timeout 0)" in json.dumps(moved["warnings"])


def test_network_refusal_is_a_failed_task_naming_the_option(sim, capsys):
    result = run(xerus_network, sim, capsys, interfaces={"eth0": {"ipv4": {"method": "dhcp"}}})
    assert result["failed"] and result["option"] == "allow_address_change" and not result["changed"]
    assert result["msg"].startswith(f"{sim.host}:{sim.port}: option interfaces: refusing")
