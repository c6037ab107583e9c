# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""bulk_writes.py against the simulator: a bulk where the device refuses one entry reports it, and changed."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils.bulk_writes import write_all
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError

CODES = {1: "out of range"}


def _thresholds(client, rid):
    (value,) = client.read_all([Call(rid, "getThresholds")])
    return value


def test_one_refused_entry_of_two(sim):
    with sim.client() as client:
        good = dict(_thresholds(client, "/model/pdu/0/outlet/20/current"), upperWarning=9.5)
        bad = dict(_thresholds(client, "/model/pdu/0/outlet/21/current"), upperCritical=99.0)
        writes = [
            ("outlet 21", Call("/model/pdu/0/outlet/20/current", "setThresholds", {"thresh": good})),
            ("outlet 22", Call("/model/pdu/0/outlet/21/current", "setThresholds", {"thresh": bad})),
            ("outlet 99", Call("/model/pdu/0/outlet/98/current", "setThresholds", {"thresh": good})),
        ]
        with pytest.raises(
            XerusError, match=r"outlet 22: out of range; outlet 99: .*1 of 3 sensors were changed"
        ) as caught:
            write_all(client, writes, CODES, XerusError, "sensors")
        assert caught.value.changed
        assert _thresholds(client, "/model/pdu/0/outlet/20/current")["upperWarning"] == 9.5


def test_all_accepted_raises_nothing(sim):
    with sim.client() as client:
        same = _thresholds(client, "/model/pdu/0/outlet/19/current")
        write_all(
            client,
            [("outlet 20", Call("/model/pdu/0/outlet/19/current", "setThresholds", {"thresh": same}))],
            CODES,
            XerusError,
            "sensors",
        )
