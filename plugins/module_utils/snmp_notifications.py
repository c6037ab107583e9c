# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SNMP notification targets (traps and informs): where the device keeps them, read, planned, written.

There is no interface of its own for them. The vendor documentation (raritan-json-rpc-doc, pages
``devsettings.html`` "SNMP Notifications" and ``eventengine.html`` "Send SNMP Notification") places them in
``event.Engine`` at ``/event_engine``: the system rule ``SystemSnmpTrapRule`` switches notifications on and
off (``isEnabled``, ``enableRule`` / ``disableRule``), the system action ``SystemSnmpTrapAction`` (type
``SendSnmpTrap``) carries the targets as string arguments:

- ``SnmpNotfType``: ``v2Trap``, ``v2Inform``, ``v3Trap`` or ``v3Inform``, one type for every target;
- ``SnmpTrapDest1`` .. ``SnmpTrapDest3``: ``<host>:<port>:<community>``, the second and third for SNMPv2 only;
- ``SnmpNotfTimeout`` / ``SnmpNotfRetries``: of informs;
- ``SnmpNotfV3SecName``, ``SnmpNotfV3SecLevel``, ``SnmpNotfV3AuthProto``, ``SnmpNotfV3AuthKey``,
  ``SnmpNotfV3PrivProto``, ``SnmpNotfV3PrivKey``: the one SNMPv3 target's security.

Whether a device returns the v3 keys (or the community inside a destination) is not documented: a value
read back empty counts as hidden, one read back is compared. The action is written back as read
(``modifyAction``), with only these arguments changed and the others kept in place.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field, replace

from ansible_collections.xerus.pdu.plugins.module_utils.endpoint import check_host
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError, XerusInputError, naming_option
from ansible_collections.xerus.pdu.plugins.module_utils.text_checks import check_single_line

RULE_ID = "SystemSnmpTrapRule"
ACTION_ID = "SystemSnmpTrapAction"
ACTION_TYPE = "SendSnmpTrap"

TYPE_KEY = "SnmpNotfType"
DEST_KEYS = ("SnmpTrapDest1", "SnmpTrapDest2", "SnmpTrapDest3")
TIMEOUT_KEY = "SnmpNotfTimeout"
RETRIES_KEY = "SnmpNotfRetries"
V3_KEYS = {
    "security_name": "SnmpNotfV3SecName",
    "security_level": "SnmpNotfV3SecLevel",
    "auth_protocol": "SnmpNotfV3AuthProto",
    "auth_passphrase": "SnmpNotfV3AuthKey",
    "privacy_protocol": "SnmpNotfV3PrivProto",
    "privacy_passphrase": "SnmpNotfV3PrivKey",
}
PASSPHRASES = ("auth_passphrase", "privacy_passphrase")

# (version, type) <-> SnmpNotfType
NOTIFICATION_TYPES = {
    ("v2c", "trap"): "v2Trap",
    ("v2c", "inform"): "v2Inform",
    ("v3", "trap"): "v3Trap",
    ("v3", "inform"): "v3Inform",
}
SECURITY_LEVELS = {"no_auth_no_priv": "noAuthNoPriv", "auth_no_priv": "authNoPriv", "auth_priv": "authPriv"}
AUTH_PROTOCOLS = {name: name for name in ("md5", "sha", "sha224", "sha256", "sha384", "sha512")}
PRIVACY_PROTOCOLS = {
    "des": "des",
    "aes": "aes",
    "aes192": "aes192",
    "aes256": "aes256",
    "aes192_3des": "aes192-3des",
    "aes256_3des": "aes256-3des",
}
WIRE_NAMES = {
    "security_level": SECURITY_LEVELS,
    "auth_protocol": AUTH_PROTOCOLS,
    "privacy_protocol": PRIVACY_PROTOCOLS,
}
MAX_TARGETS = {"v2c": 3, "v3": 1}
DEFAULT_PORT = 162
MIN_PASSPHRASE = 8  # SNMPv3 passphrases have at least 8 characters (usermgmt.User ERR_PASSWORD_TOO_SHORT_FOR_SNMP)
MAX_TEXT = 64
_BRACKETED = re.compile(r"^\[(?P<host>[^\]]+)\]:(?P<port>\d+)(?::(?P<community>.*))?$", re.S)
_PLAIN = re.compile(r"^(?P<host>[^:\[\]]+):(?P<port>\d+)(?::(?P<community>.*))?$", re.S)


