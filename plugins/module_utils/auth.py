# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Authentication area: the policy (auth.AuthManager at /auth) and the LDAP and RADIUS server lists
(auth.LdapManager at /auth/ldap, auth.RadiusManager at /auth/radius).

No Ansible import.

    request = AuthRequest(type="ldap", ldap_servers=[{"host": "dc1.example.com", "base_dn": "dc=example"}])
    check_request(request)
    result = apply(client, request, check_mode=False)
    result.changed, result.after, result.secrets_written

Reading is one bulk request: the policy, both server lists and both interfaces' type ids (the structure of a
new server entry depends on the interface version, docs/protocol/XERUS-PROTOCOL.md section 14). Writing is
one bulk request with only the calls whose value changes: the server lists first, the policy last, so a new
type never applies before its servers exist.

Server lists are written as a whole (setLdapServers / setRadiusServers replace the list). An entry of the
task is matched to the device's entry with the same host; its other fields, also those of the other
firmware generation and those this collection does not know, are written back as read. Secrets (bind
password, shared secret) are not readable on the device: they decide nothing in the comparison unless
``update_secrets`` is ``always`` (see SECRET_POLICIES).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.enums import (
    AUTH_TYPE,
    LDAP_SECURITY,
    LDAP_SERVER_TYPE,
    RADIUS_AUTH_TYPE,
    index_of,
    name_of,
)
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError, XerusInputError, naming_option
from ansible_collections.xerus.pdu.plugins.module_utils.struct_fields import (
    Field,
    differing,
    readable,
    unsupported,
    wire_values,
)
from ansible_collections.xerus.pdu.plugins.module_utils.text_checks import check_single_line

SETTABLE_TYPES = ("local", "ldap", "radius")
SECRET_POLICIES = ("always", "on_create")
PORTS = range(1, 65536)
PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----"

LDAP_FIELDS = (
    Field("host", "server"),
    Field("type", "type", LDAP_SERVER_TYPE),
    Field("security", "secProto", LDAP_SECURITY),
    Field("force_trusted_cert", "forceTrustedCert"),
    Field("allow_off_time_range_certs", "allowOffTimeRangeCerts"),
    Field("ca_certificate", "certificate"),
    Field("ads_domain", "adsDomain"),
    Field("use_anonymous_bind", "useAnonymousBind"),
    Field("bind_dn", "bindDN"),
    Field("bind_password", "bindPwd", secret=True),
    Field("base_dn", "searchBaseDN"),
    Field("login_name_attribute", "loginNameAttr"),
    Field("user_entry_object_class", "userEntryObjClass"),
    Field("user_search_filter", "userSearchFilter"),
    Field("group_info_in_user_entry", "groupInfoInUserEntry"),
    Field("group_member_attribute", "groupMemberAttr"),
    Field("group_entry_object_class", "groupEntryObjClass"),
    Field("group_search_filter", "groupSearchFilter"),
    Field("support_nested_groups", "supportNestedGroups"),  # auth.LdapManager 5.0.0 only
)
RADIUS_FIELDS = (
    Field("host", "server"),
    Field("secret", "sharedSecret", secret=True),
    Field("port", "udpAuthPort"),
    Field("accounting_port", "udpAccountPort"),
    Field("timeout", "timeout"),
    Field("retries", "retries"),
    Field("auth_type", "authType", RADIUS_AUTH_TYPE),
    Field("disable_accounting", "disableAccounting"),
    Field("message_authenticator_optional", "messageAuthenticatorOptional"),  # auth.RadiusManager 4.0.0 only
)

