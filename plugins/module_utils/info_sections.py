# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The xerus_info subsets that their own area file reads (users, auth, snmp, ...), in the order they are listed.

A section is a module of ``plugins/module_utils`` (or any object) with:

- ``NAME``: the ``gather_subset`` name, also the key of its facts;
- ``first_calls()`` -> ``{key: Call}``: read in xerus_info's first bulk request;
- ``second_calls(first)`` (optional) -> ``{key: Call}``: calls that need answers of the first request
  (``first`` holds the section's own first answers), read in the second bulk request;
- ``facts(answers)`` -> the subset's facts. ``answers`` maps every key of both to its value, or to ``None``
  where the device refused the call (an interface this firmware generation lacks): one missing interface
  never fails the other subsets. A section raises a ``XerusError`` itself when it cannot do without an answer.

Sections drop secrets themselves: facts never carry a password, community, secret or key.
"""

from __future__ import annotations

from ansible_collections.xerus.pdu.plugins.module_utils import (
    alerts,
    auth,
    date_time,
    readings,
    roles,
    security,
    sensor_facts,
    services,
    smtp,
    snmp,
    users,
)

SECTIONS = (
    users,
    roles,
    services,
    date_time,
    snmp,
    smtp,
    auth.INFO_SECTION,
    security.INFO_SECTION,
    readings,
    sensor_facts,
    alerts,
)