class NotificationError(XerusError):
    """The device lacks the notification rule or action, or refused a change to them."""


@dataclass(frozen=True)
class Target:
    """One notification target as the device keeps it; secrets are None when the device does not show them."""

    host: str
    port: int = DEFAULT_PORT
    community: str | None = None
    security_name: str = ""
    security_level: str = ""
    auth_protocol: str = ""
    auth_passphrase: str | None = None
    privacy_protocol: str = ""
    privacy_passphrase: str | None = None

    @property
    def key(self):
        return (self.host.lower(), self.port)

    @property
    def label(self):
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


@dataclass(frozen=True)
class Notifications:
    """The notification settings of a device: rule, type, targets, inform timing."""

    enabled: bool | None
    version: str | None
    type: str | None
    targets: tuple = ()
    timeout: int | None = None
    retries: int | None = None


@dataclass
class NotificationRequest:
    """What the task asks for; None leaves a setting as it is."""

    targets: list | None = None
    exclusive: bool = False
    enabled: bool | None = None
    timeout: int | None = None
    retries: int | None = None
    update_secrets: str = "on_change"


@dataclass
class NotificationPlan:
    before: Notifications
    after: Notifications
    arguments: list = field(default_factory=list)
    write_action: bool = False
    rule_call: str | None = None  # "enableRule" / "disableRule"

    @property
    def changed(self):
        return self.write_action or self.rule_call is not None


# -- the task's targets ---------------------------------------------------------------------------


def parse_targets(entries, option="targets"):
    """The task's targets as (version, type, [Target]); XerusInputError naming the option otherwise."""
    if entries is None:
        return None
    targets, kinds = [], set()
    for index, entry in enumerate(entries):
        where = f"{option}[{index}]"
        kinds.add((entry.get("version") or "v2c", entry.get("type") or "trap"))
        targets.append(_parse_target(entry, where))
    if len(kinds) > 1:
        raise XerusInputError.for_option(
            option,
            "the device sends one notification type to every target: give all targets the same version and type "
            f"(found {', '.join(sorted(f'{version} {kind}' for version, kind in kinds))})",
        )
    version, kind = kinds.pop() if kinds else (None, None)
    _check_count(version, targets, option)
    _check_unique(targets, option)
    return version, kind, targets


def _parse_target(entry, where):
    host = check_host(entry.get("host") or "", option=f"{where}.host")
    port = DEFAULT_PORT if entry.get("port") is None else entry["port"]
    if not 1 <= int(port) <= 65535:
        raise XerusInputError.for_option(f"{where}.port", f"{port} is not a port (1..65535)")
    version = entry.get("version") or "v2c"
    if version == "v2c":
        return Target(host=host, port=int(port), community=_v2c_community(entry, where))
    return _v3_target(entry, where, host, int(port))


def _v2c_community(entry, where):
    community = entry.get("community")
    if not community:
        raise XerusInputError.for_option(f"{where}.community", "an SNMPv2c target needs its community")
    _check_text(community, f"{where}.community")
    for name in ("security_name", *PASSPHRASES):
        if entry.get(name):
            raise XerusInputError.for_option(f"{where}.{name}", "is for SNMPv3 targets (version: v3) only")
    return community


def _v3_target(entry, where, host, port):
    if entry.get("community"):
        raise XerusInputError.for_option(f"{where}.community", "is for SNMPv2c targets only")
    name = entry.get("security_name")
    if not name:
        raise XerusInputError.for_option(f"{where}.security_name", "an SNMPv3 target needs its security name")
    _check_text(name, f"{where}.security_name")
    level = entry.get("security_level") or "auth_priv"
    values = dict(
        security_name=name,
        security_level=level,
        auth_protocol=entry.get("auth_protocol") or "sha",
        privacy_protocol=entry.get("privacy_protocol") or "aes",
    )
    for passphrase in PASSPHRASES:
        secret = entry.get(passphrase)
        if secret is not None:
            _check_text(secret, f"{where}.{passphrase}")
            if len(secret) < MIN_PASSPHRASE:
                raise XerusInputError.for_option(
                    f"{where}.{passphrase}", f"an SNMPv3 passphrase has at least {MIN_PASSPHRASE} characters"
                )
        values[passphrase] = secret
    return Target(host=host, port=port, **values)


