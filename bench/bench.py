# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""make bench: start simulated fleets, measure the figures, print the table and write bench/RESULTS.md."""

import os
import signal
import statistics
import sys
import time
import traceback
from pathlib import Path

import fig_firmware
import fig_fleet_ratio
import fig_fleet_scale
import fig_info
import fig_inventory
import fig_inventory_scale
import fig_latency
import fig_outlet_requests
import fig_readings
import fig_simulator
import notes
import report
from report import Row, na_rows, verdict
from simfleet import REPO, Fleet, free_base, stop_all

MODULES = REPO / "plugins" / "modules"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
MIB = 1024 * 1024


def _stop(signum, _frame):
    raise SystemExit(128 + signum)


def _missing(*paths):
    """True when a plugin the figure needs is not in the collection (yet)."""
    return any(not (REPO / path).is_file() for path in paths)


def _fmt(value, digits=2):
    return f"{value:.{digits}f}"


def _median(values):
    return statistics.median(values)


# ---------------------------------------------------------------- figures as rows


def rows_outlet_requests():
    if _missing("plugins/modules/xerus_outlet.py"):
        return na_rows("1", "xerus_outlet requests per task", "module not available")
    counts = fig_outlet_requests.measure(free_base(18))
    rows = []
    for (k, change), c in counts.items():
        label = "nothing to change" if change == "none" else "all to change"
        rows.append(
            Row(
                "1",
                f"xerus_outlet, k={k}, {label}",
                str(c["module"]),
                "HTTP requests/task",
                f"SDK naive {c['sdk_naive']} / SDK bulk helper {c['sdk_bulk']}",
                f"{c['module'] / c['sdk_naive']:.2f} / {c['module'] / c['sdk_bulk']:.2f}",
                f"<= {fig_outlet_requests.TARGET}",
                verdict(c["module"] <= fig_outlet_requests.TARGET),
            )
        )
    target = fig_outlet_requests.SELECTION_TARGET
    for (selection, change), count in fig_outlet_requests.measure_selections(
        free_base(len(fig_outlet_requests.SELECTIONS))
    ).items():
        label = "nothing to change" if change == "none" else "all to change"
        what = "one outlet by name" if selection == "name" else "outlets: all (24)"
        rows.append(
            Row(
                "1",
                f"xerus_outlet, {what}, {label}",
                str(count),
                "HTTP requests/task",
                "-",
                "-",
                f"<= {target}",
                verdict(count <= target),
            )
        )
    return rows


def rows_fleet_ratio(fleet, context):
    if _missing("plugins/modules/xerus_outlet.py"):
        return na_rows("2", "fleet xerus_outlet / ping", "module not available")
    figures = fig_fleet_ratio.measure(fleet)
    ratio = fig_fleet_ratio.ratio(figures)
    rows = [
        Row(
            "2",
            f"xerus_outlet task over {figures['hosts']} hosts (forks {figures['forks']}, 8 outlets switched"
            f" per host), median of {len(figures['outlet'])}",
            _fmt(_median(figures["outlet"])),
            "s",
            f"ansible.builtin.ping, connection local: {_fmt(_median(figures['ping']))} s",
            _fmt(ratio),
            f"ratio <= {fig_fleet_ratio.TARGET}",
            verdict(ratio <= fig_fleet_ratio.TARGET),
        )
    ]
    single = fig_latency.single_host_tasks(fleet)
    context["single"] = single
    rows.append(
        Row(
            "2",
            "context: same task on 1 host, tasks in sequence (median of 5)",
            _fmt(single["outlet"]),
            "s",
            f"ping on 1 host: {_fmt(single['ping'])} s",
            _fmt(single["outlet"] / single["ping"]),
        )
    )
    cpu = fig_latency.module_cpu_seconds(fleet)
    context["cpu"] = cpu
    rows.append(
        Row(
            "2",
            "context: CPU time of one module process (user+system, 1 host, median of 3)",
            _fmt(cpu["xerus_outlet"]),
            "CPU s",
            f"ping: {_fmt(cpu['ping'])} CPU s",
            _fmt(cpu["xerus_outlet"] / cpu["ping"]),
        )
    )
    rtt = fig_latency.keepalive_round_trip(fleet.devices[0], str(fleet.ca_bundle))
    context["rtt_ms"] = rtt * 1000
    rows.append(
        Row(
            "2",
            "context: simulator round trip of one small bulk read on a keep-alive connection (median of 20)",
            _fmt(rtt * 1000, 1),
            "ms",
        )
    )
    return rows


