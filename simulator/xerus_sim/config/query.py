# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Query parsing of the configuration CGIs (unknown and repeated parameters are refused)."""

from urllib.parse import unquote


class QueryError(Exception):
    """Unknown, repeated or malformed query parameter (the text names no value)."""


def parse_query(query, allowed):
    """Parse 'a=1&b=2' into {name: unquoted value}; refuses unknown/repeated names."""
    params = {}
    if not query:
        return params
    for piece in query.split("&"):
        name, sep, value = piece.partition("=")
        if not sep or name not in allowed:
            raise QueryError(f"unknown or malformed parameter {name[:40]!r}")
        if name in params:
            raise QueryError(f"repeated parameter {name!r}")
        try:
            params[name] = unquote(value, errors="strict")
        except UnicodeDecodeError:
            raise QueryError(f"parameter {name!r} is not UTF-8") from None
    return params
