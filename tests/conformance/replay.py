# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Replay the steps of a capture file with the vendor SDK against the simulator.

Every step is replayed generically from its first recorded request, through
the SDK's own entry points: `Agent.json_rpc` (then the generated proxy's
decoder for that rid, so strict type/enum decoding is exercised), `Agent.get`,
`Agent.form_data_file`, or `Agent._request` for the hand-made "raw" bodies.
Steps whose request carries redacted or summarised data (private keys,
binary firmware images, a password-encrypted file) have a registered replay
keyed by the capture's `sdk_call` text.  New captures are replayed as they
come; only steps with such data need a registry entry.
"""

import json
import re
import time
import uuid
from urllib.parse import unquote

import material
from raritan.rpc import (
    HttpException,
    JsonRpcErrorException,
    bulkcfg,
    bulkrpc,
    cert,
    devsettings,
    diag,
    firmware,
    pdumodel,
    rawcfg,
    sensors,
    session,
)
from simproc import make_agent

SECRET = "Conformance-Secret-1"
REDACTED = "<redacted"
CAPTURE_SERIAL = "XEM0000001"
FRESH_AGENT_PREFIX = "new Agent each time"
POLL_TIMEOUT = 30
POLL_INTERVAL = 0.1
VOLATILE_KEYS = {
    "timeStamp",
    "timestamp",
    "time_started",
    "elapsed",
    "estimated",
    "creationTime",
    "lastPowerStateChange",
    "token",
    "size_done",
    "size_total",
    "id",
}

PROXIES = [
    (r"/model/pdu/0", pdumodel.Pdu),
    (r"/tfwopaque/pdumodel\.Outlet:[^/]+/.+", pdumodel.Outlet),
    (r"/tfwopaque/pdumodel\.Inlet:[^/]+/.+", pdumodel.Inlet),
    (r"/tfwopaque/sensors\.AccumulatingNumericSensor:[^/]+/.+", sensors.AccumulatingNumericSensor),
    (r"/tfwopaque/sensors\.StateSensor:[^/]+/.+", sensors.StateSensor),
    (r"/tfwopaque/sensors\.NumericSensor:[^/]+/.+", sensors.NumericSensor),
    (r"/model/(pdu/0/)?outlet/\d+", pdumodel.Outlet),
    (r"/model/(pdu/0/)?inlet/\d+", pdumodel.Inlet),
    (r"/model/.+/activeEnergy", sensors.AccumulatingNumericSensor),
    (r"/model/.+/outletState", sensors.StateSensor),
    (r"/model/.+/[A-Za-z]+", sensors.NumericSensor),
    (r"/firmware", firmware.Firmware),
    (r"/cgi-bin/fwupdate_progress.cgi", firmware.FirmwareUpdateStatus),
    (r"/server_ssl_cert", cert.ServerSSLCert),
    (r"/bulkcfg", bulkcfg.BulkConfiguration),
    (r"/rawcfg", rawcfg.RawConfiguration),
    (r"/session", session.SessionManager),
    (r"/snmp", devsettings.Snmp),
    (r"/diag", diag.DiagLogSettings),
    (r"/bulk", bulkrpc.BulkRequest),
]


class NoReplay(Exception):
    """The step cannot be replayed (reason in the message)."""


def proxy_class_for(rid):
    for pattern, proxy_class in PROXIES:
        if re.fullmatch(pattern, rid):
            return proxy_class
    return None


def exception_name(error):
    return f"{type(error).__module__}.{type(error).__qualname__}"


class ReplayContext:
    """State shared by the steps of one capture: agents, session token, test material."""

    def __init__(self, sim):
        self.sim = sim
        self.exchanges = []
        self.token = None
        self.serial = sim.device["serial"]
        self.authority = material.CertificateAuthority()
        self.key = material.new_key()
        self.pending_csr = None
        self._agents = {}

    def agent(self, auth="basic", scheme="https", fresh=False):
        key = (auth, scheme)
        if fresh or key not in self._agents:
            address = (
                self.sim.address if scheme == "https" else f"{self.sim.device['host']}:{self.sim.device['http_port']}"
            )
            user, password = {
                "basic": ("admin", "legrand"),
                "none": (None, None),
                "wrong": ("admin", "wrong-password"),
                "token": (None, None),
            }[auth]
            agent = make_agent(address, user, password, scheme=scheme)
            if auth == "token":
                agent.set_auth_token(self.token)
            agent.exchanges = self.exchanges
            if fresh:
                return agent
            self._agents[key] = agent
        if auth == "token":
            self._agents[key].set_auth_token(self.token)
        return self._agents[key]

    def forget_agents(self):
        """Like the capture script after a restart: later steps use new connections."""
        self._agents.clear()

    def side_agent(self):
        """An agent whose traffic is not part of the comparison (preparation only)."""
        return make_agent(self.sim.address)

    def open_session(self):
        """A new session opened off the record, as the capture script did before a step that names a token
        it never shows being made; later token steps use it."""
        _ret, details, self.token = session.SessionManager("/session", self.side_agent()).newSession()
        self.session_timeout = details.timeout
        return self.token

    def localise(self, text):
        return text.replace(CAPTURE_SERIAL, self.serial)


def sdk_outcome(call):
    try:
        return "returned", call()
    except Exception as error:  # the SDK's own exception types are what is compared
        return "raised", exception_name(error)


# ---------------------------------------------------------------- generic replay


def _auth_of(request):
    names = {line.split(":", 1)[0].lower() for line in request["headers"]}
    if "x-sessiontoken" in names:
        return "token"
    return "basic" if "authorization" in names else "none"


# A redacted `session` query parameter is a session token (captures/README.md: tokens are redacted);
# every other redacted query value is a password.
SESSION_PARAMETER = "session"


def _query_value(ctx, name, value):
    if not value.startswith(REDACTED):
        return value
    return ctx.open_session() if name == SESSION_PARAMETER else SECRET


def _target(ctx, request):
    items = []
    for item in (request.get("query") or "").split("&") if request.get("query") else []:
        name, sep, value = item.partition("=")
        items.append(name + sep + _query_value(ctx, name, value))
    return request["path"] + ("?" + "&".join(items) if items else "")


def _is_sdk_json_rpc(body):
    return isinstance(body, dict) and "jsonrpc" not in body and {"method", "params", "id"} == set(body)


def _json_rpc(ctx, agent, rid, body):
    """`rid` as the SDK was given it: the recorded path is the SDK's percent-quoted form (protocol 1.1), so an
    opaque rid `/tfwopaque/pdumodel.Outlet:3.0.4/outlet.0` was sent as `.../pdumodel.Outlet%3A3.0.4/...`."""
    result = agent.json_rpc(rid, body["method"], body["params"])
    if isinstance(result, dict) and isinstance(result.get("token"), str):
        ctx.token = result["token"]
    proxy_class = proxy_class_for(rid)
    method = getattr(proxy_class(rid, agent), body["method"], None) if proxy_class else None
    return method.decode(result, agent) if method is not None else result


def _multipart_parts(ctx, multipart):
    parts = []
    for part in multipart["parts"]:
        text = part.get("text")
        if text is None or "<redacted" in text:
            raise NoReplay(f"part {part['name']!r} is not in the capture (binary or redacted)")
        parts.append(
            dict(
                data=ctx.localise(text).encode(),
                filename=part["filename"],
                formname=part["name"],
                mimetype=part["content_type"],
            )
        )
    return parts


def _is_sdk_multipart(multipart):
    """Agent.form_data_file gives every part a filename and a Content-Type; other framings were hand-made."""
    return all(part.get("filename") is not None and part.get("content_type") is not None for part in multipart["parts"])


def _hand_made_multipart(ctx, multipart):
    """The recorded framing (`layout`) with the recorded part headers, under a new boundary."""
    boundary = uuid.uuid4().hex
    body = b""
    for part, fields in zip(multipart["parts"], _multipart_parts(ctx, multipart)):
        body += f"--{boundary}\r\n".encode() + "".join(f"{line}\r\n" for line in part["part_headers"]).encode()
        body += b"\r\n" + fields["data"] + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body


def _raw_request(agent, request, body, target=None, content_type=None):
    skip = {"host", "accept-encoding", "content-length", "authorization", "x-sessiontoken"}
    headers = {}
    for line in request["headers"]:
        name, _sep, value = line.partition(":")
        if name.strip().lower() not in skip:
            headers[name.strip()] = value.strip()
    if content_type:
        headers["Content-Type"] = content_type
    headers.update(agent._get_auth_headers())
    response = agent._request(request["method"], target or request["path"], body, headers)
    return {"status": response.code, "body": response.read().decode(errors="replace")}


def generic_call(ctx, step, fresh=False):
    """A zero-argument callable doing the step's first recorded request through the SDK."""
    request = step["exchanges"][0]["request"]
    agent = ctx.agent(_auth_of(request), request["scheme"], fresh=fresh)
    body = request.get("body") or {}
    target = _target(ctx, request)
    if request["method"] == "GET" and not body:
        return lambda: agent.get(target)
    if "multipart" in body and not _is_sdk_multipart(body["multipart"]):
        content_type, raw = _hand_made_multipart(ctx, body["multipart"])
        return lambda: _raw_request(agent, request, raw, target, content_type)
    if "multipart" in body:
        parts = _multipart_parts(ctx, body["multipart"])
        return lambda: agent.form_data_file(target, parts)
    if "json" in body and _is_sdk_json_rpc(body["json"]) and not request.get("query"):
        return lambda: _json_rpc(ctx, agent, unquote(request["path"]), body["json"])
    if "json" in body:
        raw = json.dumps(body["json"])
    elif "text" in body:
        raw = body["text"]
    else:
        raise NoReplay("request body is summarised only")
    return lambda: _raw_request(agent, request, raw.encode(), target)


