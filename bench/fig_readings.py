# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Figure 9: HTTP requests of xerus_info ``gather_subset: [readings]`` on one 48-outlet PDU (2 OCPs), next to the
vendor SDK reading the same values one proxy call at a time.

SDK: ``Pdu.getInlets``, ``getOutlets``, ``getOverCurrentProtectors`` and ``getSensors`` (PDU totals), then per
inlet, outlet and OCP ``getSensors`` and ``getReading`` of current, voltage, active and apparent power, power
factor and active energy (OCPs also the trip sensor's ``getState``), then the PDU totals' ``getReading``.
"""

import sdk_outlets
from playbook import run_playbook
from raritan.rpc import pdumodel

OUTLETS = 48
FIELDS = ("current", "voltage", "activePower", "apparentPower", "powerFactor", "activeEnergy")
TARGET_AFTER_DISCOVERY = 1  # bulk requests for every outlet's readings once the outlet list is known


def _calls(entry):
    rpc = entry.get("rpc") or []
    if rpc and rpc[0].endswith(":performBulk"):
        return max(len(rpc) - 1, 1)
    return 1


def _module(fleet, host):
    mark = fleet.mark()
    tasks = [
        {"name": "readings", "xerus.pdu.xerus_info": {"gather_subset": ["readings"]}, "register": "found"},
        {
            "name": "every outlet's current",
            "ansible.builtin.assert": {
                "that": [
                    f"found.xerus.readings.outlets | length == {OUTLETS}",
                    "found.xerus.readings.outlets | map(attribute='current.value') | select('number') | list | length"
                    f" == {OUTLETS}",
                ]
            },
        },
    ]
    run = run_playbook(fleet, tasks, hosts=[host])
    if run.returncode != 0 or run.failures() or not run.results("readings"):
        raise RuntimeError(f"xerus_info failed: {run.failures()[:1] or run.output[-1500:]}")
    fleet.settle()
    entries = [entry for entry in fleet.entries(mark) if entry["device"] == host]
    return {"requests": len(entries), "calls": sum(_calls(entry) for entry in entries)}


def read_with_sdk(host):
    """The same values through the SDK's proxies, one HTTP request per call; returns the outlet currents."""
    pdu = pdumodel.Pdu("/model/pdu/0", sdk_outlets.agent_for(host))
    inlets, outlets, ocps = pdu.getInlets(), pdu.getOutlets(), pdu.getOverCurrentProtectors()
    totals = pdu.getSensors()
    currents = []
    for owner in [*inlets, *outlets, *ocps]:
        found = owner.getSensors()
        for field in FIELDS:
            sensor = getattr(found, field, None)
            if sensor is not None:
                value = sensor.getReading().value
                if field == "current" and owner in outlets:
                    currents.append(value)
        if getattr(found, "trip", None) is not None:
            found.trip.getState()
    for field in ("activePower", "apparentPower", "activeEnergy", "apparentEnergy"):
        sensor = getattr(totals, field, None)
        if sensor is not None:
            sensor.getReading()
    return currents


def _sdk(fleet, host):
    mark = fleet.mark()
    currents = read_with_sdk(host)
    if len(currents) != OUTLETS:
        raise RuntimeError(f"the SDK read {len(currents)} outlet currents")
    fleet.settle()
    return {"requests": sum(1 for entry in fleet.entries(mark) if entry["device"] == host)}


def measure(fleet):
    """Module and SDK on the first device of a fleet started with --outlets 48."""
    host = fleet.hosts[0]
    return {"module": _module(fleet, host), "sdk": _sdk(fleet, host)}


if __name__ == "__main__":
    from simfleet import Fleet, free_base

    with Fleet(free_base(1), 1, outlets=OUTLETS) as bench_fleet:
        print(measure(bench_fleet))
