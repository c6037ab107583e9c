# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read identity facts from discovered PDUs, one bulk request per device, concurrently (no Ansible import)."""

from __future__ import annotations

import functools
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import HAS_REQUESTS, Call, XerusClient
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError

if HAS_REQUESTS:
    import requests.adapters
    from urllib3.util.ssl_ import create_urllib3_context

IDENTITY_CALLS = (
    Call(rids.PDU, "getMetaData"),
    Call(rids.PDU, "getSettings"),
    Call(rids.FIRMWARE, "getVersion"),
)
# An inventory run should not wait through the modules' full retry schedule for a dead device.
INVENTORY_RETRIES = 1


@dataclass
class Identity:
    """What a device says about itself; reachable false with the error text when it could not be read."""

    reachable: bool
    model: str | None = None
    serial: str | None = None
    firmware_version: str | None = None
    name: str | None = None
    error: str | None = None
    partial_errors: list = field(default_factory=list)

    def to_dict(self):
        return {
            "reachable": self.reachable,
            "model": self.model,
            "serial": self.serial,
            "firmware_version": self.firmware_version,
            "name": self.name,
            "error": self.error,
            "partial_errors": list(self.partial_errors),
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            **{key: data.get(key) for key in ("reachable", "model", "serial", "firmware_version", "name", "error")},
            partial_errors=list(data.get("partial_errors") or []),
        )


def identity_from_bulk(results):
    """Identity from the three bulk entries (metadata, settings, firmware version); failed entries are listed."""
    metadata, settings, version = (entry.ret if entry.ok else None for entry in results)
    nameplate = metadata.get("nameplate") or {} if isinstance(metadata, dict) else {}
    identity = Identity(
        reachable=True,
        model=nameplate.get("model") or None,
        serial=nameplate.get("serialNumber") or None,
        firmware_version=version or (metadata.get("fwRevision") if isinstance(metadata, dict) else None) or None,
        name=settings.get("name") if isinstance(settings, dict) else None,
    )
    identity.partial_errors = [
        f"{entry.call.rid}.{entry.call.method}: {entry.error.message if entry.error else 'failed'}"
        for entry in results
        if not entry.ok
    ]
    return identity


def read_identity(host, port, connection, client_factory=XerusClient):
    """One bulk request to one device. connection: username, password, token, validate_certs, ca_path, timeout."""
    try:
        with client_factory(host, port=port, retries=INVENTORY_RETRIES, **connection) as client:
            return identity_from_bulk(client.bulk(list(IDENTITY_CALLS), safe=True))
    except XerusError as exc:
        return Identity(reachable=False, error=str(exc))
    except (OSError, ValueError) as exc:
        return Identity(reachable=False, error=f"{host}:{port}: {type(exc).__name__}: {exc}")


class IdentityReader:
    """Reads devices' identities `workers` at a time as their endpoints are submitted, so that reading can
    start while discovery is still running.

        with IdentityReader(connection) as reader:
            reader.submit(("192.0.2.10", 443))   # returns at once; the same endpoint twice is read once
            identities = reader.results(endpoints)

    Its clients share one TLS context (shared_context_clients), unless client_factory is given.
    """

    def __init__(self, connection, workers=16, client_factory=None):
        self.connection = connection
        self.client_factory = client_factory or shared_context_clients(connection)
        self._pool = ThreadPoolExecutor(max_workers=max(1, int(workers)), thread_name_prefix="xerus-enrich")
        self._futures = {}
        self.started = None  # time.monotonic() of the first submission

    def submit(self, endpoint):
        if endpoint not in self._futures:
            if self.started is None:
                self.started = time.monotonic()
            self._futures[endpoint] = self._pool.submit(
                read_identity, endpoint[0], endpoint[1], self.connection, self.client_factory
            )

    def results(self, endpoints):
        """{(host, port): Identity} for every endpoint (those not submitted yet are submitted now)."""
        endpoints = list(dict.fromkeys(endpoints))
        for endpoint in endpoints:
            self.submit(endpoint)
        return {endpoint: self._futures[endpoint].result() for endpoint in endpoints}

    def close(self):
        """Stops without waiting: reads not started are dropped (a browse that failed wants no results)."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, *_exc_info):
        self.close()
        return False


def read_identities(endpoints, connection, workers=16, client_factory=None):
    """{(host, port): Identity} for every (host, port), `workers` devices at a time."""
    endpoints = list(dict.fromkeys(endpoints))
    if not endpoints:
        return {}
    with IdentityReader(connection, min(int(workers), len(endpoints)), client_factory) as reader:
        return reader.results(endpoints)


# -- one TLS context for every client of an enrichment run ---------------------------------------


def tls_context(validate_certs, ca_path):
    """The context every connection of the run uses: the same verification as XerusClient's own
    (ca_path, else the system store; no verification with validate_certs false), loaded once."""
    if not validate_certs:
        return create_urllib3_context(cert_reqs=ssl.CERT_NONE)
    context = create_urllib3_context(cert_reqs=ssl.CERT_REQUIRED)
    if ca_path:
        context.load_verify_locations(cafile=ca_path)
    else:
        context.load_default_certs()
    return context


def shared_context_clients(connection):
    """A client factory whose clients share one TLS context. Building a context and loading the CA file
    for every connection was most of the controller's CPU per enriched device. When the context cannot be
    built (a CA file that is not one), plain clients are returned: each reports the problem for its device."""
    if not HAS_REQUESTS:
        return XerusClient
    try:
        context = tls_context(connection.get("validate_certs", True), connection.get("ca_path"))
    except (OSError, ValueError, ssl.SSLError):
        return XerusClient
    return functools.partial(SharedContextClient, ssl_context=context)


if HAS_REQUESTS:

    class _ContextAdapter(requests.adapters.HTTPAdapter):
        """Connections of this adapter use the given SSLContext as it is."""

        def __init__(self, ssl_context):
            self._ssl_context = ssl_context
            super().__init__(pool_connections=1, pool_maxsize=1)

        def init_poolmanager(self, *args, **kwargs):
            kwargs["ssl_context"] = self._ssl_context
            super().init_poolmanager(*args, **kwargs)

        def cert_verify(self, conn, url, verify, cert):
            # requests would give the connection a CA file (certifi's for verify=True), which urllib3 then
            # loads into the context for every connection: the trust anchors are in the context already.
            super().cert_verify(conn, url, False, cert)
            if verify:
                conn.cert_reqs = "CERT_REQUIRED"

    class SharedContextClient(XerusClient):
        """XerusClient whose HTTPS connections use a TLS context built once for many clients."""

        def __init__(self, *args, ssl_context, **kwargs):
            self._ssl_context = ssl_context
            super().__init__(*args, **kwargs)

        def _new_session(self):
            session = super()._new_session()  # checks the CA file as every client does
            session.verify = session.verify is not False  # the CA file is in the context (tls_context)
            session.mount("https://", _ContextAdapter(self._ssl_context))
            return session