def _check_text(value, option):
    with naming_option(option):
        check_single_line(value, f"option {option}")
    if len(value) > MAX_TEXT:
        raise XerusInputError.for_option(option, f"{len(value)} characters is too long (at most {MAX_TEXT})")


def _check_count(version, targets, option):
    if version and len(targets) > MAX_TARGETS[version]:
        raise XerusInputError.for_option(
            option, f"the device keeps at most {MAX_TARGETS[version]} {version} target(s), {len(targets)} given"
        )


def _check_unique(targets, option):
    seen = set()
    for target in targets:
        if target.key in seen:
            raise XerusInputError.for_option(option, f"target {target.label} is listed twice")
        seen.add(target.key)


def check_request(request):
    """Input checks of the numbers, before anything is sent."""
    if request.timeout is not None and request.timeout < 1:
        raise XerusInputError.for_option("notification_timeout", "must be at least 1 second")
    if request.retries is not None and request.retries < 0:
        raise XerusInputError.for_option("notification_retries", "must not be negative")


def required_passphrases(target):
    """The passphrases a v3 target's security level needs."""
    return {
        "no_auth_no_priv": (),
        "auth_no_priv": ("auth_passphrase",),
        "auth_priv": PASSPHRASES,
    }.get(target.security_level, PASSPHRASES)


# -- reading the device ------------------------------------------------------------------------------


def find_by_id(items, wanted):
    """The rule or action with id ``wanted`` in a listRules / listActions answer, or None."""
    for item in items or ():
        if isinstance(item, dict) and item.get("id") == wanted:
            return item
    return None


def read_state(rules, actions):
    """Notifications as the device keeps them, from listRules and listActions answers (None: not served)."""
    rule = find_by_id(rules, RULE_ID)
    action = find_by_id(actions, ACTION_ID)
    arguments = arguments_of(action)
    version, kind = _type_of(arguments.get(TYPE_KEY, ""))
    targets = tuple(
        _device_target(arguments, text, version) for text in (arguments.get(key, "") for key in DEST_KEYS) if text
    )
    return Notifications(
        enabled=bool(rule.get("isEnabled")) if rule else None,
        version=version,
        type=kind,
        targets=tuple(target for target in targets if target is not None),
        timeout=_int_or_none(arguments.get(TIMEOUT_KEY)),
        retries=_int_or_none(arguments.get(RETRIES_KEY)),
    )


def arguments_of(action):
    """The action's arguments as a dict (last value wins); {} without an action."""
    if not action:
        return {}
    return {
        entry.get("key"): str(entry.get("value", ""))
        for entry in action.get("arguments") or ()
        if isinstance(entry, dict) and entry.get("key")
    }


def _type_of(text):
    for (version, kind), wire in NOTIFICATION_TYPES.items():
        if wire.lower() == text.strip().lower():
            return version, kind
    return None, None


def parse_destination(text):
    """(host, port, community) of ``<host>:<port>:<community>`` ([IPv6] or a bare IPv6 address too), or None."""
    text = text.strip()
    match = _BRACKETED.match(text) or _PLAIN.match(text)
    if match:
        return match.group("host"), int(match.group("port")), match.group("community") or ""
    return _bare_ipv6_destination(text)


def _bare_ipv6_destination(text):
    parts = text.split(":")
    for cut in range(len(parts) - 1, 1, -1):
        host, rest = ":".join(parts[:cut]), parts[cut:]
        if rest and rest[0].isdigit() and _is_ipv6(host):
            return host, int(rest[0]), ":".join(rest[1:])
    return None


def _is_ipv6(text):
    try:
        return isinstance(ipaddress.ip_address(text), ipaddress.IPv6Address)
    except ValueError:
        return False


def format_destination(target):
    """The destination argument of a target (community empty for SNMPv3)."""
    return f"{target.label}:{target.community or ''}"


