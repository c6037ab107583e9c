# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Default persisted state of a device."""

# Kept by the configuration modules; a factory reset drops them.
CONFIG_KEYS = ("bulkcfg", "rawcfg", "secrets")
# Thresholds, set readings, slot and OCP settings: absent means the defaults (sensors.py, peripheral.py, ocp.py).
SENSOR_KEYS = ("sensor_thresholds", "sensor_readings", "peripheral_slots", "ocp_names")
# Network settings beyond the first five; part of a fresh state, so that reading them changes nothing.
NET_EXTRA_DEFAULTS = {
    "enabled": True,
    "ipv4_enabled": True,
    "ipv6_enabled": True,
    "ipv6_method": "auto",
    "ipv6_address": "",
    "ipv6_prefix_len": 64,
    "ipv6_hostname": "",
    "ipv6_gateway": "",
    "search_suffixes": [],
    "prefers_ipv6": False,
}


def default_pdu_settings():
    return {
        "name": "",
        "startupState": 2,
        "cycleDelay": 10,
        "inRushGuardDelay": 200,
        "outletPowerStateSequence": [],
        "powerOnDelay": 0,
        "latchingRelays": False,
        "energyPulseEnabled": False,
        "energyPulsesPerKWh": 0,
        "demandUpdateInterval": 0,
        "demandAveragingIntervals": 0,
        "suspendTripCauseOutlets": False,
        "inhibitRelayControl": False,
        "inletWiring": 0,
    }


def default_outlet_settings():
    return {
        "name": "",
        "startupState": 3,
        "usePduCycleDelay": True,
        "cycleDelay": 10,
        "nonCritical": False,
        "sequenceDelay": 0,
    }


def default_outlet(now):
    return {"settings": default_outlet_settings(), "powerState": 1, "lastPowerStateChange": now, "pendingOn": None}


def default_snmp():
    return {
        "v2enable": False,
        "v3enable": False,
        "readComm": "public",
        "writeComm": "private",
        "sysContact": "",
        "sysName": "",
        "sysLocation": "",
    }


def default_net(serial, host):
    net = {
        "hostname": f"px-{serial.lower()}",
        "ipv4_method": "static",
        "ipv4_address": f"{host}/8",
        "ipv4_gateway": "",
        "dns_servers": "",
    }
    net.update({key: list(value) if isinstance(value, list) else value for key, value in NET_EXTRA_DEFAULTS.items()})
    return net


def default_firmware():
    return {"history": [], "image": None, "update": None}


def initial_state(identity, outlet_count, host, now):
    """A factory-fresh device."""
    state = {"identity": dict(identity)}
    reset_settings(state, outlet_count, host, now)
    state["firmware"] = default_firmware()
    return state


def reset_settings(state, outlet_count, host, now):
    """Factory reset: every setting back to its default; identity and firmware history kept."""
    serial = state["identity"]["serial"]
    state["pdu_settings"] = default_pdu_settings()
    state["inlet_settings"] = {"name": ""}
    state["outlets"] = [default_outlet(now) for _ in range(outlet_count)]
    state["snmp"] = default_snmp()
    state["net"] = default_net(serial, host)
    state["runtime"] = {"lastSwitchOnAt": 0.0}
    for key in ("smtp", "smtp_tests", "event_engine"):  # defaults filled in when first used
        state.pop(key, None)
    for key in CONFIG_KEYS + SENSOR_KEYS:
        state.pop(key, None)
