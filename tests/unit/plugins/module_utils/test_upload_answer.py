# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one parser of upload CGI answers: X-Response-Code first, else a body <word>=<integer>."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils.upload_answer import response_code


@pytest.mark.parametrize(
    "headers, text, code",
    [
        ({}, "return_code=0", 0),  # real devices (certificate upload)
        ({}, "return_code=5\n", 5),
        ({}, "  return_code = 2 \r\n", 2),
        ({}, "ret=11\n", 11),  # any <word>=<integer>
        ({"X-Response-Code": "3"}, "return_code=0", 3),  # the header wins
        ({"x-response-code": " 7 "}, "", 7),  # header names are case-insensitive
        ({"X-Response-Code": "garbage"}, "return_code=4", 4),  # an unusable header: the body decides
        ({}, "", None),
        ({}, "<html>Internal error</html>", None),
        ({}, "return_code=0 and more", None),
        ({}, "return_code=", None),
        ({}, "first=1\nsecond=2", None),
        (None, None, None),
    ],
)
def test_response_code(headers, text, code):
    assert response_code(headers, text) == code
