# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""External sensor slots (peripheral.DeviceManager at /model/peripheraldevicemanager, peripheral.DeviceSlot):
read them, and set name, description and position (Settings.location) of selected slots.

No Ansible import.

    from ansible_collections.xerus.pdu.plugins.module_utils import peripherals
    result = peripherals.apply(client, peripherals.SlotSelector(serial="1JX9500039"),
                               peripherals.SlotRequest(name="rack 4 inlet"), check_mode=False)

Requests: one bulk with ``DeviceManager.getDeviceSlots``; one bulk with ``getSettings`` and ``getDevice`` of
every slot at the rids the device returned (opaque, used as returned); one bulk with ``setSettings`` of the slots
that change, each with the complete Settings structure read, only the given fields changed.
Slot numbers are 1-based here (the wire index + 1).
"""

from __future__ import annotations

from dataclasses import dataclass

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.bulk_writes import write_all
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.enums import name_of
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError, XerusInputError, naming_option
from ansible_collections.xerus.pdu.plugins.module_utils.sensor_values import type_of, unit_of
from ansible_collections.xerus.pdu.plugins.module_utils.text_checks import check_single_line

PORT_TYPE = {
    0: "onboard",
    1: "dev_port",
    2: "onewire_hub_port",
    3: "onewire_chain_pos",
    4: "remote_hub_port",
    5: "wireless_bridge",
    6: "wireless_device",
    7: "unspecified",
    8: "gateway_sensor",
}
SETTINGS_CODES = {1: "the device refused the settings as invalid (ERR_INVALID_PARAMS)"}
POSITION_AXES = ("x", "y", "z")


class PeripheralError(XerusError):
    """A slot that does not exist, a serial no slot holds, or a refused write (``changed`` when part was applied)."""


@dataclass(frozen=True)
class SlotSelector:
    slot: int | None = None
    serial: str | None = None


@dataclass(frozen=True)
class SlotRequest:
    """Desired settings; None leaves a field as it is. ``position`` is {x, y, z}, each optional."""

    name: str | None = None
    description: str | None = None
    position: dict | None = None


@dataclass
class Slot:
    number: int
    rid: str
    settings: dict
    device: dict | None


@dataclass
class PeripheralResult:
    changed: bool
    changed_slots: list
    before: list
    after: list


def device_value(answer):
    """The peripheral.Device of a getDevice answer (a value object, or a bare structure); None for an empty slot."""
    if not isinstance(answer, dict):
        return None
    value = answer.get("value") if "value" in answer and "type" in answer else answer
    return value if isinstance(value, dict) else None


def serial_of(device):
    """The serial number of an attached peripheral.Device, or None."""
    return ((device or {}).get("deviceID") or {}).get("serial")


def slot_calls(slot_refs):
    """{key: Call} reading settings and device of every listed slot at the rid the device returned."""
    calls = {}
    for index, ref in enumerate(slot_refs or []):
        if isinstance(ref, dict) and ref.get("rid"):
            calls[f"slot.{index}.settings"] = Call(ref["rid"], "getSettings")
            calls[f"slot.{index}.device"] = Call(ref["rid"], "getDevice")
    return calls


def slot_view(number, settings, device):
    """A slot as returned: its settings and the attached device (None when the slot is empty)."""
    settings = settings if isinstance(settings, dict) else {}
    location = settings.get("location") or {}
    view = {
        "slot": number,
        "name": settings.get("name", ""),
        "description": settings.get("description", ""),
        "position": {axis: location.get(axis, "") for axis in POSITION_AXES},
        "use_default_thresholds": settings.get("useDefaultThresholds"),
        "device": None,
    }
    if device:
        device_id = device.get("deviceID") or {}
        sensor_ref = device.get("device") if isinstance(device.get("device"), dict) else {}
        view["device"] = {
            "serial": device_id.get("serial", ""),
            "type": type_of(device_id.get("type")),
            "unit": unit_of({"type": device_id.get("type")}),
            "is_actuator": bool(device_id.get("isActuator")),
            "channel": device_id.get("channel"),
            "package_class": device.get("packageClass", ""),
            "port_position": [
                {"port_type": name_of(PORT_TYPE, element.get("portType")), "port": element.get("port", "")}
                for element in device.get("position") or []
                if isinstance(element, dict)
            ],
            "interface": str(sensor_ref.get("type", "")).split(":", 1)[0],
        }
    return view


def validate(selector, request):
    if (selector.slot is None) == (selector.serial is None):
        raise XerusInputError("give exactly one of the options slot and serial", option="slot")
    if selector.slot is not None and selector.slot < 1:
        raise XerusInputError.for_option("slot", f"{selector.slot} is not a slot number (slots start at 1)")
    for option in ("name", "description"):
        value = getattr(request, option)
        if value is not None:
            with naming_option(option):
                check_single_line(value, f"option {option}")
    for axis, value in (request.position or {}).items():
        if axis not in POSITION_AXES:
            raise XerusInputError.for_option("position", f"{axis!r} is not one of x, y, z")
        if value is not None:
            with naming_option("position"):
                check_single_line(str(value), f"option position.{axis}")


def read_slots(client):
    """Every slot of the device, in order (two bulk requests)."""
    (slot_refs,) = client.read_all([Call(rids.PERIPHERAL_MANAGER, "getDeviceSlots")])
    calls = slot_calls(slot_refs)
    keys = list(calls)
    values = dict(zip(keys, client.read_all([calls[key] for key in keys]))) if keys else {}
    return [
        Slot(
            number=index + 1,
            rid=ref["rid"],
            settings=values.get(f"slot.{index}.settings") or {},
            device=device_value(values.get(f"slot.{index}.device")),
        )
        for index, ref in enumerate(slot_refs or [])
        if isinstance(ref, dict) and ref.get("rid")
    ]


def select(device_name, slots, selector):
    if selector.slot is not None:
        chosen = [slot for slot in slots if slot.number == selector.slot]
        if not chosen:
            raise PeripheralError(
                device_name,
                f"option slot: slot {selector.slot} does not exist; the device has {len(slots)} slots",
                option="slot",
            )
        return chosen
    chosen = [slot for slot in slots if serial_of(slot.device) == selector.serial]
    if not chosen:
        raise PeripheralError(
            device_name, f"option serial: no slot holds a device with serial {selector.serial!r}", option="serial"
        )
    return chosen


def desired_settings(settings, request):
    """The Settings structure read, with only the given fields changed (extra fields kept)."""
    new = dict(settings)
    if request.name is not None:
        new["name"] = request.name
    if request.description is not None:
        new["description"] = request.description
    if request.position:
        location = dict(settings.get("location") or {})
        location.update({axis: str(value) for axis, value in request.position.items() if value is not None})
        new["location"] = location
    return new


def apply(client, selector, request, check_mode=False):
    validate(selector, request)
    slots = select(client.device, read_slots(client), selector)
    if request.name is not None and len(slots) != 1:
        raise PeripheralError(
            client.device,
            f"option name: a name can only be set on one slot; serial {selector.serial!r} is attached to slots "
            f"{', '.join(str(slot.number) for slot in slots)}",
            option="name",
        )
    wanted = {slot.number: desired_settings(slot.settings, request) for slot in slots}
    changing = [slot for slot in slots if wanted[slot.number] != slot.settings]
    if changing and not check_mode:
        _write(client, changing, wanted)
    return PeripheralResult(
        changed=bool(changing),
        changed_slots=[slot.number for slot in changing],
        before=[slot_view(slot.number, slot.settings, slot.device) for slot in slots],
        after=[slot_view(slot.number, wanted[slot.number], slot.device) for slot in slots],
    )


def _write(client, changing, wanted):
    writes = [
        (f"slot {slot.number}", Call(slot.rid, "setSettings", {"settings": wanted[slot.number]})) for slot in changing
    ]
    write_all(client, writes, SETTINGS_CODES, PeripheralError, "slots")