def _device_target(arguments, text, version):
    parsed = parse_destination(text)
    if parsed is None:
        return None
    host, port, community = parsed
    if version != "v3":
        return Target(host=host, port=port, community=community or None)
    values = {
        name: _readable(arguments.get(key, ""), WIRE_NAMES.get(name))
        for name, key in V3_KEYS.items()
        if name not in PASSPHRASES
    }
    secrets = {name: arguments.get(V3_KEYS[name]) or None for name in PASSPHRASES}
    return Target(host=host, port=port, **values, **secrets)


def _readable(wire, table):
    if table is None:
        return wire
    for name, value in table.items():
        if value.lower() == wire.strip().lower():
            return name
    return wire


def _int_or_none(text):
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return None


# -- planning ------------------------------------------------------------------------------------


def plan(request, parsed_targets, rules, actions, device):
    """What to write for the request against the device's rule and action (nothing when they match)."""
    before = read_state(rules, actions)
    action = find_by_id(actions, ACTION_ID)
    wants_targets = parsed_targets is not None
    if (wants_targets or request.timeout is not None or request.retries is not None) and action is None:
        raise NotificationError(device, f"the device has no SNMP notification action ({ACTION_ID} of event.Engine)")
    if request.enabled is not None and find_by_id(rules, RULE_ID) is None:
        raise NotificationError(device, f"the device has no SNMP notification rule ({RULE_ID} of event.Engine)")
    after, secret_sent = _desired(request, parsed_targets, before, device)
    arguments = _arguments(action, after) if action else []
    write = action is not None and (_visible(before) != _visible(after) or secret_sent)
    rule_call = None
    if after.enabled is not None and after.enabled != before.enabled:
        rule_call = "enableRule" if after.enabled else "disableRule"
    return NotificationPlan(before=before, after=after, arguments=arguments, write_action=write, rule_call=rule_call)


def _desired(request, parsed_targets, before, device):
    version, kind, targets = before.version, before.type, list(before.targets)
    secret_sent = False
    if parsed_targets is not None:
        version, kind, targets, secret_sent = _merged_targets(request, parsed_targets, before, device)
    enabled = request.enabled
    if enabled is None and parsed_targets is not None:
        enabled = bool(targets) if request.exclusive else (True if parsed_targets[2] else None)
    after = Notifications(
        enabled=before.enabled if enabled is None else enabled,
        version=version,
        type=kind,
        targets=tuple(targets),
        timeout=before.timeout if request.timeout is None else request.timeout,
        retries=before.retries if request.retries is None else request.retries,
    )
    return after, secret_sent


def _merged_targets(request, parsed_targets, before, device):
    version, kind, wanted = parsed_targets
    if not wanted and not request.exclusive:
        return before.version, before.type, list(before.targets), False
    on_device = {target.key: target for target in before.targets}
    merged, secret_sent = [], False
    for target in wanted:
        target, sent = _with_secrets(target, on_device.get(target.key), version, before, request.update_secrets)
        _check_passphrases(target, device)
        merged.append(target)
        secret_sent = secret_sent or sent
    if request.exclusive:
        return version or before.version, kind or before.type, merged, secret_sent
    listed = {target.key for target in merged}
    kept = [target for target in before.targets if target.key not in listed]
    if kept and (version, kind) != (before.version, before.type):
        labels = ", ".join(target.label for target in kept)
        raise XerusInputError.for_option(
            "targets",
            f"the device sends {before.version} {before.type}s to {labels}, and one notification type to every "
            f"target: list those targets as {version} {kind} too, or set targets_exclusive: true to replace them",
        )
    merged = _in_device_order(before.targets, merged) + [t for t in merged if t.key not in on_device]
    if len(merged) > MAX_TARGETS.get(version or "v2c", 3):
        raise XerusInputError.for_option(
            "targets",
            f"with the {len(kept)} target(s) already on the device that makes {len(merged)}, more than the "
            f"{MAX_TARGETS[version]} {version} target(s) it keeps: set targets_exclusive: true to replace them",
        )
    return version, kind, merged, secret_sent


def _in_device_order(device_targets, merged):
    by_key = {target.key: target for target in merged}
    return [by_key.get(target.key, target) for target in device_targets]


