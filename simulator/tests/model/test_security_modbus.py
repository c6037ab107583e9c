# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""security.Security's redirect, HSTS and SSH settings and devsettings.Modbus: one state with the raw
configuration keys, and Modbus refusals with the IDL code."""

import copy

import pytest
from simfixture import raw_lines, result_on

SECURITY, MODBUS = "/security", "/modbus"


def test_redirect_hsts_ssh_and_modbus_are_the_raw_keys(fleet):
    result_on(fleet, "4.0", SECURITY, "setHttpRedirSettings", {"http2httpsRedir": False})
    result_on(fleet, "4.0", SECURITY, "setHstsEnabled", {"enable": True})
    result_on(
        fleet, "4.0", SECURITY, "setSSHSettings", {"settings": {"allowPasswordAuth": False, "allowPublicKeyAuth": True}}
    )
    settings = result_on(fleet, "4.0", MODBUS, "getSettings")["_ret_"]
    settings["tcp"]["readonly"] = False
    assert result_on(fleet, "4.0", MODBUS, "setSettings", {"settings": settings}) == {"_ret_": 0}
    lines = raw_lines(fleet, fleet.index_of("4.0"))
    for line in (
        "security.http_redirect=0",
        "security.hsts=1",
        "security.ssh.password_auth=0",
        "modbus.tcp.readonly=0",
    ):
        assert line in lines
    assert result_on(fleet, "4.0", SECURITY, "getHttpRedirSettings") == {"_ret_": False}


@pytest.mark.parametrize("field, value", [("baudrate", 300), ("stopbits", 0), ("primaryUnitId", 248)])
def test_modbus_refuses_invalid_settings_with_1(fleet, field, value):
    before = result_on(fleet, "4.4", MODBUS, "getSettings")["_ret_"]
    bad = copy.deepcopy(before)
    (bad if field == "primaryUnitId" else bad["serial"])[field] = value
    assert result_on(fleet, "4.4", MODBUS, "setSettings", {"settings": bad}) == {"_ret_": 1}
    assert result_on(fleet, "4.4", MODBUS, "getSettings")["_ret_"] == before
