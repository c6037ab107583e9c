# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every RPC object and CGI a device serves, gathered from the modules listed in MODULES.

A module exposes ``RPC_OBJECTS = {rid: class}`` and/or ``CGI_HANDLERS =
{(method, path): handler}``; a new interface is served by adding its module
here. A rid or CGI path defined twice is an error at build time.
"""

import functools
import importlib

from xerus_sim.model import generations, pdu
from xerus_sim.rpc import references

MODULES = (
    "xerus_sim.rpc.session",
    "xerus_sim.rpc.bulk",
    "xerus_sim.model.net",
    "xerus_sim.model.netservices",
    "xerus_sim.model.snmp",
    "xerus_sim.model.servercert",
    "xerus_sim.config.bulk",
    "xerus_sim.config.raw",
    "xerus_sim.ops.firmware",
    "xerus_sim.ops.firmware_upload",
    "xerus_sim.ops.diag",
    "xerus_sim.model.usermgmt",
    "xerus_sim.model.security",
    "xerus_sim.model.modbus",
    "xerus_sim.model.datetime",
    "xerus_sim.model.smtp",
    "xerus_sim.model.auth",
    "xerus_sim.model.alerted_sensors",
    "xerus_sim.model.event",
    "xerus_sim.model.eventlog",
)


def _merge(into, entries, source, what):
    twice = set(into) & set(entries)
    assert not twice, f"{source} defines {what} {sorted(map(str, twice))} again"
    into.update(entries)


@functools.lru_cache(maxsize=None)
def _registries():
    rpc_objects, cgi_handlers = {}, {}
    for name in MODULES:
        module = importlib.import_module(name)
        _merge(rpc_objects, getattr(module, "RPC_OBJECTS", {}), name, "rid")
        _merge(cgi_handlers, getattr(module, "CGI_HANDLERS", {}), name, "CGI")
    return rpc_objects, cgi_handlers


def find_dynamic(device, rid):
    """An object a module serves at rids that come and go (``FIND_OBJECT(device, rid)``, e.g. one per account),
    stamped with the device's generation; None when no module serves the rid."""
    for module in _object_finders():
        obj = module.FIND_OBJECT(device, rid)
        if obj is not None:
            generations.stamp(obj, generations.of(device))
            return obj
    return None


@functools.lru_cache(maxsize=None)
def _object_finders():
    return [module for module in map(importlib.import_module, MODULES) if hasattr(module, "FIND_OBJECT")]


def rpc_classes():
    return _registries()[0]


def cgi_handlers():
    return _registries()[1]


def build_objects(device):
    """Every object a device serves, keyed by rid, each with the type id of the device's generation."""
    objects = pdu.build(device)
    _merge(objects, {rid: cls(device) for rid, cls in rpc_classes().items()}, "MODULES (beside the PDU model)", "rid")
    for obj in objects.values():
        generations.stamp(obj, generations.of(device))
    references.register_opaque(objects)
    for rid in [
        rid
        for rid, obj in objects.items()
        if getattr(obj, "opaque_only", False) and not rid.startswith(references.OPAQUE_PREFIX)
    ]:
        del objects[rid]
    return objects
