# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The day-one settings (time, security, DNS search domains) are kept across a simulator restart."""

from simfixture import Simulator, new_session, result

DATETIME, SECURITY, NET = "/datetime", "/security", "/net"


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