def rows_fleet_scale(context):
    if _missing("plugins/action/xerus_outlet.py", "plugins/action/xerus_info.py"):
        return na_rows("7", "in-process tasks vs ping", "action plugins not available")
    with Fleet(free_base(fig_fleet_scale.FLEET), fig_fleet_scale.FLEET, outlets=8) as fleet:
        figures = fig_fleet_scale.measure(fleet, fig_fleet_scale.FORKS)
    context["scale"] = figures
    return fleet_scale_rows(figures)


def fleet_scale_rows(figures):
    wall = {kind: _median(values) for kind, values in figures["wall"].items()}
    cpu = figures["cpu"]
    hosts, forks = figures["hosts"], figures["forks"]
    rows = []
    for kind, label in (("outlet", "xerus_outlet (8 outlets switched)"), ("info", "xerus_info (default subsets)")):
        ratio = wall[kind] / wall["ping"]
        rows.append(
            Row(
                "7",
                f"{label}, in-process, over {hosts} PDUs, forks {forks}: task wall time, median of "
                f"{len(figures['wall'][kind])}",
                _fmt(wall[kind]),
                "s",
                f"ansible.builtin.ping, same hosts and run: {_fmt(wall['ping'])} s",
                _fmt(ratio),
                f"ratio <= {fig_fleet_scale.TARGET_RATIO}",
                verdict(ratio <= fig_fleet_scale.TARGET_RATIO),
            )
        )
        rows.append(
            Row(
                "7",
                f"{label}, in-process, over {hosts} PDUs: controller CPU per host and task",
                _fmt(cpu[kind], 3),
                "CPU s",
                f"ping: {_fmt(cpu['ping'], 3)} CPU s",
                _fmt(cpu[kind] / cpu["ping"]),
                f"<= {fig_fleet_scale.TARGET_CPU}",
                verdict(cpu[kind] <= fig_fleet_scale.TARGET_CPU),
            )
        )
    contexts = (
        ("debug", f"context: ansible.builtin.debug (no process, no device) over {hosts} hosts"),
        (
            "info_config",
            f"context: xerus_info with every configuration subset too (gather_subset "
            f"{', '.join(fig_fleet_scale.CONFIG_SUBSETS)}) over {hosts} PDUs",
        ),
    )
    for kind, label in contexts:
        if kind in cpu:
            rows.append(
                Row(
                    "7",
                    f"{label}: controller CPU per host and task",
                    _fmt(cpu[kind], 3),
                    "CPU s",
                    f"ping: {_fmt(cpu['ping'], 3)} CPU s",
                    _fmt(cpu[kind] / cpu["ping"]),
                )
            )
    return rows


def rows_large_fleet(context):
    """Figures 7 (1000 PDUs, forks 50) and 8 (inventory of 1000 mDNS PDUs) on one fleet of 1000."""
    count = fig_fleet_scale.LARGE_FLEET
    with Fleet(free_base(count), count, "--mdns", outlets=8) as fleet:
        context["large_fleet_start"] = fleet.start_seconds
        rows = _guarded("8", f"zeroconf inventory of {count} PDUs", lambda: rows_inventory_scale(fleet, context))
        rows += _guarded("7", f"in-process tasks vs ping over {count} PDUs", lambda: rows_fleet_scale_large(fleet))
    return rows


def rows_fleet_scale_large(fleet):
    if _missing("plugins/action/xerus_outlet.py", "plugins/action/xerus_info.py"):
        return na_rows("7", "in-process tasks vs ping", "action plugins not available")
    return fleet_scale_rows(
        fig_fleet_scale.measure(fleet, fig_fleet_scale.LARGE_FORKS, repeats=fig_fleet_scale.LARGE_REPEATS)
    )