def _with_secrets(target, current, version, before, update_secrets):
    """The target with its secrets settled: (target to write, whether a secret alone forces a write).

    A secret the device shows is compared like any value. One it hides counts as current while the
    target's security stays the same, unless update_secrets is "always"; it is written with every write of
    the action all the same. A secret the task leaves out is kept: the device's own value (as read, empty
    when hidden) is written back."""
    names = ("community",) if version != "v3" else PASSPHRASES
    same_security = (
        current is not None
        and before.version == version
        and all(getattr(current, name) == getattr(target, name) for name in SECURITY_FIELDS)
    )
    forces = False
    for name in names:
        wanted, shown = getattr(target, name), getattr(current, name) if current else None
        if wanted is None:
            if same_security:
                target = replace(target, **{name: HIDDEN_KEPT if shown is None else shown})
        elif shown is not None:
            forces = forces or wanted != shown
        else:
            forces = forces or not same_security or update_secrets == "always"
    return target, forces


SECURITY_FIELDS = ("security_name", "security_level", "auth_protocol", "privacy_protocol")
SECRET_FIELDS = ("community", *PASSPHRASES)


HIDDEN_KEPT = ""  # a hidden secret the device keeps is written back as read: empty


def _check_passphrases(target, device):
    if not target.security_name:
        return
    for name in required_passphrases(target):
        if getattr(target, name) is None:
            raise XerusInputError.for_option(
                f"targets ({target.label}).{name}",
                f"security level {target.security_level} needs {name} and the device has none to keep",
            )


def _visible(notifications):
    """What the action holds, secrets aside (the rule's enabled flag is not in the action)."""
    return (
        notifications.version,
        notifications.type,
        notifications.timeout,
        notifications.retries,
        tuple(sorted(_visible_target(target) for target in notifications.targets)),
    )


def _visible_target(target):
    """A target's values without its secrets (a secret's difference is judged in _with_secrets)."""
    return tuple(str(getattr(target, name) or "") for name in Target.__dataclass_fields__ if name not in SECRET_FIELDS)


def _arguments(action, after):
    """The action's arguments with ours set: those read kept in place, missing ones appended."""
    ours = _our_arguments(after)
    result, seen = [], set()
    for entry in action.get("arguments") or ():
        key = entry.get("key") if isinstance(entry, dict) else None
        if key in ours:
            result.append(dict(entry, value=ours[key]))
            seen.add(key)
        else:
            result.append(entry)
    result.extend({"key": key, "value": value} for key, value in ours.items() if key not in seen)
    return result


def _our_arguments(after):
    ours = {}
    if after.version:
        ours[TYPE_KEY] = NOTIFICATION_TYPES[(after.version, after.type or "trap")]
    targets = list(after.targets)
    for index, key in enumerate(DEST_KEYS):
        ours[key] = format_destination(targets[index]) if index < len(targets) else ""
    if after.timeout is not None:
        ours[TIMEOUT_KEY] = str(after.timeout)
    if after.retries is not None:
        ours[RETRIES_KEY] = str(after.retries)
    if after.version == "v3" and targets:
        target = targets[0]
        for name, key in V3_KEYS.items():
            value = getattr(target, name) or ""
            ours[key] = WIRE_NAMES[name].get(value, value) if name in WIRE_NAMES else value
    return ours


# -- writing and reporting ----------------------------------------------------------------------------

ACTION_CODES = {1: "the action name already exists", 2: "the device has no such action"}
RULE_CODES = {1: "the device has no such rule"}


def calls(plan_, action):
    """The JSON-RPC calls (rid-less: method, params, codes) that apply the plan, in order."""
    result = []
    if plan_.write_action:
        result.append(("modifyAction", {"action": dict(action, arguments=plan_.arguments)}, ACTION_CODES))
    if plan_.rule_call:
        result.append((plan_.rule_call, {"ruleId": RULE_ID}, RULE_CODES))
    return result


def report(notifications):
    """The notification settings as returned to the user: no community, no passphrase."""
    return dict(
        enabled=notifications.enabled,
        version=notifications.version,
        type=notifications.type,
        timeout=notifications.timeout,
        retries=notifications.retries,
        targets=[_report_target(target, notifications.version) for target in notifications.targets],
    )


def _report_target(target, version):
    shown = dict(host=target.host, port=target.port)
    if version == "v3":
        shown.update(
            security_name=target.security_name,
            security_level=target.security_level,
            auth_protocol=target.auth_protocol,
            privacy_protocol=target.privacy_protocol,
        )
    return shown
