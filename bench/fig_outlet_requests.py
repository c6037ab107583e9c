"""Figure 1: HTTP requests per xerus_outlet task for k = 1, 8, 24 outlets, next to the vendor SDK."""

import sdk_outlets
from playbook import run_playbook
from simfleet import Fleet

KS = (1, 8, 24)
# Devices start with every outlet on: "on" changes nothing, "off" changes all k outlets.
CASES = [(k, change) for k in KS for change in ("none", "all")]
TARGET = 2


def _state(change):
    return "on" if change == "none" else "off"


def _module_counts(fleet, hosts):
    hostvars = {host: {"bench_outlets": str(k) if k == 1 else f"1-{k}", "bench_state": _state(change)}
                for host, (k, change) in zip(hosts, CASES)}
    mark = fleet.mark()
    run = run_playbook(fleet, [{"name": "outlets", "xerus.pdu.xerus_outlet": {
        "outlets": ["{{ bench_outlets }}"], "state": "{{ bench_state }}"}}], hosts=hosts, hostvars=hostvars)
    if run.returncode != 0 or run.failures():
        raise RuntimeError(f"xerus_outlet failed: {run.failures()[:1] or run.output[-1500:]}")
    counts = fleet.requests_per_device(mark)
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


def measure(base):
    """{(k, change): {"module": n, "sdk_naive": n, "sdk_bulk": n}} from the access log."""
    with Fleet(base, 3 * len(CASES), outlets=24) as fleet:
        hosts = fleet.hosts
        module = _module_counts(fleet, hosts[:len(CASES)])
        naive = _sdk_counts(fleet, hosts[len(CASES):2 * len(CASES)], sdk_outlets.switch_naive)
        bulk = _sdk_counts(fleet, hosts[2 * len(CASES):], sdk_outlets.switch_bulk)
    return {case: {"module": module[case], "sdk_naive": naive[case], "sdk_bulk": bulk[case]} for case in CASES}


if __name__ == "__main__":
    import json
    print(json.dumps({f"{k}/{c}": v for (k, c), v in measure("127.241.9.1").items()}, indent=1))
