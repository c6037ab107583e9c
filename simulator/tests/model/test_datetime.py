# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""datetime.DateTime at /datetime: the NtpCfg and checkNtpServer of each generation, IDL return codes, write-only
NTP keys, the static clock."""

import copy

import pytest
from simfixture import new_session, result_on, rpc

DATETIME = "/datetime"
AUTH_FIELDS = {"server1AuthKeyId", "server2AuthKeyId", "authKeys"}
NO_KEY = {"type": 0, "dataHex": ""}


@pytest.mark.parametrize("generation, has_keys", [("4.4", True), ("4.0", False)])
def test_cfg_has_the_ntp_fields_of_the_generation(fleet, generation, has_keys):
    cfg = result_on(fleet, generation, DATETIME, "getCfg")["cfg"]
    assert (AUTH_FIELDS <= set(cfg["ntpCfg"])) is has_keys
    assert not AUTH_FIELDS & set(cfg["ntpCfg"]) or has_keys
    info = rpc(new_session(), fleet, DATETIME, "getTypeInfo", index=fleet.index_of(generation))["result"]["_ret_"]
    assert info["id"] == ("datetime.DateTime:4.0.0" if has_keys else "datetime.DateTime:3.0.3")


@pytest.mark.parametrize("generation", ["4.4", "4.0"])
def test_cfg_round_trip_and_invalid_configurations(fleet, generation):
    zones = {
        zone["name"]: zone["id"]
        for zone in result_on(fleet, generation, DATETIME, "getZoneInfos", {"useOlson": False})["zoneInfos"]
    }
    cfg = result_on(fleet, generation, DATETIME, "getCfg")["cfg"]
    cfg.update(protocol=1)
    cfg["ntpCfg"].update(server1="192.0.2.123", server2="ntp.example.com")
    cfg["zoneCfg"]["id"] = zones["Asia/Tokyo"]
    assert result_on(fleet, generation, DATETIME, "setCfg", {"cfg": cfg}) == {"_ret_": 0}
    stored = result_on(fleet, generation, DATETIME, "getCfg")["cfg"]
    assert stored["zoneCfg"]["name"] == "Asia/Tokyo" and stored["ntpCfg"]["server2"] == "ntp.example.com"
    active = result_on(fleet, generation, DATETIME, "getActiveNtpServers")["_ret_"]
    assert active == ["192.0.2.123", "ntp.example.com"]
    for field, value in (("server1", "bad name"), ("server2", "-x-.example")):
        bad = copy.deepcopy(stored)
        bad["ntpCfg"][field] = value
        assert result_on(fleet, generation, DATETIME, "setCfg", {"cfg": bad}) == {"_ret_": 1}
    bad = copy.deepcopy(stored)
    bad["zoneCfg"].update(id=0, name="Mars/Olympus")
    assert result_on(fleet, generation, DATETIME, "setCfg", {"cfg": bad}) == {"_ret_": 1}
    after = result_on(fleet, generation, DATETIME, "getCfg")["cfg"]
    assert (after["ntpCfg"], after["zoneCfg"]) == (stored["ntpCfg"], stored["zoneCfg"])


def test_a_4_0_device_refuses_the_4_4_fields_and_check_parameters(fleet):
    cfg = result_on(fleet, "4.0", DATETIME, "getCfg")["cfg"]
    cfg["ntpCfg"].update(server1AuthKeyId=0, server2AuthKeyId=0, authKeys=[])
    answer = rpc(new_session(), fleet, DATETIME, "setCfg", {"cfg": cfg}, index=fleet.index_of("4.0"))
    assert answer["error"]["code"] == -32602
    assert result_on(fleet, "4.0", DATETIME, "checkNtpServer", {"ntpServer": "ntp.invalid"}) == {"_ret_": False}
    params = {"ntpServer": "192.0.2.1", "ntpAuthKeyId": 0, "ntpAuthKeyOverride": NO_KEY}
    answer = rpc(new_session(), fleet, DATETIME, "checkNtpServer", params, index=fleet.index_of("4.0"))
    assert answer["error"]["code"] == -32602


def test_a_4_4_device_checks_with_keys_and_answers_codes(fleet):
    def check(server, key_id=0, key=NO_KEY):
        params = {"ntpServer": server, "ntpAuthKeyId": key_id, "ntpAuthKeyOverride": key}
        return result_on(fleet, "4.4", DATETIME, "checkNtpServer", params)["_ret_"]

    assert (check("192.0.2.1"), check("ntp.invalid"), check("192.0.2.1", 42)) == (0, 3, 4)
    assert check("192.0.2.1", 42, {"type": 1, "dataHex": "00ff"}) == 0
    answer = rpc(
        new_session(), fleet, DATETIME, "checkNtpServer", {"ntpServer": "192.0.2.1"}, index=fleet.index_of("4.4")
    )
    assert answer["error"]["code"] == -32602


def test_ntp_keys_are_write_only_and_kept_by_an_empty_value(fleet):
    cfg = result_on(fleet, "4.4", DATETIME, "getCfg")["cfg"]
    cfg["ntpCfg"].update(server1AuthKeyId=3, authKeys=[{"key": 3, "value": {"type": 2, "dataHex": "a1b2"}}])
    assert result_on(fleet, "4.4", DATETIME, "setCfg", {"cfg": cfg}) == {"_ret_": 0}
    stored = result_on(fleet, "4.4", DATETIME, "getCfg")["cfg"]
    assert stored["ntpCfg"]["authKeys"] == [{"key": 3, "value": {"type": 2, "dataHex": ""}}]
    assert result_on(fleet, "4.4", DATETIME, "setCfg", {"cfg": stored}) == {"_ret_": 0}
    unknown = copy.deepcopy(stored)
    unknown["ntpCfg"]["server2AuthKeyId"] = 9
    assert result_on(fleet, "4.4", DATETIME, "setCfg", {"cfg": unknown}) == {"_ret_": 1}
    fresh = copy.deepcopy(stored)
    fresh["ntpCfg"]["authKeys"].append({"key": 4, "value": {"type": 0, "dataHex": ""}})
    assert result_on(fleet, "4.4", DATETIME, "setCfg", {"cfg": fresh}) == {"_ret_": 1}  # a new key needs data


def test_static_time_sets_the_device_clock(fleet):
    cfg = result_on(fleet, "4.4", DATETIME, "getCfg")["cfg"]
    cfg.update(protocol=0, deviceTime=1700000000)
    assert result_on(fleet, "4.4", DATETIME, "setCfg", {"cfg": cfg}) == {"_ret_": 0}
    clock = result_on(fleet, "4.4", DATETIME, "getTime", {"useOlson": False})
    assert 1700000000 <= clock["currentTime"] < 1700000000 + 60
    assert result_on(fleet, "4.4", DATETIME, "getActiveNtpServers") == {"_ret_": []}
