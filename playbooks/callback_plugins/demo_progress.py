# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Short progress of `make demo` for the terminal, while the full output goes to the demo's log file."""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: demo_progress
type: notification
short_description: One line per demo step, the demo's own messages and unexpected failures
description:
  - Used by C(playbooks/run-demo.sh) (C(make demo)); writes to the file named by E(XERUS_DEMO_PROGRESS).
  - Prints the name of every play that starts with C(Demo), the C(msg) of tasks tagged C(demo_say), and every
    failed host; a host named by a C(demo_expected_failure) fact (set before a fault is injected) is reported
    as failing as expected.
  - At the end writes the first unexpected failure (JSON) to the file named by E(XERUS_DEMO_FAILURE), if any.
requirements:
  - enabled with ANSIBLE_CALLBACKS_ENABLED=demo_progress
"""

SAY_TAG = "demo_say"
EXPECTED_FACT = "demo_expected_failure"


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = "demo_progress"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._out = open(os.environ.get("XERUS_DEMO_PROGRESS", os.devnull), "a", encoding="utf-8")
        self._failure_file = os.environ.get("XERUS_DEMO_FAILURE")
        self._step = ""
        self._expected = set()
        self._unexpected = []

    def _say(self, line):
        self._out.write(line + "\n")
        self._out.flush()

    def v2_playbook_on_play_start(self, play):
        name = play.get_name().strip()
        if name.startswith("Demo"):
            self._step = name
            self._say("==> " + name)

    def v2_runner_on_ok(self, result):
        facts = result._result.get("ansible_facts") or {}
        if EXPECTED_FACT in facts:
            self._expected.add(str(facts[EXPECTED_FACT]))
        if SAY_TAG in (result._task.tags or []):
            message = result._result.get("msg", "")
            for line in message if isinstance(message, list) else str(message).splitlines():
                self._say("    " + str(line))

    def v2_runner_on_failed(self, result, ignore_errors=False):
        if not ignore_errors:
            self._failed(result, result._result.get("msg") or "failed")

    def v2_runner_on_unreachable(self, result):
        self._failed(result, result._result.get("msg") or "unreachable")

    def _failed(self, result, message):
        host, task = result._host.get_name(), result._task.get_name()
        first_line = str(message).strip().splitlines()[0] if str(message).strip() else "failed"
        if host in self._expected:
            self._say(f"    {host}: failed as expected (the injected fault): {first_line}")
            return
        self._say(f"    {host}: FAILED in '{task}': {first_line}")
        self._unexpected.append({"step": self._step, "host": host, "task": task, "msg": first_line})

    def v2_playbook_on_stats(self, stats):
        if self._failure_file and self._unexpected:
            with open(self._failure_file, "w", encoding="utf-8") as out:
                json.dump(self._unexpected[0], out)
        self._out.close()
