# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Subprocess: the vendor SDK's firmware upload helper, as its docstring shows it; prints peak RSS and seconds as JSON.

usage: python sdk_fw_upload.py HOST PORT IMAGE
"""

import json
import resource
import sys
import time

import raritan.rpc
from raritan.rpc import firmware


def _discard(proxy, patience=30):
    """discardImage(), again while the device answers busy: it is for a moment after an upload (protocol 7.1)."""
    deadline = time.monotonic() + patience
    while True:
        try:
            proxy.discardImage()
            return
        except raritan.rpc.JsonRpcErrorException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main(host, port, image):
    agent = raritan.rpc.Agent(
        "https", f"{host}:{port}", "admin", "legrand", disable_certificate_verification=True, timeout=120
    )
    started = time.monotonic()
    with open(image, "rb") as handle:
        firmware.upload(agent, handle.read())
    seconds = time.monotonic() - started
    _discard(firmware.Firmware("/firmware", agent))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_rss_mib": peak_kib / 1024, "seconds": seconds}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
