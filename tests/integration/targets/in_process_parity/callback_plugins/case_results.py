# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write every "case: ..." task's result, as callbacks receive it, to the JSON file XERUS_CASE_RESULTS."""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: case_results
type: aggregate
short_description: results of the parity cases as JSON
description: Writes each result of a task whose name starts with "case:" to the file named by XERUS_CASE_RESULTS.
requirements: [enable in configuration]
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "case_results"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self.cases = {}

    def _record(self, result, status):
        name = result._task.get_name()
        if not name.startswith("case:"):
            return
        payload = getattr(result, "result", None)
        if payload is None:
            payload = result._result
        self.cases[f"{name} [{result._host.get_name()}]"] = dict(status=status, result=payload)

    def v2_runner_on_ok(self, result, **kwargs):
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False, **kwargs):
        self._record(result, "failed")

    def v2_runner_on_skipped(self, result, **kwargs):
        self._record(result, "skipped")

    def v2_playbook_on_stats(self, stats):
        with open(os.environ["XERUS_CASE_RESULTS"], "w", encoding="utf-8") as out:
            json.dump(self.cases, out, indent=1, sort_keys=True, default=repr)
