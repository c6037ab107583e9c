# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_datetime's glue: the NTP check returned only when asked."""

from __future__ import annotations

import json

from ansible_collections.xerus.pdu.plugins.modules import xerus_datetime

from conftest import run_module


def run(module, sim, capsys, **args):
    return json.loads(run_module(module, dict(sim.connection_options(), **args), capsys))


def test_datetime_result_with_the_ntp_check(sim, capsys):
    result = run(xerus_datetime, sim, capsys, protocol="ntp", ntp_servers=["192.0.2.123"], check_ntp=True)
    assert result["datetime"]["protocol"] == "ntp"
    assert result["ntp_check"] == [{"server": "192.0.2.123", "usable": True, "reason": ""}]
    quiet = run(xerus_datetime, sim, capsys, protocol="ntp")
    assert not quiet["changed"] and "ntp_check" not in quiet