def rows_inventory_scale(fleet, context):
    if _missing("plugins/inventory/xerus_zeroconf.py"):
        return na_rows("8", "zeroconf inventory", "plugin not available")
    with Fleet(
        free_base(fig_inventory_scale.REFERENCE), fig_inventory_scale.REFERENCE, "--mdns", outlets=8
    ) as reference:
        figures = fig_inventory_scale.summary(fig_inventory_scale.measure(fleet, reference))
    context["inventory_scale"] = figures
    target = fig_inventory_scale.TARGET_SECONDS
    return [
        Row(
            "8",
            f"ansible-inventory --list, {figures['hosts']} mDNS PDUs, enrich: true (whole command, median of "
            f"{fig_inventory_scale.REPEATS}); fleet of {fig_inventory_scale.FLEET} ready in "
            f"{context['large_fleet_start']:.0f} s",
            _fmt(figures["seconds"]),
            "s",
            f"same over {figures['reference_hosts']} PDUs: {_fmt(figures['reference_seconds'])} s",
            _fmt(figures["seconds"] / figures["reference_seconds"]),
            f"<= {target:g} s",
            verdict(figures["seconds"] <= target),
        ),
        Row(
            "8",
            f"context: mDNS browse / enrichment of {figures['hosts']} (it starts with the first answer) / "
            "enrichment after the browse ended (plugin's -vvv lines, medians)",
            " / ".join(
                "n/a" if figures[phase] is None else _fmt(figures[phase])
                for phase in ("browse", "enrich", "enrich_after")
            ),
            "s",
        ),
    ]


def rows_firmware(context):
    if _missing("plugins/modules/xerus_firmware.py"):
        return na_rows("3", "firmware upload", "module not available")
    figures = fig_firmware.measure(free_base(1))
    rss = max(figures["module_rss_mib"])
    size_mib = figures["bytes"] / MIB
    module_rate = size_mib / _median(figures["module_seconds"])
    curl_rate = size_mib / _median(figures["curl_seconds"])
    ratio = fig_firmware.throughput_ratio(figures)
    context["firmware"] = figures
    return [
        Row(
            "3",
            f"xerus_firmware peak RSS of the module process, {size_mib:.0f} MiB image (max of "
            f"{len(figures['module_rss_mib'])})",
            _fmt(rss, 1),
            "MiB",
            f"SDK firmware.upload(): {_fmt(figures['sdk_rss_mib'], 1)} MiB",
            _fmt(rss / figures["sdk_rss_mib"]),
            f"<= {fig_firmware.TARGET_RSS_MIB} MiB",
            verdict(rss <= fig_firmware.TARGET_RSS_MIB),
        ),
        Row(
            "3",
            f"xerus_firmware upload throughput (median of {len(figures['module_seconds'])})",
            _fmt(module_rate, 0),
            "MiB/s",
            f"curl -F upfile=@image: {_fmt(curl_rate, 0)} MiB/s",
            _fmt(ratio),
            f">= {fig_firmware.TARGET_THROUGHPUT} of curl",
            verdict(ratio >= fig_firmware.TARGET_THROUGHPUT),
        ),
    ]


