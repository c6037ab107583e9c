# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The prose of RESULTS.md: how each figure is measured, and for a MISS why and what would close it."""

METHOD = {
    "1": "Figure 1. One simulated device per case (24 outlets, all on at start): `state: on` over outlets 1..k is "
    "nothing to change, `state: off` changes all k. Requests are counted per device in the simulator's access "
    "log. SDK naive: `Pdu.getOutlets()`, then per outlet `getState()` and, when it differs, `setPowerState()` "
    "(one HTTP request per proxy call). SDK bulk helper: `getOutlets()`, one `BulkRequestHelper` of `getState`, "
    "one of `setPowerState` when anything differs. Ratio = module / SDK naive and module / SDK bulk helper. "
    "By name / all: one device per case (24 outlets, all on, outlet 3 named first in a task outside the "
    "count), `state: on` (nothing to change) or `off` over the named outlet or `all`; target <= 3 (the outlet "
    "list, every outlet's state and settings, the write).",
    "7": "Figure 7. 200 simulated devices (8 outlets each), one inventory host per device, `connection: local`, "
    "forks 20, the in-process path (the default); the play as a user of the zeroconf inventory writes it (no "
    "`host`/`port` in the tasks: each host's `xerus_host` names its PDU; credentials and CA path in "
    "`module_defaults`), printed by Ansible's default stdout callback. Wall time: one `ansible-playbook` run whose "
    "tasks alternate "
    "`ansible.builtin.ping`, `xerus.pdu.xerus_outlet` (outlets 1-8 off, on, off: 8 outlets switched per host "
    "every time) and `xerus.pdu.xerus_info` (default subsets: the device's state), 3 of each; a task's time "
    "runs from its start to "
    "its last host result; medians. Controller CPU per host: one `ansible-playbook` run per kind with 2 tasks "
    "over all hosts, the user+system CPU of the whole process tree (ansible-playbook, its workers and any "
    "module processes; the simulator is a separate process and not counted) from the bench's "
    "`RUSAGE_CHILDREN`, minus the CPU of a run with one `meta: noop` (start-up, inventory), divided by "
    "2 x hosts. These runs go without the bench's own timing callback (Ansible hands every callback its own "
    "copy of each result and converts it value by value, so a measuring callback adds its own cost per host); "
    "their outcome is checked on the PLAY RECAP: every host ok, none failed or unreachable, every outlet task "
    "switched every host. `ansible.builtin.debug` measured the same way is the floor: Ansible's own per-host work "
    "(worker fork, templating, result, callbacks) without any process or device. The same rows over 1000 "
    "devices, forks 50 (one fleet shared with figure 8, started with `--mdns`): 1 task of each kind for the "
    "wall time, 1 per kind for the CPU.",
    "8": "Figure 8. A fleet of 1000 simulated devices announced with `--mdns` (one simulator process, "
    "127.<a>.<b>.1 and the next 999 addresses, four /24s); config as figure 4 with `networks:` those /24s "
    "and the default browse `timeout`/`settle`; the whole `ansible-inventory -i ... --list -vvv` command, "
    "every run checked to list all 1000 hosts with `xerus_reachable: true`, median of 2. Reference: the "
    "same inventory over a second fleet of 50 running at the same time, runs interleaved. The plugin reads "
    "each device as soon as the browse has resolved it, so the enrichment time (from the first answer) "
    "overlaps the browse; the context row also gives the part after the browse ended. The fleet's device "
    "keys come from the simulator's key cache (`~/.cache/xerus-sim`), its certificates are new.",
    "2": "Figure 2 (as before in-process execution: `xerus_in_process=false`, a module process per host and task). "
    "50 simulated devices, one inventory host per device, `connection: local`, forks 10, one "
    "`ansible-playbook` run whose tasks alternate `ansible.builtin.ping` and `xerus.pdu.xerus_outlet` "
    "(outlets 1-8 switched off, on, off: every run changes 8 outlets per host, 2 requests). A task's wall time "
    "is the time from its start to its last host result (bench/callback_plugins/bench_timer.py); the figure is "
    "the median of 3 tasks of each kind. The context rows: the same pair on one host in sequence (no "
    "contention), the CPU time of one module process of each kind (measured with the interpreter wrapper of "
    "figure 3 on one host), and the simulator's round trip for one small request on an open connection.",
    "3": "Figure 3. A sparse 256 MiB image (`XERUSFW1 model=PX3 version=<running> size=...`, zero payload) in a temp "
    "dir. It carries the running version, so `xerus_firmware` (no `version` option) uploads it, reads the "
    "image info, discards it and reports no change: the device never starts an update. Peak RSS = "
    "`ru_maxrss` of the AnsiballZ module process run by `ansible-playbook` (the host's "
    "`ansible_python_interpreter` is a wrapper that runs the real Python as its child and records the "
    "child's `ru_maxrss`), max of 5 runs. Throughput = image bytes / the module's own `duration_upload` "
    "(the upload request only; the MD5 pass over the file and the RPC reads are not in it), against "
    "`curl -k -u admin:... -H 'Expect:' -F upfile=@image` to the same CGI (`time_total`), interleaved, "
    "median of 5. `Expect:` is cleared because the simulator does not answer `100-continue` and curl "
    "would otherwise wait 1 s before sending. SDK: `raritan.rpc.firmware.upload(agent, f.read())` as its "
    "docstring shows, in a subprocess, its `ru_maxrss`; curl's and the SDK's images are discarded with "
    "`Firmware.discardImage`. Repeated 5 times (the upload is short and the machine shared).",
    "4": "Figure 4. The 50-device fleet announced with `--mdns`; config `interfaces: [127.0.0.1]`, `networks:` the "
    "fleet's /24, `enrich: true`, credentials and the CA bundle; the whole `ansible-inventory -i "
    "bench.xerus_zeroconf.yml --list` command is timed (Python and Ansible start-up included) and must list "
    "all 50 hosts with `xerus_reachable: true`. Reference: the SDK's `raritan.zeroconf.discover()` (default "
    "timeout 4 s, it sleeps all of it) in a subprocess; it only lists address, port and firmware. Interleaved, "
    "median of 3. The browse and enrichment times come from the plugin's own `-vvv` lines of the same runs. "
    "A second configuration adds `expected_count: 50`.",
    "5": "Figure 5. One `xerus_info` task with the default `gather_subset: [default]` (the device's state: "
    "device, outlets, inlets, firmware, certificate, network) over the 50 devices; requests per "
    "device from the access log. Reference: the RPC calls and CGI requests those requests carry (bulk "
    "sub-calls counted one by one), i.e. the same reads through the SDK's proxies without its bulk helper. "
    "Target <= 2 per device (the maximum over the devices is judged).",
    "9": "Figure 9. One simulated PDU with 48 outlets and 2 OCPs; one `xerus_info` task with `gather_subset: "
    "[readings]` (its result checked: a current for every outlet); requests and bulk sub-calls from the access "
    "log. The first request discovers the inlets, outlets and OCPs (and reads the first inlet); the rest is the "
    "one bulk of every reading at its well-known rid, sent as one HTTP request per 200 calls. Reference: the SDK's "
    "proxies, one HTTP request per call (`getInlets`, `getOutlets`, `getOverCurrentProtectors`, `Pdu.getSensors`, "
    "per inlet, outlet and OCP `getSensors` and six `getReading`, the OCP trip `getState`, the PDU totals).",
    "6": "Figure 6. `python -m xerus_sim --fleet 100` with a new state dir each time (100 new certificates, their "
    "RSA-2048 keys from the simulator's key cache), from process start to the 100th device line (every device "
    "accepts connections), median of 3; reference: a 1-device simulator the same way. Context: one such start "
    "with an empty `--key-cache` folder (100 keys generated by a process pool, one process per core), and the "
    "same fleet restarted on its kept state dir (certificates exist), median of 3. Concurrent reads: 100 "
    "threads released by a barrier, each with its own "
    "client and connection (TLS handshake included, no retries), one bulk read (`Pdu.getMetaData`, "
    "`Pdu.getSettings`, `Firmware.getVersion`); once one per device, once all to one device; median of 3 "
    "rounds; reference: the same 100 reads one after the other.",
}


