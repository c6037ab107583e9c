# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bulk and raw configuration files: parsing, normalisation, masking, checksums (config_files.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import config_files

EVIDENCE = Path(__file__).resolve().parents[3] / "protocol" / "evidence" / "raw-config-keys.txt"
HEADER = (
    "#!header format=xerus-bulkcfg/1 device_type=PDU model=PX3-5190R firmware_version=4.2.0.5-50274 "
    "mode=bulk profile=builtin filters=outlet_settings,pdu_settings,snmp_settings"
)


def with_checksum(body):
    """A bulk file whose last line is the checksum over ``body`` (protocol 8.4)."""
    body = body if body.endswith(b"\n") else body + b"\n"
    return body + (config_files.CHECKSUM_PREFIX + hashlib.sha256(body).hexdigest() + "\n").encode()


def bulk_file(lines, encryption="none", salt=None):
    header = HEADER + (" salt=" + salt if salt else "") + " encryption=" + encryption
    body = ("# Xerus bulk configuration\n" + header + "\n" + "".join(line + "\n" for line in lines)).encode()
    return with_checksum(body)


def test_parse_bulk_reads_header_values_encrypted_and_checksum():
    data = bulk_file(
        ["pdu.outlets[0].name=web-1", "snmp.v2c.read_community:enc=gAAAA-token", "pdu.inlets[0].name="],
        encryption="device",
    )
    parsed = config_files.parse_bulk(data)
    assert parsed.header["model"] == "PX3-5190R"
    assert parsed.mode == "bulk"
    assert parsed.values == {"pdu.outlets[0].name": "web-1", "pdu.inlets[0].name": ""}
    assert parsed.encrypted == {"snmp.v2c.read_community": "gAAAA-token"}
    assert parsed.checksum == hashlib.sha256(data[: data.rindex(b"#!checksum")]).hexdigest()


def test_values_may_contain_equal_signs():
    parsed = config_files.parse_bulk(bulk_file(["snmp.sys_contact=a=b"]))
    assert parsed.values["snmp.sys_contact"] == "a=b"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("# only a comment\nkey=value\n", "no #!header"),
        (HEADER + "\n" + HEADER + "\n", "more than one #!header"),
        (HEADER + "\nnot a value line\n", "line 2 is not key=value"),
        (HEADER + "\na=1\na=2\n", "repeats the key a"),
    ],
)
def test_parse_bulk_refuses_malformed_files(text, problem):
    with pytest.raises(config_files.ConfigFileError, match=problem):
        config_files.parse_bulk(text)


def test_parse_bulk_refuses_non_utf8():
    with pytest.raises(config_files.ConfigFileError, match="not UTF-8"):
        config_files.parse_bulk(b"\xff\xfe" + HEADER.encode())


def test_checksum_detects_any_edit_and_accepts_a_recomputed_one():
    data = bulk_file(["pdu.outlets[0].name=web-1"])
    assert config_files.checksum_matches(data)
    edited = data.replace(b"web-1", b"web-2")
    assert not config_files.checksum_matches(edited)
    body = edited[: edited.rindex(b"#!checksum")]
    assert config_files.checksum_matches(with_checksum(body))
    assert not config_files.checksum_matches(b"hello\n")


def test_normalisation_ignores_what_changes_on_every_download():
    first = config_files.parse_bulk(
        bulk_file(
            ["pdu.outlets[0].name=a", "snmp.v2c.read_community:enc=token-1"], encryption="password", salt="c2FsdDE="
        )
    )
    second = config_files.parse_bulk(
        (
            "# another comment\n"
            + (
                bulk_file(
                    ["snmp.v2c.read_community:enc=token-2", "pdu.outlets[0].name=a"],
                    encryption="password",
                    salt="c2FsdDI=",
                )
            ).decode()
        )
    )
    assert config_files.bulk_normalised(first) == config_files.bulk_normalised(second)
    lines = config_files.bulk_normalised(first)
    assert "snmp.v2c.read_community:enc=<encrypted>" in lines
    assert not any("token" in line or "salt" in line for line in lines)


def test_normalisation_keeps_values_and_stable_header_items():
    base = config_files.bulk_normalised(config_files.parse_bulk(bulk_file(["pdu.outlets[0].name=a"])))
    other_value = config_files.bulk_normalised(config_files.parse_bulk(bulk_file(["pdu.outlets[0].name=b"])))
    other_firmware = config_files.bulk_normalised(
        config_files.parse_bulk(bulk_file(["pdu.outlets[0].name=a"]).replace(b"4.2.0.5-50274", b"4.3.0.1-50400"))
    )
    encrypted = config_files.bulk_normalised(
        config_files.parse_bulk(bulk_file(["pdu.outlets[0].name=a"], encryption="device"))
    )
    assert base != other_value
    assert base != other_firmware
    assert base != encrypted


