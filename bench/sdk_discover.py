# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Subprocess: the vendor SDK's raritan.zeroconf.discover() (default timeout); prints seconds and the devices
found inside the NETWORKs as JSON.

usage: python sdk_discover.py NETWORK [NETWORK ...]
"""

import contextlib
import io
import ipaddress
import json
import sys
import time

from raritan import zeroconf as sdk_zeroconf


def main(networks):
    nets = [ipaddress.ip_network(network) for network in networks]
    started = time.monotonic()
    with contextlib.redirect_stdout(io.StringIO()):  # discover() prints its findings
        pdus = sdk_zeroconf.discover()
    seconds = time.monotonic() - started
    found = sorted(p["ip"] for p in pdus if any(ipaddress.ip_address(p["ip"]) in net for net in nets))
    print(json.dumps({"seconds": seconds, "found": len(found)}))


if __name__ == "__main__":
    main(sys.argv[1:])
