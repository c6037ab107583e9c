# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The response code of an upload CGI answer (docs/protocol/XERUS-PROTOCOL.md sections 6.2 and 13).

Real devices answer the certificate upload with a body ``return_code=<n>``;
the vendor's helpers read the bulk and raw configuration codes from an
``X-Response-Code`` header. Take the header when it holds an integer, else
the integer of a body ``<word>=<integer>`` (white space around it allowed),
else None: the caller then fails with the HTTP status.
"""

from __future__ import annotations

import re

HEADER = "X-Response-Code"
_BODY = re.compile(r"\A\s*[A-Za-z_][A-Za-z0-9_]*\s*=\s*([+-]?\d+)\s*\Z")


def _integer(text):
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return None


def _header(headers):
    for name, value in (headers or {}).items():
        if str(name).lower() == HEADER.lower():
            return value
    return None


def response_code(headers, text):
    """``X-Response-Code`` when present and numeric, else ``<word>=<int>`` of the body, else None."""
    code = _integer(_header(headers))
    if code is not None:
        return code
    match = _BODY.match(text or "")
    return int(match.group(1)) if match else None
