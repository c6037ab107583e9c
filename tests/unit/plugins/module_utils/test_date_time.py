# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The date and time area: input checks, zones by name with close matches, both Cfg shapes, the simulator."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import date_time, rids
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError

ZONES = [
    {"id": 1, "name": "UTC", "hasDSTInfo": False},
    {"id": 5, "name": "Europe/Berlin", "hasDSTInfo": True},
    {"id": 6, "name": "Europe/Paris", "hasDSTInfo": True},
    {"id": 9, "name": "America/New_York", "hasDSTInfo": True},
]


def cfg_303():
    """DateTime 3.0.3 Cfg (4.0 generation)."""
    return {
        "zoneCfg": {"id": 1, "name": "UTC", "enableAutoDST": True},
        "protocol": 0,
        "deviceTime": 1780000000,
        "ntpCfg": {"server1": "", "server2": ""},
    }


def cfg_400():
    """DateTime 4.0.0 adds NTP authentication to NtpCfg."""
    cfg = cfg_303()
    cfg["ntpCfg"].update(server1AuthKeyId=0, server2AuthKeyId=0, authKeys=[])
    return cfg


def request(**params):
    return date_time.parse_request(params)


@pytest.mark.parametrize(
    "params",
    [
        {"ntp_servers": ["a.example", "b.example", "c.example"]},
        {"ntp_servers": ["two words"]},
        {"ntp_servers": [""]},
        {"ntp_servers": ["ntp.example\nsecond"]},
    ],
)
def test_bad_servers_are_refused(params):
    with pytest.raises(XerusInputError) as raised:
        request(**params)
    assert raised.value.option == "ntp_servers"


@pytest.mark.parametrize("shape", [cfg_303, cfg_400])
def test_desired_changes_only_the_given_fields(shape):
    cfg = shape()
    wanted = date_time.desired_cfg(cfg, ZONES, request(protocol="ntp", ntp_servers=["ntp1.example"]), "dev")
    expected = copy.deepcopy(cfg)
    expected["protocol"] = 1
    expected["ntpCfg"].update(server1="ntp1.example", server2="")
    assert wanted == expected and cfg == shape()


def test_server_order_matters():
    cfg = cfg_303()
    cfg["ntpCfg"].update(server1="a.example", server2="b.example")
    swapped = date_time.desired_cfg(cfg, ZONES, request(ntp_servers=["b.example", "a.example"]), "dev")
    assert date_time.view(swapped, ZONES)["ntp_servers"] == ["b.example", "a.example"]
    assert date_time.view(swapped, ZONES) != date_time.view(cfg, ZONES)


def test_zone_by_name_and_ignoring_case():
    wanted = date_time.desired_cfg(cfg_303(), ZONES, request(time_zone="europe/berlin"), "dev")
    assert wanted["zoneCfg"]["id"] == 5
    assert date_time.view(wanted, ZONES)["time_zone"] == "Europe/Berlin"


def test_unknown_zone_lists_close_matches():
    with pytest.raises(XerusInputError, match="no time zone 'Europe/Berln'; closest: Europe/Berlin") as raised:
        date_time.desired_cfg(cfg_303(), ZONES, request(time_zone="Europe/Berln"), "dev")
    assert raised.value.option == "time_zone"
    with pytest.raises(XerusInputError, match="closest: America/New_York"):
        date_time.find_zone("New_York", ZONES, "dev")


class _Recorder:
    device = "dev"

    def __init__(self, answers):
        self.answers, self.calls = answers, []

    def read_all(self, calls):
        self.calls.extend(calls)
        return self.answers[: len(calls)]


def test_check_uses_the_generation_s_signature():
    old = cfg_303()
    old["ntpCfg"].update(server1="a.example")
    recorder = _Recorder([False])
    assert date_time.check_servers(recorder, old) == [
        {"server": "a.example", "usable": False, "reason": "the device cannot use it"}
    ]
    assert recorder.calls[0].params == {"ntpServer": "a.example"}
    new = cfg_400()
    new["ntpCfg"].update(server1="a.example", server2="b.example", server2AuthKeyId=7)
    recorder = _Recorder([0, 7])
    verdicts = date_time.check_servers(recorder, new)
    assert verdicts[0] == {"server": "a.example", "usable": True, "reason": ""}
    assert verdicts[1] == {"server": "b.example", "usable": False, "reason": "no response"}
    assert recorder.calls[1].params == {
        "ntpServer": "b.example",
        "ntpAuthKeyId": 7,
        "ntpAuthKeyOverride": {"type": 0, "dataHex": ""},
    }


def test_facts_without_the_interface_are_none():
    assert date_time.facts({"cfg": None, "zones": None, "active_ntp": None, "time": None}) is None


def test_facts_read_the_clock():
    facts = date_time.facts(
        {
            "cfg": {"cfg": cfg_400()},
            "zones": {"zoneInfos": ZONES},
            "active_ntp": ["192.0.2.123"],
            "time": {"zone": ZONES[0], "dstEnabled": True, "utcOffset": 60, "currentTime": 0},
        }
    )
    assert facts["time_zone"] == "UTC" and facts["active_ntp_servers"] == ["192.0.2.123"]
    assert facts["device_time"] == "1970-01-01T00:00:00+00:00" and facts["utc_offset_minutes"] == 60


# -- against the simulator -------------------------------------------------------------


def _state(sim):
    return sim.device_state().get("datetime")


def test_apply_is_idempotent_and_check_ntp_uses_the_device(sim):
    wanted = request(
        protocol="ntp", ntp_servers=["192.0.2.123", "ntp.invalid"], time_zone="Europe/Berlin", check_ntp=True
    )
    with sim.client() as client:
        first = date_time.apply(client, wanted)
        second = date_time.apply(client, wanted)
    assert first.changed and not second.changed
    assert first.after == second.before
    assert [(check["server"], check["usable"]) for check in second.ntp_check] == [
        ("192.0.2.123", True),
        ("ntp.invalid", False),
    ]
    assert second.ntp_check[0]["reason"] == "" and second.ntp_check[1]["reason"]
    assert second.active_ntp_servers == ["192.0.2.123"]
    assert _state(sim)["server1"] == "192.0.2.123" and _state(sim)["protocol"] == 1


def test_check_mode_writes_nothing(sim):
    with sim.client() as client:
        date_time.apply(client, request(protocol="static"))
        before = _state(sim)
        result = date_time.apply(client, request(protocol="ntp", time_zone="UTC", ntp_servers=[]), check_mode=True)
    assert result.changed and result.after["protocol"] == "ntp"
    after = _state(sim)
    assert {k: v for k, v in after.items() if k != "clock_offset"} == {
        k: v for k, v in before.items() if k != "clock_offset"
    }


def test_read_is_one_bulk_request(sim):
    with sim.client() as client:
        mark = sim.mark()
        date_time.read(client)
    assert [entry["path"] for entry in sim.requests_since(mark)] == [rids.BULK]
