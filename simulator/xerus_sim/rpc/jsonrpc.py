# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""JSON-RPC envelopes and dispatch to RPC objects."""

import functools
import inspect
import json

from xerus_sim.model import generations, sensorstates
from xerus_sim.rpc import context, idltypes, references
from xerus_sim.rpc.errors import (
    INTERNAL_ERROR,
    INVALID_PARAMS,
    INVALID_REQUEST,
    METHOD_NOT_FOUND,
    PARSE_ERROR,
    REFUSED,
    RpcError,
)

ENVELOPE_MEMBERS = {"jsonrpc", "method", "params", "id"}
READ_PREFIXES = ("get", "list", "is", "has")


class EnvelopeError(Exception):
    def __init__(self, code, message, req_id=None):
        super().__init__(message)
        self.code, self.message, self.req_id = code, message, req_id


def result_envelope(result, req_id):
    return {"jsonrpc": "2.0", "result": result, "id": req_id}


def error_envelope(error, req_id):
    return {"jsonrpc": "2.0", "error": error, "id": req_id}


def encode(envelope):
    return json.dumps(envelope, separators=(", ", ": ")).encode()


def parse_body(body):
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise EnvelopeError(PARSE_ERROR, "Parse error") from None


def _valid_id(value):
    return value is None or (isinstance(value, (int, str)) and not isinstance(value, bool))


def validate_envelope(request):
    """Return (method, params, id) of a request object or raise EnvelopeError."""
    if not isinstance(request, dict):
        raise EnvelopeError(INVALID_REQUEST, "Invalid Request")
    req_id = request.get("id")
    if not _valid_id(req_id):
        raise EnvelopeError(INVALID_REQUEST, "Invalid Request")
    if set(request) - ENVELOPE_MEMBERS:
        raise EnvelopeError(INVALID_REQUEST, "Invalid Request", req_id)
    if "jsonrpc" in request and request["jsonrpc"] != "2.0":
        raise EnvelopeError(INVALID_REQUEST, "Invalid Request", req_id)
    method = request.get("method")
    if not isinstance(method, str) or not method:
        raise EnvelopeError(INVALID_REQUEST, "Invalid Request", req_id)
    return method, request.get("params", {}), req_id


@functools.lru_cache(maxsize=None)
def _signature(cls, method):
    function = getattr(cls, method)
    try:
        return inspect.signature(function, eval_str=True)
    except (NameError, TypeError, SyntaxError):
        return inspect.signature(function)


def _signature_text(method, params):
    parts = [f"{name}: {idltypes.describe(p.annotation)}" for name, p in params.items()]
    return f"{method}({', '.join(parts)})"


def _invalid(path, expected, got, signature):
    return RpcError(
        INVALID_PARAMS, "Invalid params", {"path": path, "expected": expected, "got": got, "signature": signature}
    )


def _bind(cls, method, params, generation):
    """Validate JSON params against the method signature (as the generation defines its types); return kwargs."""
    declared = dict(_signature(cls, method).parameters)
    declared.pop("self", None)
    signature = _signature_text(method, declared)
    if params == []:
        params = {}
    if not isinstance(params, dict):
        raise _invalid("params", "object of named parameters", repr(params), signature)
    for name, value in params.items():
        if name not in declared:
            names = ", ".join(declared) or "none"
            raise _invalid(
                f"params.{name}", f"no such parameter of {method} (parameters: {names})", repr(value), signature
            )
    for name, parameter in declared.items():
        if name not in params:
            if parameter.default is inspect.Parameter.empty:
                raise _invalid(
                    f"params.{name}",
                    f"required parameter of type {idltypes.describe(parameter.annotation)}",
                    idltypes.MISSING,
                    signature,
                )
            continue
        if parameter.annotation is not inspect.Parameter.empty:
            problem = idltypes.check(parameter.annotation, params[name], f"params.{name}", generation)
            if problem:
                raise _invalid(*problem, signature)
    return params


def is_dispatchable(obj, method):
    if method.startswith("_") or method == "TYPE":
        return False
    return callable(getattr(type(obj), method, None))


def type_info(obj, generation):
    """getTypeInfo: the chain from the object's type id through its bases, as the device's generation presents
    them (generations.py); objects of interfaces outside its tables name their bases in BASES."""
    interface = _interface(obj)
    if interface in generations.TYPE_VERSIONS[generation]:
        return generations.type_info(generation, interface)
    chain = [references.type_id(obj), *getattr(obj, "BASES", ())]
    info = None
    for type_id in reversed(chain):
        info = {"id": type_id, "parent": info}
    return info


def _interface(obj):
    declared = getattr(obj, "TYPE", None)
    return generations.interface_of(declared) if declared else None


def call(obj, method, params):
    """Run one JSON-RPC method on an object; return the `result` (null for a void method) or raise RpcError."""
    generation = generations.of(getattr(obj, "device", None))
    if method in getattr(obj, "UNAVAILABLE", ()):
        raise RpcError(METHOD_NOT_FOUND, "Method not found: not available via JSON-RPC")
    if not generations.serves_method(generation, _interface(obj), method):
        raise RpcError(METHOD_NOT_FOUND, "Method not found")
    if not is_dispatchable(obj, method):
        neutral = getattr(obj, "NEUTRAL", {})
        if method in neutral:
            return json.loads(json.dumps(neutral[method])) or None
        if method == "getTypeInfo":
            if params not in ({}, []):
                raise _invalid("params", "no parameters", repr(params), "getTypeInfo()")
            return {"_ret_": type_info(obj, generation)}
        raise RpcError(METHOD_NOT_FOUND, "Method not found")
    kwargs = _bind(type(obj), method, params, generation)
    result = getattr(obj, method)(**kwargs)
    _after_change(obj, method)
    return None if result is None or result == {} else result


def _after_change(obj, method):
    """After a call that may have changed something: threshold states as events (sensorstates.py)."""
    device = getattr(obj, "device", None)
    if device is not None and not method.startswith(READ_PREFIXES):
        with device.lock:
            sensorstates.evaluate(device)


def invoke(device, rid, method, params, req_id):
    """Dispatch a call to rid; return (http status, response envelope)."""
    context.get().rpc_names.append(f"{rid}:{method}")
    obj = device.find_object(rid)
    if obj is None:
        return 404, error_envelope({"code": METHOD_NOT_FOUND, "message": f"Not Found: no object at {rid}"}, req_id)
    try:
        if device.busy() and not getattr(obj, "SERVED_WHEN_BUSY", False):
            raise RpcError(REFUSED, device.busy_message)
        injected = device.faults.rpc_error_for(rid, method)
        if injected:
            raise injected
        return 200, result_envelope(call(obj, method, params), req_id)
    except RpcError as error:
        return 200, error_envelope(error.to_json(), req_id)
    except Exception:  # noqa: BLE001 - the device answers internal errors, never crashes
        device.log_exception(f"{rid}:{method}")
        return 200, error_envelope({"code": INTERNAL_ERROR, "message": "Internal error"}, req_id)


def handle_body(device, rid, body):
    """A whole single JSON-RPC request body -> (http status, response envelope)."""
    try:
        method, params, req_id = validate_envelope(parse_body(body))
    except EnvelopeError as error:
        status = 200
        if device.find_object(rid) is None:
            status = 404
            return status, error_envelope(
                {"code": METHOD_NOT_FOUND, "message": f"Not Found: no object at {rid}"}, error.req_id
            )
        return status, error_envelope({"code": error.code, "message": error.message}, error.req_id)
    return invoke(device, rid, method, params, req_id)
