# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Refusal of values that could break a line-oriented device file.

Configuration files, device lists and outlet names end up in files that the
device (or another tool) parses line by line. A value that carries any
character ``str.splitlines()`` splits on, or any other control character,
could start a record of its own there, so such values are refused before
anything is built or sent.
"""

from __future__ import annotations

import unicodedata

from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError

# Unicode categories: Cc = control characters (C0, DEL, C1: covers \n \r \v \f
# \x1c-\x1e \x85), Zl = line separator (U+2028), Zp = paragraph separator (U+2029).
_UNSAFE_CATEGORIES = frozenset(("Cc", "Zl", "Zp"))


class UnsafeTextError(XerusInputError):
    """A value carries a line break or another control character."""

    def __init__(self, what, char, position):
        self.what = what
        self.char = char
        self.position = position
        super().__init__(
            f"{what} contains {describe_char(char)} at position {position}: "
            "line breaks and control characters are not allowed"
        )


def describe_char(char):
    """``U+2028 (LINE SEPARATOR)``: a character named without printing it."""
    name = unicodedata.name(char, "control character")
    return f"U+{ord(char):04X} ({name})"


def first_unsafe_char(text):
    """(position, char) of the first line break or control character in text, or None."""
    for position, char in enumerate(text):
        if unicodedata.category(char) in _UNSAFE_CATEGORIES:
            return position, char
    return None


def check_single_line(value, what):
    """Raise UnsafeTextError naming ``what`` when str(value) could break a line-oriented file."""
    found = first_unsafe_char(value if isinstance(value, str) else str(value))
    if found:
        raise UnsafeTextError(what, found[1], found[0])
    return value


def check_rid_name(value, option, what):
    """An account or role name as the last segment of its resource id (``/auth/user/<name>``): not empty,
    one line, no ``/``, no leading or trailing spaces; raises a XerusInputError naming ``option``."""
    if not value:
        raise XerusInputError.for_option(option, f"a {what} name is required")
    try:
        check_single_line(value, f"option {option}")
    except XerusInputError as exc:
        exc.option = option
        raise
    if "/" in value or value.strip() != value:
        raise XerusInputError.for_option(option, f"a {what} name has no '/' and no leading or trailing spaces")
    return value
