# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_services' glue: result keys in check mode, the HTTPS guard as a failed task before anything is sent."""

from __future__ import annotations

import json

from ansible_collections.xerus.pdu.plugins.modules import xerus_services

from conftest import run_module


def run(module, sim, capsys, **args):
    return json.loads(run_module(module, dict(sim.connection_options(), **args), capsys))


def test_services_result(sim, capsys):
    result = run(xerus_services, sim, capsys, telnet={"enabled": True, "port": 2324}, _ansible_check_mode=True)
    assert result["changed"] and result["changed_services"] == ["telnet"]
    assert result["services"]["telnet"] == {"enabled": True, "port": 2324}
    refused = run(xerus_services, sim, capsys, https={"enabled": False})
    assert refused["failed"] and refused["option"] == "https.enabled" and "nothing was sent" in refused["msg"]
