# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One cell of the reliability matrix: arm a fault, then judge the module's result against the device.

  cell.py arm --host H --fault NAME [--count N] [key=value ...]
      clear the device's faults, wait until it is up, save a snapshot of its state (for `check`),
      arm the fault (`none` and `wrong_credentials` arm nothing) and print what a case needs to
      ask for a change (current outlet 1 state, firmware version, active certificate fingerprint).
  cell.py check [--result-b64 B64] --host H --module M --case ID --fault NAME --variant fail|retry|bad --expect E
                [--want key=value ...] [--dest FILE] [--option NAME] [--keyword WORD ...] [--resnapshot]
      the registered module result (JSON) comes on stdin; clear the faults, wait until the device
      is up, read it back and append one verdict line to $RELIABILITY_RESULTS.

Never prints device state: the state holds SNMP communities, which the secrets check looks for.
"""

import argparse
import base64
import hashlib
import json
import os
import sys
import time
import urllib.request

SNAPSHOTS = os.environ.get("RELIABILITY_WORK", "/tmp")
RESULTS = os.environ.get("RELIABILITY_RESULTS", os.path.join(SNAPSHOTS, "results.jsonl"))

# Words one of which a failure message must contain to "name the cause" of a fault.
CAUSE_WORDS = {
    "refuse": ["refused", "reset", "connect", "unreachable"],
    "wrong_cert": ["certificate", "tls", "ssl", "verif"],
    "delay": ["timed out", "timeout", "no answer within"],
    "http500": ["500"],
    "http503": ["503"],
    "rpc_error": ["injected-rpc-fault", "-32099"],
    "drop_mid_body": ["dropped", "reset", "connection", "incomplete", "truncat", "closed", "broken"],
    "reboot_mid_call": ["dropped", "reset", "connection", "refused", "closed", "timed out", "reboot", "broken"],
    "truncate_download": ["truncat", "incomplete", "dropped", "reset", "connection", "closed", "short", "broken"],
    "wrong_credentials": ["401", "auth", "credential", "password", "unauthori"],
    "update_fails": ["fail", "did not take"],
}


CONTROL = {"url": os.environ.get("XERUS_SIM_CONTROL", "")}


def control(method, path, payload=None):
    base = CONTROL["url"].rstrip("/")
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(
        base + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        body = answer.read()
    return json.loads(body) if body.strip() else None


def wait_up(host, limit=30.0):
    deadline = time.monotonic() + limit
    while True:
        full = control("GET", f"/devices/{host}/state")
        if full["phase"] == "up" or time.monotonic() > deadline:
            return full
        time.sleep(0.2)


def fingerprint(path):
    with open(path, encoding="ascii") as handle:
        text = handle.read()
    start = text.index("-----BEGIN CERTIFICATE-----")
    end = text.index("-----END CERTIFICATE-----", start)
    body = "".join(text[start:end].splitlines()[1:])
    digest = hashlib.sha256(base64.b64decode(body)).hexdigest()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def pending_files(full):
    folder = os.path.join(os.path.dirname(full["state_file"]), full["serial"])
    return sorted(name for name in os.listdir(folder) if name.startswith("pending"))


def view(full):
    """The parts of the device the cases compare, flattened to key -> value."""
    state = full["state"]
    outlet = state["outlets"][0]
    flat = {
        "o1_on": bool(outlet["powerState"] == 1 or outlet.get("pendingOn")),
        "o1_name": outlet["settings"]["name"],
        "cert_fp": fingerprint(full["cert"]),
        "pending": ",".join(pending_files(full)),
        "fw_version": state["identity"]["firmware_version"],
        "fw_image": state["firmware"]["image"] is not None,
        "o2_name": state["outlets"][1]["settings"]["name"],
        "sys_location": state["snmp"]["sysLocation"],
        "read_comm_sha": hashlib.sha256(state["snmp"]["readComm"].encode()).hexdigest()[:12],
        "pdu": json.dumps(state["pdu_settings"], sort_keys=True),
        "net": json.dumps(state["net"], sort_keys=True),
        "other_outlets": json.dumps([o["settings"] for o in state["outlets"][2:]], sort_keys=True),
    }
    return flat


def snapshot_path(host):
    return os.path.join(SNAPSHOTS, f"snapshot-{host}.json")


def cmd_arm(args):
    control("DELETE", f"/devices/{args.host}/faults")
    full = wait_up(args.host)
    before = view(full)
    with open(snapshot_path(args.host), "w", encoding="utf-8") as out:
        json.dump({"device": before, "file": file_view(args.dest) if args.dest else None}, out)
    if args.fault not in ("none", "wrong_credentials"):
        payload = {"fault": args.fault}
        for item in args.params:
            key, _sep, text = item.partition("=")
            payload[key] = int(text) if text.lstrip("-").isdigit() else text
        if args.count:
            payload["count"] = args.count
        control("POST", f"/devices/{args.host}/faults", payload)
    print(json.dumps({"o1_on": before["o1_on"], "fw_version": before["fw_version"], "cert_fp": before["cert_fp"]}))
    return 0


def traceback_problems(result):
    problems = []
    if result.get("module_stderr"):
        problems.append("result has module_stderr")
    # ansible-core 2.19 adds exception="(traceback unavailable)" to every failed result; only a real one counts.
    if result.get("exception") and result["exception"] != "(traceback unavailable)":
        problems.append("result has an exception traceback")
    if "Traceback" in json.dumps(result):
        problems.append("result contains a Traceback")
    return problems


def file_view(dest):
    folder = os.path.dirname(dest) or "."
    base = os.path.basename(dest)
    stray = sorted(name for name in os.listdir(folder) if name != base and not name.startswith("keep-"))
    if not os.path.exists(dest):
        return {"exists": False, "stray": stray}
    with open(dest, "rb") as handle:
        data = handle.read()
    return {
        "exists": True,
        "sha": hashlib.sha256(data).hexdigest(),
        "mode": oct(os.stat(dest).st_mode & 0o777),
        "complete": complete_export(data),
        "stray": stray,
    }


def complete_export(data):
    text = data.decode("utf-8", "replace")
    if text.startswith("# Xerus bulk configuration"):
        return text.rstrip("\n").split("\n")[-1].startswith("#!checksum sha256=")
    return "snmp.v3.enabled=" in text  # the raw configuration's last key


def judge_device(result, before, after, wants, exports=False):
    """exports: `changed` is about the written file (judge_file), not the device."""
    problems = []
    failed = bool(result.get("failed"))
    changed = bool(result.get("changed"))
    for key in sorted(set(before) - set(wants)):
        if before[key] != after[key]:
            problems.append(f"{key} changed on the device although the case does not ask for it")
    for key, want in wants.items():
        if failed:
            if after[key] not in (before[key], want):
                problems.append(f"{key} is neither as before nor as asked after a failure")
        elif after[key] != want:
            problems.append(f"reported success but {key} is not as asked on the device")
    if not failed and changed and not exports and all(before[k] == after[k] for k in before):
        problems.append("changed reported without a change on the device")
    if not failed and not changed and any(before[k] != after[k] for k in before):
        problems.append("a change on the device reported as not changed")
    return problems


def judge_file(result, before_file, after_file):
    problems = []
    rewritten = before_file.get("sha") != after_file.get("sha")
    if result.get("changed") and not result.get("failed") and not rewritten:
        problems.append("changed reported but dest is as before")
    if not result.get("changed") and rewritten:
        problems.append("dest rewritten but reported unchanged")
    if after_file["stray"]:
        problems.append(f"files left next to dest: {', '.join(after_file['stray'])}")
    if result.get("failed"):
        if before_file.get("sha") != after_file.get("sha"):
            problems.append("a failed export modified dest")
    elif after_file.get("exists"):
        if after_file["mode"] != "0o600":
            problems.append(f"dest has mode {after_file['mode']}, not 0600")
        if not after_file["complete"]:
            problems.append("dest is not a complete export")
    else:
        problems.append("reported success but dest does not exist")
    return problems


def judge_message(result, args, device):
    problems = []
    msg = str(result.get("msg", ""))
    if not msg:
        return ["failure without a message"]
    # Ansible's own argument checks run before the module knows a device: only the option is asked of them.
    argspec = msg.startswith(
        (
            "argument '",
            "parameters are mutually exclusive",
            "Unsupported parameters",
            "value of ",
            "missing required",
            "one of the following is required",
            "state is ",
        )
    )
    # A malformed connection option is the device: the message names the option and the value instead.
    connection_option = args.variant == "bad" and args.option in ("host", "port", "timeout")
    if device not in msg and not (args.variant == "bad" and argspec) and not connection_option:
        problems.append("message does not name the device")
    words = args.keyword or CAUSE_WORDS.get(args.fault, [])
    if args.variant == "bad":
        if args.option and not any(option in msg for option in args.option.split("|")):
            problems.append(f"message does not name the option {args.option}")
    elif words and not any(word in msg.lower() for word in words):
        problems.append(f"message does not name the cause ({'/'.join(words)})")
    return problems


def verdict(result, args, before, after, device):
    problems = traceback_problems(result)
    failed = bool(result.get("failed"))
    if args.expect == "fail" and not failed:
        problems.append("expected a failure, got success")
    if args.expect == "success" and failed:
        problems.append(
            "expected success (%s), got a failure"
            % ("bounded retries" if args.variant == "retry" else "no fault injected")
        )
    if failed:
        problems += judge_message(result, args, device)
    wants = dict(item.split("=", 1) for item in args.want)
    wants = {key: {"true": True, "false": False}.get(value, value) for key, value in wants.items()}
    if before is not None:
        problems += judge_device(result, before, after, wants, exports=bool(args.dest))
    return problems


def load_result(encoded):
    text = base64.b64decode(encoded).decode("utf-8") if encoded else sys.stdin.read()
    try:
        return json.loads(text) if text.strip() else {}
    except ValueError:
        return {"failed": True, "msg": "unparsable result", "module_stderr": text[:200]}


def inventory_result(raw, host):
    """ansible-inventory's outcome as a module result: failed = the device was not read."""
    stderr = "\n".join(raw.get("inventory_stderr", []))
    try:
        listing = json.loads(raw.get("inventory_stdout") or "{}")
    except ValueError:
        listing = {}
    hostvars = listing.get("_meta", {}).get("hostvars", {}).get(host, {})
    reachable = hostvars.get("xerus_reachable")
    if isinstance(reachable, dict):  # an unsafe value as ansible-inventory prints it
        reachable = reachable.get("__ansible_unsafe")
    # A device read only in part (one sub-call refused) stays reachable with a warning: that warning counts too.
    warnings = [line for line in raw.get("inventory_stderr", []) if "WARNING" in line and host in line]
    failed = str(raw.get("inventory_rc")) != "0" or reachable is not True or bool(warnings)
    result = {
        "failed": failed,
        "changed": False,
        "msg": " ".join(warnings) if hostvars else f"host {host} missing from the inventory: {stderr[:300]}",
    }
    if "Traceback" in stderr:
        result["module_stderr"] = stderr
    return result


