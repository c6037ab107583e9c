# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Figure 1: HTTP requests per xerus_outlet task for k = 1, 8, 24 outlets, next to the vendor SDK; and by name or
``all`` (every outlet's settings read first)."""

import sdk_outlets
from playbook import run_playbook
from simfleet import Fleet

KS = (1, 8, 24)
# Devices start with every outlet on: "on" changes nothing, "off" changes all k outlets.
CASES = [(k, change) for k in KS for change in ("none", "all")]
TARGET = 2
# Selection by name or all: the outlet list, every outlet's state and settings, the write.
SELECTIONS = [(selection, change) for selection in ("name", "all") for change in ("none", "all")]
SELECTION_TARGET = 3
BENCH_NAME = "bench-web"


def _state(change):
    return "on" if change == "none" else "off"


def _switch_task(fleet, hosts, hostvars):
    """One xerus_outlet task per host (bench_outlets, bench_state); the run and the requests per device."""
    mark = fleet.mark()
    run = run_playbook(
        fleet,
        [
            {
                "name": "outlets",
                "xerus.pdu.xerus_outlet": {"outlets": ["{{ bench_outlets }}"], "state": "{{ bench_state }}"},
            }
        ],
        hosts=hosts,
        hostvars=hostvars,
    )
    if run.returncode != 0 or run.failures():
        raise RuntimeError(f"xerus_outlet failed: {run.failures()[:1] or run.output[-1500:]}")
    return run, fleet.requests_per_device(mark)


def _module_counts(fleet, hosts):
    hostvars = {
        host: {"bench_outlets": str(k) if k == 1 else f"1-{k}", "bench_state": _state(change)}
        for host, (k, change) in zip(hosts, CASES)
    }
    run, counts = _switch_task(fleet, hosts, hostvars)
    changed = {r["host"]: r["result"].get("changed") for r in run.results("outlets")}
    for host, (k, change) in zip(hosts, CASES):
        if changed.get(host) != (change == "all"):
            raise RuntimeError(f"xerus_outlet on {host} (k={k}, change={change}) reported changed={changed.get(host)}")
    return {case: counts[host] for host, case in zip(hosts, CASES)}


def _sdk_counts(fleet, hosts, switch):
    """Each case on its own device, so a log line written late still counts for its case."""
    mark = fleet.mark()
    for host, (k, change) in zip(hosts, CASES):
        switch(host, k, _state(change))
    counts = fleet.requests_per_device(mark)
    return {case: counts[host] for host, case in zip(hosts, CASES)}


def _selection_counts(fleet, hosts):
    """Per (selection, change): requests of one task selecting outlet 3 by name, or every outlet by all."""
    setup = run_playbook(
        fleet, [{"name": "name", "xerus.pdu.xerus_outlet": {"outlets": [3], "name": BENCH_NAME}}], hosts=hosts
    )
    if setup.returncode != 0 or setup.failures():
        raise RuntimeError(f"xerus_outlet (naming outlet 3) failed: {setup.failures()[:1] or setup.output[-1500:]}")
    hostvars = {
        host: {"bench_outlets": BENCH_NAME if selection == "name" else "all", "bench_state": _state(change)}
        for host, (selection, change) in zip(hosts, SELECTIONS)
    }
    _run, counts = _switch_task(fleet, hosts, hostvars)
    return {case: counts[host] for host, case in zip(hosts, SELECTIONS)}


def measure_selections(base):
    """{(selection, change): requests} for outlets selected by name and by all."""
    with Fleet(base, len(SELECTIONS), outlets=24) as fleet:
        return _selection_counts(fleet, fleet.hosts)


def measure(base):
    """{(k, change): {"module": n, "sdk_naive": n, "sdk_bulk": n}} from the access log."""
    with Fleet(base, 3 * len(CASES), outlets=24) as fleet:
        hosts = fleet.hosts
        module = _module_counts(fleet, hosts[: len(CASES)])
        naive = _sdk_counts(fleet, hosts[len(CASES) : 2 * len(CASES)], sdk_outlets.switch_naive)
        bulk = _sdk_counts(fleet, hosts[2 * len(CASES) :], sdk_outlets.switch_bulk)
    return {case: {"module": module[case], "sdk_naive": naive[case], "sdk_bulk": bulk[case]} for case in CASES}


if __name__ == "__main__":
    import json

    print(json.dumps({f"{k}/{c}": v for (k, c), v in measure("127.241.9.1").items()}, indent=1))
    print(json.dumps({f"{s}/{c}": v for (s, c), v in measure_selections("127.241.10.1").items()}, indent=1))
