# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Device-wide events: reboot (listener closed, sessions and mDNS gone) and web-server restart."""

import threading
import time

from xerus_sim.model import event, startup


def _withdraw(device):
    if device.mdns:
        device.mdns.withdraw(device)


def _announce(device):
    if device.mdns:
        device.mdns.announce(device)


def go_down(device, phase="rebooting"):
    """Stop serving at once: refuse new connections, drop open ones, forget sessions."""
    device.phase = phase
    device.server.close()
    device.server.drop_all()
    device.sessions.drop_all()
    _withdraw(device)


def _power_outlets(device):
    try:
        startup.apply_startup_states(device)
    except Exception:  # a broken state must not keep the device down forever
        device.log_exception("startup states")


def come_up(device):
    device.boot_time = time.monotonic()
    device.phase = "up"
    with device.lock:
        event.deliver(device, ["Device", "SystemStartup"])
    device.server.open()
    _announce(device)


def reboot(device, seconds=None, while_down=None):
    """Reboot in the background: down now, `while_down()` applied, back after `seconds` with the
    outlets in their startup states."""
    seconds = device.timings.reboot_seconds if seconds is None else seconds
    go_down(device)

    def run():
        try:
            if while_down:
                while_down()
        finally:
            time.sleep(seconds)
            _power_outlets(device)
            come_up(device)

    threading.Thread(target=run, name=f"reboot-{device.host}", daemon=True).start()


def reboot_later(device, delay=0.2, **kwargs):
    """Reboot after the current answer had time to leave."""
    timer = threading.Timer(delay, reboot, args=(device,), kwargs=kwargs)
    timer.daemon = True
    timer.start()


def restart_web_server(device, apply, delay=0.05):
    """After the answer left: drop connections, refuse for cert_restart_ms, `apply()`, serve again.
    Sessions survive."""

    def run():
        time.sleep(delay)
        device.phase = "restarting"
        device.server.close()
        device.server.drop_all()
        try:
            apply()
        finally:
            time.sleep(device.timings.cert_restart_ms / 1000.0)
            device.phase = "up"
            device.server.open()

    threading.Thread(target=run, name=f"webrestart-{device.host}", daemon=True).start()
