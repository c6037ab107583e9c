# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Interface references and opaque resource ids (protocol 1.4 and 3).

A reference carries an opaque rid built from the object's type id, the one
place that does so: a device whose objects present other interface versions
returns other opaque rids. The well-known rids are served as well.
"""

OPAQUE_PREFIX = "/tfwopaque"


def type_id(obj):
    """The type id an object presents (an instance may override its class's)."""
    return getattr(obj, "type_id", None) or obj.TYPE


def opaque_rid(obj):
    return f"{OPAQUE_PREFIX}/{type_id(obj)}/{obj.opaque_name}"


def reference(obj):
    return {"rid": opaque_rid(obj), "type": type_id(obj)}


def register_opaque(objects):
    """Serve every object that has an opaque name also at the opaque rid its references carry.

    Runs once the objects carry their final type id (the device's firmware generation).
    """
    for obj in list(objects.values()):
        if getattr(obj, "opaque_name", None):
            objects[opaque_rid(obj)] = obj