# A new entry starts from these values (fields the device's generation lacks are left out, see _template).
LDAP_NEW_ENTRY = {
    "id": "", "server": "", "adoptSettingsId": "", "type": 1, "secProto": 0, "port": 389, "sslPort": 636,
    "forceTrustedCert": True, "allowOffTimeRangeCerts": False, "certificate": "", "adsDomain": "",
    "useAnonymousBind": False, "bindDN": "", "bindPwd": "", "searchBaseDN": "", "loginNameAttr": "",
    "userEntryObjClass": "", "userSearchFilter": "", "groupInfoInUserEntry": False, "groupMemberAttr": "",
    "groupEntryObjClass": "", "groupSearchFilter": "", "supportNestedGroups": False,
}  # fmt: skip
RADIUS_NEW_ENTRY = {
    "id": "", "server": "", "sharedSecret": "", "udpAuthPort": 1812, "udpAccountPort": 1813, "timeout": 1,
    "retries": 3, "authType": 0, "disableAccounting": False, "messageAuthenticatorOptional": False,
}  # fmt: skip
# Fields per interface major version (section 14): which a new entry carries when the device has none to copy.
LDAP_VERSION_FIELDS = {3: ("id", "adoptSettingsId"), 5: ("supportNestedGroups",)}
RADIUS_VERSION_FIELDS = {3: ("id",), 4: ("id", "messageAuthenticatorOptional")}

POLICY_CODES = {1: "the authentication type is not supported by this device"}
LDAP_SET_CODES = {1: "cyclic dependency in the LDAP server list", 2: "the LDAP server configuration is invalid"}
RADIUS_SET_CODES = {1: "the RADIUS server configuration is invalid"}
LDAP_TEST_CODES = {
    0: "success", 1: "unspecified error", 2: "the server configuration is invalid",
    3: "the LDAP server could not be contacted", 4: "the user could not be authenticated",
    5: "no roles are defined for the user", 6: "no known roles are defined for the user",
}  # fmt: skip
RADIUS_TEST_CODES = {
    0: "success", 1: "the server configuration is invalid", 2: "unspecified error",
    3: "the shared secret is invalid", 4: "the RADIUS server could not be contacted",
    5: "the user could not be authenticated", 6: "no roles are defined for the user",
    7: "no known roles are defined for the user",
}  # fmt: skip


class AuthError(XerusError):
    """The device refused a change of the authentication settings, or a server test failed."""


@dataclass(frozen=True, eq=False)
class ServerKind:
    """What differs between the LDAP and the RADIUS list."""

    option: str
    rid: str
    getter: str
    setter: str
    tester: str
    fields: tuple
    secret: Field
    new_entry: dict
    version_fields: dict
    set_codes: dict
    test_codes: dict


LDAP = ServerKind(
    "ldap_servers", rids.LDAP, "getLdapServers", "setLdapServers", "testLdapServer", LDAP_FIELDS,
    LDAP_FIELDS[9], LDAP_NEW_ENTRY, LDAP_VERSION_FIELDS, LDAP_SET_CODES, LDAP_TEST_CODES,
)  # fmt: skip
RADIUS = ServerKind(
    "radius_servers", rids.RADIUS, "getRadiusServers", "setRadiusServers", "testRadiusServer", RADIUS_FIELDS,
    RADIUS_FIELDS[1], RADIUS_NEW_ENTRY, RADIUS_VERSION_FIELDS, RADIUS_SET_CODES, RADIUS_TEST_CODES,
)  # fmt: skip
KINDS = (LDAP, RADIUS)


@dataclass
class AuthRequest:
    """The desired state; None means "leave as it is". Server entries are dicts of option values
    (``ca_certificate`` holds the PEM text, not the path)."""

    type: str | None = None
    use_local_fallback: bool | None = None
    ldap_servers: list | None = None
    radius_servers: list | None = None
    servers_exclusive: bool = True
    update_secrets: str = "on_create"
    test: bool = False
    fail_on_test_error: bool = False
    test_username: str | None = None
    test_password: str | None = None

    def servers(self, kind):
        return getattr(self, kind.option)


@dataclass
class AuthResult:
    changed: bool
    before: dict
    after: dict
    secrets_written: list = field(default_factory=list)
    tests: list = field(default_factory=list)


# -- input checks -------------------------------------------------------------------------------


