# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""text_checks: every character str.splitlines() splits on, and every other control character, is refused."""

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils.text_checks import (
    UnsafeTextError,
    check_single_line,
    first_unsafe_char,
)

SPLITLINES_BREAKS = [c for c in map(chr, range(0x110000)) if len(("a" + c + "b").splitlines()) > 1]


def test_the_splitlines_set_is_what_python_documents():
    assert set(SPLITLINES_BREAKS) == set("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


@pytest.mark.parametrize("char", SPLITLINES_BREAKS + ["\x00", "\x1b", "\x7f", "\x9f", "\t"])
def test_refused_with_the_name_and_position(char):
    with pytest.raises(UnsafeTextError) as caught:
        check_single_line("public" + char + "snmp.v2c.write_community=x", "settings key snmp.sys_location")
    assert caught.value.position == 6
    assert "settings key snmp.sys_location" in str(caught.value)
    assert f"U+{ord(char):04X}" in str(caught.value)
    assert char not in str(caught.value)


@pytest.mark.parametrize("value", ["rack 12, row B", "Zürich – Halle 3", "名前", "", 42, True])
def test_ordinary_values_pass(value):
    assert check_single_line(value, "x") == value
    assert first_unsafe_char(str(value)) is None
