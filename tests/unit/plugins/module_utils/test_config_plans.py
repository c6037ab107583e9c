# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an apply would change: bulk comparison, restore skip rules, query strings, raw plans (bulkcfg.py, rawcfg.py)."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import bulkcfg, cfgfiles, configs, rawcfg

# The device's filters as getFilters returns them (docs/protocol/XERUS-PROTOCOL.md section 8.1).
FILTERS = [
    {"name": "device_identity", "noOverride": False, "bulkOnly": True,
     "ruleSpecs": ["pdu.name", "snmp.sys_name", "snmp.sys_location"]},
    {"name": "network", "noOverride": True, "bulkOnly": True, "ruleSpecs": ["net.*"]},
    {"name": "outlet_settings", "noOverride": False, "bulkOnly": False, "ruleSpecs": ["pdu.outlets*"]},
    {"name": "pdu_settings", "noOverride": False, "bulkOnly": False, "ruleSpecs": ["pdu.*"]},
    {"name": "snmp_settings", "noOverride": False, "bulkOnly": False, "ruleSpecs": ["snmp.*"]},
    {"name": "security_settings", "noOverride": False, "bulkOnly": False,
     "ruleSpecs": ["security.*", "modbus.*", "proto_listener*"]},
    {"name": "user_management", "noOverride": False, "bulkOnly": True, "ruleSpecs": ["roles*", "users*"]},
]


def bulk(mode, values, encrypted=None):
    return cfgfiles.BulkFile({"mode": mode, "model": "PX3-5190R"}, dict(values), dict(encrypted or {}), None)


class Lookup:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return FILTERS


def test_save_query_is_clear_text_unless_a_password_encrypts():
    assert bulkcfg.save_query("bulk") == "config_format=cleartext&link_ids=1"
    assert bulkcfg.save_query("backup") == "config_format=cleartext&link_ids=1&mode=backup"
    assert bulkcfg.save_query("bulk", "p w/&x") == "bulk_config_password=p%20w/%26x&link_ids=1"


def test_restore_query_in_sdk_order():
    assert bulkcfg.restore_query("bulk") == "link_ids=1"
    assert bulkcfg.restore_query("backup", ["model", "firmware_version"], "pw") == \
        "user_password=pw&skip_checks=firmware_version,model&link_ids=1&mode=backup"


@pytest.mark.parametrize("file_mode, restore_mode, key, skipped", [
    ("bulk", "bulk", "net.interfaces[eth0].ipv4.enabled", True),          # a bulk file never applies network settings
    ("bulk", "backup", "net.interfaces[eth0].ipv4.enabled", True),
    ("bulk", "bulk", "pdu.name", False),
    ("backup", "bulk", "pdu.name", True),            # bulk-only filters skipped without mode=backup
    ("backup", "bulk", "net.dns.server_addrs[0]", True),
    ("backup", "backup", "pdu.name", False),
    ("backup", "bulk", "pdu.cycle_delay", False),    # first matching filter owns the key
    ("backup", "bulk", "pdu.outlets[8].name", False),
    ("bulk", "bulk", "frobnicate", False),           # no owner: the device decides
])
def test_restore_skip_rules(file_mode, restore_mode, key, skipped):
    assert bulkcfg.skipped_by_restore(FILTERS, file_mode, restore_mode, key) is skipped


def test_equal_values_need_no_filters_and_no_change():
    lookup = Lookup()
    current = bulk("bulk", {"pdu.outlets[0].name": "a", "snmp.v2c.read_community": "public"})
    plan = bulkcfg.plan_apply(current, bulk("bulk", {"pdu.outlets[0].name": "a"}, {"snmp.v2c.read_community": "tok"}),
                              "bulk", lookup)
    assert not plan.changed
    assert plan.uncompared == ["snmp.v2c.read_community"]
    assert lookup.calls == 0