def _fig2_miss(context):
    single = context.get("single") or {}
    cpu = context.get("cpu") or {}
    rtt = context.get("rtt_ms")
    text = [
        "Figure 2 misses its target. Why: with 50 hosts and forks 10 on 2 cores the task time is CPU-bound "
        "(50 pings alone keep both cores busy), so the ratio follows the CPU each host costs: Ansible's own "
        "per-host work on the controller (the same for both tasks) plus the module process."
    ]
    if cpu:
        text.append(
            f"One xerus_outlet process costs {cpu['xerus_outlet']:.2f} CPU s against {cpu['ping']:.2f} for "
            "ping. The difference is mostly imports: on this machine, after `ansible.module_utils.basic`, "
            "importing the collection's client costs about 0.07 s, of which `requests`/`urllib3` about "
            "0.04 s; the rest is the TLS handshake and the JSON of two requests. The simulator's CPU for "
            "TLS and JSON runs on the same 2 cores, which ping does not cause."
        )
    if single:
        text.append(
            f"On one host without contention the outlet task takes {single['outlet']:.2f} s against "
            f"{single['ping']:.2f} s for ping (ratio {single['outlet'] / single['ping']:.2f})."
        )
    if rtt and rtt > 10:
        text.append(
            f"There the simulator weighs most: a small request on an open connection takes {rtt:.0f} ms. "
            "The simulator writes the response head and body as two unbuffered writes on a socket without "
            "TCP_NODELAY, so Nagle's algorithm holds the body until the client's delayed ACK (about 40 ms); "
            "the outlet task pays it twice per host. Setting TCP_NODELAY on accepted sockets (or writing "
            "head and body in one write) brings the round trip to about 1 ms (checked with a patched copy "
            "outside the bench); that is a simulator fix, reported, not done here."
        )
    text.append(
        "Other jobs shared the machine during the run (load average above); they slow both tasks alike. "
        "What would close it: a lighter transport in the client (`http.client` and `ssl` from the "
        "standard library instead of `requests`, or importing it only when needed), fewer imports on the "
        "module's path; on real fleets, where the task waits on the network rather than the CPU, more "
        "forks than cores hide the difference."
    )
    return " ".join(text)