# ---------------------------------------------------------------- registered replays


def _wrong_password(ctx, step):
    agent = ctx.agent("wrong")
    return lambda: firmware.Firmware("/firmware", agent).getVersion()


def _firmware_upload(**image_fields):
    def replay(ctx, step):
        request = step["exchanges"][0]["request"]
        options = request.get("query_params") or None
        image = material.firmware_image(**image_fields)
        agent = ctx.agent()
        return lambda: firmware.upload(agent, image, options)

    return replay


def _cert_upload(kind):
    def replay(ctx, step):
        agent = ctx.agent()
        leaf_pem = material.pem(ctx.authority.leaf(ctx.key))
        data = {
            "garbage cert": (b"garbage", material.key_pem(ctx.key)),
            "foreign key": (leaf_pem, material.key_pem(material.new_key())),
            "chain": (ctx.authority.chain_pem(ctx.key), material.key_pem(ctx.key)),
            "again": (leaf_pem, material.key_pem(ctx.key)),
        }[kind]
        return lambda: cert.upload(agent, *data)

    return replay


def _cert_download_csr(ctx, step):
    agent = ctx.agent()

    def call():
        ctx.pending_csr = cert.download(agent, "new_req")
        return ctx.pending_csr

    return call


def _cert_upload_signed_csr(ctx, step):
    agent = ctx.agent()
    if ctx.pending_csr is None:
        raise NoReplay("no CSR was downloaded in an earlier step")
    signed = material.pem(ctx.authority.sign_csr(ctx.pending_csr))
    return lambda: cert.upload(agent, signed)


