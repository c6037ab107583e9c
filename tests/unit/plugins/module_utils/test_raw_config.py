# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Raw configuration area (raw_config.py): plans, device-list rows, vectors, refusals."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import config_files, config_transfer, raw_config


class FakeRawClient:
    device = "pdu.example:443"

    def __init__(self):
        self.calls = []

    def call_ret(self, rid, method, params=None, safe=False):
        self.calls.append((rid, method))
        return {"nameplate": {"serialNumber": "XEM0000002"}, "macAddress": "00:0d:5d:00:00:02"}


CURRENT_TEXT = """# Xerus raw configuration
# model=PX3-5190R serial=XEM0000002 firmware_version=4.2.0.5-50274
net.interfaces[eth0].ipv4.static.addr_cidr.addr=192.0.2.7
net.dns.server_addrs._s_=1
net.dns.server_addrs[0]._c_=192.0.2.53
pdu.name=rack-b
pdu.outlet_sequence._s_=0
pdu.outlets._s_=2
pdu.outlets[0].name=
pdu.outlets[1].name=
proto_listener[ssh].port=22
users[1].roles._s_=1
users[1].roles[0]=1
snmp.sys_location=
snmp.v2c.read_community=public
"""
DEVICES = (
    b"# serial,name,location,mac,ip\nXEM0000001,a-1,row 1,00:0d:5d:00:00:01,192.0.2.6\n"
    b"XEM0000002,b-1,row 2,00:0D:5D:00:00:02,192.0.2.7\n"
)


def raw_plan(desired, text=CURRENT_TEXT):
    area = raw_config.RawConfig(FakeRawClient(), timeout=1)
    return area.plan(desired, config_files.raw_download(text.encode()))


def settings(values, **kwargs):
    expanded, vectors = config_files.settings_values(values)
    return raw_config.DesiredRaw(expanded, vectors=vectors, **kwargs)


@pytest.mark.parametrize("match", [("serial", 1), ("mac", 4), ("ip", 5)])
def test_device_list_row_resolved_like_the_device(match):
    desired = settings(
        {"pdu.outlets[0].name": "${2}", "snmp.sys_location": "${3} (${1})"}, match=match, device_list=DEVICES
    )
    plan = raw_plan(desired)
    assert plan.differences == [("pdu.outlets[0].name", "", "b-1"), ("snmp.sys_location", "", "row 2 (XEM0000002)")]
    assert plan.lines == [("pdu.outlets[0].name", "${2}"), ("snmp.sys_location", "${3} (${1})")]


def test_equal_resolved_values_are_no_difference():
    desired = settings({"pdu.outlets[0].name": "${2}"}, match=("serial", 1), device_list=DEVICES)
    assert (
        raw_plan(desired, CURRENT_TEXT.replace("pdu.outlets[0].name=\n", "pdu.outlets[0].name=b-1\n")).differences == []
    )


def test_real_keys_change_once_and_compare_equal_afterwards():
    desired = settings({"pdu.name": "rack-a", "net.dns.server_addrs": ["192.0.2.54"], "proto_listener[ssh].port": 2222})
    plan = raw_plan(desired)
    assert plan.differences == [
        ("pdu.name", "rack-b", "rack-a"),
        ("proto_listener[ssh].port", "22", "2222"),
        ("net.dns.server_addrs[0]", "192.0.2.53", "192.0.2.54"),
    ]
    assert plan.lines == [
        ("pdu.name", "rack-a"),
        ("proto_listener[ssh].port", "2222"),
        ("net.dns.server_addrs._s_", "1"),
        ("net.dns.server_addrs._e_.0", "192.0.2.54"),
    ]
    after = CURRENT_TEXT.replace("rack-b", "rack-a").replace("=192.0.2.53", "=192.0.2.54").replace("=22\n", "=2222\n")
    assert raw_plan(desired, after).differences == []


@pytest.mark.parametrize(
    "values",
    [
        {"net.dns.server_addrs._e_.0": "192.0.2.53"},
        {"net.dns.server_addrs[0]._c_": "192.0.2.53"},
        {"net.dns.server_addrs[0]": "192.0.2.53"},
        {"net.dns.server_addrs": ["192.0.2.53"]},
        {"net.dns.server_addrs._s_": "1"},
        {"users[1].roles._e_.0": 1},
        {"pdu.outlets._s_": 2},
    ],
)
def test_both_forms_of_an_element_compare_with_the_download(values):
    assert raw_plan(settings(values)).differences == []


