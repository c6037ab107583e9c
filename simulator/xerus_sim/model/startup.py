# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Outlet power after a reboot (protocol 4.1, 5.1): Outlet.Settings.startupState, SS_PDUDEF following
Pdu.Settings.startupState.  Switch-ons still queued when the device went down are forgotten."""

import time

from xerus_sim.model import switching

SS_ON, SS_OFF, SS_LASTKNOWN, SS_PDUDEF = range(4)


def effective_startup_state(device, outlet):
    wanted = outlet["settings"]["startupState"]
    if wanted == SS_PDUDEF:
        wanted = device.state["pdu_settings"]["startupState"]  # Pdu.StartupState: 0 on, 1 off, 2 last known
    return wanted


def apply_startup_states(device):
    with device.lock:
        switching.advance(device)
        now = time.time()
        for number, outlet in enumerate(device.state["outlets"]):
            outlet["pendingOn"] = None
            wanted = effective_startup_state(device, outlet)
            if wanted in (SS_ON, SS_OFF):
                switching.set_relay(device, number, 1 if wanted == SS_ON else 0, now)
        device.save()