def _bulkcfg_password_upload(ctx, step):
    encrypted = bulkcfg.download(ctx.side_agent(), password=SECRET)
    agent = ctx.agent()
    return lambda: bulkcfg.upload(agent, encrypted, password=SECRET)


def _bulkcfg_backup_upload(ctx, step):
    """The recording summarises the backup file it uploaded (a download with backup=True, clear_text=True
    like step 8, same size); the replay takes this device's own backup, off the record."""
    backup = bulkcfg.download(ctx.side_agent(), backup=True, clear_text=True)
    agent = ctx.agent()
    return lambda: bulkcfg.upload(agent, backup, backup=True)


REGISTRY = {
    "wrong password: Firmware.getVersion()": _wrong_password,
    "firmware.upload(agent, image for model PX2)": _firmware_upload(model="PX2"),
    "firmware.upload(agent, older image, lowMemoryUpload=1) -> refused in low-memory mode": _firmware_upload(
        version="4.1.0.1-40000"
    ),
    "firmware.upload(agent, unsigned image)": _firmware_upload(signed="0"),
    "firmware.upload(agent, good image)": _firmware_upload(),
    "cert.upload(garbage cert, key) -> 4": _cert_upload("garbage cert"),
    "cert.upload(cert, foreign key) -> 5": _cert_upload("foreign key"),
    "cert.upload(cert+CA chain, key) -> 0": _cert_upload("chain"),
    "cert.upload(cert, key) again -> 2 (pending present)": _cert_upload("again"),
    "cert.download(agent, 'new_req')": _cert_download_csr,
    "cert.upload(signed cert only) -> 0 (uses the pending key)": _cert_upload_signed_csr,
    "bulkcfg.upload(agent, password file, password=<pw>) -> 0": _bulkcfg_password_upload,
    "bulkcfg.upload(agent, backup file, backup=True) -> 0": _bulkcfg_backup_upload,
}


