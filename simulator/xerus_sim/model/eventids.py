# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The events a simulated device knows, as id paths (event.Event.id), and how rule conditions match them.

raritan-json-rpc-doc, "Event Rules and Actions" [vendor doc]: ids are paths with dynamic components (user
names, outlet numbers, sensor types); in a rule ``*`` matches one component and a final ``**`` a whole
subtree.  [modelled] The tree: ``Device.SystemStartup``, ``UserActivity.<user>.LoggedIn|LoggedOut``,
``Outlet.<n>.PowerControl.On|Off`` (n 1-based), and per numeric sensor with thresholds
``<Object>.<label>.Sensor.<sensor>.AboveUpperCritical|AboveUpperWarning|BelowLowerWarning|BelowLowerCritical``
(sensorstates.py names the objects: ``Inlet.I1``, ``Outlet.3``, ``OverCurrentProtector.C1``).
"""

from xerus_sim.model import sensorstates

ANY_ONE, SUBTREE = "*", "**"
DYNAMIC = None  # a leaf component that takes any value (a user name)
STATE, TRIGGER = 0, 1  # event.Event.Type
NODE, DYN_NODE, LEAF = 0, 1, 2
POWER_CONTROL = ("On", "Off")


def leaves(device):
    """(id components, event type) of every event the device can emit."""
    found = [
        (("Device", "SystemStartup"), TRIGGER),
        (("UserActivity", DYNAMIC, "LoggedIn"), TRIGGER),
        (("UserActivity", DYNAMIC, "LoggedOut"), TRIGGER),
    ]
    for number in range(1, device.outlet_count + 1):
        found += [(("Outlet", str(number), "PowerControl", what), TRIGGER) for what in POWER_CONTROL]
    for prefix in sensorstates.sensor_prefixes(device):
        found += [((*prefix, state), STATE) for state in sensorstates.STATE_EVENTS]
    return found


def matches(pattern, event_id):
    """Whether a rule's event id pattern matches an event id (DYNAMIC components of a leaf match anything)."""
    pattern = list(pattern)
    if pattern and pattern[-1] == SUBTREE:
        head = pattern[:-1]
        return len(event_id) > len(head) and _components_match(head, event_id[: len(head)])
    return len(pattern) == len(event_id) and _components_match(pattern, event_id)


def _components_match(pattern, event_id):
    return all(want == ANY_ONE or have is DYNAMIC or want == have for want, have in zip(pattern, event_id))


def is_known(device, pattern):
    """A rule condition is valid when it selects at least one event the device knows."""
    if not pattern or any(not isinstance(part, str) or not part for part in pattern):
        return False
    if SUBTREE in pattern[:-1]:
        return False
    return any(matches(pattern, leaf) for leaf, _kind in leaves(device))


def descriptors(device, prefix):
    """listEventDescs: (code, the EventDesc entries below ``prefix``); code 1 when nothing is below it."""
    tree = {}
    for leaf, kind in leaves(device):
        node = tree
        for component in leaf[:-1]:
            node = node.setdefault(component, {})
        node[leaf[-1]] = kind
    for component in prefix:
        node = tree.get(component) if isinstance(tree, dict) else None
        if node is None and isinstance(tree, dict):
            node = tree.get(DYNAMIC)
        if not isinstance(node, dict):
            return 1, []
        tree = node
    return 0, [_desc(component, child) for component, child in tree.items()]


def _desc(component, child):
    if not isinstance(child, dict):
        return {
            "eventDescType": LEAF,
            "eventType": child,
            "dynNodeContext": "",
            "idComp": component,
            "name": component,
            "entries": [],
        }
    dynamic = component is DYNAMIC
    return {
        "eventDescType": DYN_NODE if dynamic else NODE,
        "eventType": STATE,
        "dynNodeContext": "user" if dynamic else "",
        "idComp": "" if dynamic else component,
        "name": "<user>" if dynamic else component,
        "entries": [_desc(name, grandchild) for name, grandchild in child.items()],
    }
