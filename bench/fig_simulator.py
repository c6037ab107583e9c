# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Figure 6: simulator fleet of 100 start time (fresh state: keys from the key cache, and once with an empty key cache)
and concurrent bulk reads."""

import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from simfleet import PASSWORD, USER, Fleet

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".collections"))
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call, XerusClient  # noqa: E402

FLEET = 100
REPEATS = 3
TARGET_START = 10.0
READ = [Call("/model/pdu/0", "getMetaData"), Call("/model/pdu/0", "getSettings"), Call("/firmware", "getVersion")]


def _bulk_read(device, ca_path):
    with XerusClient(
        device["host"], port=device["port"], username=USER, password=PASSWORD, ca_path=ca_path, timeout=30, retries=0
    ) as client:
        for result in client.bulk(READ, safe=True):
            result.raise_for_error()


def _concurrent(devices, ca_path):
    """Every read in its own thread (own connection), released together; (seconds, errors)."""
    errors = []
    barrier = threading.Barrier(len(devices) + 1)

    def worker(device):
        barrier.wait()
        try:
            _bulk_read(device, ca_path)
        except Exception as exc:  # counted and reported, not raised: the figure is the error count
            errors.append(f"{device['host']}: {exc}")

    threads = [threading.Thread(target=worker, args=(device,), daemon=True) for device in devices]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.monotonic()
    for thread in threads:
        thread.join(timeout=120)
    return time.monotonic() - started, errors


def _sequential(devices, ca_path):
    started = time.monotonic()
    for device in devices:
        _bulk_read(device, ca_path)
    return time.monotonic() - started


def _warm_starts(base):
    """Start times of a fleet whose state (keys included) exists: one start to create it, then REPEATS timed."""
    state = tempfile.mkdtemp(prefix="xerus-bench-state-")
    try:
        with Fleet(base, FLEET, outlets=24, state_dir=state):
            pass
        times = []
        for _ in range(REPEATS):
            with Fleet(base, FLEET, outlets=24, state_dir=state) as fleet:
                times.append(fleet.start_seconds)
        return times
    finally:
        shutil.rmtree(state, ignore_errors=True)


def _cold_cache_start(base):
    """Start time of a fresh fleet with an empty key cache: every key generated (process pool)."""
    cache = tempfile.mkdtemp(prefix="xerus-bench-keys-")
    try:
        with Fleet(base, FLEET, "--key-cache", cache, outlets=24) as fleet:
            return fleet.start_seconds
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def measure(base):
    starts, singles, spread, one_device, sequential = [], [], [], [], []
    errors = []
    for _ in range(REPEATS):
        with Fleet(base, 1, outlets=24) as single:
            singles.append(single.start_seconds)
    warm = _warm_starts(base)
    cold = _cold_cache_start(base)
    for rep in range(REPEATS):
        # a new state dir each time: 100 new certificates, their keys from the key cache
        with Fleet(base, FLEET, outlets=24) as fleet:
            starts.append(fleet.start_seconds)
            if rep == 0:
                for _ in range(REPEATS):
                    seconds, errs = _concurrent(fleet.devices, str(fleet.ca_bundle))
                    spread.append(seconds)
                    errors += errs
                    seconds, errs = _concurrent([fleet.devices[0]] * FLEET, str(fleet.ca_bundle))
                    one_device.append(seconds)
                    errors += errs
                    sequential.append(_sequential(fleet.devices, str(fleet.ca_bundle)))
    return {
        "start_seconds": starts,
        "cold_cache_start_seconds": cold,
        "warm_start_seconds": warm,
        "single_start_seconds": singles,
        "concurrent_100_devices": spread,
        "concurrent_1_device": one_device,
        "sequential_100": sequential,
        "errors": errors,
        "reads_per_round": FLEET,
    }


def fresh_start(count, base):
    """(seconds of a fresh `count`-device fleet, keys from the default key cache; of a 1-device reference)."""
    with Fleet(base, 1, outlets=8) as single:
        reference = single.start_seconds
    with Fleet(base, count, "--mdns", outlets=8) as fleet:
        return fleet.start_seconds, reference


if __name__ == "__main__":
    import json
    import os

    from simfleet import free_base

    if len(sys.argv) > 2 and sys.argv[1] == "start":
        # fig_simulator.py start COUNT: a fresh fleet (new state) of COUNT, next to a 1-device start
        count = int(sys.argv[2])
        seconds, reference = fresh_start(count, free_base(count))
        print(
            f"fresh fleet of {count} (--mdns, new state, keys from the key cache) ready in {seconds:.2f} s; "
            f"1 device: {reference:.2f} s; load average {os.getloadavg()[0]:.2f}"
        )
        sys.exit(0)
    figures = measure("127.241.17.1")
    print(json.dumps(figures, indent=1), statistics.median(figures["start_seconds"]))
