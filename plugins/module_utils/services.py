# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Network services area: enabled and port per service (net.Services at ``/net/services``) and the fields the
device keeps elsewhere (docs/protocol/XERUS-PROTOCOL.md section 4.4 "Network services", 9.3):

- ``http.force_https``: ``Security.getHttpRedirSettings`` / ``setHttpRedirSettings`` at ``/security``;
- ``https.hsts``: ``Security.isHstsEnabled`` / ``setHstsEnabled``;
- ``ssh.password_auth`` / ``ssh.public_key_auth``: ``Security.getSSHSettings`` / ``setSSHSettings``;
- ``modbus.read_only``: ``devsettings.Modbus`` at ``/modbus``, ``Settings.tcp.readonly``.

No Ansible import. Everything is read in one bulk request (an interface the device does not serve reads as
"not supported" and fails only a task that sets one of its fields); the changes are written in one bulk
request, the service list last, with only the service entries that change (net.Services changes the services
it names and leaves the others alone). Service names are the device's, matched case-insensitively.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError, XerusInputError

NAME = "services"
SERVICES = ("http", "https", "ssh", "telnet", "modbus")
# The service the client's JSON-RPC runs over: it is never disabled by a task.
CONNECTION_SERVICE = "https"
PORTS = range(1, 65536)


@dataclass(frozen=True)
class ExtraField:
    """A service field kept on another interface: how to read it and how to write a new value."""

    read_key: str
    read_path: tuple  # path inside the read value; () for the value itself
    write: str  # key of the write call in WRITERS


EXTRA_FIELDS = {
    "http": {"force_https": ExtraField("security.redirect", (), "redirect")},
    "https": {"hsts": ExtraField("security.hsts", (), "hsts")},
    "ssh": {
        "password_auth": ExtraField("security.ssh", ("allowPasswordAuth",), "ssh"),
        "public_key_auth": ExtraField("security.ssh", ("allowPublicKeyAuth",), "ssh"),
    },
    "modbus": {"read_only": ExtraField("modbus.settings", ("tcp", "readonly"), "modbus")},
}

READ_CALLS = {
    "services": Call(rids.NET_SERVICES, "getSettings"),
    "security.redirect": Call(rids.SECURITY, "getHttpRedirSettings"),
    "security.hsts": Call(rids.SECURITY, "isHstsEnabled"),
    "security.ssh": Call(rids.SECURITY, "getSSHSettings"),
    "modbus.settings": Call(rids.MODBUS, "getSettings"),
}


class ServicesError(XerusError):
    """The device refused a service change, or does not offer a service or field the task sets."""


@dataclass
class ServicesResult:
    changed: bool
    before: dict
    after: dict
    changed_services: list = field(default_factory=list)


# -- input ----------------------------------------------------------------------


def parse_request(params):
    """{service: {field: value}} of the given (non-null) fields; ports checked."""
    request = {}
    for name in SERVICES:
        options = {key: value for key, value in (params.get(name) or {}).items() if value is not None}
        if "port" in options and options["port"] not in PORTS:
            raise XerusInputError.for_option(f"{name}.port", f"{options['port']} is not a TCP port (1..65535)")
        if options:
            request[name] = options
    if request.get(CONNECTION_SERVICE, {}).get("enabled") is False:
        raise XerusInputError.for_option(
            f"{CONNECTION_SERVICE}.enabled",
            "refusing to disable https: the task and every other xerus.pdu task reach the device through it",
        )
    return request


# -- reading ----------------------------------------------------------------------


def first_calls():
    return dict(READ_CALLS)


def read(client):
    """{key of READ_CALLS: value or None where the device refused the call}; the service list is required."""
    answers = {}
    for key, entry in zip(READ_CALLS, client.bulk(list(READ_CALLS.values()), safe=True)):
        answers[key] = entry.value if entry.ok else None
        if key == "services" and not entry.ok:
            entry.raise_for_error()
    return answers


def service_list(answer):
    """The ServiceSettings list of a getSettings answer (the result object or, from some agents, the list)."""
    if isinstance(answer, dict):
        answer = answer.get("servicesSettings")
    return [item for item in answer or [] if isinstance(item, dict) and "service" in item]


def _extra_value(answers, extra):
    value = answers.get(extra.read_key)
    for key in extra.read_path:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, bool) else None


def view(answers):
    """{service: {enabled, port, and the service's other fields the device has}} for every listed service."""
    services = {}
    for item in service_list(answers.get("services")):
        name = str(item["service"])
        entry = {"enabled": bool(item.get("enable")), "port": item.get("port")}
        for field_name, extra in EXTRA_FIELDS.get(name.lower(), {}).items():
            value = _extra_value(answers, extra)
            if value is not None:
                entry[field_name] = value
        services[name] = entry
    return services


