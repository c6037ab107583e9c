# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bulk and raw configuration files: parsing, normalisation, masking, checksums (cfgfiles.py)."""

from __future__ import annotations

import hashlib

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import cfgfiles

HEADER = ("#!header format=xerus-bulkcfg/1 device_type=PDU model=PX3-5190R firmware_version=4.2.0.5-50274 "
          "mode=bulk profile=builtin filters=outlet_settings,pdu_settings,snmp_settings")


def bulk_file(lines, encryption="none", salt=None):
    header = HEADER + (" salt=" + salt if salt else "") + " encryption=" + encryption
    body = ("# Xerus bulk configuration\n" + header + "\n" + "".join(line + "\n" for line in lines)).encode()
    return cfgfiles.with_checksum(body)


def test_parse_bulk_reads_header_values_encrypted_and_checksum():
    data = bulk_file(["outlet.1.name=web-1", "snmp.v2c.read_community:enc=gAAAA-token", "inlet.1.name="],
                     encryption="device")
    parsed = cfgfiles.parse_bulk(data)
    assert parsed.header["model"] == "PX3-5190R"
    assert parsed.mode == "bulk"
    assert parsed.values == {"outlet.1.name": "web-1", "inlet.1.name": ""}
    assert parsed.encrypted == {"snmp.v2c.read_community": "gAAAA-token"}
    assert parsed.checksum == hashlib.sha256(data[:data.rindex(b"#!checksum")]).hexdigest()


def test_values_may_contain_equal_signs():
    parsed = cfgfiles.parse_bulk(bulk_file(["snmp.sys_contact=a=b"]))
    assert parsed.values["snmp.sys_contact"] == "a=b"


@pytest.mark.parametrize("text, problem", [
    ("# only a comment\nkey=value\n", "no #!header"),
    (HEADER + "\n" + HEADER + "\n", "more than one #!header"),
    (HEADER + "\nnot a value line\n", "line 2 is not key=value"),
    (HEADER + "\na=1\na=2\n", "repeats the key a"),
])
def test_parse_bulk_refuses_malformed_files(text, problem):
    with pytest.raises(cfgfiles.ConfigFileError, match=problem):
        cfgfiles.parse_bulk(text)


def test_parse_bulk_refuses_non_utf8():
    with pytest.raises(cfgfiles.ConfigFileError, match="not UTF-8"):
        cfgfiles.parse_bulk(b"\xff\xfe" + HEADER.encode())


def test_checksum_detects_any_edit_and_accepts_a_recomputed_one():
    data = bulk_file(["outlet.1.name=web-1"])
    assert cfgfiles.checksum_matches(data)
    edited = data.replace(b"web-1", b"web-2")
    assert not cfgfiles.checksum_matches(edited)
    body = edited[:edited.rindex(b"#!checksum")]
    assert cfgfiles.checksum_matches(cfgfiles.with_checksum(body))
    assert not cfgfiles.checksum_matches(b"hello\n")


def test_normalisation_ignores_what_changes_on_every_download():
    first = cfgfiles.parse_bulk(bulk_file(["outlet.1.name=a", "snmp.v2c.read_community:enc=token-1"],
                                          encryption="password", salt="c2FsdDE="))
    second = cfgfiles.parse_bulk(("# another comment\n" + (bulk_file(
        ["snmp.v2c.read_community:enc=token-2", "outlet.1.name=a"], encryption="password", salt="c2FsdDI=")
    ).decode()))
    assert cfgfiles.bulk_normalised(first) == cfgfiles.bulk_normalised(second)
    lines = cfgfiles.bulk_normalised(first)
    assert "snmp.v2c.read_community:enc=<encrypted>" in lines
    assert not any("token" in line or "salt" in line for line in lines)


def test_normalisation_keeps_values_and_stable_header_items():
    base = cfgfiles.bulk_normalised(cfgfiles.parse_bulk(bulk_file(["outlet.1.name=a"])))
    other_value = cfgfiles.bulk_normalised(cfgfiles.parse_bulk(bulk_file(["outlet.1.name=b"])))
    other_firmware = cfgfiles.bulk_normalised(cfgfiles.parse_bulk(
        bulk_file(["outlet.1.name=a"]).replace(b"4.2.0.5-50274", b"4.3.0.1-50400")))
    encrypted = cfgfiles.bulk_normalised(cfgfiles.parse_bulk(bulk_file(["outlet.1.name=a"], encryption="device")))
    assert base != other_value
    assert base != other_firmware
    assert base != encrypted


def test_masking_hides_secret_values_only():
    lines = ["#!header x=1", "snmp.v2c.read_community=public", "snmp.v2c.write_community=", "outlet.1.name=public"]
    assert cfgfiles.masked_lines(lines) == ["#!header x=1", "snmp.v2c.read_community=********",
                                            "snmp.v2c.write_community=********", "outlet.1.name=public"]
    assert cfgfiles.shown("snmp.v2c.write_community", "private") == cfgfiles.MASK
    assert cfgfiles.shown("pdu.name", "x", encrypted=True) == cfgfiles.MASK
    assert cfgfiles.shown("pdu.name", "x") == "x"


@pytest.mark.parametrize("value, text", [
    (True, "true"), (False, "false"), (None, ""), (10, "10"), ("web-1", "web-1"),
    (["10.0.0.1", "10.0.0.2"], "10.0.0.1,10.0.0.2"), ([3, 1, 2], "3,1,2"),
])
def test_render_value(value, text):
    assert cfgfiles.render_value(value) == text


def test_render_value_refuses_line_breaks():
    with pytest.raises(cfgfiles.ConfigFileError, match="line break"):
        cfgfiles.render_value("a\nb=c")


def test_parse_raw_reads_options_values_and_encrypted():
    parsed = cfgfiles.parse_raw("# c\n#!options match=mac:2\noutlet.1.name=${2}\r\n"
                                "snmp.v2c.read_community:enc=tok\n\n")
    assert parsed.match == ("mac", 2)
    assert parsed.values == {"outlet.1.name": "${2}"}
    assert parsed.encrypted == {"snmp.v2c.read_community": "tok"}


@pytest.mark.parametrize("text, problem", [
    ("#!frobnicate\n", "unknown magic line"),
    ("#!options match=colour:1\n", "match must be"),
    ("#!options size=2\n", "bad #!options item"),
    ("#!options match=serial:1 match=mac:1\n", "bad #!options item"),
    ("pdu.name\n", "not key=value"),
])
def test_parse_raw_refuses_what_the_device_refuses(text, problem):
    with pytest.raises(cfgfiles.ConfigFileError, match=problem):
        cfgfiles.parse_raw(text)


def test_raw_file_text_writes_options_then_values_then_encrypted():
    text = cfgfiles.raw_file_text({"outlet.1.name": "${2}", "pdu.name": "x"}, ("serial", 1), {"snmp.v2c.read_community": "t"})
    assert text == "#!options match=serial:1\noutlet.1.name=${2}\npdu.name=x\nsnmp.v2c.read_community:enc=t\n"
    assert cfgfiles.raw_file_text({"pdu.name": "x"}) == "pdu.name=x\n"
