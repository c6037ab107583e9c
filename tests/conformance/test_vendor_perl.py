# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vendor's Perl bindings and demo scripts (Debian's libraritan-rpc-perl 4.0.20) against a mixed fleet
(XERUS-PROTOCOL.md sections 3, 14, 15): getTypeInfo-based proxies on every rid they touch, the settings
round trip the vendor's configuration script does, and the bulk firmware update demo on the whole fleet
(`?session=` upload with submit=1, progress CGI without credentials, NONE after the reboot)."""

import json
import os
import re
import subprocess
import sys
import time
import urllib.request

import material
import pytest
import vendor
from raritan.rpc import firmware
from simproc import PASSWORD, SIMULATOR_DIR, USER, Simulator, make_agent

FLEET = 3  # 4.4, 4.0, 4.4


def no_upload_busy_window():
    """The demo starts updates right after its uploads; a device with one relay board is not busy then
    (protocol 7.1), so switch the simulator's post-upload busy window off where it has one."""
    done = subprocess.run(
        [sys.executable, "-m", "xerus_sim", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=SIMULATOR_DIR,
        timeout=60,
        env=dict(os.environ, PYTHONPATH=str(SIMULATOR_DIR)),
    )
    return ("--upload-busy-seconds", "0") if "--upload-busy-seconds" in done.stdout else ()


@pytest.fixture(scope="module")
def fleet():
    simulator = Simulator("--fw-generation", "4.4,4.0", *no_upload_busy_window(), fleet=FLEET, outlets=2)
    yield simulator
    simulator.stop()


@pytest.fixture(scope="module")
def ca_bundle(fleet, tmp_path_factory):
    """The devices' self-signed certificates: LWP verifies them like any other (the demo has no switch)."""
    bundle = tmp_path_factory.mktemp("ca") / "fleet.pem"
    files = {device.get("ca") or device["cert"] for device in fleet.devices}
    bundle.write_text("".join(open(path, encoding="ascii").read() for path in sorted(files)))
    return bundle


@pytest.fixture(scope="module")
def progress_none_after_reboot(tmp_path_factory):
    """The demo waits (up to 600 s) for the progress CGI to say NONE after the reboot (protocol 7.3)."""
    simulator = Simulator("--fw-generation", "4.0", *no_upload_busy_window(), outlets=1)
    try:
        agent = make_agent(simulator.address)
        proxy = firmware.Firmware("/firmware", agent)
        firmware.upload(agent, material.firmware_image())
        proxy.startUpdate([])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.5)
            try:
                if (
                    firmware.Firmware("/firmware", make_agent(simulator.address, timeout=3)).getVersion()
                    == material.GOOD_VERSION
                ):
                    break
            except Exception:  # noqa: BLE001 - flashing and rebooting
                continue
        status = firmware.FirmwareUpdateStatus("/cgi-bin/fwupdate_progress.cgi", make_agent(simulator.address))
        return status.getStatus().state == "NONE"
    finally:
        simulator.stop()


def perl(cache_root, ca_file, script, *args, timeout=300):
    env = dict(os.environ, PERL5LIB=str(cache_root / vendor.PERL_LIB), PERL_LWP_SSL_CA_FILE=str(ca_file))
    done = subprocess.run(
        ["perl", str(script), *map(str, args)], capture_output=True, text=True, check=False, timeout=timeout, env=env
    )
    return done


def state(device):
    with urllib.request.urlopen(f"{device['control']}/devices/{device['host']}/state", timeout=10) as answer:
        return json.load(answer)


def address(device):
    return f"{device['host']}:{device['port']}"


@pytest.mark.parametrize("index", range(FLEET))
def test_perl_proxies_rename_the_pdu_and_an_outlet_on_either_generation(fleet, vendor_cache, ca_bundle, index):
    device = fleet.devices[index]
    done = perl(
        vendor_cache, ca_bundle, vendor.HERE / "perl_rename.pl", address(device), USER, PASSWORD, f"perl-{index}"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = dict(line.split("=", 1) for line in done.stdout.splitlines())
    # The 4.0.20 bindings carry Pdu 6.1.2 and Outlet 3.0.1; a 4.4 device's 6.5.7 / 3.0.4 map onto them.
    assert lines["pdu_proxy"] == "Raritan::RPC::pdumodel::Pdu_6_1_2"
    assert lines["outlet_proxy"] == "Raritan::RPC::pdumodel::Outlet_3_0_1"
    assert lines["version"] == device["firmware_version"]
    assert (lines["set_ret"], lines["new_name"]) == ("0", f"perl-{index}")
    assert (lines["outlet_set_ret"], lines["outlet_name"]) == ("0", f"perl-{index}-1")
    settings = state(device)["state"]["pdu_settings"]
    assert settings["name"] == f"perl-{index}"
    assert settings["inhibitRelayControl"] is False  # untouched by the older structure


@pytest.mark.parametrize("index", [0, 1])
def test_perl_json_rpc_demo_switches_an_outlet(fleet, vendor_cache, ca_bundle, index):
    device = fleet.devices[index]
    demo = vendor_cache / vendor.PERL_EXAMPLES / "perl-json-rpc-demo.pl"
    done = perl(vendor_cache, ca_bundle, demo, address(device), USER, PASSWORD)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"Firmware version: {device['firmware_version']}" in done.stdout
    assert "Number of outlets: 2" in done.stdout
    assert "Turning outlet off" in done.stdout and done.stdout.rstrip().endswith("Status: on")
    assert state(device)["state"]["outlets"][0]["powerState"] == 1


def test_bulk_firmware_update_demo_upgrades_the_mixed_fleet(
    fleet, vendor_cache, ca_bundle, tmp_path, progress_none_after_reboot
):
    assert progress_none_after_reboot, (
        "the simulator's progress CGI must say NONE after the reboot "
        "(XERUS-PROTOCOL.md 7.3); the vendor's demo would wait its full 600 s"
    )
    image = tmp_path / "image.bin"
    image.write_bytes(material.firmware_image())
    devices = tmp_path / "devices.csv"
    devices.write_text("".join(f"https://{address(d)},{USER},{PASSWORD}\n" for d in fleet.devices))
    demo = vendor_cache / vendor.PERL_EXAMPLES / "px2_bulk_update_demo.pl"
    done = perl(vendor_cache, ca_bundle, demo, devices, image, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    for device in fleet.devices:
        url = f"https://{address(device)}"
        assert f"{url}: Uploaded image" in done.stdout, done.stdout
        assert f"{url}: Update succeeded, rebooting" in done.stdout or f"{url}: Update complete" in done.stdout
        assert re.search(
            re.escape(f"{url}: Successfully upgraded from {device['firmware_version']} to {material.GOOD_VERSION}."),
            done.stdout,
        ), done.stdout
        dump = state(device)
        assert dump["firmware_version"] == material.GOOD_VERSION
        assert dump["generation"] == device["generation"]
        assert dump["state"]["firmware"]["history"][-1]["imageVersion"] == material.GOOD_VERSION
