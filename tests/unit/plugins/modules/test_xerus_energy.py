# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_energy's glue: a reset reports a change and its diff; a selection error names the sub-option."""

from __future__ import annotations

import json

import pytest

from ansible_collections.xerus.pdu.plugins.modules import xerus_energy

from conftest import run_module

pytestmark = pytest.mark.usefixtures("no_xerus_env")


def _args(sim, reset, **extra):
    return dict(
        host=sim.host, port=sim.port, username=sim.user, password=sim.password, ca_path=sim.cert, reset=reset, **extra
    )


def test_check_mode_reports_the_counters_and_their_diff(sim, capsys):
    out = json.loads(
        run_module(xerus_energy, _args(sim, {"outlets": ["2"]}, _ansible_check_mode=True, _ansible_diff=True), capsys)
    )
    assert out["changed"] and out["counters"][0]["counter"] == "outlet 2"
    assert out["diff"]["after"] == {"outlet 2": 0.0} and "outlet 2" in out["diff"]["before"]


def test_a_bad_selection_names_the_sub_option(sim, capsys):
    out = json.loads(run_module(xerus_energy, _args(sim, {"outlets": ["0"]}), capsys))
    assert out["failed"] and out["option"] == "reset.outlets" and "nothing was sent" in out["msg"]
