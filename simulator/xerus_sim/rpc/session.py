# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Session tokens: the store the HTTP layer authenticates against, and session.SessionManager."""

import secrets
import threading
import time
from dataclasses import dataclass, field

from xerus_sim.model import event
from xerus_sim.rpc import context
from xerus_sim.rpc.errors import REFUSED, RpcError
from xerus_sim.rpc.idltypes import Enum

IDLE_TIMEOUT = 30  # default of --session-timeout: real devices expire sessions after 30 s idle (protocol 1.6)
CloseReason = Enum("session.SessionManager_2_0_0.CloseReason:1.0.0", 4)


@dataclass
class Session:
    session_id: int
    username: str
    remote_ip: str
    client_type: str
    creation_uptime: int
    token: str = field(repr=False)
    last_activity: float = field(default_factory=time.monotonic)
    last_user_activity: float = field(default_factory=time.monotonic)

    timeout: float = IDLE_TIMEOUT

    def wire(self):
        now = time.monotonic()
        return {
            "sessionId": self.session_id,
            "username": self.username,
            "remoteIp": self.remote_ip,
            "clientType": self.client_type,
            "creationTime": self.creation_uptime,
            "timeout": max(1, int(round(self.timeout))),
            "idle": int(now - self.last_activity),
            "userIdle": int(now - self.last_user_activity),
        }


class SessionStore:
    """In-memory sessions of one device; dropped at every reboot."""

    def __init__(self, device):
        self._device = device
        self._lock = threading.Lock()
        self._by_token = {}
        self._next_id = 1
        self.history = []

    def create(self, username, remote_ip, client_type):
        with self._lock:
            session = Session(
                self._next_id,
                username,
                remote_ip,
                client_type,
                self._device.uptime(),
                secrets.token_hex(16),
                timeout=self._idle_timeout(),
            )
            self._next_id += 1
            self._by_token[session.token] = session
            self.history.insert(
                0, {"creationTime": self._device.now(), "remoteIp": remote_ip, "clientType": client_type}
            )
            return session

    def _idle_timeout(self):
        timings = getattr(self._device, "timings", None)
        return float(getattr(timings, "session_timeout", IDLE_TIMEOUT))

    def authenticate(self, token):
        """The live session of a token (touching it), or None when unknown or idle too long."""
        with self._lock:
            session = self._by_token.get(token)
            if session is None:
                return None
            if time.monotonic() - session.last_activity > session.timeout:
                del self._by_token[token]
                return None
            session.last_activity = time.monotonic()
            return session

    def close(self, session_id):
        with self._lock:
            for token, session in list(self._by_token.items()):
                if session.session_id == session_id:
                    del self._by_token[token]

    def all(self):
        with self._lock:
            return sorted(self._by_token.values(), key=lambda s: s.session_id)

    def drop_all(self):
        with self._lock:
            self._by_token.clear()


def _current_session(method):
    session = context.get().session
    if session is None:
        raise RpcError(REFUSED, f"{method} must be authenticated with a session token (X-SessionToken)")
    return session


class SessionManager:
    TYPE = "session.SessionManager:2.0.0"

    def __init__(self, device):
        self.device = device

    def newSession(self):
        ctx = context.get()
        session = self.device.sessions.create(ctx.username, ctx.remote_ip, ctx.client_type)
        with self.device.lock:
            event.deliver(self.device, ["UserActivity", ctx.username, "LoggedIn"])
        return {"_ret_": 0, "session": session.wire(), "token": session.token}

    def getCurrentSession(self):
        return {"_ret_": _current_session("getCurrentSession").wire()}

    def closeCurrentSession(self, reason: CloseReason):
        session = _current_session("closeCurrentSession")
        self.device.sessions.close(session.session_id)
        with self.device.lock:
            event.deliver(self.device, ["UserActivity", session.username, "LoggedOut"])
        return {}

    def touchCurrentSession(self, userActivity: bool):
        session = _current_session("touchCurrentSession")
        if userActivity:
            session.last_user_activity = time.monotonic()
        return {}

    def getSessions(self):
        return {"_ret_": [session.wire() for session in self.device.sessions.all()]}

    def closeSession(self, sessionId: int, reason: CloseReason):
        self.device.sessions.close(sessionId)
        return {}

    def getSessionHistory(self):
        return {"_ret_": [dict(entry) for entry in self.device.sessions.history]}


RPC_OBJECTS = {"/session": SessionManager}
