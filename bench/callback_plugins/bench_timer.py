# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bench-only callback: per task its start time and every host result, as JSON lines in $BENCH_TIMER_OUT."""

from __future__ import annotations

DOCUMENTATION = r"""
name: bench_timer
type: aggregate
short_description: task timings for the xerus.pdu bench
description: Writes one JSON line per task start and per host result to the file named by BENCH_TIMER_OUT.
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase

KEPT = ("changed", "failed", "msg", "duration_upload", "image_version", "unreachable", "skipped")


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self.path = os.environ.get("BENCH_TIMER_OUT")

    def _write(self, record):
        if self.path:
            with open(self.path, "a", encoding="utf-8") as out:
                out.write(json.dumps(record, default=str) + "\n")

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._write({"event": "task", "name": task.get_name(), "time": time.time()})

    def _result(self, kind, result):
        kept = {key: result._result.get(key) for key in KEPT if key in result._result}
        self._write(
            {
                "event": kind,
                "host": result._host.get_name(),
                "task": result._task.get_name(),
                "time": time.time(),
                "result": kept,
            }
        )

    def v2_runner_on_ok(self, result):
        self._result("ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result("failed", result)

    def v2_runner_on_unreachable(self, result):
        self._result("unreachable", result)

    def v2_playbook_on_stats(self, stats):
        self._write({"event": "end", "time": time.time()})
