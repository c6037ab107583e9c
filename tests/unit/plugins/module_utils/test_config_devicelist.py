# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Device lists and ${N} macros, resolved as the device resolves them (protocol 9.2)."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import config_files

DEVICES = '# serial,outlet name,location\nOTHER000,nope,nowhere\nXEM0000001, rack-a-1 ,"row 7, left"\n\n'


def test_match_parsing():
    assert config_files.parse_match("serial:1") == ("serial", 1)
    assert config_files.parse_match(" ip:12 ") == ("ip", 12)
    for bad in ("serial", "serial:0", "colour:1", "serial:x", "", None):
        with pytest.raises(config_files.ConfigFileError):
            config_files.parse_match(bad)


def test_rows_skip_comments_and_blank_lines_and_honour_csv_quoting():
    rows = config_files.parse_device_list(DEVICES.encode())
    assert rows == [["OTHER000", "nope", "nowhere"], ["XEM0000001", " rack-a-1 ", "row 7, left"]]


def test_empty_device_list_is_refused():
    with pytest.raises(config_files.ConfigFileError, match="no rows"):
        config_files.parse_device_list("# only a comment\n\n")


def test_row_found_trimmed_and_case_insensitive():
    rows = config_files.parse_device_list(DEVICES)
    assert config_files.find_row(rows, 1, [" xem0000001 "])[1] == " rack-a-1 "
    assert config_files.find_row(rows, 1, ["XEM9999999"]) is None


def test_candidates_are_tried_in_order():
    rows = [["127.0.0.1", "config"], ["127.1.2.1", "connect"]]
    assert config_files.find_row(rows, 1, ["127.1.2.1", "127.0.0.1"])[1] == "connect"
    assert config_files.find_row(rows, 1, ["", "10.0.0.1", "127.0.0.1"])[1] == "config"


def test_match_column_missing_in_a_row_is_refused():
    with pytest.raises(config_files.ConfigFileError, match="column 3"):
        config_files.find_row([["a", "b", "c"], ["d"]], 3, ["a"])


def test_macros_are_replaced_by_trimmed_columns():
    row = ["XEM0000001", " rack-a-1 ", "row 7"]
    assert config_files.substitute("${2}", row) == "rack-a-1"
    assert config_files.substitute("pdu ${1} at ${3}!", row) == "pdu XEM0000001 at row 7!"
    assert config_files.substitute("no macro", None) == "no macro"


@pytest.mark.parametrize(
    "value, row",
    [
        ("${4}", ["a", "b", "c"]),  # beyond the row
        ("${x}", ["a"]),  # malformed
        ("${0}", ["a"]),
        ("${1}", None),  # no device list
    ],
)
def test_macro_errors(value, row):
    with pytest.raises(config_files.ConfigFileError):
        config_files.substitute(value, row)


@pytest.mark.parametrize(
    "data, where",
    [
        (b'XEM1,"web\n1"\n', "row 1 column 2"),  # a quoted line feed is CSV, not a name
        ("XEM1,ok\nXEM2,rack\u2028snmp.v2c.write_community=x\n".encode(), "row 2 column 2"),
        ("XEM1,a\x85b\n".encode(), "row 1 column 2"),
        (b"XEM1,a\x1eb\n", "row 1 column 2"),
    ],
)
def test_cells_with_line_breaks_or_control_characters_are_refused(data, where):
    with pytest.raises(config_files.ConfigFileError, match=where) as failure:
        config_files.parse_device_list(data)
    assert "write_community=x" not in str(failure.value)
