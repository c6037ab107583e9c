"""The day-one interfaces: datetime.DateTime at /datetime, security.Security's redirect, HSTS and SSH settings,
devsettings.Modbus, and net.Net's IPv6 and search domains: typed per generation, validated with the IDL codes,
one state with the raw configuration keys, and kept across a restart."""

import copy

import pytest

from simfixture import Simulator, new_session, result, rpc

DATETIME, SECURITY, MODBUS, NET = "/datetime", "/security", "/modbus", "/net"
AUTH_FIELDS = {"server1AuthKeyId", "server2AuthKeyId", "authKeys"}
NO_KEY = {"type": 0, "dataHex": ""}


@pytest.fixture(scope="module")
def fleet():
    simulator = Simulator("--fleet", "2", "--fw-generation", "4.4,4.0")
    yield simulator
    assert simulator.stop() == 0


def _index(fleet, generation):
    return next(index for index, device in enumerate(fleet.devices) if device["generation"] == generation)


def _call(fleet, generation, rid, method, params=None):
    return result(new_session(), fleet, rid, method, params, index=_index(fleet, generation))


def _raw_lines(fleet, generation):
    url = fleet.url("/cgi-bin/raw_config_download.cgi", _index(fleet, generation))
    return new_session().get(url, verify=False, timeout=10).text.splitlines()


# ---------------------------------------------------------------- datetime.DateTime


@pytest.mark.parametrize("generation, has_keys", [("4.4", True), ("4.0", False)])
def test_cfg_has_the_ntp_fields_of_the_generation(fleet, generation, has_keys):
    cfg = _call(fleet, generation, DATETIME, "getCfg")["cfg"]
    assert (AUTH_FIELDS <= set(cfg["ntpCfg"])) is has_keys
    assert not AUTH_FIELDS & set(cfg["ntpCfg"]) or has_keys
    info = rpc(new_session(), fleet, DATETIME, "getTypeInfo", index=_index(fleet, generation))["result"]["_ret_"]
    assert info["id"] == ("datetime.DateTime:4.0.0" if has_keys else "datetime.DateTime:3.0.3")


@pytest.mark.parametrize("generation", ["4.4", "4.0"])
def test_cfg_round_trip_and_invalid_configurations(fleet, generation):
    zones = {zone["name"]: zone["id"] for zone in _call(fleet, generation, DATETIME, "getZoneInfos",
                                                          {"useOlson": False})["zoneInfos"]}
    cfg = _call(fleet, generation, DATETIME, "getCfg")["cfg"]
    cfg.update(protocol=1)
    cfg["ntpCfg"].update(server1="192.0.2.123", server2="ntp.example.com")
    cfg["zoneCfg"]["id"] = zones["Asia/Tokyo"]
    assert _call(fleet, generation, DATETIME, "setCfg", {"cfg": cfg}) == {"_ret_": 0}
    stored = _call(fleet, generation, DATETIME, "getCfg")["cfg"]
    assert stored["zoneCfg"]["name"] == "Asia/Tokyo" and stored["ntpCfg"]["server2"] == "ntp.example.com"
    assert _call(fleet, generation, DATETIME, "getActiveNtpServers") == {"_ret_": ["192.0.2.123", "ntp.example.com"]}
    for field, value in (("server1", "bad name"), ("server2", "-x-.example")):
        bad = copy.deepcopy(stored)
        bad["ntpCfg"][field] = value
        assert _call(fleet, generation, DATETIME, "setCfg", {"cfg": bad}) == {"_ret_": 1}
    bad = copy.deepcopy(stored)
    bad["zoneCfg"].update(id=0, name="Mars/Olympus")
    assert _call(fleet, generation, DATETIME, "setCfg", {"cfg": bad}) == {"_ret_": 1}
    after = _call(fleet, generation, DATETIME, "getCfg")["cfg"]
    assert (after["ntpCfg"], after["zoneCfg"]) == (stored["ntpCfg"], stored["zoneCfg"])


