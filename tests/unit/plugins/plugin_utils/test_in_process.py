# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A module's main() run in the worker gets the task's environment, and the worker gets its own back."""

from __future__ import annotations

import json
import os
import sys

import pytest

from ansible_collections.xerus.pdu.plugins.action.xerus_outlet import ActionModule
from ansible_collections.xerus.pdu.plugins.plugin_utils.in_process import run_module_main


@pytest.fixture
def action():
    instance = object.__new__(ActionModule)
    instance._used_interpreter = None
    return instance


def test_the_worker_environment_and_directory_come_back_as_they_were(action, monkeypatch, tmp_path):
    monkeypatch.setenv("XERUS_KEPT", "kept")
    monkeypatch.setenv("XERUS_CHANGED", "before")
    monkeypatch.setenv("XERUS_REMOVED", "there")
    monkeypatch.delenv("XERUS_ADDED", raising=False)
    before, cwd = dict(os.environ), os.getcwd()

    def main():
        seen = {name: os.environ.get(name) for name in ("XERUS_FROM_TASK", "XERUS_CHANGED")}
        os.environ["XERUS_ADDED"] = "new"
        os.environ["XERUS_CHANGED"] = "after"
        del os.environ["XERUS_REMOVED"]
        os.chdir(tmp_path)
        print(json.dumps({"changed": False, "seen": seen}))
        sys.exit(0)

    result = run_module_main(action, main, {}, {"XERUS_FROM_TASK": "task", "XERUS_CHANGED": "task value"})
    assert result["seen"] == {"XERUS_FROM_TASK": "task", "XERUS_CHANGED": "task value"}
    assert dict(os.environ) == before and os.getcwd() == cwd


def test_the_environment_comes_back_after_a_module_crash(action, monkeypatch):
    monkeypatch.setenv("XERUS_CHANGED", "before")
    before = dict(os.environ)

    def main():
        os.environ["XERUS_CHANGED"] = "after"
        raise RuntimeError("boom")

    result = run_module_main(action, main, {}, {"XERUS_FROM_TASK": "task"})
    assert result["failed"] is True and "boom" in result["module_stderr"]
    assert dict(os.environ) == before
