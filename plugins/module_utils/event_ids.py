# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Event ids of the event engine: the dotted form users write, the component vector the device stores.

The device identifies an event by a path of components (event.Event.id, event.Engine.Condition.eventId:
``["Outlet", "3", "PowerControl", "On"]``); users write it dotted (``Outlet.3.PowerControl.On``). A
component ``*`` matches any single component, ``**`` as the last component a whole subtree
(raritan-json-rpc-doc, "Event Rules and Actions"). A component holding a dot (a user name such as
``john.doe``) is written as a list of components instead of a dotted string. No Ansible import.
"""

from __future__ import annotations

from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError, naming_option
from ansible_collections.xerus.pdu.plugins.module_utils.text_checks import check_single_line

ANY_ONE = "*"
SUBTREE = "**"
MAX_COMPONENTS = 16
MAX_COMPONENT_LENGTH = 128


def parse(entry, option="events"):
    """The component list of one event id (a dotted string or a list of components); XerusInputError otherwise."""
    if isinstance(entry, str):
        components = entry.strip().split(".")
    elif isinstance(entry, (list, tuple)):
        components = [str(component) for component in entry]
    else:
        raise XerusInputError.for_option(option, f"{entry!r} is neither a dotted event id nor a list of components")
    shown = dotted(components)
    if not 1 < len(components) <= MAX_COMPONENTS:
        raise XerusInputError.for_option(
            option, f"event id {shown!r} has {len(components)} components; an event id has 2..{MAX_COMPONENTS}"
        )
    for position, component in enumerate(components, start=1):
        _check_component(option, shown, position, component, last=position == len(components))
    return list(components)


def _check_component(option, shown, position, component, last):
    if not component.strip():
        raise XerusInputError.for_option(option, f"event id {shown!r}: component {position} is empty")
    if len(component) > MAX_COMPONENT_LENGTH:
        raise XerusInputError.for_option(
            option, f"event id {shown!r}: component {position} is longer than {MAX_COMPONENT_LENGTH} characters"
        )
    with naming_option(option):
        check_single_line(component, f"option {option}: event id {shown!r}")
    if component == SUBTREE and not last:
        raise XerusInputError.for_option(
            option, f"event id {shown!r}: the wildcard ** selects a subtree and is only allowed as the last component"
        )
    if component not in (ANY_ONE, SUBTREE) and "*" in component:
        raise XerusInputError.for_option(
            option,
            f"event id {shown!r}: component {component!r} mixes * with text; a wildcard is a whole component "
            "(* for one component, ** at the end for a subtree)",
        )


def dotted(components):
    """The dotted form of a component list (as the device's web interface shows it)."""
    return ".".join(str(component) for component in components)
