# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-request context (who is calling, how), visible to RPC objects that need it."""

import contextvars
from dataclasses import dataclass, field

current = contextvars.ContextVar("xerus_request_context", default=None)


@dataclass
class RequestContext:
    remote_ip: str = ""
    client_type: str = "HTTP"
    username: str = ""
    session: object = None  # session.Session when authenticated by token
    rpc_names: list = field(default_factory=list)  # for the access log


def get():
    return current.get() or RequestContext()