def cmd_check(args):
    result = load_result(args.result_b64)
    if args.module == "inventory":
        result = inventory_result(result, args.host)
    control("DELETE", f"/devices/{args.host}/faults")
    full = wait_up(args.host)
    device = f"{args.host}:{full['port']}" if args.module != "inventory" else args.host
    with open(snapshot_path(args.host), encoding="utf-8") as handle:
        snapshot = json.load(handle)
    before = snapshot["device"]
    after = view(full)
    problems = verdict(result, args, before, after, device)
    if full["phase"] != "up":
        problems.append("device not up again 30 s after the case")
    if args.dest:
        problems += judge_file(result, snapshot["file"] or {}, file_view(args.dest))
    if args.resnapshot:  # the next case compares with the device as it is now (no arm in between)
        with open(snapshot_path(args.host), "w", encoding="utf-8") as out:
            json.dump({"device": after, "file": None}, out)
    outcome = "failed" if result.get("failed") else ("changed" if result.get("changed") else "ok")
    line = {
        "module": args.module,
        "case": args.case,
        "fault": args.fault,
        "variant": args.variant,
        "outcome": outcome,
        "verdict": "fail" if problems else "pass",
        "problems": problems,
        "msg": str(result.get("msg", ""))[:300],
    }
    with open(RESULTS, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")
    print(f"{line['verdict'].upper()} {args.module}/{args.case} ({outcome}): {'; '.join(problems)}")
    return 0


def cmd_file(args):
    print(json.dumps(file_view(args.dest)))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--control", help="simulator control URL (default: XERUS_SIM_CONTROL)")
    sub = parser.add_subparsers(dest="command", required=True)
    arm = sub.add_parser("arm")
    arm.add_argument("--host", required=True)
    arm.add_argument("--fault", required=True)
    arm.add_argument("--count", type=int)
    arm.add_argument("--dest")
    arm.add_argument("params", nargs="*")
    check = sub.add_parser("check")
    for flag in ("--host", "--module", "--case", "--fault"):
        check.add_argument(flag, required=True)
    check.add_argument("--variant", choices=["fail", "retry", "bad", "base"], required=True)
    check.add_argument("--expect", choices=["fail", "success", "any"], default="any")
    check.add_argument("--want", action="append", default=[])
    check.add_argument("--keyword", action="append", default=[])
    check.add_argument("--option")
    check.add_argument("--dest")
    check.add_argument("--result-b64", help="the result as base64 JSON instead of stdin")
    check.add_argument("--resnapshot", action="store_true", help="save the device as read back for the next case")
    filecmd = sub.add_parser("file")
    filecmd.add_argument("--dest", required=True)
    args = parser.parse_args()
    if args.control:
        CONTROL["url"] = args.control
    return {"arm": cmd_arm, "check": cmd_check, "file": cmd_file}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