# The capture script waited (off the record) for a pending restore/update to settle
# before the next upload, unless the step shows the "already running" refusal.
SETTLING_UPLOADS = {
    "/cgi-bin/bulk_config_restore.cgi": ("11", "/bulkcfg", bulkcfg.BulkConfiguration, 2),
    "/cgi-bin/raw_config_update.cgi": ("3", "/rawcfg", rawcfg.RawConfiguration, 2),
}


def _settle_before_upload(ctx, step):
    exchange = step["exchanges"][0]
    rule = SETTLING_UPLOADS.get(exchange["request"]["path"])
    if rule is None or "response" not in exchange:
        return
    running_code, rid, proxy_class, pending = rule
    headers = exchange["response"]["headers"]
    if any(
        line.lower().startswith("x-response-code:") and line.split(":")[1].strip() == running_code for line in headers
    ):
        return
    if _wait_while_pending(ctx, rid, proxy_class, pending):
        ctx.forget_agents()


def _wait_while_pending(ctx, rid, proxy_class, pending):
    """Poll (off the record, a new connection each time) until the status is no longer `pending`.

    A raw configuration update is applied by a reboot (protocol 9.1): the device goes away while the update
    is pending and answers again once it is applied.  True when such an outage was seen: the connections of
    the recorded agents are gone then, and the capture script's next step used new ones."""
    went_down, deadline = False, time.monotonic() + POLL_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if proxy_class(rid, ctx.side_agent()).getStatus()[0].val != pending:
                return went_down
        except HttpException:
            went_down = True
        time.sleep(POLL_INTERVAL)
    raise AssertionError(f"{rid} still pending (or unreachable) after {POLL_TIMEOUT} s")


FW_UPLOAD_PATH = "/cgi-bin/fwupload.cgi"


def _wait_out_upload_busy(ctx, step):
    """After a firmware upload the device refuses JSON-RPC calls for a while (protocol 7.1); the capture
    script waited (off the record) before its next call, except for the step that shows the refusal."""
    if not getattr(ctx, "after_fw_upload", False) or "device busy" in step["sdk_call"]:
        return
    ctx.after_fw_upload = False
    proxy = firmware.Firmware("/firmware", ctx.side_agent())
    deadline = time.monotonic() + POLL_TIMEOUT
    while time.monotonic() < deadline:
        try:
            proxy.getImageStatus()
            return
        except JsonRpcErrorException:
            time.sleep(POLL_INTERVAL)


# What the capture script did off the record before a step, where the step depends on it.
def _open_other_session(ctx, step):
    """auth.json closes session 2 with Basic auth: the session it closes was opened off the record
    (request id 85 is missing between steps 9 and 10)."""
    session.SessionManager("/session", ctx.side_agent()).newSession()


def _idle_past_session_timeout(ctx, step):
    """The step uses the token after more than Session.timeout (30 s) without a request (protocol 1.6)."""
    time.sleep(getattr(ctx, "session_timeout", 30) + 1)


def _sequence_finished(ctx, step):
    """Wait (off the record, polling the sequence state, protocol 5.3) until no switch-on is queued.

    outlets.json paced its steps slower than the replay does, and two steps depend on it: the sequence of
    outlets 1-3 (step 14, still queued in steps 15-16) had ended before outlets 4 and 5 were cycled (step 27
    reads 1-3 on since second ...114, 4-5 off since ...115, so setAllOutletPowerStates and
    cancelOutletSequence found nothing of 1-3 to queue or drop), and the switch-on of outlet 0 that
    setAllOutletPowerStates made due at once had settled before the bulk read (step 27: on, nothing in
    progress)."""
    pdu = pdumodel.Pdu("/model/pdu/0", ctx.side_agent())
    deadline = time.monotonic() + POLL_TIMEOUT
    while pdu.getOutletSequenceState().sequenceRunning:
        if time.monotonic() > deadline:
            raise AssertionError(f"the outlet switch-on sequence still runs after {POLL_TIMEOUT} s")
        time.sleep(POLL_INTERVAL)


PREPARATIONS = {
    "Pdu.cycleMultipleOutletPowerStates([4,5], False)": _sequence_finished,
    "BulkRequestHelper: getState+getSettings of all 8 outlets, plus getState of a missing outlet -> "
    "perform_bulk()": _sequence_finished,
    "Basic auth: SessionManager.closeSession(sessionId, CLOSE_REASON_LOGOUT)": _open_other_session,
    "the same token after 31 s idle: Firmware.getVersion() -> 401 (sessions end 30 s after the last request; "
    "log in again)": _idle_past_session_timeout,
}


