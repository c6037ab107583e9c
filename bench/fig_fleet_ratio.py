# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Figure 2: wall time of an xerus_outlet task as a module process across a fleet / ansible.builtin.ping
(connection local).

Kept as measured before in-process execution (xerus_in_process=false); figure 7 measures the in-process path.
"""

import statistics

from playbook import MODULE_PROCESS, run_playbook

REPEATS = 3
FORKS = 10
TARGET = 1.3


def _tasks():
    tasks = []
    for rep in range(REPEATS):
        tasks.append({"name": f"ping {rep}", "ansible.builtin.ping": {}})
        # off / on / off: every repetition switches the 8 outlets of every device (2 requests each)
        state = "off" if rep % 2 == 0 else "on"
        tasks.append({"name": f"outlet {rep}", "xerus.pdu.xerus_outlet": {"outlets": ["1-8"], "state": state}})
    return tasks


def measure(fleet):
    """{"outlet": [s...], "ping": [s...], "hosts": n, "forks": n}"""
    run = run_playbook(fleet, _tasks(), forks=FORKS, extra_args=MODULE_PROCESS)
    if run.returncode != 0 or run.failures():
        raise RuntimeError(f"fleet playbook failed: {run.failures()[:1] or run.output[-1500:]}")
    durations = run.task_durations()
    for name, _ in durations:
        if name.startswith("outlet") and not all(r["result"].get("changed") for r in run.results(name)):
            raise RuntimeError(f"{name}: not every host switched")
    return {
        "outlet": [d for n, d in durations if n.startswith("outlet")],
        "ping": [d for n, d in durations if n.startswith("ping")],
        "hosts": len(fleet.hosts),
        "forks": FORKS,
    }


def ratio(figures):
    return statistics.median(figures["outlet"]) / statistics.median(figures["ping"])


if __name__ == "__main__":
    from simfleet import Fleet

    with Fleet("127.241.11.1", 50, outlets=24) as fleet:
        figures = measure(fleet)
        print(figures, ratio(figures))