def check_request(request):
    """Refuse what cannot be sent, naming the option; nothing has been read or sent yet."""
    if request.type is not None and request.type not in SETTABLE_TYPES:
        raise XerusInputError.for_option("type", f"must be one of {', '.join(SETTABLE_TYPES)}")
    if request.update_secrets not in SECRET_POLICIES:
        raise XerusInputError.for_option("update_secrets", f"must be one of {', '.join(SECRET_POLICIES)}")
    for kind in KINDS:
        _check_servers(kind, request.servers(kind) or [])
    if request.test:
        if not request.test_username or request.test_password is None:
            raise XerusInputError.for_option("test", "give test_username and test_password to test servers")
        if not request.ldap_servers and not request.radius_servers:
            raise XerusInputError.for_option("test", "give ldap_servers or radius_servers to test")


def _check_servers(kind, servers):
    hosts = set()
    for index, server in enumerate(servers):
        where = f"{kind.option}[{index}]"
        host = (server.get("host") or "").strip()
        if not host:
            raise XerusInputError.for_option(f"{where}.host", "give the server's host name or address")
        if host in hosts:
            raise XerusInputError.for_option(f"{where}.host", f"{host} is listed twice")
        hosts.add(host)
        server["host"] = host
        for item in kind.fields:
            value = server.get(item.option)
            if isinstance(value, str) and item.option != "ca_certificate":
                with naming_option(f"{where}.{item.option}"):
                    check_single_line(value, f"option {where}.{item.option}")
        for port_option in ("port", "accounting_port"):
            if server.get(port_option) is not None and server[port_option] not in PORTS:
                raise XerusInputError.for_option(f"{where}.{port_option}", "must be a port number 1..65535")
        if server.get("timeout") is not None and server["timeout"] < 1:
            raise XerusInputError.for_option(f"{where}.timeout", "must be at least 1 second")
        if server.get("retries") is not None and server["retries"] < 0:
            raise XerusInputError.for_option(f"{where}.retries", "must not be negative")
        certificate = server.get("ca_certificate")
        if certificate is not None and certificate.strip() and PEM_CERTIFICATE not in certificate:
            raise XerusInputError.for_option(f"{where}.ca_certificate", "the file holds no PEM certificate")


# -- reading ------------------------------------------------------------------------------------


def read_calls():
    return [
        Call(rids.AUTH, "getPolicy"),
        Call(rids.LDAP, "getLdapServers"),
        Call(rids.RADIUS, "getRadiusServers"),
        Call(rids.LDAP, "getTypeInfo"),
        Call(rids.RADIUS, "getTypeInfo"),
    ]


def read(client):
    """(policy, {kind: entries}, {kind: major version or None}) in one bulk request."""
    answers = client.bulk(read_calls(), safe=True)
    policy, ldap, radius = (answer.value for answer in answers[:3])
    versions = {kind: _major(answer) for kind, answer in zip(KINDS, answers[3:])}
    return policy, {LDAP: list(ldap or []), RADIUS: list(radius or [])}, versions


def _major(answer):
    """The interface's major version from getTypeInfo ("auth.LdapManager:5.0.0" -> 5), None when unknown."""
    if not answer.ok or not isinstance(answer.ret, dict):
        return None
    try:
        return int(str(answer.ret.get("id", "")).split(":", 1)[1].split(".")[0])
    except (IndexError, ValueError):
        return None


# -- planning -----------------------------------------------------------------------------------


@dataclass
class _ServerPlan:
    entries: list
    changed: bool
    secrets: list


def plan_servers(kind, current, wanted, version, exclusive, update_secrets):
    """The list to write for one kind and whether it differs; ``wanted`` None keeps the list."""
    if wanted is None:
        return _ServerPlan(current, False, [])
    unused = list(range(len(current)))
    entries, fresh, secret_changes = [], [], []
    for index, options in enumerate(wanted):
        match = next((spot for spot in unused if current[spot].get("server") == options["host"]), None)
        if match is None:
            base = _template(kind, current, version)
        else:
            unused.remove(match)
            base = current[match]
        entry = _entry(kind, base, options, f"{kind.option}[{index}]")
        entries.append(entry)
        fresh.append(match is None)
        secret_changes.append(_secret_changes(kind, base, options, match is None, update_secrets))
    if not exclusive:
        entries.extend(current[spot] for spot in unused)
    changed = _comparable(kind, entries) != _comparable(kind, current) or any(secret_changes)
    secrets = []
    for index, options in enumerate(wanted):
        if options.get(kind.secret.option) is not None and (changed or fresh[index]):
            entries[index][kind.secret.wire] = options[kind.secret.option]
            secrets.append(f"{kind.option}[{index}].{kind.secret.option}")
    if not changed:
        secrets = []
    return _ServerPlan(entries, changed, secrets)


