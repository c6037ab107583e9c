#!/usr/bin/env python3
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make test`: run the test stages, quietly, and close with a table.

  .ci/stages.py [STAGE ...]      (default: lint sanity unit cores conformance integration ecosystem)

Stages of one group in CONCURRENT run at the same time (sanity is CPU-bound, the pytest stages mostly
wait for the simulators they start on their own ports); the other stages run one after the other.

Each stage is `make <stage>` (each one also runs alone). The full output of every stage goes to
tests/output/make-test.log; the terminal gets a line per stage (and per integration target), the last lines
of a stage that failed, the reliability fault table and a closing table: stage, result, passed / failed /
skipped, time. With CI=true or VERBOSE=1 the full output is shown as well.

Everything temporary (build copies for ansible-test, simulator state and TLS keys, pytest's and
ansible-test's scratch folders) goes to one folder under $TMPDIR (or /tmp) that is removed at the end,
pass or fail. The exit code is 0 only when every stage passed.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LOG = REPO / "tests" / "output" / "make-test.log"
FAULT_TABLE = REPO / "tests" / "output" / "reliability" / "REPORT.md"
BUILT_FAULT_TABLE = "ansible_collections/xerus/pdu/tests/output/reliability/REPORT.md"  # under a build link
STAGES = ["lint", "sanity", "unit", "cores", "conformance", "integration", "ecosystem"]
# Stages that may run at the same time: they share no port, file or folder (each pytest run and each
# ansible-test copy has its own); their output goes to the log one stage after the other.
# The integration targets run in shards at the same time (most of their time is spent waiting on simulated
# reboots and uploads): each shard is one alias group (tests/integration/targets/*/aliases) in its own build
# copy. Targets that use mDNS share a shard.
INTEGRATION_SHARDS = ("group1", "group2", "group3")
CONCURRENT = [
    ("sanity", "unit", "cores", "conformance"),
    tuple(f"integration/{shard}" for shard in INTEGRATION_SHARDS),
]
# the rest of a failed stage is in the log
FAILED_TAIL = 40
# A pytest stage whose run was interrupted (a worker got a keyboard interrupt) rather than failed runs once
# more, and the closing lines say so. make exits 2 on any failed recipe, so the output tells them apart.
RERUN_WHEN_INTERRUPTED = ("unit", "conformance")
INTERRUPT_LINE = re.compile(r"received keyboard-interrupt|^!+ KeyboardInterrupt|^!+ .*Interrupted: (?!\d+ error)")
# lines worth repeating just above the closing table: CI shows the end of the output
PROBLEM_LINE = re.compile(
    r"^(FAILED |ERROR |INTERNALERROR|\[gw\d+\] node down|replacing crashed worker|maximum crashed workers"
    r"|.*received keyboard-interrupt|!+ .*Interrupted|E  +\S|ERROR: |FATAL: |fatal: )"
)
PROBLEM_LINES = 30
PYTEST_SUMMARY = re.compile(r"^=*\s*((?:\d+ \w+(?:, )?)+) in [\d.]+s")
PYTEST_COUNT = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|deselected)")


@dataclass
class Stage:
    name: str
    lines: list = field(default_factory=list)
    returncode: int = None
    seconds: float = 0.0
    passed: int = None
    failed: int = None
    skipped: int = None
    first_run: list = None  # the problem lines of an interrupted first run that was run again

    @property
    def ok(self):
        return self.returncode == 0


def _count(lines, pattern):
    return sum(1 for line in lines if pattern in line)


def count_pytest(stage):
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    found = False
    for line in stage.lines:
        summary = PYTEST_SUMMARY.match(line.strip())
        if not summary:
            continue
        found = True
        for number, kind in PYTEST_COUNT.findall(summary.group(1)):
            key = {"error": "failed", "errors": "failed", "xfailed": "passed", "xpassed": "passed"}.get(kind, kind)
            if key in totals:
                totals[key] += int(number)
    return totals if found else None


def _ansible_test_counts(stage, kind, ran, skipped=0):
    """ansible-test lists the failed tests at the end: "The N <kind> test(s) listed below (out of M) failed"."""
    failed = 0
    for line in stage.lines:
        listed = re.search(r"The (\d+) " + kind + r" test\(s\) listed below \(out of \d+\) failed", line)
        if listed:
            failed = int(listed.group(1))
    if not stage.ok and not failed:
        failed = 1
    return {"passed": max(ran - failed, 0), "failed": failed, "skipped": skipped}


def count_sanity(stage):
    return _ansible_test_counts(
        stage, "sanity", _count(stage.lines, 'Running sanity test "'), _count(stage.lines, 'Skipping sanity test "')
    )


def count_integration(stage):
    ran = sum(1 for line in stage.lines if re.match(r"Running \S+ integration test (script|role)", line))
    return _ansible_test_counts(stage, "integration", ran)


def count_steps(stage):
    steps = sum(1 for line in stage.lines if line.startswith("==> ecosystem:"))
    failed = 0 if stage.ok else 1
    return {"passed": max(steps - failed, 0), "failed": failed, "skipped": 0}


COUNTERS = {"sanity": count_sanity, "ecosystem": count_steps}
COUNTERS.update({f"integration/{shard}": count_integration for shard in INTEGRATION_SHARDS})


def unsharded_targets():
    """Integration targets that no shard would run (their aliases name none of INTEGRATION_SHARDS)."""
    missing = []
    for aliases in sorted((REPO / "tests" / "integration" / "targets").glob("*/aliases")):
        names = aliases.read_text(encoding="utf-8").split()
        if "hidden" in names or aliases.parent.name.startswith("setup_"):
            continue
        if not any(f"shippable/posix/{shard}" in names for shard in INTEGRATION_SHARDS):
            missing.append(aliases.parent.name)
    return missing


def expand_shards(stages):
    """``integration`` is run as one stage per shard."""
    expanded = []
    for name in stages:
        expanded += [f"integration/{shard}" for shard in INTEGRATION_SHARDS] if name == "integration" else [name]
    return expanded


def interrupted_run(stage):
    return not stage.ok and any(INTERRUPT_LINE.search(line) for line in stage.lines)


def problem_lines(lines):
    return [line for line in lines if PROBLEM_LINE.match(line)][:PROBLEM_LINES]


def duration(seconds):
    return f"{int(seconds) // 60}m{int(seconds) % 60:02d}s"


class Runner:
    def __init__(self, stages, verbose):
        self.stages = [Stage(name) for name in expand_shards(stages)]
        self.verbose = verbose
        self.log = None
        self.processes = []
        self.lock = threading.Lock()
        self.started = time.monotonic()

    def say(self, text=""):
        print(text, flush=True)
        if self.log:
            self.log.write(text + "\n")
            self.log.flush()

    def run_stage(self, stage, env, concurrent=False):
        """Run one stage (once more when pytest was interrupted); with ``concurrent`` its output goes to the
        log in one block when it ends."""
        self.run_stage_once(stage, env, concurrent)
        if stage.name in RERUN_WHEN_INTERRUPTED and stage.first_run is None and interrupted_run(stage):
            stage.first_run = problem_lines(stage.lines) or [f"(no problem line; the last: {stage.lines[-1:]})"]
            self.say(f"==> {stage.name} was interrupted: running it once more")
            stage.lines = []
            self.run_stage_once(stage, env, concurrent)

    def run_stage_once(self, stage, env, concurrent):
        if not concurrent:
            self.say(f"==> {stage.name}")
        started = time.monotonic()
        command = ["make", "--no-print-directory", stage.name]
        if stage.name.startswith("integration/"):
            shard = stage.name.split("/", 1)[1]
            command = [
                "make",
                "--no-print-directory",
                "integration",
                "INTEGRATION_ARGS=--continue-on-error",
                f"TARGETS=shippable/posix/{shard}/",
                f"BUILD_LINK={REPO / ('.build-' + shard)}",
            ]
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            text=True,
            errors="replace",
            bufsize=1,
        )
        self.processes.append(process)
        for line in process.stdout:
            stage.lines.append(line.rstrip("\n"))
            target = re.match(r"Running (\S+) integration test", line)
            if target and (concurrent or not self.verbose):
                print(f"    {stage.name}: {target.group(1)} ({duration(time.monotonic() - started)})", flush=True)
            if concurrent:
                continue
            self.log.write(line)
            if self.verbose:
                sys.stdout.write(line)
        stage.returncode = process.wait()
        self.processes.remove(process)
        stage.seconds += time.monotonic() - started
        with self.lock:
            if concurrent:
                self.say(f"==> {stage.name} (ran alongside {', '.join(self.running_with(stage))})")
                self.log.write("".join(line + "\n" for line in stage.lines))
                if self.verbose:
                    sys.stdout.write("".join(line + "\n" for line in stage.lines))
            self.report(stage)

    def report(self, stage):
        counts = COUNTERS.get(stage.name, count_pytest)(stage)
        if counts:
            stage.passed, stage.failed, stage.skipped = counts["passed"], counts["failed"], counts["skipped"]
        if not stage.ok and not self.verbose:
            self.say(f"    {stage.name} failed; its last {FAILED_TAIL} lines (all of it in {LOG}):")
            for line in stage.lines[-FAILED_TAIL:]:
                print("    | " + line, flush=True)
        self.say(f"    {stage.name}: {'passed' if stage.ok else 'FAILED'} in {duration(stage.seconds)}")

    def running_with(self, stage):
        group = self.group_of(stage)
        return [other.name for other in group if other is not stage] or ["nothing"]

    def group_of(self, stage):
        for group in CONCURRENT:
            if stage.name in group:
                return [other for other in self.stages if other.name in group]
        return [stage]

    def groups(self):
        """The stages in order, those of one CONCURRENT group together (at the place of the first)."""
        done, order = set(), []
        for stage in self.stages:
            if stage.name in done:
                continue
            group = self.group_of(stage)
            done.update(other.name for other in group)
            order.append(group)
        return order

    def run_group(self, group, env):
        if len(group) == 1:
            self.run_stage(group[0], env)
            return
        self.say(f"==> {', '.join(stage.name for stage in group)} (at the same time)")
        threads = [threading.Thread(target=self.run_stage, args=(stage, env, True)) for stage in group]
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():
                thread.join(0.5)

    def stop_child(self):
        for process in list(self.processes):
            if process.poll() is not None:
                continue
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def fault_table(self):
        ran = any(stage.name.startswith("integration") and stage.returncode is not None for stage in self.stages)
        built = sorted(REPO.glob(".build-*/" + BUILT_FAULT_TABLE))
        if ran and built:
            FAULT_TABLE.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(built[0], FAULT_TABLE)
            self.say(built[0].read_text(encoding="utf-8").rstrip())
            self.say(f"(fault table kept in {FAULT_TABLE})")

    def problems(self):
        """Repeat what went wrong just above the closing table, where a CI log's tail shows it."""
        for stage in self.stages:
            if stage.first_run:
                self.say(f"{stage.name}: the first run was interrupted and ran again; the first run said:")
                for line in stage.first_run:
                    self.say("    | " + line)
            if stage.returncode not in (None, 0):
                self.say(f"{stage.name}: FAILED (exit {stage.returncode}); what it said went wrong:")
                for line in problem_lines(stage.lines) or stage.lines[-10:]:
                    self.say("    | " + line)

    def closing_table(self):
        def cell(value):
            return "-" if value is None else str(value)

        rows = [("stage", "result", "passed", "failed", "skipped", "time")]
        for stage in self.stages:
            result = (
                "not run"
                if stage.returncode is None
                else ("passed" if stage.ok else f"FAILED (exit {stage.returncode})")
            )
            if stage.first_run:
                result += " (2nd run)"
            rows.append(
                (
                    stage.name,
                    result,
                    cell(stage.passed),
                    cell(stage.failed),
                    cell(stage.skipped),
                    duration(stage.seconds) if stage.returncode is not None else "-",
                )
            )
        widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
        self.say()
        for number, row in enumerate(rows):
            self.say("  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip())
            if number == 0:
                self.say("  ".join("-" * width for width in widths))
        total = time.monotonic() - self.started  # wall time: stages of a CONCURRENT group overlap
        verdict = "all stages passed" if all(stage.ok for stage in self.stages) else "FAILED"
        self.say(f"make test: {verdict} in {duration(total)}; full output in {LOG}")

    def run(self):
        self.started = time.monotonic()
        LOG.parent.mkdir(parents=True, exist_ok=True)
        scratch = tempfile.mkdtemp(prefix="xerus-pdu-test.", dir=os.environ.get("TMPDIR") or "/tmp")
        env = dict(os.environ, TMPDIR=scratch)
        try:
            with open(LOG, "w", encoding="utf-8") as self.log:
                self.say(f"make test: {', '.join(stage.name for stage in self.stages)}; full output in {LOG}")
                try:
                    for group in self.groups():
                        self.run_group(group, env)
                except KeyboardInterrupt:
                    self.stop_child()
                    self.say("interrupted")
                self.fault_table()
                self.problems()
                self.closing_table()
        finally:
            self.log = None
            shutil.rmtree(scratch, ignore_errors=True)
        return 0 if all(stage.ok for stage in self.stages) else 1


def interrupted(*_):
    raise KeyboardInterrupt


def main(argv):
    stages = argv or STAGES
    unknown = [name for name in stages if name not in STAGES]
    if unknown:
        sys.exit(f"unknown stage(s): {', '.join(unknown)} (known: {', '.join(STAGES)})")
    if "integration" in stages and unsharded_targets():
        sys.exit(
            f"integration targets in no shard: {', '.join(unsharded_targets())}; give each one of "
            f"{', '.join('shippable/posix/' + shard for shard in INTEGRATION_SHARDS)} in its aliases"
        )
    verbose = os.environ.get("CI") == "true" or os.environ.get("VERBOSE") == "1"
    signal.signal(signal.SIGTERM, interrupted)
    return Runner(stages, verbose).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