def _fig3_miss(context):
    figures = context.get("firmware")
    if not figures:
        return "Figure 3 misses a target: see the errors printed by the run."
    module = ", ".join(f"{value:.2f}" for value in figures["module_seconds"])
    curl = ", ".join(f"{value:.2f}" for value in figures["curl_seconds"])
    rss = max(figures["module_rss_mib"])
    text = [
        f"Figure 3 misses a target in this run. Upload seconds of the module: {module}; of curl: {curl} "
        f"(interleaved). Peak RSS of the module process: {rss:.1f} MiB."
    ]
    text.append(
        "The upload is CPU-bound on this machine: the simulator decrypts TLS and hashes the stream (MD5 and "
        "SHA-256) in Python on the same 2 cores the client encrypts on, and other jobs share them. curl "
        "spends less CPU per byte than the Python client (64 KiB reads, one TLS write each), so under load "
        "the gap widens; other runs of this bench on the same machine measured 0.89-1.04. What could close it: "
        "fewer Python "
        "iterations per byte in the client's multipart body (it reads 64 KiB at a time; larger reads are "
        "worth measuring, a quick try here was too noisy to tell), and a quieter machine for the "
        "measurement."
    )
    return " ".join(text)


def _fig4_miss(context):
    inv = context.get("inventory") or {}
    text = ["Figure 4 misses its target in this run."]
    if inv:
        rest = inv["seconds"] - inv["browse"] - inv["enrich"]
        text.append(
            f"Of the {inv['seconds']:.2f} s, the mDNS browse took {inv['browse']:.2f} s (it ends `settle` = "
            f"0.5 s after the last answer), reading the 50 devices {inv['enrich']:.2f} s (16 at a time, one "
            f"bulk request each) and the rest, {rest:.2f} s, is Python and Ansible start-up, parsing and "
            f"output, which on this shared 2-core machine grows with the load average."
        )
        text.append(f"With `expected_count: 50` the same inventory took {inv['counted']:.2f} s.")
    text.append(
        "What would close it: `expected_count` when the fleet size is known, a shorter `settle` on quiet "
        "networks, more `enrich_workers` when the controller has cores to spare, and a quieter machine: the "
        "enrichment and the start-up are CPU work that other jobs on these 2 cores slow down."
    )
    if (context.get("rtt_ms") or 0) > 10:
        text.append("The simulator's slow round trip (figure 2 context) weighs on the enrichment too.")
    return " ".join(text)