def test_a_4_0_device_refuses_the_4_4_fields_and_check_parameters(fleet):
    cfg = _call(fleet, "4.0", DATETIME, "getCfg")["cfg"]
    cfg["ntpCfg"].update(server1AuthKeyId=0, server2AuthKeyId=0, authKeys=[])
    answer = rpc(new_session(), fleet, DATETIME, "setCfg", {"cfg": cfg}, index=_index(fleet, "4.0"))
    assert answer["error"]["code"] == -32602
    assert _call(fleet, "4.0", DATETIME, "checkNtpServer", {"ntpServer": "ntp.invalid"}) == {"_ret_": False}
    answer = rpc(new_session(), fleet, DATETIME, "checkNtpServer",
                 {"ntpServer": "192.0.2.1", "ntpAuthKeyId": 0, "ntpAuthKeyOverride": NO_KEY}, index=_index(fleet, "4.0"))
    assert answer["error"]["code"] == -32602


def test_a_4_4_device_checks_with_keys_and_answers_codes(fleet):
    def check(server, key_id=0, key=NO_KEY):
        params = {"ntpServer": server, "ntpAuthKeyId": key_id, "ntpAuthKeyOverride": key}
        return _call(fleet, "4.4", DATETIME, "checkNtpServer", params)["_ret_"]

    assert (check("192.0.2.1"), check("ntp.invalid"), check("192.0.2.1", 42)) == (0, 3, 4)
    assert check("192.0.2.1", 42, {"type": 1, "dataHex": "00ff"}) == 0
    answer = rpc(new_session(), fleet, DATETIME, "checkNtpServer", {"ntpServer": "192.0.2.1"},
                 index=_index(fleet, "4.4"))
    assert answer["error"]["code"] == -32602


def test_ntp_keys_are_write_only_and_kept_by_an_empty_value(fleet):
    cfg = _call(fleet, "4.4", DATETIME, "getCfg")["cfg"]
    cfg["ntpCfg"].update(server1AuthKeyId=3, authKeys=[{"key": 3, "value": {"type": 2, "dataHex": "a1b2"}}])
    assert _call(fleet, "4.4", DATETIME, "setCfg", {"cfg": cfg}) == {"_ret_": 0}
    stored = _call(fleet, "4.4", DATETIME, "getCfg")["cfg"]
    assert stored["ntpCfg"]["authKeys"] == [{"key": 3, "value": {"type": 2, "dataHex": ""}}]
    assert _call(fleet, "4.4", DATETIME, "setCfg", {"cfg": stored}) == {"_ret_": 0}
    unknown = copy.deepcopy(stored)
    unknown["ntpCfg"]["server2AuthKeyId"] = 9
    assert _call(fleet, "4.4", DATETIME, "setCfg", {"cfg": unknown}) == {"_ret_": 1}
    fresh = copy.deepcopy(stored)
    fresh["ntpCfg"]["authKeys"].append({"key": 4, "value": {"type": 0, "dataHex": ""}})
    assert _call(fleet, "4.4", DATETIME, "setCfg", {"cfg": fresh}) == {"_ret_": 1}  # a new key needs data


def test_static_time_sets_the_device_clock(fleet):
    cfg = _call(fleet, "4.4", DATETIME, "getCfg")["cfg"]
    cfg.update(protocol=0, deviceTime=1700000000)
    assert _call(fleet, "4.4", DATETIME, "setCfg", {"cfg": cfg}) == {"_ret_": 0}
    clock = _call(fleet, "4.4", DATETIME, "getTime", {"useOlson": False})
    assert 1700000000 <= clock["currentTime"] < 1700000000 + 60
    assert _call(fleet, "4.4", DATETIME, "getActiveNtpServers") == {"_ret_": []}


# ---------------------------------------------------------------- security.Security, devsettings.Modbus


