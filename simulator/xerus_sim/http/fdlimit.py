# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Open-file limit for a large fleet: every device holds listening sockets, every client connection two files."""

import resource
import sys

FILES_PER_DEVICE = 8  # HTTPS + HTTP listener, a few client connections (socket + TLS wrapper)
BASE_FILES = 256  # control server, mDNS sockets, state files, access log, Python itself


def files_needed(devices):
    return BASE_FILES + FILES_PER_DEVICE * devices


def raise_open_file_limit(devices, limit=resource.RLIMIT_NOFILE):
    """Raise the soft RLIMIT_NOFILE to the hard limit (an unprivileged process may); warn when even that is
    below what `devices` devices may hold open.  Returns the soft limit now in force."""
    soft, hard = resource.getrlimit(limit)
    wanted = hard if hard == resource.RLIM_INFINITY else max(soft, hard)
    if soft != resource.RLIM_INFINITY and wanted != soft:
        try:
            resource.setrlimit(limit, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    needed = files_needed(devices)
    if soft != resource.RLIM_INFINITY and soft < needed:
        print(
            f"xerus_sim: warning: the open-file limit is {soft}, a fleet of {devices} may need {needed}; "
            "connections beyond it are refused (raise it with 'ulimit -n')",
            file=sys.stderr,
            flush=True,
        )
    return soft
