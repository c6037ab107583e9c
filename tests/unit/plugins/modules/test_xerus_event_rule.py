# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_event_rule's glue: one rule from the top-level options or several from ``rules``, options named in
errors as the user wrote them."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError
from ansible_collections.xerus.pdu.plugins.modules import xerus_event_rule

TOP = {
    "name": "r",
    "state": "present",
    "enabled": False,
    "events": ["Outlet.1.PowerControl.On"],
    "actions": ["a"],
    "match": "both",
    "auto_rearm": True,
    "rules": None,
}


def test_one_rule_from_the_top_level_options():
    (spec,) = xerus_event_rule.specs_from(TOP)
    assert (spec.name, spec.enabled, spec.events, spec.match) == (
        "r",
        False,
        [["Outlet", "1", "PowerControl", "On"]],
        "both",
    )


def test_several_rules_name_their_list_in_errors():
    rules = [
        dict(name="a", events=["Device.SystemStartup"], actions=["x"]),
        dict(name="b", events=["Bad..Id"], actions=["x"]),
    ]
    with pytest.raises(XerusInputError, match="option rules.events: event id 'Bad..Id'") as failure:
        xerus_event_rule.specs_from(dict(TOP, rules=rules))
    assert failure.value.option == "rules.events"
    with pytest.raises(XerusInputError, match="option events: rule 'r' has 0 event ids"):
        xerus_event_rule.specs_from(dict(TOP, events=[]))