def _secret_changes(kind, read_entry, options, created, update_secrets):
    """Whether the given secret alone makes a change: for a new server, or with ``always`` unless the device
    showed the very same secret."""
    secret = options.get(kind.secret.option)
    if secret is None:
        return False
    if created:
        return True
    return update_secrets == "always" and read_entry.get(kind.secret.wire) != secret


def _entry(kind, base, options, where):
    missing = unsupported(kind.fields, options, base)
    if missing:
        raise XerusInputError.for_option(
            f"{where}.{missing[0]}", "not supported by this device (its firmware generation lacks the field)"
        )
    entry = dict(base)
    entry.update(wire_values([item for item in kind.fields if not item.secret], options))
    if "ca_certificate" in options and options["ca_certificate"] is not None:
        entry["certificate"] = _pem(options["ca_certificate"])
    if kind is LDAP and options.get("port") is not None:
        entry["sslPort" if entry.get("secProto") == index_of(LDAP_SECURITY, "tls") else "port"] = options["port"]
    return entry


def _pem(text):
    text = text.strip()
    return text + "\n" if text else ""


def _template(kind, current, version):
    """A new entry with the fields the device's entries carry (copied from one it sent, else by version)."""
    if current:
        return {name: kind.new_entry.get(name, _zero(value)) for name, value in current[0].items()}
    other_versions = {name for names in kind.version_fields.values() for name in names}
    own = set(kind.version_fields.get(version, ()))
    return {name: value for name, value in kind.new_entry.items() if name not in other_versions or name in own}


def _zero(value):
    return type(value)() if isinstance(value, (str, int, float, bool, list, dict)) else None


def _comparable(kind, entries):
    """The entries without what cannot be compared: secrets and device-made ids; PEM without edge spaces."""
    hidden = (kind.secret.wire, "id")
    return [
        {name: (_pem(value) if name == "certificate" and isinstance(value, str) else value)
         for name, value in entry.items() if name not in hidden}
        for entry in entries
    ]  # fmt: skip


def plan_policy(policy, request):
    wanted = dict(policy)
    if request.type is not None:
        wanted["type"] = index_of(AUTH_TYPE, request.type)
    if request.use_local_fallback is not None:
        wanted["useLocalIfRemoteFailed"] = request.use_local_fallback
    return wanted


def _check_type_has_servers(policy, plans):
    """A remote type needs at least one server of its kind, or nobody could log in."""
    kind = {"ldap": LDAP, "radius": RADIUS}.get(name_of(AUTH_TYPE, policy.get("type")))
    if kind is not None and not plans[kind].entries:
        raise XerusInputError.for_option(
            "type", f"{name_of(AUTH_TYPE, policy['type'])} needs at least one server in {kind.option}"
        )


# -- results ------------------------------------------------------------------------------------


def facts(policy, servers):
    """The settings as returned to the user (no secrets); ``servers`` maps kind -> entries or None."""
    result = {}
    if policy is not None:
        result["type"] = name_of(AUTH_TYPE, policy.get("type"))
        result["use_local_fallback"] = policy.get("useLocalIfRemoteFailed")
    for kind in KINDS:
        if servers.get(kind) is not None:
            result[kind.option] = [_server_facts(kind, entry) for entry in servers[kind]]
    return result


def _server_facts(kind, entry):
    shown = readable(kind.fields, entry)
    if kind is LDAP:
        tls = entry.get("secProto") == index_of(LDAP_SECURITY, "tls")
        shown["port"] = entry.get("sslPort" if tls else "port")
    return shown


# -- applying -----------------------------------------------------------------------------------