def test_differences_missing_keys_and_skipped_keys():
    current = bulk("bulk", {"pdu.outlets[0].name": "a", "pdu.outlets[1].name": "b", "snmp.v2c.write_community": "private"})
    desired = bulk("backup", {"pdu.outlets[0].name": "x", "pdu.outlets[1].name": "b", "pdu.outlets[8].name": "nine", "pdu.name": "p",
                              "net.interfaces[eth0].ipv4.enabled": "h", "snmp.v2c.write_community": "other"})
    lookup = Lookup()
    plan = bulkcfg.plan_apply(current, desired, "bulk", lookup)
    assert plan.differences == [("pdu.outlets[0].name", "a", "x"), ("pdu.outlets[8].name", None, "nine"),
                                ("snmp.v2c.write_community", "private", "other")]
    assert plan.skipped == ["pdu.name", "net.interfaces[eth0].ipv4.enabled"]
    assert lookup.calls == 1
    assert plan.changed_keys()[2] == {"key": "snmp.v2c.write_community", "before": cfgfiles.MASK, "after": cfgfiles.MASK}


def test_bulk_diff_masks_secrets_and_marks_their_change():
    current = bulk("bulk", {"pdu.outlets[0].name": "a", "snmp.v2c.read_community": "public"})
    plan = bulkcfg.plan_apply(current, bulk("bulk", {"pdu.outlets[0].name": "b", "snmp.v2c.read_community": "new"}),
                              "bulk", Lookup())
    before, after = bulkcfg.diff_texts(current, plan)
    assert before == "pdu.outlets[0].name=a\nsnmp.v2c.read_community=********\n"
    assert after == "pdu.outlets[0].name=b\nsnmp.v2c.read_community=******** (changed)\n"
    assert "public" not in before + after and "new" not in before + after


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
DEVICES = b"# serial,name,location,mac,ip\nXEM0000001,a-1,row 1,00:0d:5d:00:00:01,192.0.2.6\n" \
          b"XEM0000002,b-1,row 2,00:0D:5D:00:00:02,192.0.2.7\n"


def raw_plan(desired, text=CURRENT_TEXT):
    area = rawcfg.RawConfig(FakeRawClient(), timeout=1)
    return area.plan(desired, cfgfiles.raw_download(text.encode()))


def settings(values, **kwargs):
    expanded, vectors = cfgfiles.settings_values(values)
    return rawcfg.DesiredRaw(expanded, vectors=vectors, **kwargs)


@pytest.mark.parametrize("match", [("serial", 1), ("mac", 4), ("ip", 5)])
def test_device_list_row_resolved_like_the_device(match):
    desired = settings({"pdu.outlets[0].name": "${2}", "snmp.sys_location": "${3} (${1})"},
                       match=match, device_list=DEVICES)
    plan = raw_plan(desired)
    assert plan.differences == [("pdu.outlets[0].name", "", "b-1"), ("snmp.sys_location", "", "row 2 (XEM0000002)")]
    assert plan.lines == [("pdu.outlets[0].name", "${2}"), ("snmp.sys_location", "${3} (${1})")]


def test_equal_resolved_values_are_no_difference():
    desired = settings({"pdu.outlets[0].name": "${2}"}, match=("serial", 1), device_list=DEVICES)
    assert raw_plan(desired, CURRENT_TEXT.replace("pdu.outlets[0].name=\n", "pdu.outlets[0].name=b-1\n")).differences == []


def test_real_keys_change_once_and_compare_equal_afterwards():
    desired = settings({"pdu.name": "rack-a", "net.dns.server_addrs": ["192.0.2.54"], "proto_listener[ssh].port": 2222})
    plan = raw_plan(desired)
    assert plan.differences == [("pdu.name", "rack-b", "rack-a"), ("proto_listener[ssh].port", "22", "2222"),
                                ("net.dns.server_addrs[0]", "192.0.2.53", "192.0.2.54")]
    assert plan.lines == [("pdu.name", "rack-a"), ("proto_listener[ssh].port", "2222"),
                          ("net.dns.server_addrs._s_", "1"), ("net.dns.server_addrs._e_.0", "192.0.2.54")]
    after = CURRENT_TEXT.replace("rack-b", "rack-a").replace("=192.0.2.53", "=192.0.2.54").replace("=22\n", "=2222\n")
    assert raw_plan(desired, after).differences == []


@pytest.mark.parametrize("values", [
    {"net.dns.server_addrs._e_.0": "192.0.2.53"}, {"net.dns.server_addrs[0]._c_": "192.0.2.53"},
    {"net.dns.server_addrs[0]": "192.0.2.53"}, {"net.dns.server_addrs": ["192.0.2.53"]},
    {"net.dns.server_addrs._s_": "1"}, {"users[1].roles._e_.0": 1}, {"pdu.outlets._s_": 2},
])
def test_both_forms_of_an_element_compare_with_the_download(values):
    assert raw_plan(settings(values)).differences == []