def test_a_vector_is_written_whole_size_and_every_element():
    plan = raw_plan(settings({"net.dns.server_addrs._e_.1": "192.0.2.54"}))
    assert plan.differences == [("net.dns.server_addrs._s_", "1", "2"), ("net.dns.server_addrs[1]", None, "192.0.2.54")]
    assert plan.lines == [
        ("net.dns.server_addrs._s_", "2"),
        ("net.dns.server_addrs._e_.0", "192.0.2.53"),
        ("net.dns.server_addrs._e_.1", "192.0.2.54"),
    ]
    shrink = raw_plan(settings({"net.dns.server_addrs": []}))
    assert shrink.differences == [
        ("net.dns.server_addrs._s_", "1", "0"),
        ("net.dns.server_addrs[0]", "192.0.2.53", None),
    ]
    assert shrink.lines == [("net.dns.server_addrs._s_", "0")]
    assert raw_config.diff_texts(shrink.differences) == {
        "before": "net.dns.server_addrs._s_=1\nnet.dns.server_addrs[0]=192.0.2.53\n",
        "after": "net.dns.server_addrs._s_=0\n",
    }


@pytest.mark.parametrize(
    "desired, words",
    [
        (
            settings({"pdu.outlets[2].colour": "blue", "pdu.nope": "x"}),
            ["unknown configuration keys", "pdu.nope, pdu.outlets[2].colour"],
        ),
        (
            settings({"outlet.1.name": "web-1"}),
            ["unknown configuration key", "outlet.1.name (the device's key is pdu.outlets[0].name)"],
        ),
        (settings({"pdu.name": ["a"]}), ["pdu.name is given as a list but is not a vector"]),
        (settings({"net.dns.server_addrs._s_": 3}), ["element 1 of the vector net.dns.server_addrs has no value"]),
        (
            settings({"pdu.outlets[0].name": "${2}"}, match=("serial", 1), device_list=b"XEM9,x\n"),
            ["device_list has no row", "serial (XEM0000002)"],
        ),
        (settings({"pdu.outlets[0].name": "${2}"}, device_list=DEVICES), ["needs a match"]),
        (settings({"pdu.outlets[0].name": "x"}, match=("serial", 1)), ["match needs device_list"]),
        (
            settings({"pdu.outlets[0].name": "${9}"}, match=("serial", 1), device_list=DEVICES),
            ["beyond the device-list row"],
        ),
        (
            settings(
                {"pdu.outlets[0].name": "${2}"},
                match=("serial", 1),
                device_list="XEM0000002,rack\u2028snmp.v2c.write_community=pwned\n".encode(),
            ),
            ["device_list", "row 1 column 2 contains U+2028"],
        ),
    ],
)
def test_raw_plan_refusals_name_the_problem(desired, words):
    with pytest.raises(config_transfer.ConfigError) as failure:
        raw_plan(desired)
    for word in words:
        assert word in str(failure.value)
    assert str(failure.value).startswith("pdu.example:443: ")
    assert "pwned" not in str(failure.value) and failure.value.changed is False


def test_a_device_value_with_a_line_separator_is_reported_and_replaced():
    text = CURRENT_TEXT.replace("pdu.name=rack-b", "pdu.name=rack\u2028snmp.v2c.write_community=x")
    current = config_files.raw_download(text.encode())
    assert current.unsafe == ["pdu.name"]
    plan = raw_plan(settings({"pdu.name": "rack-b"}), text)
    assert raw_config.changed_entries(plan.differences) == [
        {"key": "pdu.name", "before": "rack\\u2028snmp.v2c.write_community=x", "after": "rack-b"}
    ]
    warning = config_transfer.unsafe_warnings("pdu.example:443", "raw configuration", current.unsafe)[0]
    assert "pdu.name" in warning and "written by another tool" in warning


def test_raw_changed_entries_and_diff_mask_secrets():
    differences = [("snmp.v2c.read_community", "public", "s3cret"), ("pdu.outlets[0].name", "", "x")]
    assert raw_config.changed_entries(differences)[0] == {
        "key": "snmp.v2c.read_community",
        "before": "********",
        "after": "********",
    }
    diff = raw_config.diff_texts(differences)
    assert diff["after"] == "snmp.v2c.read_community=******** (changed)\npdu.outlets[0].name=x\n"
    assert "public" not in diff["before"]


def test_device_host():
    assert raw_config.device_host("127.1.2.1:8443") == "127.1.2.1"
    assert raw_config.device_host("[::1]:443") == "::1"
