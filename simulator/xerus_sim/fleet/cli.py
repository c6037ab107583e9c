# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Command line: python -m xerus_sim [options]."""

import argparse
import shutil
import signal
import sys
import tempfile
import threading
import time

from xerus_sim.fleet.fleet import Fleet
from xerus_sim.fleet.start_error import StartError
from xerus_sim.http import errorlog, keycache
from xerus_sim.model import generations


def _outlet_count(text):
    value = int(text)
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError("outlets must be 1..64")
    return value


def _generations(text):
    try:
        return generations.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parser():
    p = argparse.ArgumentParser(
        prog="python -m xerus_sim",
        description="Simulated Xerus PDUs (HTTPS JSON-RPC, CGIs, mDNS) for tests, demos and development. "
        'Prints one JSON line per device once all accept connections ("ca": the one file that '
        "trusts every device), then runs in the foreground until SIGTERM/SIGINT (Ctrl-C).",
    )
    p.add_argument(
        "--bind",
        default="127.0.0.1",
        help="address of the first device (default 127.0.0.1); a fleet uses consecutive addresses from here",
    )
    p.add_argument(
        "--port",
        type=int,
        default=8443,
        help="HTTPS port of every device (default 8443; real devices use 443; 0 = a free port per device)",
    )
    p.add_argument(
        "--http-port", type=int, default=0, help="plain HTTP port answering 302 to HTTPS (default 0 = disabled)"
    )
    p.add_argument("--fleet", type=int, default=1, help="number of devices (default 1)")
    p.add_argument(
        "--mdns", action="store_true", help="announce every device as _raritan-rpcs._tcp on the loopback interface"
    )
    p.add_argument(
        "--outlets",
        type=_outlet_count,
        default=24,
        help="outlets per device, 1..64 (default 24; for new devices only: persisted state keeps its count)",
    )
    p.add_argument("--model", default="PX3-5190R", help="device model (default PX3-5190R; new devices only)")
    p.add_argument(
        "--firmware-version",
        default=None,
        help="initial firmware version (default "
        + " or ".join(f"{v} for {g}" for g, v in generations.DEFAULT_FIRMWARE.items())
        + "; new devices only: updates persist)",
    )
    p.add_argument(
        "--fw-generation",
        type=_generations,
        default=[generations.DEFAULT],
        help="firmware generation whose interface versions and structures every device presents: "
        + " or ".join(generations.GENERATIONS)
        + f" (default {generations.DEFAULT}); a comma "
        "list is cycled over the fleet, e.g. 4.4,4.0 = every second device is 4.0",
    )
    p.add_argument("--user", default="admin", help="login user (default admin)")
    p.add_argument("--password", default="legrand", help="login password (default legrand)")
    p.add_argument(
        "--state-dir",
        default=None,
        help="folder for persisted state, certificates and images (default: a temporary folder removed at exit)",
    )
    p.add_argument(
        "--self-signed",
        action="store_true",
        help="give every new device a self-signed factory "
        "certificate, as out of the box (default: certificates signed by the fleet CA, "
        "<state-dir>/fleet-ca.pem, created once)",
    )
    p.add_argument(
        "--key-cache",
        default=str(keycache.default_folder()),
        metavar="DIR",
        help="folder of reusable RSA-2048 keys for the factory certificates of new devices, one per "
        "position in the fleet, generated in parallel when missing (default %(default)s); every "
        "device still gets its own certificate",
    )
    p.add_argument("--no-key-cache", action="store_true", help="generate every new device's key afresh and keep none")
    p.add_argument("--access-log", default=None, help="append one JSON line per HTTP request to this file")
    p.add_argument(
        "--control", default="127.0.0.1:0", help="ADDR:PORT of the control server (default 127.0.0.1 with a free port)"
    )
    p.add_argument("--reboot-seconds", type=float, default=5.0, help="reboot window in seconds (default 5)")
    p.add_argument("--update-seconds", type=float, default=1.0, help="firmware flashing time in seconds (default 1)")
    p.add_argument(
        "--upload-busy-seconds",
        type=float,
        default=3.0,
        help="after a firmware upload, JSON-RPC "
        "calls are refused (-32000, device busy) for this many seconds; the progress CGI still "
        "answers (default 3)",
    )
    p.add_argument(
        "--cert-restart-ms",
        type=float,
        default=300.0,
        help="web-server restart window after a certificate install, in ms (default 300)",
    )
    p.add_argument(
        "--restore-delay",
        type=float,
        default=0.5,
        help="pending time of bulk configuration restores in seconds (default 0.5)",
    )
    p.add_argument(
        "--raw-apply-delay",
        type=float,
        default=1.0,
        help="time from an accepted raw configuration update to the reboot that applies it, in seconds (default 1)",
    )
    p.add_argument(
        "--session-timeout",
        type=float,
        default=30.0,
        help="idle time in seconds after which a session token is refused with 401 (default 30, as on real devices)",
    )
    return p


def main(argv=None):
    options = parser().parse_args(argv)
    if options.fleet < 1:
        parser().error("--fleet must be at least 1")
    if options.upload_busy_seconds < 0:
        parser().error("--upload-busy-seconds must not be negative")
    if options.session_timeout <= 0:
        parser().error("--session-timeout must be positive")
    temporary = None
    if options.state_dir is None:
        temporary = tempfile.mkdtemp(prefix="xerus-sim-")
    errorlog.install_thread_hook()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    fleet = Fleet(options, options.state_dir or temporary)
    started = time.monotonic()
    try:
        try:
            fleet.start()
        except StartError as error:
            print(f"xerus_sim: cannot start: {error}", file=sys.stderr, flush=True)
            return 3
        fleet.print_devices()
        print(
            f"xerus_sim: {len(fleet.devices)} device(s) ready in {time.monotonic() - started:.2f} s; "
            f"ca_path {fleet.ca_path}; Ctrl-C or SIGTERM stops",
            file=sys.stderr,
            flush=True,
        )
        while not stop.wait(1.0):
            pass
    finally:
        fleet.stop()
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0