def test_a_vector_is_written_whole_size_and_every_element():
    plan = raw_plan(settings({"net.dns.server_addrs._e_.1": "192.0.2.54"}))
    assert plan.differences == [("net.dns.server_addrs._s_", "1", "2"), ("net.dns.server_addrs[1]", None, "192.0.2.54")]
    assert plan.lines == [("net.dns.server_addrs._s_", "2"), ("net.dns.server_addrs._e_.0", "192.0.2.53"),
                          ("net.dns.server_addrs._e_.1", "192.0.2.54")]
    shrink = raw_plan(settings({"net.dns.server_addrs": []}))
    assert shrink.differences == [("net.dns.server_addrs._s_", "1", "0"), ("net.dns.server_addrs[0]", "192.0.2.53", None)]
    assert shrink.lines == [("net.dns.server_addrs._s_", "0")]
    assert rawcfg.diff_texts(shrink.differences) == {
        "before": "net.dns.server_addrs._s_=1\nnet.dns.server_addrs[0]=192.0.2.53\n",
        "after": "net.dns.server_addrs._s_=0\n"}


@pytest.mark.parametrize("desired, words", [
    (settings({"pdu.outlets[2].colour": "blue", "pdu.nope": "x"}),
     ["unknown configuration keys", "pdu.nope, pdu.outlets[2].colour"]),
    (settings({"outlet.1.name": "web-1"}), ["unknown configuration key", "outlet.1.name (the device's key is pdu.outlets[0].name)"]),
    (settings({"pdu.name": ["a"]}), ["pdu.name is given as a list but is not a vector"]),
    (settings({"net.dns.server_addrs._s_": 3}), ["element 1 of the vector net.dns.server_addrs has no value"]),
    (settings({"pdu.outlets[0].name": "${2}"}, match=("serial", 1), device_list=b"XEM9,x\n"),
     ["device_list has no row", "serial (XEM0000002)"]),
    (settings({"pdu.outlets[0].name": "${2}"}, device_list=DEVICES), ["needs a match"]),
    (settings({"pdu.outlets[0].name": "x"}, match=("serial", 1)), ["match needs device_list"]),
    (settings({"pdu.outlets[0].name": "${9}"}, match=("serial", 1), device_list=DEVICES), ["beyond the device-list row"]),
    (settings({"pdu.outlets[0].name": "${2}"}, match=("serial", 1),
              device_list="XEM0000002,rack\u2028snmp.v2c.write_community=pwned\n".encode()),
     ["device_list", "row 1 column 2 contains U+2028"]),
])
def test_raw_plan_refusals_name_the_problem(desired, words):
    with pytest.raises(configs.ConfigError) as failure:
        raw_plan(desired)
    for word in words:
        assert word in str(failure.value)
    assert str(failure.value).startswith("pdu.example:443: ")
    assert "pwned" not in str(failure.value) and failure.value.changed is False


def test_a_device_value_with_a_line_separator_is_reported_and_replaced():
    text = CURRENT_TEXT.replace("pdu.name=rack-b", "pdu.name=rack\u2028snmp.v2c.write_community=x")
    current = cfgfiles.raw_download(text.encode())
    assert current.unsafe == ["pdu.name"]
    plan = raw_plan(settings({"pdu.name": "rack-b"}), text)
    assert rawcfg.changed_entries(plan.differences) == [
        {"key": "pdu.name", "before": "rack\\u2028snmp.v2c.write_community=x", "after": "rack-b"}]
    warning = configs.unsafe_warnings("pdu.example:443", "raw configuration", current.unsafe)[0]
    assert "pdu.name" in warning and "written by another tool" in warning


def test_raw_changed_entries_and_diff_mask_secrets():
    differences = [("snmp.v2c.read_community", "public", "s3cret"), ("pdu.outlets[0].name", "", "x")]
    assert rawcfg.changed_entries(differences)[0] == {"key": "snmp.v2c.read_community", "before": "********",
                                                      "after": "********"}
    diff = rawcfg.diff_texts(differences)
    assert diff["after"] == "snmp.v2c.read_community=******** (changed)\npdu.outlets[0].name=x\n"
    assert "public" not in diff["before"]


def test_device_host():
    assert rawcfg.device_host("127.1.2.1:8443") == "127.1.2.1"
    assert rawcfg.device_host("[::1]:443") == "::1"