def test_masking_hides_secret_values_only():
    lines = [
        "#!header x=1",
        "snmp.v2c.read_community=public",
        "snmp.v2c.write_community=",
        "pdu.outlets[0].name=public",
    ]
    assert config_files.masked_lines(lines) == [
        "#!header x=1",
        "snmp.v2c.read_community=********",
        "snmp.v2c.write_community=********",
        "pdu.outlets[0].name=public",
    ]
    assert config_files.shown("snmp.v2c.write_community", "private") == config_files.MASK
    assert config_files.shown("pdu.name", "x", encrypted=True) == config_files.MASK
    assert config_files.shown("pdu.name", "x") == "x"


@pytest.mark.parametrize(
    "value, text",
    [
        (True, "1"),
        (False, "0"),
        (None, ""),
        (10, "10"),
        ("web-1", "web-1"),
        ("Allow firmware updates", "Allow firmware updates"),
    ],
)
def test_render_value_writes_booleans_as_the_device_does(value, text):
    assert config_files.render_value(value) == text


@pytest.mark.parametrize(
    "value, problem",
    [
        ({"a": 1}, "is a dict"),
        (["x"], "nested list"),
        ([["x"]], "nested list"),
        ("a\nb=c", "U\\+000A"),
        ("rack\u2028snmp.v2c.write_community=pwned", "U\\+2028"),
        ("a\x85b", "U\\+0085"),
        ("a\u2029b", "U\\+2029"),
        ("a\x1eb", "U\\+001E"),
        ("a\x0bb", "U\\+000B"),
        ("a\tb", "U\\+0009"),
    ],
)
def test_render_value_refuses_structures_line_breaks_and_control_characters(value, problem):
    with pytest.raises(config_files.ConfigFileError, match=problem) as failure:
        config_files.render_value(value, "settings: pdu.name")
    assert "settings: pdu.name" in str(failure.value)
    assert "pwned" not in str(failure.value)


def test_settings_values_expand_vectors_and_use_one_spelling():
    values, vectors = config_files.settings_values(
        {
            "net.dns.server_addrs": ["192.0.2.53", "192.0.2.54"],
            "pdu.outlets._e_.0.name": "web-1",
            "modbus.tcp.readonly": True,
        }
    )
    assert values == {
        "net.dns.server_addrs._s_": "2",
        "net.dns.server_addrs[0]": "192.0.2.53",
        "net.dns.server_addrs[1]": "192.0.2.54",
        "pdu.outlets[0].name": "web-1",
        "modbus.tcp.readonly": "1",
    }
    assert vectors == ["net.dns.server_addrs"]
    with pytest.raises(config_files.ConfigFileError, match="given twice"):
        config_files.settings_values({"net.dns.server_addrs[0]._c_": "a", "net.dns.server_addrs._e_.0": "b"})
    with pytest.raises(config_files.ConfigFileError, match="U\\+2028"):
        config_files.settings_values({"pdu.name\u2028snmp.v2c.write_community": "x"})


@pytest.mark.parametrize(
    "key, canonical",
    [
        ("net.dns.server_addrs._e_.0", "net.dns.server_addrs[0]"),
        ("net.dns.server_addrs[0]._c_", "net.dns.server_addrs[0]"),
        ("roles[8].privs[0]._c_", "roles[8].privs[0]"),
        ("users[1].roles[1]", "users[1].roles[1]"),
        ("proto_listener._e_.http.program", "proto_listener[http].program"),
        ("proto_listener._e_.http.program_args._e_.1", "proto_listener[http].program_args[1]"),
        ("roles[8].privs._s_", "roles[8].privs._s_"),
        ("pdu.name", "pdu.name"),
    ],
)
def test_display_and_input_form_name_the_same_key(key, canonical):
    assert config_files.canonical_key(key) == canonical


def test_evidence_key_lines_parse_in_both_forms():
    """Every key line of real devices (tests/protocol/evidence/raw-config-keys.txt) parses; both forms meet."""
    first_per_key = {}
    for line in EVIDENCE.read_text().splitlines():
        if line and not line.startswith("#"):
            key_line = line.split("\t")[0]
            first_per_key.setdefault(config_files.canonical_key(key_line.partition("=")[0]), key_line)
    parsed = config_files.parse_raw("\n".join(first_per_key.values()))
    assert parsed.values["roles[8].privs[0]"] == "firmwareUpdate"
    assert parsed.values["roles[8].description"] == "Allow firmware updates"
    assert parsed.values["users[1].roles[1]"] == "4"
    assert parsed.spelling["roles[8].privs[0]"] == "roles[8].privs[0]._c_"
    assert parsed.spelling["net.dns.server_addrs[0]"] == "net.dns.server_addrs._e_.0"
    assert "proto_listener[http].program_args[1]" in parsed.values


