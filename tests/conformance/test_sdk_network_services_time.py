# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SDK drives what xerus_network, xerus_services and xerus_datetime use, and the device refuses invalid
input with the IDL's codes (XERUS-PROTOCOL.md 4.4; the vendor IDLs of net.Net, net.Services, security.Security,
devsettings.Modbus and datetime.DateTime).

The in-process SDK is PyPI's 4.4.1 against a 4.4 generation device; the 4.0 generation device is driven by
Debian's 4.0.20 bindings in a subprocess (vendor/sdk_dayone_calls.py), which prints what they saw.
"""

import copy
import json
import subprocess
import sys

import pytest
import raritan.rpc
import vendor
from raritan.rpc import datetime as rpc_datetime
from raritan.rpc import devsettings, net, security
from simproc import make_agent

NET, SERVICES, SECURITY, MODBUS, DATETIME = "/net", "/net/services", "/security", "/modbus", "/datetime"


@pytest.fixture
def sdk(fleet):
    return make_agent(fleet.address_of("4.4"))


# -- net.Net ------------------------------------------------------------------------


def _eth0(settings):
    return settings.ifMap["eth0"]


def test_net_settings_round_trip_and_read_back(sdk):
    proxy = net.Net(NET, sdk)
    settings = proxy.getSettings()
    settings.common.dns.serverAddrs = ["192.0.2.53"]
    settings.common.dns.searchSuffixes = ["example.com"]
    _eth0(settings).ipv4.dhcpPreferredHostname = "sdk-host"
    _eth0(settings).ipv6.dhcpPreferredHostname = "sdk-host"
    assert proxy.setSettings(settings) == 0
    again = proxy.getSettings()
    assert again.common.dns.serverAddrs == ["192.0.2.53"]
    assert again.common.dns.searchSuffixes == ["example.com"]
    assert _eth0(again).ipv4.dhcpPreferredHostname == "sdk-host"
    info = proxy.getInfo()
    assert info.ifMap["eth0"].ipv4.dhcpPreferredHostname == "sdk-host"
    assert info.common.dns.serverAddrs == ["192.0.2.53"]


def _dns_servers(value):
    def change(settings):
        settings.common.dns.serverAddrs = value

    return change


def _suffixes(value):
    def change(settings):
        settings.common.dns.searchSuffixes = value

    return change


def _ipv4(**fields):
    def change(settings):
        for name, value in fields.items():
            setattr(_eth0(settings).ipv4, name, value)

    return change


def _ipv6(**fields):
    def change(settings):
        for name, value in fields.items():
            setattr(_eth0(settings).ipv6, name, value)

    return change


def _mtu(value):
    def change(settings):
        settings.ethMap["eth0"].mtu = value

    return change


@pytest.mark.parametrize(
    "change, code",
    [
        (_dns_servers(["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"]), 100),  # ERR_DNS_TOO_MANY_SERVERS
        (_dns_servers(["not-an-address"]), 101),  # ERR_DNS_INVALID_SERVER
        (_suffixes(["a.example"] * 7), 102),  # ERR_DNS_TOO_MANY_SEARCH_SUFFIXES
        (_suffixes(["bad suffix"]), 103),  # ERR_DNS_INVALID_SEARCH_SUFFIX
        (_ipv4(staticDefaultGatewayAddr="192.0.2.300"), 200),  # ERR_ROUTING_IPV4_INVALID_DFLT_GATEWAY_ADDR
        (_ipv6(staticDefaultGatewayAddr="192.0.2.1"), 201),  # ERR_ROUTING_IPV6_INVALID_DFLT_GATEWAY_ADDR
        (_ipv4(configMethod=net.IpConfigMethod.AUTO), 400),  # ERR_IF_IPV4_INVALID_CONFIG_METHOD
        (_ipv6(configMethod=net.IpConfigMethod.DHCP), 401),  # ERR_IF_IPV6_INVALID_CONFIG_METHOD
        (_ipv4(staticAddrCidr=net.IpAddrCidr(addr="192.0.2.300", prefixLen=24)), 402),
        (
            _ipv6(
                enabled=True,
                configMethod=net.IpConfigMethod.STATIC,
                staticAddrCidr=net.IpAddrCidr(addr="2001:db8::zz", prefixLen=64),
            ),
            403,
        ),
        (_ipv4(staticAddrCidr=net.IpAddrCidr(addr="192.0.2.10", prefixLen=33)), 404),
        (_ipv6(staticAddrCidr=net.IpAddrCidr(addr="", prefixLen=129)), 405),
        (_ipv4(dhcpPreferredHostname="two words"), 406),  # ERR_IF_IPV4_INVALID_DHCP_PREF_HOSTNAME
        (_ipv6(dhcpPreferredHostname="x" * 64), 407),  # ERR_IF_IPV6_INVALID_DHCP_PREF_HOSTNAME
        (_mtu(100), 501),  # ERR_ETH_IF_INVALID_MTU
    ],
)
def test_net_refuses_invalid_settings_with_the_idl_codes(sdk, change, code):
    proxy = net.Net(NET, sdk)
    before = proxy.getSettings()
    settings = copy.deepcopy(before)
    change(settings)
    assert proxy.setSettings(settings) == code
    assert proxy.getSettings().encode() == before.encode()


# -- net.Services ------------------------------------------------------------------------


def test_services_change_only_the_named_ones(sdk):
    proxy = net.Services(SERVICES, sdk)
    before = {item.service: (item.enable, item.port) for item in proxy.getSettings()}
    assert set(before) >= {"http", "https", "ssh", "telnet", "modbus"}
    assert proxy.setSettings([net.ServiceSettings(service="telnet", enable=True, port=2323)]) == 0
    after = {item.service: (item.enable, item.port) for item in proxy.getSettings()}
    assert after["telnet"] == (True, 2323)
    assert {name: value for name, value in after.items() if name != "telnet"} == {
        name: value for name, value in before.items() if name != "telnet"
    }
    assert proxy.setSettings([net.ServiceSettings(service="telnet", enable=False, port=23)]) == 0


@pytest.mark.parametrize(
    "entries",
    [
        [("gopher", True, 70)],  # not a service of the device
        [("ssh", True, 0)],  # port out of range
        [("telnet", True, 22)],  # the port of enabled ssh
        [("https", False, 443)],  # JSON-RPC runs over it
        [("ssh", True, 22), ("ssh", False, 22)],  # named twice
    ],
)
def test_services_refuse_invalid_changes_with_err_invalid_params(sdk, entries):
    proxy = net.Services(SERVICES, sdk)
    before = [item.encode() for item in proxy.getSettings()]
    settings = [net.ServiceSettings(service=name, enable=enable, port=port) for name, enable, port in entries]
    assert proxy.setSettings(settings) == net.Services.ERR_INVALID_PARAMS
    assert [item.encode() for item in proxy.getSettings()] == before


# -- security.Security and devsettings.Modbus -----------------------------------------


def test_security_redirect_hsts_and_ssh_round_trip(sdk):
    proxy = security.Security(SECURITY, sdk)
    redirect, hsts, ssh = proxy.getHttpRedirSettings(), proxy.isHstsEnabled(), proxy.getSSHSettings()
    proxy.setHttpRedirSettings(not redirect)
    proxy.setHstsEnabled(not hsts)
    proxy.setSSHSettings(
        security.SSHSettings(allowPasswordAuth=not ssh.allowPasswordAuth, allowPublicKeyAuth=ssh.allowPublicKeyAuth)
    )
    assert (proxy.getHttpRedirSettings(), proxy.isHstsEnabled()) == (not redirect, not hsts)
    assert proxy.getSSHSettings().allowPasswordAuth is (not ssh.allowPasswordAuth)
    proxy.setHttpRedirSettings(redirect)
    proxy.setHstsEnabled(hsts)
    proxy.setSSHSettings(ssh)


def test_security_refuses_a_wrongly_typed_value(sdk):
    with pytest.raises(raritan.rpc.JsonRpcErrorException, match="code = -32602"):
        sdk.json_rpc(SECURITY, "setHttpRedirSettings", {"http2httpsRedir": "yes"})


def test_modbus_settings_round_trip_and_refusals(sdk):
    proxy = devsettings.Modbus(MODBUS, sdk)
    assert proxy.getCapabilities().hasModbusSerial is False
    settings = proxy.getSettings()
    settings.tcp.readonly = not settings.tcp.readonly
    assert proxy.setSettings(settings) == 0
    assert proxy.getSettings().tcp.readonly == settings.tcp.readonly
    for field, value in (("baudrate", 12345), ("stopbits", 3)):
        bad = proxy.getSettings()
        setattr(bad.serial, field, value)
        assert proxy.setSettings(bad) == devsettings.Modbus.ERR_INVALID_PARAM
    bad = proxy.getSettings()
    bad.primaryUnitId = 300
    assert proxy.setSettings(bad) == devsettings.Modbus.ERR_INVALID_PARAM
    assert proxy.getSettings().encode() == settings.encode()


# -- datetime.DateTime ------------------------------------------------------------------------


def test_datetime_configuration_round_trip(sdk):
    proxy = rpc_datetime.DateTime(DATETIME, sdk)
    zones = {zone.name: zone for zone in proxy.getZoneInfos(False)}
    assert {"UTC", "Europe/Berlin"} <= set(zones) and zones["Europe/Berlin"].hasDSTInfo
    cfg = proxy.getCfg()
    cfg.protocol = rpc_datetime.DateTime.Protocol.NTP
    cfg.ntpCfg.server1, cfg.ntpCfg.server2 = "192.0.2.123", "ntp.invalid"
    cfg.zoneCfg.id = zones["Europe/Berlin"].id
    assert proxy.setCfg(cfg) == 0
    again = proxy.getCfg()
    assert (again.ntpCfg.server1, again.ntpCfg.server2, again.zoneCfg.name) == (
        "192.0.2.123",
        "ntp.invalid",
        "Europe/Berlin",
    )
    assert proxy.getActiveNtpServers() == ["192.0.2.123"]
    zone, _dst, _offset, current = proxy.getTime(False)
    assert zone.name == "Europe/Berlin" and current.year >= 2024


def test_datetime_ntp_check_answers_codes(sdk):
    proxy = rpc_datetime.DateTime(DATETIME, sdk)
    no_key = rpc_datetime.DateTime.NtpAuthKey(type=rpc_datetime.DateTime.NtpAuthKeyType.SHA256, dataHex="")
    assert proxy.checkNtpServer("192.0.2.123", 0, no_key) == rpc_datetime.DateTime.SUCCESS
    assert proxy.checkNtpServer("ntp.invalid", 0, no_key) == rpc_datetime.DateTime.ERR_NTP_CHECK_ADDRESS_RESOLVE_ERROR
    assert proxy.checkNtpServer("192.0.2.123", 9, no_key) == rpc_datetime.DateTime.ERR_NTP_CHECK_AUTH_KEY_ID_UNKNOWN


def _zone(zone_id):
    def change(cfg):
        cfg.zoneCfg.id = zone_id

    return change


def _server(name):
    def change(cfg):
        cfg.ntpCfg.server1 = name

    return change


def _key_id(key_id):
    def change(cfg):
        cfg.ntpCfg.server1AuthKeyId = key_id

    return change


def _key(data):
    def change(cfg):
        cfg.ntpCfg.authKeys = {
            5: rpc_datetime.DateTime.NtpAuthKey(type=rpc_datetime.DateTime.NtpAuthKeyType.SHA256, dataHex=data)
        }

    return change


@pytest.mark.parametrize("change", [_zone(9999), _server("-bad-.example"), _key_id(7), _key("not hex")])
def test_datetime_refuses_an_invalid_configuration_with_1(sdk, change):
    proxy = rpc_datetime.DateTime(DATETIME, sdk)
    before = proxy.getCfg()
    cfg = proxy.getCfg()
    change(cfg)
    assert proxy.setCfg(cfg) == 1
    after = proxy.getCfg()
    assert after.ntpCfg.encode() == before.ntpCfg.encode() and after.zoneCfg.encode() == before.zoneCfg.encode()


def test_datetime_keys_are_write_only(sdk):
    proxy = rpc_datetime.DateTime(DATETIME, sdk)
    cfg = proxy.getCfg()
    _key("00112233445566778899aabbccddeeff")(cfg)
    cfg.ntpCfg.server1AuthKeyId = 5
    assert proxy.setCfg(cfg) == 0
    stored = proxy.getCfg()
    assert stored.ntpCfg.server1AuthKeyId == 5 and stored.ntpCfg.authKeys[5].dataHex == ""
    assert proxy.setCfg(stored) == 0  # empty key data keeps the key
    no_key = rpc_datetime.DateTime.NtpAuthKey(type=rpc_datetime.DateTime.NtpAuthKeyType.SHA256, dataHex="")
    assert proxy.checkNtpServer("192.0.2.123", 5, no_key) == rpc_datetime.DateTime.SUCCESS


# -- the 4.0 generation with Debian's bindings ---------------------------------------------


@pytest.fixture(scope="module")
def calls_40(fleet, vendor_cache):
    script = vendor.HERE / "sdk_dayone_calls.py"
    done = subprocess.run(
        [sys.executable, str(script), fleet.address_of("4.0"), "admin", "legrand"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=vendor.python_env(vendor_cache, "4.0.20"),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_the_4_0_bindings_drive_every_interface(calls_40):
    assert calls_40["bindings"] == "4.0.20"
    assert calls_40["failures"] == []
    assert calls_40["codes"] == {
        "net dns too many servers": 100,
        "net invalid hostname": 406,
        "services port collision": 1,
        "modbus bad baud rate": 1,
        "datetime unknown zone": 1,
    }
    assert calls_40["ntp_check"] == {"192.0.2.123": True, "ntp.invalid": False}
    assert calls_40["type_ids"]["/datetime"] == "datetime.DateTime:3.0.3"
    assert calls_40["type_ids"]["/net"] == "net.Net:7.0.0"
