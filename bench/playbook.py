# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run ansible-playbook / ansible-inventory for the bench: generated inventory, timings from bench_timer."""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from simfleet import PASSWORD, PORT, REPO, USER

BENCH_DIR = Path(__file__).resolve().parent
RUN_TIMEOUT = 300
# One host's line of the PLAY RECAP the stdout callbacks print.
RECAP_LINE = re.compile(r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.MULTILINE)
# The figures measured before in-process execution (module process per host and task) keep that path.
MODULE_PROCESS = ("-e", "xerus_in_process=false")


def ansible_env(**extra):
    env = dict(os.environ)
    env.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": str(REPO / ".collections"),
            "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
            "ANSIBLE_CALLBACK_PLUGINS": str(BENCH_DIR / "callback_plugins"),
            "ANSIBLE_CALLBACKS_ENABLED": "bench_timer",
            "ANSIBLE_HOST_KEY_CHECKING": "false",
            "ANSIBLE_RETRY_FILES_ENABLED": "false",
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_DEPRECATION_WARNINGS": "false",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_STDOUT_CALLBACK": "ansible.builtin.oneline",
        }
    )
    env.update(extra)
    return env


def write_inventory(path, fleet, hosts=None, hostvars=None):
    """YAML inventory: one host per device (named by its address), with the xerus_host and xerus_port the tasks
    talk to (as the zeroconf inventory sets them), run locally with this Python."""
    hosts = hosts or fleet.hosts
    entries = {}
    for host in hosts:
        entries[host] = {"xerus_host": host, "xerus_port": PORT, **((hostvars or {}).get(host, {}))}
    inventory = {
        "all": {
            "hosts": entries,
            "vars": {
                "ansible_connection": "local",
                "ansible_python_interpreter": sys.executable,
            },
        }
    }
    Path(path).write_text(json.dumps(inventory), encoding="utf-8")  # JSON is YAML
    return path


def play(tasks, ca_path, gather_facts=False):
    """A one-play playbook over all hosts with the credentials and CA of the group xerus.pdu.xerus; address and
    port are each host's xerus_host and xerus_port."""
    return [
        {
            "hosts": "all",
            "gather_facts": gather_facts,
            "module_defaults": {
                "group/xerus.pdu.xerus": {
                    "username": USER,
                    "password": PASSWORD,
                    "ca_path": str(ca_path),
                    "timeout": 30,
                }
            },
            "tasks": tasks,
        }
    ]


class PlaybookRun:
    """Result of one ansible-playbook run: records of bench_timer and the process outcome."""

    def __init__(self, records, returncode, wall, output):
        self.records = records
        self.returncode = returncode
        self.wall = wall
        self.output = output

    def task_durations(self):
        """[(task name, seconds from task start to its last host result)] in order."""
        durations, current, last = [], None, None
        for record in self.records:
            if record["event"] in ("task", "end"):
                if current is not None:
                    durations.append((current["name"], (last or current["time"]) - current["time"]))
                current, last = (record, None) if record["event"] == "task" else (None, None)
            elif current is not None:
                last = record["time"]
        return durations

    def results(self, task_name):
        return [r for r in self.records if r["event"] in ("ok", "failed", "unreachable") and r["task"] == task_name]

    def failures(self):
        return [r for r in self.records if r["event"] in ("failed", "unreachable")]

    def recap(self):
        """{host: {"ok", "changed", "unreachable", "failed"}} from the PLAY RECAP (runs without bench_timer)."""
        return {
            host: dict(zip(("ok", "changed", "unreachable", "failed"), map(int, counts)))
            for host, *counts in RECAP_LINE.findall(self.output)
        }


def run_playbook(
    fleet, tasks, forks=10, hosts=None, hostvars=None, extra_args=(), timeout=RUN_TIMEOUT, env=None, timer=True
):
    """timer=False runs without the bench_timer callback (no records: check the outcome with recap())."""
    with tempfile.TemporaryDirectory(prefix="xerus-bench-play-") as work:
        inventory = write_inventory(os.path.join(work, "inventory.yml"), fleet, hosts, hostvars)
        book = os.path.join(work, "play.yml")
        Path(book).write_text(json.dumps(play(tasks, fleet.ca_bundle)), encoding="utf-8")
        timer_out = os.path.join(work, "timer.jsonl")
        if timer:
            run_env = ansible_env(BENCH_TIMER_OUT=timer_out, **(env or {}))
        else:
            run_env = _without_timer(ansible_env(**(env or {})))
        command = [
            os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
            "-i",
            inventory,
            "--forks",
            str(forks),
            book,
            *extra_args,
        ]
        started = time.monotonic()
        process = subprocess.Popen(
            command,
            env=run_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=work,
        )
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
            raise RuntimeError(f"ansible-playbook did not finish in {timeout} s:\n{output[-2000:]}")
        wall = time.monotonic() - started
        records = []
        if os.path.exists(timer_out):
            with open(timer_out, encoding="utf-8") as handle:
                records = [json.loads(line) for line in handle if line.strip()]
        return PlaybookRun(records, process.returncode, wall, output)


def _without_timer(env):
    env.pop("ANSIBLE_CALLBACKS_ENABLED", None)
    return env
