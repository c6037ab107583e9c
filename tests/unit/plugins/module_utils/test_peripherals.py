# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""peripherals.py against the simulator's slots: by slot and by serial, only given fields, idempotence, check
mode, refusals."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import peripherals
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError
from ansible_collections.xerus.pdu.plugins.module_utils.peripherals import PeripheralError, SlotRequest, SlotSelector


def _settings(sim, index):
    with sim.client() as client:
        (value,) = client.read_all([Call(f"/model/peripheraldeviceslot/{index}", "getSettings")])
    return value


def _apply(sim, selector, request, check_mode=False):
    with sim.client() as client:
        return peripherals.apply(client, selector, request, check_mode=check_mode)


def test_by_slot_only_given_fields_then_unchanged(sim):
    request = SlotRequest(name="rack-top", position={"z": "42"})
    mark = sim.mark()
    result = _apply(sim, SlotSelector(slot=1), request)
    assert result.changed and result.changed_slots == [1]
    assert len(sim.requests_since(mark, "/bulk")) + len(sim.requests_since(mark, "/model/peripheraldevicemanager")) == 3
    stored = _settings(sim, 0)
    assert stored["name"] == "rack-top" and stored["location"] == {"x": "", "y": "", "z": "42"}
    assert stored["useDefaultThresholds"] is True and stored["properties"] == []
    assert result.after[0]["device"]["serial"] == "1JX9500039"
    assert result.after[0]["device"]["type"] == "temperature" and result.after[0]["device"]["unit"] == "degC"
    assert not _apply(sim, SlotSelector(slot=1), request).changed


def test_by_serial_selects_every_channel_and_check_mode_writes_nothing(sim):
    request = SlotRequest(description="cold aisle")
    result = _apply(sim, SlotSelector(serial="1EQ9500020"), request, check_mode=True)
    assert result.changed_slots == [2, 3]
    assert _settings(sim, 1)["description"] == "" and _settings(sim, 2)["description"] == ""
    assert _apply(sim, SlotSelector(serial="1EQ9500020"), request).changed
    assert _settings(sim, 2)["description"] == "cold aisle"
    with pytest.raises(PeripheralError, match="only be set on one slot"):
        _apply(sim, SlotSelector(serial="1EQ9500020"), SlotRequest(name="x"))


def test_refusals(sim):
    with pytest.raises(PeripheralError, match="slot 9 does not exist; the device has 8 slots"):
        _apply(sim, SlotSelector(slot=9), SlotRequest(name="x"))
    with pytest.raises(PeripheralError, match="no slot holds a device with serial"):
        _apply(sim, SlotSelector(serial="nope"), SlotRequest(name="x"))
    before = _settings(sim, 5)
    with pytest.raises(PeripheralError, match="ERR_INVALID_PARAMS") as caught:
        _apply(sim, SlotSelector(slot=6), SlotRequest(name="n" * 65))
    assert not caught.value.changed and _settings(sim, 5) == before


@pytest.mark.parametrize(
    "selector, request_, option",
    [
        (SlotSelector(), SlotRequest(name="x"), "slot"),
        (SlotSelector(slot=1, serial="a"), SlotRequest(name="x"), "slot"),
        (SlotSelector(slot=0), SlotRequest(name="x"), "slot"),
        (SlotSelector(slot=1), SlotRequest(name="a\nb"), "name"),
        (SlotSelector(slot=1), SlotRequest(position={"w": "1"}), "position"),
    ],
)
def test_input_refused_locally(selector, request_, option):
    with pytest.raises(XerusInputError) as caught:
        peripherals.validate(selector, request_)
    assert caught.value.option == option
