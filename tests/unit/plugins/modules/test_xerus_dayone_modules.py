# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The glue of xerus_network, xerus_services and xerus_datetime: options to result, diff only in diff mode,
warnings and failures as Ansible shows them, against the simulator."""

from __future__ import annotations

import json

import pytest

from ansible_collections.xerus.pdu.plugins.modules import xerus_datetime, xerus_network, xerus_services

from conftest import module_args


def run(module, sim, capsys, **args):
    connection = {
        "host": sim.host,
        "port": sim.port,
        "username": sim.user,
        "password": sim.password,
        "ca_path": sim.cert,
    }
    with module_args(dict(connection, **args)), pytest.raises(SystemExit):
        module.main()
    return json.loads(capsys.readouterr().out)


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


def test_services_result(sim, capsys):
    result = run(xerus_services, sim, capsys, telnet={"enabled": True, "port": 2324}, _ansible_check_mode=True)
    assert result["changed"] and result["changed_services"] == ["telnet"]
    assert result["services"]["telnet"] == {"enabled": True, "port": 2324}
    refused = run(xerus_services, sim, capsys, https={"enabled": False})
    assert refused["failed"] and refused["option"] == "https.enabled" and "nothing was sent" in refused["msg"]


def test_datetime_result_with_the_ntp_check(sim, capsys):
    result = run(xerus_datetime, sim, capsys, protocol="ntp", ntp_servers=["192.0.2.123"], check_ntp=True)
    assert result["datetime"]["protocol"] == "ntp"
    assert result["ntp_check"] == [{"server": "192.0.2.123", "usable": True, "reason": ""}]
    quiet = run(xerus_datetime, sim, capsys, protocol="ntp")
    assert not quiet["changed"] and "ntp_check" not in quiet
