# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an apply would change: bulk comparison, restore skip rules, query strings, raw plans (bulkcfg.py, rawcfg.py)."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import bulkcfg, cfgfiles, configs, rawcfg

# The device's filters as getFilters returns them (captures/bulkcfg.json).
FILTERS = [
    {"name": "device_identity", "noOverride": False, "bulkOnly": True,
     "ruleSpecs": ["pdu.name", "snmp.sys_name", "snmp.sys_location"]},
    {"name": "network", "noOverride": True, "bulkOnly": True, "ruleSpecs": ["net.*"]},
    {"name": "pdu_settings", "noOverride": False, "bulkOnly": False, "ruleSpecs": ["pdu.*", "inlet.*"]},
    {"name": "outlet_settings", "noOverride": False, "bulkOnly": False, "ruleSpecs": ["outlet.*"]},
    {"name": "snmp_settings", "noOverride": False, "bulkOnly": False, "ruleSpecs": ["snmp.*"]},
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
    ("bulk", "bulk", "net.hostname", True),          # a bulk file never applies network settings
    ("bulk", "backup", "net.hostname", True),
    ("bulk", "bulk", "pdu.name", False),
    ("backup", "bulk", "pdu.name", True),            # bulk-only filters skipped without mode=backup
    ("backup", "bulk", "net.dns.servers", True),
    ("backup", "backup", "pdu.name", False),
    ("backup", "bulk", "pdu.cycle_delay", False),    # first matching filter owns the key
    ("backup", "bulk", "outlet.9.name", False),
    ("bulk", "bulk", "frobnicate", False),           # no owner: the device decides
])
def test_restore_skip_rules(file_mode, restore_mode, key, skipped):
    assert bulkcfg.skipped_by_restore(FILTERS, file_mode, restore_mode, key) is skipped


def test_equal_values_need_no_filters_and_no_change():
    lookup = Lookup()
    current = bulk("bulk", {"outlet.1.name": "a", "snmp.v2c.read_community": "public"})
    plan = bulkcfg.plan_apply(current, bulk("bulk", {"outlet.1.name": "a"}, {"snmp.v2c.read_community": "tok"}),
                              "bulk", lookup)
    assert not plan.changed
    assert plan.uncompared == ["snmp.v2c.read_community"]
    assert lookup.calls == 0


def test_differences_missing_keys_and_skipped_keys():
    current = bulk("bulk", {"outlet.1.name": "a", "outlet.2.name": "b", "snmp.v2c.write_community": "private"})
    desired = bulk("backup", {"outlet.1.name": "x", "outlet.2.name": "b", "outlet.9.name": "nine", "pdu.name": "p",
                              "net.hostname": "h", "snmp.v2c.write_community": "other"})
    lookup = Lookup()
    plan = bulkcfg.plan_apply(current, desired, "bulk", lookup)
    assert plan.differences == [("outlet.1.name", "a", "x"), ("outlet.9.name", None, "nine"),
                                ("snmp.v2c.write_community", "private", "other")]
    assert plan.skipped == ["pdu.name", "net.hostname"]
    assert lookup.calls == 1
    assert plan.changed_keys()[2] == {"key": "snmp.v2c.write_community", "before": cfgfiles.MASK, "after": cfgfiles.MASK}


def test_bulk_diff_masks_secrets_and_marks_their_change():
    current = bulk("bulk", {"outlet.1.name": "a", "snmp.v2c.read_community": "public"})
    plan = bulkcfg.plan_apply(current, bulk("bulk", {"outlet.1.name": "b", "snmp.v2c.read_community": "new"}),
                              "bulk", Lookup())
    before, after = bulkcfg.diff_texts(current, plan)
    assert before == "outlet.1.name=a\nsnmp.v2c.read_community=********\n"
    assert after == "outlet.1.name=b\nsnmp.v2c.read_community=******** (changed)\n"
    assert "public" not in before + after and "new" not in before + after


class FakeRawClient:
    device = "pdu.example:443"

    def __init__(self):
        self.calls = []

    def call_ret(self, rid, method, params=None, safe=False):
        self.calls.append((rid, method))
        return {"nameplate": {"serialNumber": "XEM0000002"}, "macAddress": "00:0d:5d:00:00:02"}


CURRENT = {"outlet.1.name": "", "snmp.sys_location": "", "net.ipv4.address": "192.0.2.7/24",
           "snmp.v2c.read_community": "public"}
DEVICES = b"# serial,name,location,mac,ip\nXEM0000001,a-1,row 1,00:0d:5d:00:00:01,192.0.2.6\n" \
          b"XEM0000002,b-1,row 2,00:0D:5D:00:00:02,192.0.2.7\n"


def raw_plan(desired, current=None):
    area = rawcfg.RawConfig(FakeRawClient(), timeout=1)
    return area.plan(desired, dict(current or CURRENT))


@pytest.mark.parametrize("match", [("serial", 1), ("mac", 4), ("ip", 5)])
def test_device_list_row_resolved_like_the_device(match):
    desired = rawcfg.DesiredRaw({"outlet.1.name": "${2}", "snmp.sys_location": "${3} (${1})"},
                                match=match, device_list=DEVICES)
    differences, uncompared = raw_plan(desired)
    assert differences == [("outlet.1.name", "", "b-1"), ("snmp.sys_location", "", "row 2 (XEM0000002)")]
    assert uncompared == []


def test_equal_resolved_values_are_no_difference():
    desired = rawcfg.DesiredRaw({"outlet.1.name": "${2}"}, match=("serial", 1), device_list=DEVICES)
    assert raw_plan(desired, dict(CURRENT, **{"outlet.1.name": "b-1"})) == ([], [])


@pytest.mark.parametrize("desired, words", [
    (rawcfg.DesiredRaw({"outlet.3.colour": "blue", "pdu.nope": "x"}), ["unknown configuration keys", "outlet.3.colour, pdu.nope"]),
    (rawcfg.DesiredRaw({"outlet.1.name": "${2}"}, match=("serial", 1), device_list=b"XEM9,x\n"),
     ["device_list has no row", "serial (XEM0000002)"]),
    (rawcfg.DesiredRaw({"outlet.1.name": "${2}"}, device_list=DEVICES), ["needs a match"]),
    (rawcfg.DesiredRaw({"outlet.1.name": "x"}, match=("serial", 1)), ["match needs device_list"]),
    (rawcfg.DesiredRaw({"outlet.1.name": "${9}"}, match=("serial", 1), device_list=DEVICES), ["beyond the device-list row"]),
])
def test_raw_plan_refusals_name_the_problem(desired, words):
    with pytest.raises(configs.ConfigError) as failure:
        raw_plan(desired)
    for word in words:
        assert word in str(failure.value)
    assert str(failure.value).startswith("pdu.example:443: ")


def test_raw_changed_entries_and_diff_mask_secrets():
    differences = [("snmp.v2c.read_community", "public", "s3cret"), ("outlet.1.name", "", "x")]
    assert rawcfg.changed_entries(differences)[0] == {"key": "snmp.v2c.read_community", "before": "********",
                                                      "after": "********"}
    diff = rawcfg.diff_texts(differences)
    assert diff["after"] == "snmp.v2c.read_community=******** (changed)\noutlet.1.name=x\n"
    assert "public" not in diff["before"]


def test_device_host():
    assert rawcfg.device_host("127.1.2.1:8443") == "127.1.2.1"
    assert rawcfg.device_host("[::1]:443") == "::1"