def rows_inventory(fleet, context):
    if _missing("plugins/inventory/xerus_zeroconf.py"):
        return na_rows("4", "zeroconf inventory", "plugin not available")
    figures = fig_inventory.measure(fleet)
    seconds = _median(figures["inventory_seconds"])
    sdk = _median(figures["sdk_seconds"])
    counted = _median(figures["expected_count_seconds"])
    browse = _median(figures["browse_seconds"]) if figures["browse_seconds"] else float("nan")
    enrich = _median(figures["enrich_seconds"]) if figures["enrich_seconds"] else float("nan")
    after = _median(figures["enrich_after_seconds"]) if figures["enrich_after_seconds"] else float("nan")
    context["inventory"] = {
        "seconds": seconds,
        "browse": browse,
        "enrich": enrich,
        "enrich_after": after,
        "counted": counted,
    }
    return [
        Row(
            "4",
            f"ansible-inventory --list, {figures['hosts']} mDNS devices, enrich: true (median of "
            f"{len(figures['inventory_seconds'])}, whole command)",
            _fmt(seconds),
            "s",
            f"SDK zeroconf.discover(): {_fmt(sdk)} s, found {min(figures['sdk_found'])} of {figures['hosts']}"
            f" (not enriched)",
            _fmt(seconds / sdk),
            f"<= {fig_inventory.TARGET_SECONDS:g} s",
            verdict(seconds <= fig_inventory.TARGET_SECONDS),
        ),
        Row(
            "4",
            "context: mDNS browse / enrichment of 50 devices (it starts with the first answer) / enrichment "
            "after the browse ended (plugin's -vvv lines, medians)",
            f"{_fmt(browse)} / {_fmt(enrich)} / {_fmt(after)}",
            "s",
        ),
        Row(
            "4",
            f"same with expected_count: {figures['hosts']} (browse ends when all answered), median of "
            f"{len(figures['expected_count_seconds'])}",
            _fmt(counted),
            "s",
            f"SDK discover(): {_fmt(sdk)} s",
            _fmt(counted / sdk),
            f"<= {fig_inventory.TARGET_SECONDS:g} s",
            verdict(counted <= fig_inventory.TARGET_SECONDS),
        ),
    ]


def rows_info(fleet):
    if _missing("plugins/modules/xerus_info.py"):
        return na_rows("5", "xerus_info requests per device", "module not available")
    figures = fig_info.measure(fleet)
    median, low, high = fig_info.per_device(figures, "requests")
    calls, _, _ = fig_info.per_device(figures, "calls")
    return [
        Row(
            "5",
            f"xerus_info (default gather_subset) over {figures['hosts']} devices, per device (min {low}, max {high})",
            f"{median:g}",
            "HTTP requests/device",
            f"the same reads as one request per RPC call: {calls:g}",
            _fmt(median / calls),
            f"<= {fig_info.TARGET}",
            verdict(high <= fig_info.TARGET),
        )
    ]


def rows_readings():
    if _missing("plugins/modules/xerus_info.py", "plugins/module_utils/readings.py"):
        return na_rows("9", "xerus_info readings requests", "subset not available")
    with Fleet(free_base(1), 1, outlets=fig_readings.OUTLETS) as fleet:
        figures = fig_readings.measure(fleet)
    module, sdk = figures["module"], figures["sdk"]
    return [
        Row(
            "9",
            f"xerus_info gather_subset readings, {fig_readings.OUTLETS} outlets and 2 OCPs ({module['calls']} calls), "
            "HTTP requests after the discovery request",
            f"{module['requests'] - 1}",
            "HTTP requests",
            f"SDK one proxy call at a time: {sdk['requests']} in all",
            _fmt(module["requests"] / sdk["requests"]),
            f"<= {fig_readings.TARGET_AFTER_DISCOVERY} bulk",
            verdict(module["requests"] - 1 <= fig_readings.TARGET_AFTER_DISCOVERY),
        )
    ]


