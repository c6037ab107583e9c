# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Drive net.Net, net.Services, security.Security, devsettings.Modbus and datetime.DateTime with whichever vendor
bindings `import raritan` finds (run with Debian's 4.0.20 against a 4.0 generation device), and report.

    python sdk_dayone_calls.py HOST:PORT USER PASSWORD

Prints one JSON object: the bindings' version, the type ids the device names, the return codes of invalid
inputs, the NTP check verdicts, and every call that raised (which should be none).
"""

import copy
import json
import sys
import traceback

import raritan.rpc
from raritan.rpc import datetime as rpc_datetime
from raritan.rpc import devsettings, net, security


def bindings_version():
    try:
        from raritan import version

        return f"{version.__sdk_version__}.{version.__sdk_subversion__}"
    except (ImportError, AttributeError):
        import importlib.metadata

        return importlib.metadata.version("raritan")


def _net_codes(proxy):
    codes = {}
    settings = proxy.getSettings()
    too_many = copy.deepcopy(settings)
    too_many.common.dns.serverAddrs = ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"]
    codes["net dns too many servers"] = proxy.setSettings(too_many)
    bad_name = copy.deepcopy(settings)
    bad_name.ifMap["eth0"].ipv4.dhcpPreferredHostname = "two words"
    codes["net invalid hostname"] = proxy.setSettings(bad_name)
    good = copy.deepcopy(settings)
    good.common.dns.serverAddrs = ["192.0.2.53"]
    if proxy.setSettings(good) != 0 or proxy.getSettings().common.dns.serverAddrs != ["192.0.2.53"]:
        raise AssertionError("net.Net did not store valid settings")
    return codes


def _services_code(proxy):
    listed = {item.service: item for item in proxy.getSettings()}
    if not {"http", "https", "ssh", "telnet", "modbus"} <= set(listed):
        raise AssertionError(f"services listed: {sorted(listed)}")
    return proxy.setSettings([net.ServiceSettings(service="telnet", enable=True, port=listed["ssh"].port)])


def _security(proxy):
    redirect = proxy.getHttpRedirSettings()
    proxy.setHttpRedirSettings(not redirect)
    ssh = proxy.getSSHSettings()
    proxy.setSSHSettings(ssh)
    proxy.setHstsEnabled(proxy.isHstsEnabled())
    if proxy.getHttpRedirSettings() is redirect:
        raise AssertionError("the redirect setting did not change")
    proxy.setHttpRedirSettings(redirect)


def _modbus_code(proxy):
    settings = proxy.getSettings()
    settings.tcp.readonly = not settings.tcp.readonly
    if proxy.setSettings(settings) != 0:
        raise AssertionError("Modbus settings refused")
    settings.serial.baudrate = 12345
    return proxy.setSettings(settings)


def _datetime(proxy):
    zones = {zone.name: zone.id for zone in proxy.getZoneInfos(False)}
    cfg = proxy.getCfg()
    cfg.protocol = rpc_datetime.DateTime.Protocol.NTP
    cfg.ntpCfg.server1 = "192.0.2.123"
    cfg.zoneCfg.id = zones["Europe/Berlin"]
    if proxy.setCfg(cfg) != 0 or proxy.getActiveNtpServers() != ["192.0.2.123"]:
        raise AssertionError("DateTime did not store a valid configuration")
    proxy.getTime(False)
    bad = proxy.getCfg()
    bad.zoneCfg.id = 9999
    checks = {server: proxy.checkNtpServer(server) for server in ("192.0.2.123", "ntp.invalid")}
    return proxy.setCfg(bad), checks


def main():
    address, user, password = sys.argv[1:4]
    agent = raritan.rpc.Agent("https", address, user, password, disable_certificate_verification=True, timeout=30)
    report = {"bindings": bindings_version(), "codes": {}, "failures": [], "type_ids": {}}
    steps = [
        ("net", lambda: report["codes"].update(_net_codes(net.Net("/net", agent)))),
        (
            "services",
            lambda: report["codes"].update(
                {"services port collision": _services_code(net.Services("/net/services", agent))}
            ),
        ),
        ("security", lambda: _security(security.Security("/security", agent))),
        (
            "modbus",
            lambda: report["codes"].update(
                {"modbus bad baud rate": _modbus_code(devsettings.Modbus("/modbus", agent))}
            ),
        ),
    ]
    for name, step in steps:
        try:
            step()
        except Exception:  # every failure is reported, not only the first
            report["failures"].append({"step": name, "error": traceback.format_exc(limit=3)})
    try:
        code, checks = _datetime(rpc_datetime.DateTime("/datetime", agent))
        report["codes"]["datetime unknown zone"] = code
        report["ntp_check"] = checks
    except Exception:
        report["failures"].append({"step": "datetime", "error": traceback.format_exc(limit=3)})
    for rid in ("/net", "/net/services", "/security", "/modbus", "/datetime"):
        report["type_ids"][rid] = agent.json_rpc(rid, "getTypeInfo", {})["_ret_"]["id"]
    print(json.dumps(report))


if __name__ == "__main__":
    main()
