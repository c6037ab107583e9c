# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fleets on consecutive addresses, persistence across restarts, access log, mDNS on loopback."""

import contextlib
import io
import json
import time

import requests
from simfixture import AUTH, Simulator, new_session, result


def test_fleet_identities_and_persistence(tmp_path):
    state_dir = tmp_path / "state"
    first = Simulator("--bind", "127.0.2.1", "--fleet", "3", state_dir=state_dir)
    try:
        hosts = [d["host"] for d in first.devices]
        assert hosts == ["127.0.2.1", "127.0.2.2", "127.0.2.3"]
        serials = [d["serial"] for d in first.devices]
        assert serials == ["XEM0000513", "XEM0000514", "XEM0000515"]
        assert len({d["mac"] for d in first.devices}) == 3 and len({d["cert"] for d in first.devices}) == 3
        session = new_session()
        result(
            session,
            first,
            "/model/pdu/0/outlet/1",
            "setSettings",
            {
                "settings": {
                    "name": "kept",
                    "startupState": 3,
                    "usePduCycleDelay": True,
                    "cycleDelay": 10,
                    "nonCritical": False,
                    "sequenceDelay": 0,
                }
            },
            index=2,
        )
        certificate = open(first.devices[2]["cert"]).read()
    finally:
        assert first.stop() == 0
    second = Simulator("--bind", "127.0.2.1", "--fleet", "3", state_dir=state_dir)
    try:
        session = new_session()
        settings = result(session, second, "/model/pdu/0/outlet/1", "getSettings", index=2)["_ret_"]
        assert settings["name"] == "kept"
        assert result(session, second, "/model/pdu/0/outlet/1", "getSettings", index=1)["_ret_"]["name"] == ""
        assert open(second.devices[2]["cert"]).read() == certificate
    finally:
        assert second.stop() == 0
    assert (state_dir / "XEM0000515.json").exists()


def test_fleet_of_twenty_serves_first_and_last():
    # How fast a fleet starts is measured in bench/, never asserted here.
    fleet = Simulator("--bind", "127.0.4.1", "--fleet", "20", "--mdns")
    try:
        for index in (0, 19):
            assert result(new_session(), fleet, "/firmware", "getVersion", index=index)["_ret_"] == "4.2.0.5-50274"
    finally:
        assert fleet.stop() == 0


def test_access_log_lines(tmp_path):
    log = tmp_path / "access.jsonl"
    sim = Simulator("--access-log", str(log))
    try:
        session = new_session()
        result(
            session,
            sim,
            "/bulk",
            "performBulk",
            {
                "requests": [
                    {"rid": "/firmware", "json": {"jsonrpc": "2.0", "method": "getVersion", "params": {}, "id": 1}}
                ]
            },
        )
        requests.post(sim.url("/firmware"), json={"method": "getVersion", "id": 1}, verify=False)
    finally:
        assert sim.stop() == 0
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert lines[0]["rpc"] == ["/bulk:performBulk", "/firmware:getVersion"] and lines[0]["status"] == 200
    assert lines[1]["status"] == 401 and lines[1]["rpc"] == []
    assert set(lines[0]) == {"time", "device", "method", "path", "rpc", "status", "bytes_in", "bytes_out"}
    assert lines[0]["bytes_in"] > 0 and lines[0]["bytes_out"] > lines[0]["bytes_in"]


def test_mdns_records_and_sdk_discovery():
    from zeroconf import ServiceBrowser, Zeroconf

    from xerus_sim.fleet.mdns import SERVICE_TYPE

    fleet = Simulator("--bind", "127.0.3.1", "--fleet", "2", "--mdns")
    mine = {d["host"]: d for d in fleet.devices}
    try:
        zeroconf = Zeroconf(interfaces=["127.0.0.1"])
        try:
            names = set()

            class Listener:
                def add_service(self, zc, type_, name):
                    names.add(name)

                update_service = remove_service = lambda *args: None

            ServiceBrowser(zeroconf, SERVICE_TYPE, Listener())
            wanted = {f"{d['model']}-{d['serial']}.{SERVICE_TYPE}" for d in fleet.devices}
            deadline = time.monotonic() + 5
            while not wanted <= names and time.monotonic() < deadline:
                time.sleep(0.1)
            assert wanted <= names
            device = fleet.devices[1]
            info = zeroconf.get_service_info(SERVICE_TYPE, f"{device['model']}-{device['serial']}.{SERVICE_TYPE}")
            assert info.port == device["port"] and info.parsed_addresses() == [device["host"]]
            assert info.properties[b"rr_fw"] == device["firmware_version"].encode()
            assert info.server == f"px-{device['serial'].lower()}.local."
        finally:
            zeroconf.close()
        import raritan.zeroconf

        with contextlib.redirect_stdout(io.StringIO()):
            found = raritan.zeroconf.discover(timeout=2)
        ours = {entry["ip"]: entry for entry in found if entry["ip"] in mine}
        assert set(ours) == set(mine)
        assert all(entry["port"] == mine[ip]["port"] for ip, entry in ours.items())
    finally:
        assert fleet.stop() == 0


def test_mdns_reannounces_new_version_after_update():
    from simfixture import multipart, result_after_upload, wait_for
    from zeroconf import Zeroconf

    from xerus_sim.fleet.mdns import SERVICE_TYPE
    from xerus_sim.ops.firmware_image import build_image

    sim = Simulator("--bind", "127.0.5.1", "--mdns")
    device = sim.device
    name = f"{device['model']}-{device['serial']}.{SERVICE_TYPE}"
    try:
        content_type, body = multipart([("upfile", "upfile.bin", build_image("PX3", "4.3.0.1-50400"))])
        requests.post(
            sim.url("/cgi-bin/fwupload.cgi"), data=body, headers={"Content-Type": content_type}, auth=AUTH, verify=False
        )
        assert result_after_upload(new_session(), sim, "/firmware", "startUpdate", {"flags": []}) is None

        def announced_version():
            zeroconf = Zeroconf(interfaces=["127.0.0.1"])
            try:
                info = zeroconf.get_service_info(SERVICE_TYPE, name, timeout=1000)
                return info.properties[b"rr_fw"].decode() if info else None
            finally:
                zeroconf.close()

        assert wait_for(lambda: announced_version() == "4.3.0.1-50400", timeout=20, interval=0.3)
    finally:
        assert sim.stop() == 0


def test_address_in_use_is_a_clear_start_error(tmp_path):
    """A fleet that cannot listen says so and exits 3 at once (it used to hang in its own shutdown)."""
    import socket
    import subprocess
    import sys

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        finished = subprocess.run(
            [
                sys.executable,
                "-m",
                "xerus_sim",
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--state-dir",
                str(tmp_path / "state"),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        taken.close()
    assert finished.returncode == 3
    assert f"cannot listen on 127.0.0.1:{port}" in finished.stderr
    assert "Traceback" not in finished.stderr
