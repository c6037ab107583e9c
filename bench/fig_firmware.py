# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Figure 3: firmware upload of a 256 MiB image: peak RSS of the module process, throughput vs curl, SDK peak RSS.

The image carries the version the device runs, so xerus_firmware uploads it, reads what the device says about it,
discards it and reports no change: the device never starts an update. curl's and the SDK's uploads are discarded
through Firmware.discardImage.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fwimage_file import MIB, make_sparse_image
from playbook import MODULE_PROCESS, run_playbook
from rss_interpreter import write_wrapper
from simfleet import PASSWORD, USER, Fleet

IMAGE_SIZE = 256 * MIB
REPEATS = 5
TARGET_RSS_MIB = 64
TARGET_THROUGHPUT = 0.8
BENCH_DIR = Path(__file__).resolve().parent
STEP_TIMEOUT = 240


def _discard(device):
    sys.path.insert(0, str(BENCH_DIR.parent / ".collections"))
    from ansible_collections.xerus.pdu.plugins.module_utils.client import XerusClient
    from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusRpcError

    deadline = time.monotonic() + 30
    with XerusClient(
        device["host"], port=device["port"], username=USER, password=PASSWORD, ca_path=device["ca"], timeout=30
    ) as client:
        while True:
            try:
                client.call("/firmware", "discardImage")
                return
            except XerusRpcError:  # busy for a moment after the upload (protocol 7.1)
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


def _module_upload(fleet, image, work):
    """One xerus_firmware run; (upload seconds from the module's result, peak RSS MiB of the module process)."""
    rss_out = os.path.join(work, "rss.txt")
    wrapper = write_wrapper(os.path.join(work, "python-rss"))
    if os.path.exists(rss_out):
        os.remove(rss_out)
    run = run_playbook(
        fleet,
        [{"name": "firmware", "xerus.pdu.xerus_firmware": {"image": image}}],
        hostvars={fleet.hosts[0]: {"ansible_python_interpreter": wrapper}},
        timeout=STEP_TIMEOUT,
        env={"BENCH_RSS_OUT": rss_out},
        extra_args=MODULE_PROCESS,
    )
    results = run.results("firmware")
    if run.returncode != 0 or not results or results[0]["event"] != "ok" or results[0]["result"].get("changed"):
        raise RuntimeError(f"xerus_firmware did not upload-and-discard: {results or run.output[-1500:]}")
    peaks = [int(line.split()[0]) for line in Path(rss_out).read_text().splitlines() if "AnsiballZ" in line]
    if not peaks:
        raise RuntimeError("no RSS record of the AnsiballZ process")
    return results[0]["result"]["duration_upload"], max(peaks) / 1024


def _curl_upload(device, image):
    command = [
        "curl",
        "-sS",
        "-k",
        "-u",
        f"{USER}:{PASSWORD}",
        "-H",
        "Expect:",
        "-F",
        f"upfile=@{image}",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code} %{time_total}",
        f"https://{device['host']}:{device['port']}/cgi-bin/fwupload.cgi",
    ]
    answer = subprocess.run(command, capture_output=True, text=True, timeout=STEP_TIMEOUT, check=True).stdout.split()
    if answer[0] != "200":
        raise RuntimeError(f"curl upload answered HTTP {answer[0]}")
    _discard(device)
    return float(answer[1])


def _sdk_upload(device, image):
    run = subprocess.run(
        [sys.executable, str(BENCH_DIR / "sdk_fw_upload.py"), device["host"], str(device["port"]), image],
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
        cwd=str(BENCH_DIR),
    )
    if run.returncode != 0:
        raise RuntimeError(f"SDK firmware.upload() exited {run.returncode}: {run.stderr.strip()[-400:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def measure(base):
    with tempfile.TemporaryDirectory(prefix="xerus-bench-fw-") as work, Fleet(base, 1, outlets=8) as fleet:
        device = fleet.devices[0]
        image = make_sparse_image(os.path.join(work, "px3-256mib.bin"), IMAGE_SIZE, version=device["firmware_version"])
        module_seconds, module_rss, curl_seconds = [], [], []
        for _ in range(REPEATS):  # interleaved, so both see the same machine load
            seconds, rss = _module_upload(fleet, image, work)
            module_seconds.append(seconds)
            module_rss.append(rss)
            curl_seconds.append(_curl_upload(device, image))
        sdk = _sdk_upload(device, image)
    return {
        "bytes": IMAGE_SIZE,
        "module_seconds": module_seconds,
        "module_rss_mib": module_rss,
        "curl_seconds": curl_seconds,
        "sdk_rss_mib": sdk["peak_rss_mib"],
        "sdk_seconds": sdk["seconds"],
    }


def throughput_ratio(figures):
    return statistics.median(figures["curl_seconds"]) / statistics.median(figures["module_seconds"])


if __name__ == "__main__":
    figures = measure("127.241.13.1")
    print(json.dumps(figures, indent=1), throughput_ratio(figures))