def _fig6_miss(context):
    start = context.get("sim_start")
    if not start:
        return "Figure 6 misses a target: see the errors printed by the run."
    fresh = ", ".join(f"{value:.1f}" for value in start["fresh"])
    return (
        f"Figure 6 misses a target in this run. The fresh starts took {fresh} s (keys from the key cache, "
        f"certificates new); with an empty key cache {start['cold']:.1f} s; on the kept state "
        f"{start['warm']:.1f} s. Starting devices (certificates signed, listeners, state files) is CPU work in "
        "one process, and this machine's 2 cores were shared with other jobs (see the load average above). "
        "When the run misses on concurrency, the errors are printed by the run."
    )


MISS = {
    "2": _fig2_miss,
    "1": lambda context: (
        "Figure 1 misses its target: the module sent more than 2 requests for the k marked MISS; "
        "the module's read or write is split over more requests than its DOCUMENTATION promises."
    ),
    "3": lambda context: _fig3_miss(context),
    "4": lambda context: _fig4_miss(context),
    "6": lambda context: _fig6_miss(context),
    "7": lambda context: _fig7_miss(context),
    "9": lambda context: (
        "Figure 9 counts HTTP requests against a target of one bulk: the readings after discovery are one bulk "
        "of every reading at its well-known rid, but the client sends at most 200 calls per HTTP request, the "
        "limit the vendor's own agent keeps to spare the device (protocol section 2, 'Size'), so the 315 calls of "
        "this 48-outlet PDU travel as 2 requests. One request would mean sending real devices bulks larger than "
        "the vendor's tools do."
    ),
}


def _fig7_miss(context):
    cpu = context.get("scale", {}).get("cpu", {})
    return (
        "Figure 7 misses a target. Controller CPU per host: "
        + ", ".join(f"{k} {v:.3f} s" for k, v in cpu.items())
        + ". `ansible.builtin.debug`, which starts no process and talks to nothing, is the floor of Ansible's "
        "own per-host work (worker fork, templating, result queue, callbacks); its cost grows with the forks "
        "competing for the 2 cores, and so does everything above it. What a xerus task adds above the floor is "
        "its module's run in the worker (the TLS handshake and two requests through requests/urllib3, about 12 ms "
        "in a fresh worker where a plain `http.client` exchange costs about 6; AnsibleModule's argument validation "
        "and `no_log` masking of the result) and Ansible's handling of the result, which grows with its size: the "
        "strategy and every callback copy and convert it value by value. What is left to gain is mostly "
        "requests' cost per request; the client is built on requests by design."
    )


def notes(rows, context):
    lines = ["## How each figure is measured", ""]
    for fig in sorted(METHOD):
        lines += [METHOD[fig], ""]
    missed = sorted({row.fig for row in rows if row.verdict == "MISS"})
    lines += ["## Misses", ""]
    if not missed:
        lines += ["None in this run.", ""]
    for fig in missed:
        explain = MISS.get(fig)
        lines += [explain(context) if explain else f"Figure {fig} misses its target.", ""]
    unavailable = [row for row in rows if row.verdict == "n/a"]
    if unavailable:
        lines += ["## Not measured", ""] + [f"- {row.fig} {row.name}: {row.measured}" for row in unavailable] + [""]
    return lines