def step_call(ctx, step, fresh=False):
    if not step["exchanges"]:
        raise NoReplay("no HTTP exchange in this step (covered by its own test)")
    preparation = PREPARATIONS.get(step["sdk_call"])
    if preparation is not None:
        preparation(ctx, step)
    _settle_before_upload(ctx, step)
    _wait_out_upload_busy(ctx, step)
    if step["exchanges"][0]["request"]["path"] == FW_UPLOAD_PATH:
        ctx.after_fw_upload = True
    replay = REGISTRY.get(step["sdk_call"])
    if replay is not None:
        return replay(ctx, step)
    return generic_call(ctx, step, fresh=fresh)


# ---------------------------------------------------------------- polling


def _scalars(document):
    """Top-level scalar values of a JSON-RPC result (or the error code), volatile keys dropped."""
    if not isinstance(document, dict):
        return None
    if "error" in document:
        return {"error": (document["error"] or {}).get("code")}
    result = document.get("result")
    if not isinstance(result, dict):
        return result
    return {
        key: value for key, value in result.items() if key not in VOLATILE_KEYS and not isinstance(value, (dict, list))
    }


def recorded_signature(step):
    exchange = step["exchanges"][-1]
    if "response" not in exchange:
        return ("error", exchange.get("error", "").split(":")[0])
    response = exchange["response"]
    return ("http", response["status"], _scalars((response.get("body") or {}).get("json")))


def actual_signature(exchanges):
    if not exchanges:
        return ("none",)
    exchange = exchanges[-1]
    if exchange.error is not None:
        return ("error", exchange.error)
    return ("http", exchange.status, _scalars(exchange.response_json()))


def poll_until(ctx, step, final_step):
    """Repeat the step (bounded) until it shows the final step's outcome.

    Returns [(recorded step, exchanges, outcome)] for the first attempt when it
    differs from the final outcome, and for the attempt that reached it."""
    fresh = step["sdk_call"].startswith(FRESH_AGENT_PREFIX)
    wanted = recorded_signature(final_step)
    observed, deadline = [], time.monotonic() + POLL_TIMEOUT
    while time.monotonic() < deadline:
        ctx.exchanges.clear()
        outcome = sdk_outcome(step_call(ctx, step, fresh=fresh))
        attempt = list(ctx.exchanges)
        if actual_signature(attempt) == wanted:
            return observed + [(final_step, attempt, outcome)]
        if not observed:
            observed.append((step, attempt, outcome))
        time.sleep(POLL_INTERVAL)
    raise AssertionError(
        f"{step['sdk_call']!r}: never reached the recorded outcome {wanted} "
        f"in {POLL_TIMEOUT} s; last seen {actual_signature(attempt)}"
    )


def step_groups(steps):
    """Pairs (index, step, final step or None): a `repeated` step polls until the next one."""
    index = 0
    while index < len(steps):
        step = steps[index]
        following = steps[index + 1] if index + 1 < len(steps) else None
        if step.get("repeated") and following and following["sdk_call"] == step["sdk_call"]:
            yield index, step, following
            index += 2
        else:
            yield index, step, None
            index += 1


def _is_polling(step):
    return " until " in step["sdk_call"]


def replay_capture(ctx, steps):
    """{step index: ("ran", exchanges, outcome) | ("skipped", reason) | ("failed", message)}."""
    results = {}
    for index, step, final_step in step_groups(steps):
        if step["sdk_call"].startswith(FRESH_AGENT_PREFIX):
            ctx.forget_agents()
        try:
            if final_step is None and not _is_polling(step):
                ctx.exchanges.clear()
                outcome = sdk_outcome(step_call(ctx, step))
                results[index] = ("ran", list(ctx.exchanges), outcome)
                continue
            if final_step is None:
                results[index] = ("ran",) + poll_until(ctx, step, step)[-1][1:]
                continue
            attempts = poll_until(ctx, step, final_step)
            results[index + 1] = ("ran",) + attempts[-1][1:]
            results[index] = (
                ("ran",) + attempts[0][1:]
                if len(attempts) > 1
                else ("skipped", "the final outcome was reached at the first attempt")
            )
        except NoReplay as reason:
            results[index] = ("skipped", str(reason))
        except AssertionError as error:
            results[index] = ("failed", str(error))
            if final_step is not None:
                results[index + 1] = ("failed", str(error))
    return results
