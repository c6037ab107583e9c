# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bulk configuration area (bulk_config.py): what an apply would change, restore skip rules, query strings."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import bulk_config, config_files

# The device's filters as getFilters returns them (docs/protocol/XERUS-PROTOCOL.md section 8.1).
FILTERS = [
    {
        "name": "device_identity",
        "noOverride": False,
        "bulkOnly": True,
        "ruleSpecs": ["pdu.name", "snmp.sys_name", "snmp.sys_location"],
    },
    {"name": "network", "noOverride": True, "bulkOnly": True, "ruleSpecs": ["net.*"]},
    {"name": "outlet_settings", "noOverride": False, "bulkOnly": False, "ruleSpecs": ["pdu.outlets*"]},
    {"name": "pdu_settings", "noOverride": False, "bulkOnly": False, "ruleSpecs": ["pdu.*"]},
    {"name": "snmp_settings", "noOverride": False, "bulkOnly": False, "ruleSpecs": ["snmp.*"]},
    {
        "name": "security_settings",
        "noOverride": False,
        "bulkOnly": False,
        "ruleSpecs": ["security.*", "modbus.*", "proto_listener*"],
    },
    {"name": "user_management", "noOverride": False, "bulkOnly": True, "ruleSpecs": ["roles*", "users*"]},
]


def bulk(mode, values, encrypted=None):
    return config_files.BulkFile({"mode": mode, "model": "PX3-5190R"}, dict(values), dict(encrypted or {}), None)


class Lookup:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return FILTERS


def test_save_query_is_clear_text_unless_a_password_encrypts():
    assert bulk_config.save_query("bulk") == "config_format=cleartext&link_ids=1"
    assert bulk_config.save_query("backup") == "config_format=cleartext&link_ids=1&mode=backup"
    assert bulk_config.save_query("bulk", "p w/&x") == "bulk_config_password=p%20w/%26x&link_ids=1"


def test_restore_query_in_sdk_order():
    assert bulk_config.restore_query("bulk") == "link_ids=1"
    assert (
        bulk_config.restore_query("backup", ["model", "firmware_version"], "pw")
        == "user_password=pw&skip_checks=firmware_version,model&link_ids=1&mode=backup"
    )


@pytest.mark.parametrize(
    "file_mode, restore_mode, key, skipped",
    [
        ("bulk", "bulk", "net.interfaces[eth0].ipv4.enabled", True),  # a bulk file never applies network settings
        ("bulk", "backup", "net.interfaces[eth0].ipv4.enabled", True),
        ("bulk", "bulk", "pdu.name", False),
        ("backup", "bulk", "pdu.name", True),  # bulk-only filters skipped without mode=backup
        ("backup", "bulk", "net.dns.server_addrs[0]", True),
        ("backup", "backup", "pdu.name", False),
        ("backup", "bulk", "pdu.cycle_delay", False),  # first matching filter owns the key
        ("backup", "bulk", "pdu.outlets[8].name", False),
        ("bulk", "bulk", "frobnicate", False),  # no owner: the device decides
    ],
)
def test_restore_skip_rules(file_mode, restore_mode, key, skipped):
    assert bulk_config.skipped_by_restore(FILTERS, file_mode, restore_mode, key) is skipped


def test_equal_values_need_no_filters_and_no_change():
    lookup = Lookup()
    current = bulk("bulk", {"pdu.outlets[0].name": "a", "snmp.v2c.read_community": "public"})
    plan = bulk_config.plan_apply(
        current, bulk("bulk", {"pdu.outlets[0].name": "a"}, {"snmp.v2c.read_community": "tok"}), "bulk", lookup
    )
    assert not plan.changed
    assert plan.uncompared == ["snmp.v2c.read_community"]
    assert lookup.calls == 0


def test_differences_missing_keys_and_skipped_keys():
    current = bulk(
        "bulk", {"pdu.outlets[0].name": "a", "pdu.outlets[1].name": "b", "snmp.v2c.write_community": "private"}
    )
    desired = bulk(
        "backup",
        {
            "pdu.outlets[0].name": "x",
            "pdu.outlets[1].name": "b",
            "pdu.outlets[8].name": "nine",
            "pdu.name": "p",
            "net.interfaces[eth0].ipv4.enabled": "h",
            "snmp.v2c.write_community": "other",
        },
    )
    lookup = Lookup()
    plan = bulk_config.plan_apply(current, desired, "bulk", lookup)
    assert plan.differences == [
        ("pdu.outlets[0].name", "a", "x"),
        ("pdu.outlets[8].name", None, "nine"),
        ("snmp.v2c.write_community", "private", "other"),
    ]
    assert plan.skipped == ["pdu.name", "net.interfaces[eth0].ipv4.enabled"]
    assert lookup.calls == 1
    assert plan.changed_keys()[2] == {
        "key": "snmp.v2c.write_community",
        "before": config_files.MASK,
        "after": config_files.MASK,
    }


def test_bulk_diff_masks_secrets_and_marks_their_change():
    current = bulk("bulk", {"pdu.outlets[0].name": "a", "snmp.v2c.read_community": "public"})
    plan = bulk_config.plan_apply(
        current, bulk("bulk", {"pdu.outlets[0].name": "b", "snmp.v2c.read_community": "new"}), "bulk", Lookup()
    )
    before, after = bulk_config.diff_texts(current, plan)
    assert before == "pdu.outlets[0].name=a\nsnmp.v2c.read_community=********\n"
    assert after == "pdu.outlets[0].name=b\nsnmp.v2c.read_community=******** (changed)\n"
    assert "public" not in before + after and "new" not in before + after
