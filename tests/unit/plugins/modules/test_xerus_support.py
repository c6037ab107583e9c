# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_support's glue: both files in one task, changed when either was written; destinations checked before
anything is sent."""

from __future__ import annotations

import json

import pytest

from ansible_collections.xerus.pdu.plugins.modules import xerus_support

from conftest import run_module

pytestmark = pytest.mark.usefixtures("no_xerus_env")


def _args(sim, **extra):
    return dict(host=sim.host, port=sim.port, username=sim.user, password=sim.password, ca_path=sim.cert, **extra)


def test_both_files_and_changed(sim, tmp_path, capsys):
    args = _args(sim, diagnostics_dest=str(tmp_path / "d.tgz"), eventlog_dest=str(tmp_path / "e.jsonl"))
    out = json.loads(run_module(xerus_support, args, capsys))
    assert out["changed"] and out["diagnostics"]["changed"] and out["eventlog"]["path"].endswith("e.jsonl")
    again = json.loads(run_module(xerus_support, _args(sim, eventlog_dest=str(tmp_path / "e.jsonl")), capsys))
    assert not again["changed"] and "diagnostics" not in again


def test_a_destination_in_a_missing_folder_is_refused_before_sending(sim, tmp_path, capsys):
    mark = sim.mark()
    out = json.loads(run_module(xerus_support, _args(sim, diagnostics_dest=str(tmp_path / "no" / "d.tgz")), capsys))
    assert out["failed"] and out["option"] == "diagnostics_dest" and "nothing was sent" in out["msg"]
    assert sim.requests_since(mark) == []
