# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bad-input table of the reliability run, the files its rows name, and the tasks that run it.

  bad_table.py --rel REL_JSON --listener-port PORT --shards N
Every row: id, module, the option the failure must name, and the module's args (the connection comes from
module_defaults). Each row is expected to fail with a clear message naming the option (or the key) and to
leave the device as it was. Injected values carry the run's injected secret (markers.json), which the
secrets scan then looks for everywhere; the files with it are written 0600.

The rows are dealt round-robin to N shards, each run by its own ansible-playbook (bad_table.yml -e shard=K)
against its own device (rel.duts["bad_table_K"]), so the shards run side by side and a row's read-back sees
only its own shard. A shard is a static task list, <work>/bad/table-K.yml (0600: it holds the injected
values): the module with the row's args, then the judge; two tasks per row, no include per row.
"""

import argparse
import json
import os

# Every character str.splitlines() splits on.
LINE_BREAKS = {
    "lf": "\n",
    "cr": "\r",
    "vt": "\x0b",
    "ff": "\x0c",
    "fs": "\x1c",
    "gs": "\x1d",
    "rs": "\x1e",
    "nel": "\x85",
    "ls": "\u2028",
    "ps": "\u2029",
}
OTHER_CONTROLS = {"nul": "\x00", "esc": "\x1b", "del": "\x7f", "c1": "\x9b"}


def write_private(path, text):
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
        out.write(text)
    return path


def row(id_, module, option, **args):
    return {"id": id_, "module": module, "option": option, "args": args}


def injection_rows(bad, duts, secret):
    rows = []
    for name, char in LINE_BREAKS.items():
        injected = f"{secret}{char}snmp.sys_contact=injected"
        rows.append(
            row(
                "inject-settings-" + name,
                "rawcfg",
                "snmp.v2c.read_community|settings",
                settings={"snmp.v2c.read_community": injected},
                update_timeout=10,
            )
        )
        # In src a line feed is the record separator itself: injected there it must still not yield a record
        # that is not key=value.
        tail = "=injected" if char == "\n" else "snmp.sys_contact=x"
        src_line = f"snmp.v2c.read_community={secret}{char}{tail}\n"
        src = write_private(os.path.join(bad, f"inject-src-{name}.cfg"), src_line)
        rows.append(row("inject-src-" + name, "rawcfg", "src", src=src, update_timeout=10))
        # A row for every device of the table, so the row matches whichever shard runs it.
        devices = write_private(
            os.path.join(bad, f"inject-devices-{name}.csv"),
            "# ip,community\n" + "".join(f'{dut},"{injected}"\n' for dut in duts),
        )
        rows.append(
            row(
                "inject-device-list-" + name,
                "rawcfg",
                "device_list|snmp.v2c.read_community",
                settings={"snmp.v2c.read_community": "${2}"},
                device_list=devices,
                match="ip:1",
                update_timeout=10,
            )
        )
        rows.append(row("inject-outlet-name-" + name, "outlet", "name", outlets=["1"], name=f"web{char}x"))
    for name, char in OTHER_CONTROLS.items():
        rows.append(row("control-outlet-name-" + name, "outlet", "name", outlets=["1"], name=f"web{char}x"))
    return rows


def connection_rows(port):
    """Malformed addresses all point at the listener: it must receive nothing."""
    target = f"127.0.0.1:{port}"
    hosts = {
        "host-with-port": target,
        "host-with-userinfo": "admin@" + target,
        "host-is-url": f"https://{target}/",
        "host-is-http-url": f"http://{target}/",
        "host-with-path": f"{target}/cgi-bin",
        "host-with-fragment": f"{target}#x",
        "host-ipv6-with-port": f"[::1]:{port}",
        "host-with-space": f"127.0.0.1 {port}",
        "host-with-line-break": f"127.0.0.1\n:{port}",
    }
    rows = [row(id_, "info", "host", host=host, gather_subset=["device"]) for id_, host in hosts.items()]
    rows += [
        row("port-zero", "info", "port", port=0, gather_subset=["device"]),
        row("port-too-large", "info", "port", port=70000, gather_subset=["device"]),
        row("port-negative", "info", "port", port=-443, gather_subset=["device"]),
        row("timeout-zero", "info", "timeout", timeout=0, gather_subset=["device"]),
        row("timeout-negative", "info", "timeout", timeout=-1, gather_subset=["device"]),
        row("timeout-a-day", "info", "timeout", timeout=86400, gather_subset=["device"]),
        row("timeout-not-a-number", "info", "timeout", timeout="soon", gather_subset=["device"]),
    ]
    return rows


def file_rows(bad, pki):
    fifo, adir = os.path.join(bad, "fifo"), os.path.join(bad, "adir")
    return [
        row("private-key-fifo", "cert", "private_key", certificate=pki["chain1"], private_key=fifo),
        row("private-key-directory", "cert", "private_key", certificate=pki["chain1"], private_key=adir),
        row("certificate-fifo", "cert", "certificate", certificate=fifo, private_key=pki["key1"]),
        row("certificate-device", "cert", "certificate", certificate="/dev/zero", private_key=pki["key1"]),
        row("ca-path-fifo", "info", "ca_path", ca_path=fifo, gather_subset=["device"]),
        row("ca-path-directory", "info", "ca_path", ca_path=adir, gather_subset=["device"]),
        row("image-device", "firmware", "image", image="/dev/zero"),
        row("bulkcfg-src-fifo", "bulkcfg", "src", src=fifo),
        row("bulkcfg-src-device", "bulkcfg", "src", src="/dev/urandom"),
        row("bulkcfg-dest-fifo", "bulkcfg", "dest", state="exported", dest=fifo),
        row("bulkcfg-dest-parent-missing", "bulkcfg", "dest", state="exported", dest=os.path.join(bad, "no", "x.cfg")),
        row("rawcfg-src-fifo", "rawcfg", "src", src=fifo),
        row("rawcfg-src-directory", "rawcfg", "src", src=adir),
        row(
            "device-list-fifo",
            "rawcfg",
            "device_list",
            settings={"snmp.sys_location": "${2}"},
            device_list=fifo,
            match="ip:1",
        ),
        row(
            "device-list-directory",
            "rawcfg",
            "device_list",
            settings={"snmp.sys_location": "${2}"},
            device_list=adir,
            match="ip:1",
        ),
        row("rawcfg-dest-fifo", "rawcfg", "dest", state="exported", dest=fifo),
        row(
            "rawcfg-dest-parent-is-a-file",
            "rawcfg",
            "dest",
            state="exported",
            dest=os.path.join(bad, "devices.csv", "x.cfg"),
        ),
    ]


def outlet_rows():
    return [
        row("outlet-huge-range", "outlet", "outlets", outlets=["1-999999999999"], state="off"),
        row("outlet-range-beyond-count", "outlet", "outlets", outlets=["2-4000000"], state="off"),
        row("outlet-huge-number", "outlet", "outlets", outlets=["99999999999999999999"], state="off"),
        row("outlet-too-many-entries", "outlet", "outlets", outlets=[str(n % 4 + 1) for n in range(1500)], state="off"),
        row("outlet-name-too-long", "outlet", "name", outlets=["1"], name="n" * 65),
        row("outlet-selection-entry-line-break", "outlet", "outlets", outlets=["web\u2028x"], state="off"),
    ]


def cert_rows(pki):
    # chain1 names the cert matrix device's address, not this one: with validate_certs a rollout would lock out.
    return [
        row(
            "certificate-for-another-host",
            "cert",
            "certificate|allow_host_mismatch",
            certificate=pki["chain1"],
            private_key=pki["key1"],
        )
    ]


def row_tasks(item, judge_tasks):
    """The module with the row's args, then the judge (which saves the device as read back for the next row,
    so a row that wrongly changed the device fails alone)."""
    run = {
        "name": f"Bad input {item['module']}: {item['id']}",
        "xerus.pdu.xerus_" + item["module"]: item["args"],
        "register": "result",
        "ignore_errors": True,
        "timeout": 60,
    }
    judge = {
        "name": "Judge " + item["id"],
        "ansible.builtin.import_tasks": judge_tasks,
        "vars": {
            "case": {"id": item["id"], "fault": "bad_input", "variant": "bad", "expect": "fail"},
            "module_label": item["module"],
            "option": item["option"],
            "resnapshot": True,
        },
    }
    return [run, judge]


def write_shards(rows, shards, bad):
    """bad/table-K.yml for K in 0..shards-1 (JSON, which YAML reads as it is; control characters escaped)."""
    judge_tasks = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tasks", "judge.yml")
    for shard in range(shards):
        tasks = [task for item in rows[shard::shards] for task in row_tasks(item, judge_tasks)]
        write_private(os.path.join(bad, f"table-{shard}.yml"), json.dumps(tasks, indent=1) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rel", required=True)
    parser.add_argument("--listener-port", type=int, required=True)
    parser.add_argument("--shards", type=int, default=1)
    args = parser.parse_args()
    with open(args.rel, encoding="utf-8") as handle:
        rel = json.load(handle)["rel"]
    with open(os.path.join(rel["work"], "markers.json"), encoding="utf-8") as handle:
        secret = json.load(handle)["injected_secret"]
    bad = os.path.join(rel["work"], "bad")
    duts = [rel["duts"][f"bad_table_{shard}"] for shard in range(args.shards)]
    rows = (
        injection_rows(bad, duts, secret)
        + connection_rows(args.listener_port)
        + file_rows(bad, rel["pki"])
        + outlet_rows()
        + cert_rows(rel["pki"])
    )
    write_shards(rows, args.shards, bad)
    print(f"bad-input table: {len(rows)} rows in {args.shards} shards")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
