"""RPC object and CGI registries (CONTRACT 2): the simulator's own modules plus SimB's, merged."""

import functools
import importlib

OWN_MODULES = ("xerus_sim.rpc.session", "xerus_sim.model.snmp", "xerus_sim.model.net", "xerus_sim.model.netservices", "xerus_sim.rpc.bulk",
               "xerus_sim.ops.firmware", "xerus_sim.ops.firmware_upload", "xerus_sim.model.servercert", "xerus_sim.ops.neutraldiag")
OPTIONAL_MODULES = ("xerus_sim.config.bulk", "xerus_sim.config.raw", "xerus_sim.ops.diag")


def _import_optional(name):
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as missing:
        if missing.name == name:
            return None
        raise


@functools.lru_cache(maxsize=None)
def _registries():
    rpc_objects, cgi_handlers = {}, {}
    own = [importlib.import_module(name) for name in OWN_MODULES]
    optional = [module for module in map(_import_optional, OPTIONAL_MODULES) if module is not None]
    for module in own + optional:
        rpc_objects.update(getattr(module, "RPC_OBJECTS", {}))
        cgi_handlers.update(getattr(module, "CGI_HANDLERS", {}))
    for module in optional:   # SimB's objects win over the neutral fallbacks
        rpc_objects.update(getattr(module, "RPC_OBJECTS", {}))
    return rpc_objects, cgi_handlers


def rpc_classes():
    return _registries()[0]


def cgi_handlers():
    return _registries()[1]


def build_objects(device):
    """Every object a device serves, keyed by rid, each with the type id of the device's generation."""
    from xerus_sim.model import generations, pdu
    from xerus_sim.rpc import references
    objects = pdu.build(device)
    for rid, cls in rpc_classes().items():
        objects[rid] = cls(device)
    for obj in objects.values():
        generations.stamp(obj, generations.of(device))
    references.register_opaque(objects)
    return objects
