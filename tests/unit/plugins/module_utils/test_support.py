# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""support.py against the simulator: diagnostic archive and event log as private files, atomically, only when
they differ; check mode; the event log read chunk by chunk (and again when it was cleared meanwhile)."""

from __future__ import annotations

import json
import os
import stat
import tarfile

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import rids, support
from ansible_collections.xerus.pdu.plugins.module_utils.support import SupportError


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def _log(client, count, text="filler"):
    """``count`` entries through the event engine's system log action."""
    for number in range(count):
        client.call(
            rids.EVENT_ENGINE,
            "testAction",
            {
                "action": {
                    "id": "",
                    "name": "t",
                    "isSystem": False,
                    "type": "LogEventMessage",
                    "arguments": [
                        {"key": "UseCustomMessage", "value": "1"},
                        {"key": "CustomMessage", "value": f"{text} {number}"},
                    ],
                },
                "context": [],
            },
        )


def test_diagnostics_archive_private_and_streamed(sim, tmp_path):
    dest = tmp_path / "diag.tgz"
    with sim.client() as client:
        result = support.save_diagnostics(client, str(dest))
    assert result["changed"] and _mode(dest) == 0o600 and result["size"] == dest.stat().st_size
    with tarfile.open(dest) as archive:
        assert "diag/summary.json" in archive.getnames()
    assert [name for name in os.listdir(tmp_path) if name != "diag.tgz"] == []


def test_eventlog_as_json_lines_and_idempotent(sim, tmp_path):
    dest = tmp_path / "events.jsonl"
    with sim.client() as client:
        client.call(rids.EVENT_LOG, "clear")
        _log(client, 70)  # more than two chunks
        mark = sim.mark()
        result = support.save_eventlog(client, str(dest))
        chunks = [entry for entry in sim.requests_since(mark) if entry["path"] == rids.EVENT_LOG]
        assert len(chunks) >= 4  # getInfo, one getChunk per chunk, the empty end
        lines = [json.loads(line) for line in dest.read_text().splitlines()]
        assert result["entries"] == len(lines) == 71 and _mode(dest) == 0o600
        assert [line["id"] for line in lines] == list(range(71))
        assert lines[-1]["message"].endswith("filler 69") and lines[0]["time"].endswith("+00:00")
        again = support.save_eventlog(client, str(dest))
        assert not again["changed"] and again["sha256"] == result["sha256"]
        os.chmod(dest, 0o644)
        assert support.save_eventlog(client, str(dest))["changed"] and _mode(dest) == 0o600


def test_check_mode_leaves_the_file(sim, tmp_path):
    dest = tmp_path / "events.jsonl"
    dest.write_text("old\n")
    with sim.client() as client:
        result = support.save_eventlog(client, str(dest), check_mode=True)
    assert result["changed"] and dest.read_text() == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["events.jsonl"]


def test_a_log_cleared_while_read_is_read_again(sim, tmp_path, monkeypatch):
    dest = tmp_path / "events.jsonl"
    with sim.client() as client:
        _log(client, 3)
        real_call, cleared = client.call, []

        def clearing_call(rid, method, params=None, **kwargs):
            if method == "getChunk" and not cleared:
                cleared.append(real_call(rids.EVENT_LOG, "clear"))
            return real_call(rid, method, params, **kwargs)

        monkeypatch.setattr(client, "call", clearing_call)
        result = support.save_eventlog(client, str(dest))
    assert cleared and result["entries"] == 1  # only the "cleared" entry of the new log
    assert "cleared" in dest.read_text()


def test_a_directory_as_destination_is_refused(sim, tmp_path):
    with sim.client() as client, pytest.raises(SupportError, match="option eventlog_dest: .* is a directory"):
        support.save_eventlog(client, str(tmp_path))