def rows_simulator(context):
    figures = fig_simulator.measure(free_base(fig_simulator.FLEET))
    start = _median(figures["start_seconds"])
    warm = _median(figures["warm_start_seconds"])
    context["sim_start"] = {
        "fresh": figures["start_seconds"],
        "warm": warm,
        "cold": figures["cold_cache_start_seconds"],
    }
    single = _median(figures["single_start_seconds"])
    errors = len(figures["errors"])
    sequential = _median(figures["sequential_100"])
    spread = _median(figures["concurrent_100_devices"])
    one = _median(figures["concurrent_1_device"])
    return [
        Row(
            "6",
            f"simulator: fleet of {fig_simulator.FLEET} ready, fresh state (new certificates, keys from the key "
            f"cache), median of {len(figures['start_seconds'])}",
            _fmt(start),
            "s",
            f"1 device: {_fmt(single)} s",
            _fmt(start / single, 1),
            f"< {fig_simulator.TARGET_START:g} s",
            verdict(start < fig_simulator.TARGET_START),
        ),
        Row(
            "6",
            f"context: same, with an empty key cache ({fig_simulator.FLEET} RSA-2048 keys generated by a process "
            "pool), 1 run",
            _fmt(figures["cold_cache_start_seconds"]),
            "s",
            f"1 device: {_fmt(single)} s",
            _fmt(figures["cold_cache_start_seconds"] / single, 1),
        ),
        Row(
            "6",
            f"context: same fleet started again on its kept state (keys exist), median of "
            f"{len(figures['warm_start_seconds'])}",
            _fmt(warm),
            "s",
            f"1 device: {_fmt(single)} s",
            _fmt(warm / single, 1),
        ),
        Row(
            "6",
            f"simulator: {fig_simulator.FLEET} concurrent bulk reads, one per device, new connection each; "
            f"errors {errors}",
            _fmt(spread),
            "s",
            f"same 100 reads one after the other: {_fmt(sequential)} s",
            _fmt(spread / sequential),
            "0 errors",
            verdict(errors == 0),
        ),
        Row(
            "6",
            f"simulator: {fig_simulator.FLEET} concurrent bulk reads to one device, new connection each",
            _fmt(one),
            "s",
            f"100 sequential reads: {_fmt(sequential)} s",
            _fmt(one / sequential),
            "0 errors",
            verdict(errors == 0),
        ),
    ]


# ---------------------------------------------------------------- main


def _guarded(fig, name, produce):
    started = time.monotonic()
    print(f"==> figure {fig}: {name}", flush=True)
    try:
        rows = produce()
    except Exception as exc:  # one failing figure must not hide the others; the error is printed
        traceback.print_exc()
        rows = [Row(fig, name, f"n/a (error: {str(exc).splitlines()[0][:160]})", "-", verdict="n/a")]
    print(f"    {time.monotonic() - started:.0f} s", flush=True)
    return rows


def main():
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    load_before = os.getloadavg()[0]
    info = report.machine(REPO)  # at the start: the commit measured, not one landing during the run
    started = time.monotonic()
    rows, context = [], {}
    try:
        rows += _guarded("1", "xerus_outlet requests per task", rows_outlet_requests)
        fleet = None
        try:
            print("==> starting the 50-device mDNS fleet (figures 2, 4, 5)", flush=True)
            fleet = Fleet(free_base(50), 50, "--mdns", outlets=24)
            rows += _guarded("2", "fleet task time vs ping", lambda: rows_fleet_ratio(fleet, context))
            rows += _guarded("4", "zeroconf inventory", lambda: rows_inventory(fleet, context))
            rows += _guarded("5", "xerus_info requests", lambda: rows_info(fleet))
        except Exception as exc:
            traceback.print_exc()
            rows += na_rows("2/4/5", "50-device fleet", f"error: {str(exc).splitlines()[0][:160]}")
        finally:
            if fleet:
                fleet.stop()
        rows += _guarded("9", "xerus_info readings requests", rows_readings)
        rows += _guarded("3", "firmware upload", lambda: rows_firmware(context))
        rows += _guarded("7", "in-process tasks vs ping over 200 PDUs", lambda: rows_fleet_scale(context))
        rows += _guarded("7/8", "fleet of 1000 PDUs", lambda: rows_large_fleet(context))
        rows += _guarded("6", "simulator", lambda: rows_simulator(context))
    finally:
        stop_all()
    rows.sort(key=lambda row: row.fig)
    seconds = time.monotonic() - started
    info["load average (1 min) before / after"] = f"{load_before:.2f} / {os.getloadavg()[0]:.2f}"
    print()
    for key, value in info.items():
        print(f"{key}: {value}")
    print()
    print(report.text_table(rows))
    report.write_results(RESULTS, rows, info, notes.notes(rows, context), seconds)
    print(f"\nwritten to {RESULTS.relative_to(REPO)} ({seconds:.0f} s)")
    return 1 if any(r.measured.startswith("n/a (error") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