def facts(answers):
    """The xerus_info ``services`` subset; None when the device has no net.Services."""
    if answers.get("services") is None:
        return None
    return view(answers)


# -- planning ----------------------------------------------------------------------


def _device_name(current, name, device):
    for listed in current:
        if listed.lower() == name:
            return listed
    raise ServicesError(
        device,
        f"option {name}: the device does not offer the service {name!r} (it offers: {', '.join(current) or 'none'})",
        option=name,
    )


def desired_view(current, request, device):
    wanted = copy.deepcopy(current)
    for name, options in request.items():
        entry = wanted[_device_name(current, name, device)]
        for key, value in options.items():
            if key not in entry:
                raise ServicesError(
                    device,
                    f"option {name}.{key}: not supported by this device (it does not serve the interface that "
                    "keeps this setting)",
                    option=f"{name}.{key}",
                )
            entry[key] = value
    _check_ports(wanted, request, device)
    return wanted


def _check_ports(wanted, request, device):
    users = {}
    for name, entry in wanted.items():
        if entry["enabled"]:
            users.setdefault(entry["port"], []).append(name)
    for port, names in users.items():
        if len(names) > 1 and any(name.lower() in request for name in names):
            raise XerusInputError(
                f"option {names[0].lower()}.port: port {port} would be used by {' and '.join(names)}",
                option=f"{names[0].lower()}.port",
                device=device,
            )


def write_calls(answers, before, after):
    """The bulk calls that turn ``before`` into ``after``: other interfaces first, the service list last."""
    calls = []
    writers = {}
    for name, entry in after.items():
        for field_name, extra in EXTRA_FIELDS.get(name.lower(), {}).items():
            if field_name in entry and entry[field_name] != before[name].get(field_name):
                writers.setdefault(extra.write, []).append((extra, entry[field_name]))
    for writer, changes in writers.items():
        calls.append(WRITERS[writer](answers, changes))
    changed = [
        {**item, "enable": after[item["service"]]["enabled"], "port": after[item["service"]]["port"]}
        for item in service_list(answers["services"])
        if (before[item["service"]]["enabled"], before[item["service"]]["port"])
        != (after[item["service"]]["enabled"], after[item["service"]]["port"])
    ]
    if changed:
        calls.append(Call(rids.NET_SERVICES, "setSettings", {"servicesSettings": changed}))
    return calls


def _with_changes(structure, changes):
    structure = copy.deepcopy(structure)
    for extra, value in changes:
        target = structure
        for key in extra.read_path[:-1]:
            target = target[key]
        target[extra.read_path[-1]] = value
    return structure


def _redirect_call(_answers, changes):
    return Call(rids.SECURITY, "setHttpRedirSettings", {"http2httpsRedir": changes[0][1]})


def _hsts_call(_answers, changes):
    return Call(rids.SECURITY, "setHstsEnabled", {"enable": changes[0][1]})


def _ssh_call(answers, changes):
    return Call(rids.SECURITY, "setSSHSettings", {"settings": _with_changes(answers["security.ssh"], changes)})


def _modbus_call(answers, changes):
    return Call(rids.MODBUS, "setSettings", {"settings": _with_changes(answers["modbus.settings"], changes)})


WRITERS = {"redirect": _redirect_call, "hsts": _hsts_call, "ssh": _ssh_call, "modbus": _modbus_call}


# -- applying ----------------------------------------------------------------------


def apply(client, request, check_mode=False):
    answers = read(client)
    before = view(answers)
    after = desired_view(before, request, client.device)
    changed_services = sorted(name for name in after if after[name] != before[name])
    result = ServicesResult(
        changed=bool(changed_services), before=before, after=after, changed_services=changed_services
    )
    if not changed_services or check_mode:
        return result
    _write(client, write_calls(answers, before, after))
    return result


def _write(client, calls):
    done = []
    for call, entry in zip(calls, client.bulk(calls)):
        failure = entry.error.message if not entry.ok else _refusal(entry)
        if failure:
            applied = f"; already applied: {', '.join(done)}" if done else "; nothing was changed"
            raise ServicesError(
                client.device,
                f"{call.method} on {call.rid} failed: {failure}{applied}",
                changed=bool(done),
                details={"return_code": entry.ret if entry.ok else None},
            )
        done.append(f"{call.method} on {call.rid}")


def _refusal(entry):
    code = entry.ret
    if isinstance(code, int) and not isinstance(code, bool) and code != 0:
        return f"the device answered code {code} (invalid parameters)"
    return None
