# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read identity facts from discovered PDUs, one bulk request per device, concurrently (no Ansible import)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call, XerusClient
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError

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


def read_identities(endpoints, connection, workers=16, client_factory=XerusClient):
    """{(host, port): Identity} for every (host, port), `workers` devices at a time."""
    endpoints = list(dict.fromkeys(endpoints))
    if not endpoints:
        return {}
    with ThreadPoolExecutor(max_workers=max(1, min(int(workers), len(endpoints)))) as pool:
        futures = {
            endpoint: pool.submit(read_identity, endpoint[0], endpoint[1], connection, client_factory)
            for endpoint in endpoints
        }
        return {endpoint: future.result() for endpoint, future in futures.items()}