def test_redirect_hsts_ssh_and_modbus_are_the_raw_keys(fleet):
    _call(fleet, "4.0", SECURITY, "setHttpRedirSettings", {"http2httpsRedir": False})
    _call(fleet, "4.0", SECURITY, "setHstsEnabled", {"enable": True})
    _call(fleet, "4.0", SECURITY, "setSSHSettings",
          {"settings": {"allowPasswordAuth": False, "allowPublicKeyAuth": True}})
    settings = _call(fleet, "4.0", MODBUS, "getSettings")["_ret_"]
    settings["tcp"]["readonly"] = False
    assert _call(fleet, "4.0", MODBUS, "setSettings", {"settings": settings}) == {"_ret_": 0}
    lines = _raw_lines(fleet, "4.0")
    for line in ("security.http_redirect=0", "security.hsts=1", "security.ssh.password_auth=0",
                 "modbus.tcp.readonly=0"):
        assert line in lines
    assert _call(fleet, "4.0", SECURITY, "getHttpRedirSettings") == {"_ret_": False}


@pytest.mark.parametrize("field, value", [("baudrate", 300), ("stopbits", 0), ("primaryUnitId", 248)])
def test_modbus_refuses_invalid_settings_with_1(fleet, field, value):
    before = _call(fleet, "4.4", MODBUS, "getSettings")["_ret_"]
    bad = copy.deepcopy(before)
    (bad if field == "primaryUnitId" else bad["serial"])[field] = value
    assert _call(fleet, "4.4", MODBUS, "setSettings", {"settings": bad}) == {"_ret_": 1}
    assert _call(fleet, "4.4", MODBUS, "getSettings")["_ret_"] == before


# ---------------------------------------------------------------- net.Net IPv6 and search domains


@pytest.mark.parametrize("generation", ["4.4", "4.0"])
def test_ipv6_and_search_domains_are_the_raw_keys(fleet, generation):
    settings = _call(fleet, generation, NET, "getSettings")["_ret_"]
    iface = next(item["value"] for item in settings["ifMap"] if item["key"] == "eth0")
    iface["ipv6"].update(enabled=True, configMethod=0, staticAddrCidr={"addr": "2001:db8::10", "prefixLen": 64},
                         staticDefaultGatewayAddr="2001:db8::1")
    settings["common"]["dns"]["searchSuffixes"] = ["example.com"]
    assert _call(fleet, generation, NET, "setSettings", {"settings": settings}) == {"_ret_": 0}
    lines = _raw_lines(fleet, generation)
    assert "net.interfaces[eth0].ipv6.static.addr_cidr.addr=2001:db8::10" in lines
    assert "net.routing.ipv6.default_gateway_addr=2001:db8::1" in lines
    assert any(line.startswith("net.dns.search_suffixes") and "example.com" in line for line in lines)
    info = _call(fleet, generation, NET, "getInfo")["_ret_"]
    active = next(item["value"] for item in info["ifMap"] if item["key"] == "eth0")["ipv6"]["addrsCidr"]
    assert active == [{"addr": "2001:db8::10", "prefixLen": 64}]


def test_settings_survive_a_restart(tmp_path):
    first = Simulator(state_dir=tmp_path)
    try:
        cfg = result(new_session(), first, DATETIME, "getCfg")["cfg"]
        cfg["ntpCfg"]["server1"] = "ntp.kept.example"
        assert result(new_session(), first, DATETIME, "setCfg", {"cfg": cfg}) == {"_ret_": 0}
        result(new_session(), first, SECURITY, "setHstsEnabled", {"enable": True})
        settings = result(new_session(), first, NET, "getSettings")["_ret_"]
        settings["common"]["dns"]["searchSuffixes"] = ["kept.example"]
        assert result(new_session(), first, NET, "setSettings", {"settings": settings}) == {"_ret_": 0}
    finally:
        assert first.stop() == 0
    second = Simulator(state_dir=tmp_path)
    try:
        assert result(new_session(), second, DATETIME, "getCfg")["cfg"]["ntpCfg"]["server1"] == "ntp.kept.example"
        assert result(new_session(), second, SECURITY, "isHstsEnabled") == {"_ret_": True}
        dns = result(new_session(), second, NET, "getSettings")["_ret_"]["common"]["dns"]
        assert dns["searchSuffixes"] == ["kept.example"]
    finally:
        assert second.stop() == 0
