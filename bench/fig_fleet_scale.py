# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Figure 7: xerus_outlet and xerus_info (in-process) against ansible.builtin.ping over 200 (and 1000) PDUs.

Wall time: one ansible-playbook run whose tasks alternate ping, xerus_outlet (8 outlets switched) and
xerus_info (default subsets); a task's time runs from its start to its last host result.
Controller CPU per host: separate runs of one task kind (CPU_TASKS tasks over all hosts), the user+system CPU
of the whole ansible-playbook process tree (workers and module processes included, the simulator not), minus
an empty run's (start-up, inventory), divided by tasks x hosts; ansible.builtin.debug gives the floor. These
runs go without the bench's own bench_timer callback: Ansible gives every callback its own copy of each result
and converts it value by value, so a measuring callback would add its own cost, largest for xerus_info's
facts. Their outcome is checked on the PLAY RECAP instead: every host ok, none failed or unreachable, and every
outlet task switched every host (the outlet tasks continue the off/on alternation of the wall-time run).
Every run prints with Ansible's default stdout callback, as ansible-playbook does out of the box (the bench's other
figures use oneline, which prints every result in full and so adds the JSON of xerus_info's facts to every host's
controller work).
"""

import resource
import statistics

from playbook import run_playbook

REPEATS = 3
CPU_TASKS = 2
FLEET = 200
FORKS = 20
LARGE_FLEET = 1000  # make bench only: one measurement of each kind (a run over 1000 hosts takes minutes)
LARGE_FORKS = 50
LARGE_REPEATS = 1
STDOUT = {"ANSIBLE_STDOUT_CALLBACK": "ansible.builtin.default"}
TARGET_RATIO = 0.5
TARGET_CPU = 0.05


def _outlet(rep):
    # off / on / off: every repetition switches the 8 outlets of every device
    return {
        "name": f"outlet {rep}",
        "xerus.pdu.xerus_outlet": {"outlets": ["1-8"], "state": "off" if rep % 2 == 0 else "on"},
    }


KINDS = {
    "ping": lambda rep: {"name": f"ping {rep}", "ansible.builtin.ping": {}},
    "outlet": _outlet,
    "info": lambda rep: {"name": f"info {rep}", "xerus.pdu.xerus_info": {}},
}
# CPU only: an action that starts no process and talks to nothing, the floor of Ansible's own per-host work.
FLOOR = {"debug": lambda rep: {"name": f"debug {rep}", "ansible.builtin.debug": {"msg": "x"}, "changed_when": False}}
# CPU only, for comparison: xerus_info with every configuration subset too (about half as many values again as
# the default's result), what a bigger result costs the controller.
CONFIG_SUBSETS = ["default", "users", "roles", "services", "datetime", "snmp", "smtp", "auth", "security"]
CONTEXT = {
    "info_config": lambda rep: {"name": f"info config {rep}", "xerus.pdu.xerus_info": {"gather_subset": CONFIG_SUBSETS}}
}


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _checked_run(fleet, tasks, forks, timeout):
    run = run_playbook(fleet, tasks, forks=forks, timeout=timeout, env=STDOUT)
    if run.returncode != 0 or run.failures():
        raise RuntimeError(
            f"fleet playbook failed ({len(run.failures())} failures): {run.failures()[:1] or run.output[-1500:]}"
        )
    return run


def wall_times(fleet, forks, repeats=REPEATS, timeout=900):
    tasks = [KINDS[kind](rep) for rep in range(repeats) for kind in KINDS]
    run = _checked_run(fleet, tasks, forks, timeout)
    for name, _ in run.task_durations():
        if name.startswith("outlet") and not all(r["result"].get("changed") for r in run.results(name)):
            raise RuntimeError(f"{name}: not every host switched")
    durations = run.task_durations()
    return {kind: [d for n, d in durations if n.startswith(kind + " ")] for kind in KINDS}


def _recap_checked_run(fleet, tasks, forks, timeout, changed_every_task=False, host_results=True):
    """A run without bench_timer, checked on its PLAY RECAP (which lists no host when no task had a result)."""
    run = run_playbook(fleet, tasks, forks=forks, timeout=timeout, env=STDOUT, timer=False)
    recap = run.recap()
    wrong = {
        host: counts
        for host, counts in recap.items()
        if counts["failed"] or counts["unreachable"] or (changed_every_task and counts["changed"] != len(tasks))
    }
    if run.returncode != 0 or wrong or set(recap) != (set(fleet.hosts) if host_results else set()):
        detail = next(iter(wrong.items()), None) or f"{len(recap)} of {len(fleet.hosts)} hosts in the recap"
        raise RuntimeError(f"fleet playbook failed (rc {run.returncode}): {detail}\n{run.output[-1500:]}")
    return run


def cpu_per_host(fleet, forks, cpu_tasks=CPU_TASKS, first_rep=0, timeout=900):
    """CPU seconds per host and task of each kind: one run of cpu_tasks tasks per kind, less an empty run.

    first_rep continues the outlets' off/on alternation (after a wall-time run of first_rep repetitions)."""
    before = _children_cpu()
    _recap_checked_run(fleet, [{"name": "nothing", "ansible.builtin.meta": "noop"}], forks, timeout, host_results=False)
    empty = _children_cpu() - before
    per_host = {}
    for kind, task in {**KINDS, **FLOOR, **CONTEXT}.items():
        tasks = [task(rep) for rep in range(first_rep, first_rep + cpu_tasks)]
        before = _children_cpu()
        _recap_checked_run(fleet, tasks, forks, timeout, changed_every_task=kind == "outlet")
        per_host[kind] = (_children_cpu() - before - empty) / (cpu_tasks * len(fleet.hosts))
    return per_host


def measure(fleet, forks, cpu=True, repeats=REPEATS):
    figures = {"hosts": len(fleet.hosts), "forks": forks, "wall": wall_times(fleet, forks, repeats)}
    if cpu:
        figures["cpu"] = cpu_per_host(fleet, forks, min(repeats, CPU_TASKS), first_rep=repeats)
    return figures


if __name__ == "__main__":
    import sys

    from simfleet import Fleet, free_base

    # fig_fleet_scale.py [COUNT FORKS [REPEATS [BASE STATE_DIR]]]: BASE and STATE_DIR reuse kept device keys
    count, forks = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (FLEET, FORKS)
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else REPEATS
    base, state_dir = (sys.argv[4], sys.argv[5]) if len(sys.argv) > 5 else (free_base(count), None)
    with Fleet(base, count, outlets=8, state_dir=state_dir) as fleet:
        print(f"fleet of {count} ready in {fleet.start_seconds:.1f} s", flush=True)
        result = measure(fleet, forks, repeats=repeats)
        print(result)
        wall = {kind: statistics.median(values) for kind, values in result["wall"].items()}
        print({kind: round(value / wall["ping"], 2) for kind, value in wall.items()})
