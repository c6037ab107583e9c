# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Firmware version parsing and numeric comparison (plugins/module_utils/versions.py)."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils.versions import (
    VersionError,
    compare_versions,
    is_older,
    parse_version,
    same_version,
)


def test_parse_splits_release_and_build():
    assert parse_version("4.2.0.5-50274") == ((4, 2, 0, 5), (50274,))
    assert parse_version(" 4.3 ") == ((4, 3), ())


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("4.2.0.5-50274", "4.3.0.1-50400", -1),
        ("4.3.0.1-50400", "4.2.0.5-50274", 1),
        ("4.3.0.1-50400", "4.3.0.1-50400", 0),
        ("4.10.0.1-1", "4.9.9.9-99999", 1),  # numeric, not lexical
        ("4.3.0.1-50400", "4.3.0.1-50399", 1),  # build decides when releases are equal
        ("4.3", "4.3.0.0", 0),  # missing parts are zeros
        ("4.3.0.1", "4.3.0.1-1", -1),
        ("4.2.0.5-50274", "4.2.0.10-1", -1),
    ],
)
def test_compare(first, second, expected):
    assert compare_versions(first, second) == expected
    assert compare_versions(second, first) == -expected


@pytest.mark.parametrize("text", ["", "   ", "4.3.x", "v4.3", "4..3", None])
def test_unparsable_versions_raise(text):
    with pytest.raises(VersionError):
        parse_version(text)


def test_same_version_numeric_and_textual_fallback():
    assert same_version("4.3.0.1-50400", "4.3.0.1-050400")
    assert not same_version("4.3.0.1-50400", "4.3.0.1-50401")
    assert same_version("beta-1", "beta-1")  # not numeric: compared as text
    assert not same_version("beta-1", "4.3")
    assert not same_version(None, "4.3")


def test_is_older_raises_on_garbage():
    assert is_older("4.2.0.5-50274", "4.3.0.1-50400")
    assert not is_older("4.3.0.1-50400", "4.3.0.1-50400")
    with pytest.raises(VersionError):
        is_older("latest", "4.3")
