# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""bulkrpc.BulkRequest at /bulk (protocol 2)."""

import json

from xerus_sim.rpc import jsonrpc
from xerus_sim.rpc.errors import INVALID_REQUEST, REFUSED, RpcError

BULK_RID = "/bulk"


def _sub_call(device, rid, request):
    """One sub-request object -> (statcode, sub-response object)."""
    try:
        method, params, req_id = jsonrpc.validate_envelope(request)
    except jsonrpc.EnvelopeError as error:
        return 400, jsonrpc.error_envelope({"code": error.code, "message": error.message}, error.req_id)
    if rid.rstrip("/") == BULK_RID:
        return 400, jsonrpc.error_envelope(
            {"code": INVALID_REQUEST, "message": "Invalid Request: nested bulk request"}, req_id
        )
    return jsonrpc.invoke(device, rid, method, params, req_id)


def _rid_of(entry):
    rid = entry.get("rid") if isinstance(entry, dict) else None
    if not isinstance(rid, str):
        return None
    return rid if rid.startswith("/") else "/" + rid


class BulkRequest:
    TYPE = "bulkrpc.BulkRequest:1.0.2"

    def __init__(self, device):
        self.device = device

    def performBulk(self, requests: list):
        responses = []
        for entry in requests:
            rid = _rid_of(entry)
            request = entry.get("json") if isinstance(entry, dict) else None
            if rid is None:
                statcode, response = (
                    400,
                    jsonrpc.error_envelope({"code": INVALID_REQUEST, "message": "Invalid Request"}, None),
                )
            else:
                statcode, response = _sub_call(self.device, rid, request)
            responses.append({"json": response, "statcode": statcode})
        return {"responses": responses}

    def performRequest(self, requests: list):
        responses = []
        for entry in requests:
            rid = _rid_of(entry)
            text = entry.get("json") if isinstance(entry, dict) else None
            try:
                request = json.loads(text) if isinstance(text, str) else None
            except ValueError:
                request = None
            if rid is None or request is None:
                statcode, response = (
                    400,
                    jsonrpc.error_envelope({"code": INVALID_REQUEST, "message": "Invalid Request"}, None),
                )
            else:
                statcode, response = _sub_call(self.device, rid, request)
            responses.append({"json": json.dumps(response), "statcode": statcode})
        return {"responses": responses}

    def performBulkTimeout(self, requests: list, timeoutMs: int):
        raise RpcError(REFUSED, "performBulkTimeout is not supported")


RPC_OBJECTS = {BULK_RID: BulkRequest}
