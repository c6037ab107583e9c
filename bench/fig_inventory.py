# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Figure 4: ansible-inventory --list of 50 mDNS devices with enrichment, next to the SDK's zeroconf discover()."""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playbook import ansible_env
from simfleet import PASSWORD, USER

REPEATS = 3
TARGET_SECONDS = 2.0
BENCH_DIR = Path(__file__).resolve().parent
STEP_TIMEOUT = 120


def fleet_networks(fleet):
    """The /24 networks the fleet's addresses fall in (a fleet beyond 254 devices spans several)."""
    return sorted({host.rsplit(".", 1)[0] + ".0/24" for host in fleet.hosts})


BROWSE = re.compile(r"mDNS browse found (\d+) device\(s\) in ([\d.]+)s")
ENRICH = re.compile(r"xerus_zeroconf: read (\d+) device\(s\) in ([\d.]+)s(?:, ([\d.]+)s of it after the browse)?")


def _config(path, fleet, *extra):
    lines = [
        "plugin: xerus.pdu.xerus_zeroconf",
        "interfaces: [127.0.0.1]",
        f"networks: [{', '.join(fleet_networks(fleet))}]",
        "enrich: true",
        f"username: {USER}",
        f"password: {PASSWORD}",
        f"ca_path: {fleet.ca_bundle}",
        *extra,
    ]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _inventory_once(config, out):
    command = [
        os.path.join(os.path.dirname(sys.executable), "ansible-inventory"),
        "-i",
        config,
        "--list",
        "--output",
        out,
        "-vvv",
    ]
    started = time.monotonic()
    done = subprocess.run(
        command,
        env=ansible_env(ANSIBLE_INVENTORY_UNPARSED_FAILED="true"),
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
    )
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"ansible-inventory failed: {done.stderr[-1500:]}")
    hostvars = json.loads(Path(out).read_text(encoding="utf-8"))["_meta"]["hostvars"]
    log = done.stdout + done.stderr
    browse, enrich = BROWSE.search(log), ENRICH.search(log)
    phases = {
        "browse": float(browse.group(2)) if browse else None,
        "enrich": float(enrich.group(2)) if enrich else None,
        "enrich_after": float(enrich.group(3)) if enrich and enrich.group(3) else None,
    }
    return seconds, len(hostvars), sum(1 for h in hostvars.values() if h.get("xerus_reachable") is True), phases


def _sdk_discover(fleet):
    done = subprocess.run(
        [sys.executable, str(BENCH_DIR / "sdk_discover.py"), *fleet_networks(fleet)],
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
        cwd=str(BENCH_DIR),
    )
    if done.returncode != 0:
        raise RuntimeError(f"SDK discover failed: {done.stderr[-1500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _checked(config, out, fleet):
    seconds, hosts, enriched, phases = _inventory_once(config, out)
    if hosts != len(fleet.hosts) or enriched != hosts:
        raise RuntimeError(f"inventory listed {hosts} hosts, {enriched} enriched; expected {len(fleet.hosts)}")
    return seconds, phases


def measure(fleet):
    """Interleaved inventory and SDK runs; every inventory run must list every device, enriched.

    Also the same configuration with expected_count (the browse ends when all devices answered)."""
    inventory, phases, counted, sdk = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="xerus-bench-inv-") as work:
        config = _config(os.path.join(work, "bench.xerus_zeroconf.yml"), fleet)
        config_count = _config(
            os.path.join(work, "count.xerus_zeroconf.yml"), fleet, f"expected_count: {len(fleet.hosts)}"
        )
        for rep in range(REPEATS):
            seconds, phase = _checked(config, os.path.join(work, f"list{rep}.json"), fleet)
            inventory.append(seconds)
            phases.append(phase)
            sdk.append(_sdk_discover(fleet))
            counted.append(_checked(config_count, os.path.join(work, f"count{rep}.json"), fleet)[0])
    return {
        "inventory_seconds": inventory,
        "hosts": len(fleet.hosts),
        "expected_count_seconds": counted,
        "browse_seconds": [p["browse"] for p in phases if p["browse"] is not None],
        "enrich_seconds": [p["enrich"] for p in phases if p["enrich"] is not None],
        "enrich_after_seconds": [p["enrich_after"] for p in phases if p["enrich_after"] is not None],
        "sdk_seconds": [s["seconds"] for s in sdk],
        "sdk_found": [s["found"] for s in sdk],
    }


if __name__ == "__main__":
    from simfleet import Fleet

    with Fleet("127.241.15.1", 50, "--mdns") as fleet:
        figures = measure(fleet)
        print(json.dumps(figures, indent=1), statistics.median(figures["inventory_seconds"]))
