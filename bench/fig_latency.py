# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Context for figure 2: per-task latency on one host, no contention, and the simulator's request round trip."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playbook import MODULE_PROCESS, run_playbook
from rss_interpreter import write_wrapper
from simfleet import PASSWORD, USER

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".collections"))
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call, XerusClient  # noqa: E402

REPEATS = 5


def single_host_tasks(fleet):
    """Median seconds of ping and of a switching xerus_outlet task on one host, tasks one after the other."""
    tasks = []
    for rep in range(REPEATS):
        tasks.append({"name": f"ping {rep}", "ansible.builtin.ping": {}})
        tasks.append(
            {
                "name": f"outlet {rep}",
                "xerus.pdu.xerus_outlet": {"outlets": ["1-8"], "state": "off" if rep % 2 == 0 else "on"},
            }
        )
    run = run_playbook(fleet, tasks, hosts=fleet.hosts[:1], forks=1, extra_args=MODULE_PROCESS)
    if run.returncode != 0 or run.failures():
        raise RuntimeError(f"single-host playbook failed: {run.failures()[:1] or run.output[-1500:]}")
    durations = run.task_durations()
    return {
        "ping": statistics.median(d for n, d in durations if n.startswith("ping")),
        "outlet": statistics.median(d for n, d in durations if n.startswith("outlet")),
    }


def keepalive_round_trip(device, ca_path, count=20):
    """Median seconds of one small bulk read on an open keep-alive connection."""
    times = []
    with XerusClient(
        device["host"], port=device["port"], username=USER, password=PASSWORD, ca_path=ca_path, timeout=30
    ) as client:
        client.call("/firmware", "getVersion")
        for _ in range(count):
            started = time.perf_counter()
            client.bulk([Call("/model/pdu/0", "getSettings")], safe=True)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def module_cpu_seconds(fleet):
    """Median CPU seconds (user + system) of one module process: ping and a switching xerus_outlet, on one host."""
    tasks = []
    for rep in range(3):
        tasks.append({"name": f"ping {rep}", "ansible.builtin.ping": {}})
        tasks.append(
            {
                "name": f"outlet {rep}",
                "xerus.pdu.xerus_outlet": {"outlets": ["1-8"], "state": "off" if rep % 2 == 0 else "on"},
            }
        )
    with tempfile.TemporaryDirectory(prefix="xerus-bench-cpu-") as work:
        wrapper = write_wrapper(os.path.join(work, "python-cpu"))
        record = os.path.join(work, "cpu.txt")
        host = fleet.hosts[0]
        run = run_playbook(
            fleet,
            tasks,
            hosts=[host],
            forks=1,
            env={"BENCH_RSS_OUT": record},
            hostvars={host: {"ansible_python_interpreter": wrapper}},
            extra_args=MODULE_PROCESS,
        )
        if run.returncode != 0 or run.failures():
            raise RuntimeError(f"CPU probe playbook failed: {run.failures()[:1] or run.output[-1500:]}")
        lines = [line.split() for line in Path(record).read_text(encoding="utf-8").splitlines()]
    cpu = {
        kind: [float(parts[1]) for parts in lines if len(parts) > 2 and f"AnsiballZ_{kind}." in parts[2]]
        for kind in ("ping", "xerus_outlet")
    }
    return {kind: statistics.median(values) for kind, values in cpu.items() if values}
