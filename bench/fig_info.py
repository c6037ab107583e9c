# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Figure 5: HTTP requests per device of one xerus_info task (the default gather_subset) across the fleet.

Reference, from the same access log: the RPC calls and CGI requests those requests carry, i.e. what the same reads
cost as one proxy call per request (a script using the SDK's proxies without its bulk helper).
"""

import statistics

from playbook import run_playbook

FORKS = 10
TARGET = 2  # requests per device: one bulk of everything, one of what depends on it


def _calls(entry):
    rpc = entry.get("rpc") or []
    if rpc and rpc[0].endswith(":performBulk"):
        return max(len(rpc) - 1, 1)
    return 1


def measure(fleet):
    mark = fleet.mark()
    run = run_playbook(fleet, [{"name": "info", "xerus.pdu.xerus_info": {}}], forks=FORKS)
    results = run.results("info")
    if run.returncode != 0 or run.failures() or len(results) != len(fleet.hosts):
        raise RuntimeError(f"xerus_info failed: {run.failures()[:1] or run.output[-1500:]}")
    requests = {host: 0 for host in fleet.hosts}
    calls = {host: 0 for host in fleet.hosts}
    fleet.settle()
    for entry in fleet.entries(mark):
        requests[entry["device"]] += 1
        calls[entry["device"]] += _calls(entry)
    return {
        "requests": list(requests.values()),
        "calls": list(calls.values()),
        "hosts": len(fleet.hosts),
        "task_seconds": dict(run.task_durations()).get("info"),
    }


def per_device(figures, key):
    values = figures[key]
    return statistics.median(values), min(values), max(values)


if __name__ == "__main__":
    from simfleet import Fleet

    with Fleet("127.241.11.1", 10, outlets=24) as bench_fleet:
        result = measure(bench_fleet)
    print({key: per_device(result, key) for key in ("requests", "calls")}, f"hosts={result['hosts']}")
