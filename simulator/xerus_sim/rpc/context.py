"""Per-request context (who is calling, how), visible to RPC objects that need it."""

import contextvars
from dataclasses import dataclass, field

current = contextvars.ContextVar("xerus_request_context", default=None)


@dataclass
class RequestContext:
    remote_ip: str = ""
    client_type: str = "HTTP"
    username: str = ""
    session: object = None          # session.Session when authenticated by token
    rpc_names: list = field(default_factory=list)   # for the access log


def get():
    return current.get() or RequestContext()
