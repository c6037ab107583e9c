# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-side control of a running xerus simulator (used by integration targets).

  simctl.py wait-ready ...        (start.sh) wait for the device lines, write the vars file
  simctl.py get --vars F KEY      print control / host from a vars file
  simctl.py mark                  access-log line count now
  simctl.py count --since N [--host H] [--path P]
  simctl.py fault HOST NAME [key=value ...] [--count N]   (or count=N among the key=values)
  simctl.py clear HOST
  simctl.py state HOST            device state as JSON
  simctl.py reading HOST RID VALUE   make the sensor at RID read VALUE (none: measure again)

The control URL and the access log come from XERUS_SIM_CONTROL and
XERUS_SIM_ACCESS_LOG (exported by start.sh) unless given as options.
"""

import argparse
import json
import os
import sys
import time
import urllib.request


def _control_request(control, method, path, payload=None):
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(
        control.rstrip("/") + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        body = answer.read()
    return json.loads(body) if body.strip() else None


def _value(text):
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text, text)


def _read_devices(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip().startswith("{")]


def cmd_wait_ready(args):
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        devices = _read_devices(args.devices) if os.path.exists(args.devices) else []
        if len(devices) >= args.count:
            break
        if not os.path.exists(f"/proc/{args.pid}"):
            sys.stderr.write("simulator exited early:\n" + open(args.sim_log, encoding="utf-8").read())
            return 1
        time.sleep(0.1)
    else:
        sys.stderr.write(f"simulator not ready after {args.timeout}s:\n{open(args.sim_log, encoding='utf-8').read()}")
        return 1
    bundle = os.path.join(os.path.dirname(args.out), "ca-bundle.pem")
    with open(bundle, "w", encoding="utf-8") as out:
        for path in sorted({device["ca"] for device in devices}):
            with open(path, encoding="utf-8") as trusted:
                out.write(trusted.read())
    sim = {
        "devices": devices,
        "control": devices[0].get("control"),
        "access_log": args.access_log,
        "tools": args.tools,
        "ca_path": bundle,
        "work": os.path.dirname(args.out),
    }
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump({"xerus_sim": sim}, out, indent=1)
    return 0


def cmd_get(args):
    with open(args.vars, encoding="utf-8") as handle:
        sim = json.load(handle)["xerus_sim"]
    print(sim["devices"][0]["host"] if args.key == "host" else sim[args.key])
    return 0


def _access_entries(log):
    if not os.path.exists(log):
        return []
    with open(log, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def cmd_mark(args):
    print(len(_access_entries(args.log)))
    return 0


def cmd_count(args):
    entries = _access_entries(args.log)[args.since :]
    if args.host:
        entries = [e for e in entries if e.get("device") == args.host]
    if args.path:
        entries = [e for e in entries if e.get("path", "").split("?")[0] == args.path]
    print(len(entries))
    return 0


def cmd_fault(args):
    payload = {"fault": args.name}
    for item in args.params:
        key, _sep, text = item.partition("=")
        payload[key] = _value(text)
    if args.count is not None:
        payload["count"] = args.count
    _control_request(args.control, "POST", f"/devices/{args.host}/faults", payload)
    return 0


def cmd_clear(args):
    _control_request(args.control, "DELETE", f"/devices/{args.host}/faults")
    return 0


def cmd_state(args):
    print(json.dumps(_control_request(args.control, "GET", f"/devices/{args.host}/state"), indent=1, sort_keys=True))
    return 0


def cmd_reading(args):
    """Make a sensor read a value (``none``: measure again), by its well-known or opaque rid."""
    value = None if args.value == "none" else _value(args.value)
    payload = {"rid": args.rid, "value": value}
    print(json.dumps(_control_request(args.control, "POST", f"/devices/{args.host}/readings", payload)))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--control", default=os.environ.get("XERUS_SIM_CONTROL"))
    parser.add_argument("--log", default=os.environ.get("XERUS_SIM_ACCESS_LOG"))
    sub = parser.add_subparsers(dest="command", required=True)
    ready = sub.add_parser("wait-ready")
    for flag in ("--devices", "--sim-log", "--access-log", "--tools", "--out"):
        ready.add_argument(flag, required=True)
    ready.add_argument("--pid", type=int, required=True)
    ready.add_argument("--count", type=int, default=1)
    ready.add_argument("--timeout", type=float, default=90)
    get = sub.add_parser("get")
    get.add_argument("--vars", required=True)
    get.add_argument("key", choices=["control", "host", "access_log", "ca_path"])
    sub.add_parser("mark")
    count = sub.add_parser("count")
    count.add_argument("--since", type=int, default=0)
    count.add_argument("--host")
    count.add_argument("--path")
    fault = sub.add_parser("fault")
    fault.add_argument("host")
    fault.add_argument("name")
    fault.add_argument("--count", type=int)
    fault.add_argument("params", nargs="*")
    for name in ("clear", "state"):
        sub.add_parser(name).add_argument("host")
    reading = sub.add_parser("reading")
    reading.add_argument("host")
    reading.add_argument("rid")
    reading.add_argument("value")
    args = parser.parse_args()
    handler = {
        "wait-ready": cmd_wait_ready,
        "get": cmd_get,
        "mark": cmd_mark,
        "count": cmd_count,
        "fault": cmd_fault,
        "clear": cmd_clear,
        "state": cmd_state,
        "reading": cmd_reading,
    }[args.command]
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
