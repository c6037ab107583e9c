# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_outlet's glue: the desired state from the options and the diff of a result."""

from __future__ import annotations

from ansible_collections.xerus.pdu.plugins.module_utils.outlets import OutletRequest, OutletsResult
from ansible_collections.xerus.pdu.plugins.modules import xerus_outlet

PARAMS = {
    "state": "cycle",
    "name": None,
    "startup_state": "off",
    "cycle_delay": 0,
    "non_critical": None,
    "respect_sequence": False,
}


def test_desired_takes_every_option():
    assert xerus_outlet.desired(PARAMS) == OutletRequest(
        state="cycle", startup_state="off", cycle_delay=0, respect_sequence=False
    )


def test_diff_is_keyed_by_outlet_and_marks_cycled_outlets():
    before = [{"number": 2, "state": "on", "name": "a"}, {"number": 4, "state": "off", "name": "b"}]
    after = [{"number": 2, "state": "on", "name": "a"}, {"number": 4, "state": "on", "name": "b"}]
    result = OutletsResult(changed=True, changed_outlets=[2, 4], before=before, after=after, cycled=[2])
    diff = xerus_outlet.diff_of(result)
    assert diff == {
        "before": {"outlet 2": {"state": "on", "name": "a"}, "outlet 4": {"state": "off", "name": "b"}},
        "after": {"outlet 2": {"state": "on", "name": "a", "cycled": True}, "outlet 4": {"state": "on", "name": "b"}},
    }
    assert "cycled" not in result.after[0]  # the returned outlets stay as they are
