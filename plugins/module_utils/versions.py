# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Firmware version strings such as ``4.2.0.5-50274``: parsing and numeric comparison.

No Ansible import: shared by modules, roles and the bench.
"""

from __future__ import annotations

import re

from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError

_SEPARATORS = re.compile(r"[.\-_]")


class VersionError(XerusInputError):
    """A version string that has a non-numeric part."""


def parse_version(text):
    """Return ``(release, build)``: the dotted numbers before the first ``-`` and the numbers after it.

    ``"4.2.0.5-50274"`` -> ``((4, 2, 0, 5), (50274,))``.  Raises VersionError for anything that
    is not made of numbers separated by ``.``, ``-`` or ``_``.
    """
    if not isinstance(text, str) or not text.strip():
        raise VersionError("empty version")
    release, _sep, build = text.strip().partition("-")
    return _numbers(release, text), (_numbers(build, text) if build else ())


def _numbers(part, original):
    pieces = _SEPARATORS.split(part)
    if not all(piece.isdigit() for piece in pieces):
        raise VersionError(f"version {original!r} is not made of numbers separated by '.' or '-'")
    return tuple(int(piece) for piece in pieces)


def _padded(left, right):
    width = max(len(left), len(right))
    return left + (0,) * (width - len(left)), right + (0,) * (width - len(right))


def compare_versions(left, right):
    """-1, 0 or 1 as ``left`` is older than, equal to or newer than ``right`` (numerically).

    Missing trailing parts count as 0, so ``4.3`` == ``4.3.0.0``; the build number after ``-``
    decides only between equal release numbers.
    """
    left_release, left_build = parse_version(left)
    right_release, right_build = parse_version(right)
    for mine, theirs in (_padded(left_release, right_release), _padded(left_build, right_build)):
        if mine != theirs:
            return -1 if mine < theirs else 1
    return 0


def same_version(left, right):
    """True when both strings name the same version (numerically when both parse)."""
    if left is None or right is None:
        return False
    try:
        return compare_versions(left, right) == 0
    except VersionError:
        return left.strip() == right.strip()


def is_older(left, right):
    """True when ``left`` is numerically older than ``right``; VersionError when one does not parse."""
    return compare_versions(left, right) < 0