def apply(client, request, check_mode=False):
    """Read, compare, (test,) write what differs; AuthResult with before and after as facts."""
    policy, current, versions = read(client)
    plans = {
        kind: plan_servers(
            kind, current[kind], request.servers(kind), versions[kind], request.servers_exclusive,
            request.update_secrets,
        )
        for kind in KINDS
    }  # fmt: skip
    wanted_policy = plan_policy(policy, request)
    _check_type_has_servers(wanted_policy, plans)
    tests = run_tests(client, request, plans) if request.test else []
    if request.fail_on_test_error and not all(item["ok"] for item in tests):
        raise failed_tests(client.device, tests)
    calls = [Call(kind.rid, kind.setter, {"serverList": plans[kind].entries}) for kind in KINDS if plans[kind].changed]
    if differing(policy, wanted_policy):
        calls.append(Call(rids.AUTH, "setPolicy", {"p": wanted_policy}))
    if calls and not check_mode:
        _write(client, calls)
    result = AuthResult(
        changed=bool(calls),
        before=facts(policy, current),
        after=facts(wanted_policy, {kind: plans[kind].entries for kind in KINDS}),
        secrets_written=[name for kind in KINDS for name in plans[kind].secrets],
        tests=tests,
    )
    return result


def _write(client, calls):
    """One bulk; every return code checked. A refusal after an accepted write says changed."""
    answers = client.bulk(calls)
    written = False
    for call, answer in zip(calls, answers):
        if not answer.ok:
            raise AuthError(client.device, f"{call.method} failed: {answer.error.message}", changed=written)
        code = answer.ret
        if code not in (0, None):
            table = POLICY_CODES if call.method == "setPolicy" else _kind_of(call).set_codes
            reason = table.get(code, "the device refused the settings")
            raise AuthError(
                client.device,
                f"{call.method} refused: {reason} (code {code})",
                changed=written,
                details={"rpc_code": code},
            )
        written = True


def _kind_of(call):
    return next(kind for kind in KINDS if kind.setter == call.method)


def run_tests(client, request, plans):
    """The device's server test for every server the task lists, with the settings it would write."""
    targets = [
        (kind, plans[kind].entries[index], options)
        for kind in KINDS
        for index, options in enumerate(request.servers(kind) or [])
    ]
    calls = []
    for kind, entry, options in targets:
        settings = dict(entry)
        if options.get(kind.secret.option) is not None:
            settings[kind.secret.wire] = options[kind.secret.option]
        params = {"username": request.test_username, "password": request.test_password, "settings": settings}
        calls.append(Call(kind.rid, kind.tester, params))
    answers = client.bulk(calls, safe=True)
    return [_test_result(kind, entry, answer) for (kind, entry, _options), answer in zip(targets, answers)]


def _test_result(kind, entry, answer):
    result = {"kind": kind.option.split("_")[0], "host": entry.get("server", "")}
    if not answer.ok:
        return dict(result, ok=False, code=None, message=answer.error.message, diagnostic="")
    code = answer.ret
    message = kind.test_codes.get(code, "unknown result")
    return dict(result, ok=code == 0, code=code, message=message, diagnostic=str(answer.result.get("diagMsg", "")))


def failed_tests(device, tests):
    """An AuthError naming the servers whose test failed (fail_on_test_error: raised before any write)."""
    failed = [f"{item['kind']} {item['host']}: {item['message']}" for item in tests if not item["ok"]]
    message = "server test failed, nothing was changed: " + "; ".join(failed)
    return AuthError(device, message, details={"tests": tests})


# -- xerus_info subset --------------------------------------------------------------------------


class InfoSection:
    """The ``auth`` subset of xerus_info (plugins/module_utils/info_sections.py)."""

    NAME = "auth"

    @staticmethod
    def first_calls():
        policy, ldap, radius = read_calls()[:3]
        return {"policy": policy, "ldap": ldap, "radius": radius}

    @staticmethod
    def facts(answers):
        return facts(answers.get("policy"), {LDAP: answers.get("ldap"), RADIUS: answers.get("radius")})


INFO_SECTION = InfoSection()
