# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal errors on stderr without exception messages: a message may quote a request value (a password,
an SNMP community, a key), so only the exception type and the code frames are printed."""

import sys
import threading
import traceback


def report(where, exc_type, exc_traceback):
    frames = "".join(traceback.format_tb(exc_traceback))
    print(
        f"xerus_sim: internal error in {where}: {exc_type.__name__} (message withheld)\n{frames}",
        file=sys.stderr,
        end="",
        flush=True,
    )


def report_current(where):
    exc_type, _, exc_traceback = sys.exc_info()
    report(where, exc_type, exc_traceback)


def _thread_hook(args):
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "a thread"
    report(f"thread {name}", args.exc_type, args.exc_traceback)


def install_thread_hook():
    """Uncaught exceptions of connection and worker threads go through `report` too."""
    threading.excepthook = _thread_hook