def test_old_outlet_keys_get_the_real_key_as_a_hint():
    assert config_files.real_key_hint("outlet.1.name") == "pdu.outlets[0].name"
    assert config_files.real_key_hint("inlet.1.name") == "pdu.inlets[0].name"
    assert config_files.real_key_hint("pdu.name") == ""


@pytest.mark.parametrize(
    "key, secret",
    [
        ("snmp.v2c.write_community", True),
        ("snmp.v2c.read_community", True),
        ("snmp.v3.users[1].auth_passphrase", True),
        ("ldap.servers[0].bind_password", True),
        ("security.password.min_length", False),
        ("security.ssh.password_auth", False),
        ("pdu.name", False),
    ],
)
def test_secret_keys(key, secret):
    assert config_files.is_secret(key) is secret


def test_values_to_hide_cover_smuggled_lines():
    hidden = config_files.values_to_hide("pdu.name", "rack\u2028snmp.v2c.write_community=pwned")
    assert "pwned" in hidden and "snmp.v2c.write_community=pwned" in hidden
    assert config_files.values_to_hide("pdu.name", "rack") == []
    assert config_files.values_to_hide("snmp.v2c.read_community", "s3cret") == ["s3cret"]


def test_a_device_file_with_a_line_separator_is_reported_not_refused():
    text = "# Xerus raw configuration\npdu.name=rack\u2028snmp.v2c.write_community=x\nsnmp.sys_name=a\nbroken line\n"
    parsed = config_files.raw_download(text.encode())
    assert parsed.values["pdu.name"] == "rack\u2028snmp.v2c.write_community=x"
    assert "snmp.v2c.write_community" not in parsed.values
    assert parsed.unsafe == ["pdu.name", "line 4"]
    assert config_files.printable(parsed.values["pdu.name"]) == "rack\\u2028snmp.v2c.write_community=x"
    with pytest.raises(config_files.ConfigFileError, match="src line 2 \\(key pdu.name\\) contains U\\+2028"):
        config_files.parse_raw(text, "src")


def test_parse_raw_reads_options_values_and_encrypted():
    parsed = config_files.parse_raw(
        "# c\n#!options match=mac:2\npdu.outlets[0].name=${2}\r\nsnmp.v2c.read_community:enc=tok\n\n"
    )
    assert parsed.match == ("mac", 2)
    assert parsed.values == {"pdu.outlets[0].name": "${2}"}
    assert parsed.encrypted == {"snmp.v2c.read_community": "tok"}


@pytest.mark.parametrize(
    "text, problem",
    [
        ("#!frobnicate\n", "unknown magic line"),
        ("#!options match=colour:1\n", "match must be"),
        ("#!options size=2\n", "bad #!options item"),
        ("#!options match=serial:1 match=mac:1\n", "bad #!options item"),
        ("pdu.name\n", "not key=value"),
        (
            "net.dns.server_addrs._e_.0=a\nnet.dns.server_addrs[0]._c_=b\n",
            "repeats the key net.dns.server_addrs\\[0\\]",
        ),
        ("pdu.name=a\x85b\n", "U\\+0085"),
        ("pdu.name=a\rb\n", "U\\+000D"),
    ],
)
def test_parse_raw_refuses_what_the_device_refuses(text, problem):
    with pytest.raises(config_files.ConfigFileError, match=problem):
        config_files.parse_raw(text)


def test_raw_file_text_writes_options_then_values_then_encrypted():
    text = config_files.raw_file_text(
        [("pdu.outlets[0].name", "${2}"), ("pdu.name", "x")], ("serial", 1), {"snmp.v2c.read_community": "t"}
    )
    assert text == "#!options match=serial:1\npdu.outlets[0].name=${2}\npdu.name=x\nsnmp.v2c.read_community:enc=t\n"
    assert config_files.raw_file_text([("pdu.name", "x")]) == "pdu.name=x\n"
    with pytest.raises(config_files.ConfigFileError, match="the value of pdu.name contains U\\+2028"):
        config_files.raw_file_text([("pdu.name", "a\u2028snmp.v2c.write_community=x")])


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
