# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The event action types: readable options of each type <-> the device's argument keys.

An event.Engine.Action carries a ``type`` string and its arguments as key/value strings
(raritan-json-rpc-doc, "Event Rules and Actions", lists the types and their keys). Each type here
turns the module's dict option into the arguments it manages and reads them back into the same
readable form. Keys a type does not manage are left as the device has them. Secret keys (SMTP
password, SNMP communities and passphrases) never appear in a view. No Ansible import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError, naming_option
from ansible_collections.xerus.pdu.plugins.module_utils.outlets import parse_selection
from ansible_collections.xerus.pdu.plugins.module_utils.text_checks import check_single_line

MAX_GROUP_ACTIONS = 32  # ActionGroup: Action1 .. Action32
MAX_V2_DESTINATIONS = 3  # SnmpTrapDest1..3 (SNMPv2 only; SNMPv3 has one)
SWITCH_OPERATIONS = ("on", "off", "cycle")
ON_OFF = ("on", "off")
SNMP_NOTIFICATIONS = {"v2_trap": "v2Trap", "v2_inform": "v2Inform", "v3_trap": "v3Trap", "v3_inform": "v3Inform"}
SNMP_LEVELS = {"no_auth_no_priv": "noAuthNoPriv", "auth_no_priv": "authNoPriv", "auth_priv": "authPriv"}
SNMP_AUTH = ("md5", "sha", "sha224", "sha256", "sha384", "sha512")
SNMP_PRIVACY = ("des", "aes", "aes192", "aes256", "aes192-3des", "aes256-3des")
SYSLOG_PORTS = {
    "udp": ("SyslogServerPort", 514),
    "tcp": ("SyslogServerTcpPort", 514),
    "tls": ("SyslogServerTlsPort", 6514),
}
SECRET_KEYS = re.compile(r"^(SmtpPassword|SnmpNotfV3AuthKey|SnmpNotfV3PrivKey|SnmpTrapDest\d+)$")
_TRUE = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Names:
    """Action ids and names of one device, both ways (actions refer to other actions by id)."""

    ids_by_name: dict
    names_by_id: dict

    def ids(self, option, names):
        missing = [name for name in names if name not in self.ids_by_name]
        if missing:
            raise XerusInputError.for_option(
                option, f"no event action named {', '.join(repr(name) for name in missing)} on this device"
            )
        return [self.ids_by_name[name] for name in names]

    def names(self, ids):
        return [self.names_by_id.get(action_id, action_id) for action_id in ids]


@dataclass(frozen=True)
class ActionType:
    """One module ``type``: the device's type string, its arguments from the option, its readable view.

    ``arguments(spec, names)`` -> {key: str} of every key the type sets; ``dropped`` matches managed
    keys to remove when the option does not set them (numbered recipients, destinations, members).
    """

    option: str
    device_type: str
    arguments: object
    view: object
    dropped: re.Pattern | None = None


def is_secret(key):
    return bool(SECRET_KEYS.match(key))


def flag(value):
    return "1" if value else "0"


def is_true(text):
    return str(text).strip().lower() in _TRUE


def _text(option, value, multiline=False):
    text = "" if value is None else str(value)
    if not multiline:
        with naming_option(option):
            check_single_line(text, f"option {option}")
    return text


def _port(option, value):
    if not 1 <= int(value) <= 65535:
        raise XerusInputError.for_option(option, f"{value} is not a port number (1..65535)")
    return str(int(value))


def _choice(option, value, choices):
    if value not in choices:
        raise XerusInputError.for_option(option, f"{value!r} is not one of {', '.join(choices)}")
    return value


def _int_or_none(text):
    try:
        return int(str(text).strip())
    except ValueError:
        return None


def _custom_text(arguments, spec, option, use_key, text_key, multiline=True):
    """UseCustomX/CustomX from an optional text: given -> "1" and the text; not given -> the device's default."""
    text = spec.get(option)
    if text is None:
        arguments[use_key] = "0"
    else:
        arguments[use_key] = "1"
        arguments[text_key] = _text(option, text, multiline)


def _custom_view(arguments, use_key, text_key):
    return arguments.get(text_key, "") if is_true(arguments.get(use_key, "0")) else None


# -- syslog ---------------------------------------------------------------------------------


def _syslog_arguments(spec, _names):
    protocol = _choice("syslog.protocol", spec.get("protocol") or "udp", tuple(SYSLOG_PORTS))
    port_key, default_port = SYSLOG_PORTS[protocol]
    server = _text("syslog.server", spec.get("server"))
    if not server.strip():
        raise XerusInputError.for_option("syslog.server", "give the syslog server's name or address")
    arguments = {
        "SyslogServerName": server,
        "SyslogServerUseTcp": flag(protocol != "udp"),
        "SyslogServerUseTls": flag(protocol == "tls"),
        port_key: _port("syslog.port", spec.get("port") or default_port),
    }
    if spec.get("bsd_compat") is not None:
        arguments["SyslogServerNoBsdCompat"] = flag(not spec["bsd_compat"])
    if spec.get("ca_cert") is not None:
        arguments["SyslogServerCaCertChain"] = _text("syslog.ca_cert", spec["ca_cert"], multiline=True)
    return arguments


def _syslog_view(arguments, _names):
    if is_true(arguments.get("SyslogServerUseTls", "0")):
        protocol = "tls"
    elif is_true(arguments.get("SyslogServerUseTcp", "0")):
        protocol = "tcp"
    else:
        protocol = "udp"
    port_key, _default = SYSLOG_PORTS[protocol]
    view = {
        "server": arguments.get("SyslogServerName", ""),
        "protocol": protocol,
        "port": _int_or_none(arguments.get(port_key, "")),
        "bsd_compat": not is_true(arguments.get("SyslogServerNoBsdCompat", "1")),
    }
    if arguments.get("SyslogServerCaCertChain"):
        view["ca_cert"] = arguments["SyslogServerCaCertChain"]
    return view


# -- SNMP notification ------------------------------------------------------------------------


def _snmp_arguments(spec, _names):
    notification = _choice("snmp_trap.notification", spec.get("notification") or "v2_trap", tuple(SNMP_NOTIFICATIONS))
    destinations = spec.get("destinations") or []
    limit = 1 if notification.startswith("v3") else MAX_V2_DESTINATIONS
    if not 1 <= len(destinations) <= limit:
        raise XerusInputError.for_option(
            "snmp_trap.destinations",
            f"{len(destinations)} destinations; {notification} takes 1..{limit}",
        )
    arguments = {"SnmpNotfType": SNMP_NOTIFICATIONS[notification]}
    for number, destination in enumerate(destinations, start=1):
        arguments[f"SnmpTrapDest{number}"] = _destination(destination)
    for option, key in (("timeout", "SnmpNotfTimeout"), ("retries", "SnmpNotfRetries")):
        if spec.get(option) is not None:
            arguments[key] = str(int(spec[option]))
    if notification.startswith("v3"):
        arguments.update(_snmp_v3_arguments(spec))
    return arguments


def _destination(destination):
    host = _text("snmp_trap.destinations.host", destination.get("host"))
    if not host.strip() or ":" in host:
        raise XerusInputError.for_option(
            "snmp_trap.destinations.host", f"{host!r} is not a host name or IPv4 address (host:port:community)"
        )
    community = _text("snmp_trap.destinations.community", destination.get("community") or "")
    if ":" in community:
        raise XerusInputError.for_option("snmp_trap.destinations.community", "a community cannot contain ':'")
    return f"{host}:{_port('snmp_trap.destinations.port', destination.get('port') or 162)}:{community}"


def _snmp_v3_arguments(spec):
    level = _choice("snmp_trap.security_level", spec.get("security_level") or "no_auth_no_priv", tuple(SNMP_LEVELS))
    arguments = {
        "SnmpNotfV3SecName": _text("snmp_trap.security_name", spec.get("security_name")),
        "SnmpNotfV3SecLevel": SNMP_LEVELS[level],
    }
    if level != "no_auth_no_priv":
        arguments["SnmpNotfV3AuthProto"] = _choice(
            "snmp_trap.auth_protocol", spec.get("auth_protocol") or "sha", SNMP_AUTH
        )
        arguments["SnmpNotfV3AuthKey"] = _secret("snmp_trap.auth_passphrase", spec.get("auth_passphrase"))
    if level == "auth_priv":
        arguments["SnmpNotfV3PrivProto"] = _choice(
            "snmp_trap.privacy_protocol", spec.get("privacy_protocol") or "aes", SNMP_PRIVACY
        )
        arguments["SnmpNotfV3PrivKey"] = _secret("snmp_trap.privacy_passphrase", spec.get("privacy_passphrase"))
    return arguments


def _secret(option, value):
    if not value:
        raise XerusInputError.for_option(option, "required for this security level")
    return _text(option, value)


def _snmp_view(arguments, _names):
    types = {wire: name for name, wire in SNMP_NOTIFICATIONS.items()}
    levels = {wire: name for name, wire in SNMP_LEVELS.items()}
    view = {
        "notification": types.get(arguments.get("SnmpNotfType"), "unknown"),
        "destinations": [_destination_view(arguments[key]) for key in _numbered(arguments, "SnmpTrapDest")],
        "timeout": _int_or_none(arguments.get("SnmpNotfTimeout", "")),
        "retries": _int_or_none(arguments.get("SnmpNotfRetries", "")),
    }
    if view["notification"].startswith("v3"):
        view["security_name"] = arguments.get("SnmpNotfV3SecName", "")
        view["security_level"] = levels.get(arguments.get("SnmpNotfV3SecLevel"), "unknown")
        view["auth_protocol"] = arguments.get("SnmpNotfV3AuthProto")
        view["privacy_protocol"] = arguments.get("SnmpNotfV3PrivProto")
    return view


def _destination_view(text):
    """host and port of "<host>:<port>:<community>"; the community is a secret and stays out."""
    host, port = (text.split(":") + [""])[:2]
    return {"host": host, "port": _int_or_none(port)}


def _numbered(arguments, prefix):
    """Keys prefix1, prefix2, ... the arguments hold, in number order."""
    pattern = re.compile(rf"^{prefix}(\d+)$")
    found = [(int(match.group(1)), key) for key in arguments for match in [pattern.match(key)] if match]
    return [key for _number, key in sorted(found)]


# -- email ----------------------------------------------------------------------------------

SMTP_KEYS = {
    "host": "SmtpHost",
    "port": "SmtpPort",
    "sender": "SmtpFrom",
    "username": "SmtpUsername",
    "password": "SmtpPassword",
    "retry_count": "SmtpRetryCount",
    "retry_interval": "SmtpRetryInterval",
    "ca_cert": "SmtpCaCertChain",
}


def _email_arguments(spec, _names):
    recipients = [_text("email.recipients", recipient) for recipient in spec.get("recipients") or []]
    if not recipients or any("@" not in recipient for recipient in recipients):
        raise XerusInputError.for_option("email.recipients", "give one or more email addresses")
    arguments = {f"Recipient{number}": address for number, address in enumerate(recipients, start=1)}
    _custom_text(arguments, spec, "subject", "UseCustomMailSubject", "CustomMailSubject", multiline=False)
    _custom_text(arguments, spec, "text", "UseCustomMessage", "CustomMessage")
    smtp = spec.get("smtp")
    arguments["OverrideSmtp"] = flag(smtp)
    if smtp:
        arguments.update(_smtp_arguments(smtp))
    return arguments


def _smtp_arguments(smtp):
    if not smtp.get("host"):
        raise XerusInputError.for_option("email.smtp.host", "give the SMTP server of the action")
    arguments = {"SmtpPort": _port("email.smtp.port", smtp.get("port") or 25)}
    for option, key in SMTP_KEYS.items():
        if option != "port" and smtp.get(option) is not None:
            arguments[key] = _text(f"email.smtp.{option}", smtp[option], multiline=option == "ca_cert")
    arguments["SmtpUseAuth"] = flag(smtp.get("username"))
    arguments["SmtpUseTls"] = flag(smtp.get("use_tls"))
    return arguments


def _email_view(arguments, _names):
    keys = _numbered(arguments, "Recipient") or (["Recipient"] if "Recipient" in arguments else [])
    view = {
        "recipients": [arguments[key] for key in keys],
        "subject": _custom_view(arguments, "UseCustomMailSubject", "CustomMailSubject"),
        "text": _custom_view(arguments, "UseCustomMessage", "CustomMessage"),
        "smtp": None,
    }
    if is_true(arguments.get("OverrideSmtp", "0")):
        smtp = {option: arguments.get(key) for option, key in SMTP_KEYS.items() if option != "password"}
        smtp["port"] = _int_or_none(smtp["port"] or "")
        smtp["use_tls"] = is_true(arguments.get("SmtpUseTls", "0"))
        view["smtp"] = smtp
    return view


# -- the simpler types ------------------------------------------------------------------------


def _log_arguments(spec, _names):
    arguments = {}
    _custom_text(arguments, spec, "text", "UseCustomMessage", "CustomMessage")
    return arguments


def _log_view(arguments, _names):
    return {"text": _custom_view(arguments, "UseCustomMessage", "CustomMessage")}


def _sms_arguments(spec, _names):
    destination = _text("sms.destination", spec.get("destination"))
    if not destination.strip():
        raise XerusInputError.for_option("sms.destination", "give the recipient's phone number")
    arguments = {"Destination": destination}
    _custom_text(arguments, spec, "text", "UseCustomMessage", "CustomMessage")
    return arguments


def _sms_view(arguments, _names):
    return {
        "destination": arguments.get("Destination", ""),
        "text": _custom_view(arguments, "UseCustomMessage", "CustomMessage"),
    }


def _indices(option, entries):
    """1-based numbers and ranges (as in xerus_outlet, without names) -> the device's 0-based index list."""
    with naming_option(option):
        selection = parse_selection([str(entry) for entry in entries or []])
    if selection.names or selection.every:
        raise XerusInputError.for_option(option, "give numbers or ranges (names and all are not stored in an action)")
    return ",".join(str(number - 1) for number in selection.numbers_up_to(selection.highest))


def _labels(text):
    """A stored 0-based index list ("0,2,2:4") as 1-based labels; linked units keep their prefix."""
    labels = []
    for item in filter(None, (part.strip() for part in str(text).split(","))):
        unit, _colon, index = item.rpartition(":")
        number = _int_or_none(index)
        label = str(number + 1) if number is not None else index
        labels.append(f"{unit}:{label}" if unit else label)
    return labels


def _switch_arguments(option, index_key, items):
    def arguments(spec, _names):
        return {
            "Operation": _choice(f"{option}.operation", spec.get("operation"), SWITCH_OPERATIONS),
            index_key: _indices(f"{option}.{items}", spec.get(items)),
        }

    return arguments


def _switch_view(index_key, items):
    def view(arguments, _names):
        return {"operation": arguments.get("Operation", ""), items: _labels(arguments.get(index_key, ""))}

    return view


def _operation_arguments(option):
    def arguments(spec, _names):
        return {"Operation": _choice(f"{option}.operation", spec.get("operation"), ON_OFF)}

    return arguments


def _operation_view(arguments, _names):
    return {"operation": arguments.get("Operation", "")}


def _group_arguments(spec, names):
    members = spec.get("actions") or []
    if not 1 <= len(members) <= MAX_GROUP_ACTIONS:
        raise XerusInputError.for_option(
            "action_group.actions", f"{len(members)} actions; a group runs 1..{MAX_GROUP_ACTIONS}"
        )
    ids = names.ids("action_group.actions", members)
    return {f"Action{number}": action_id for number, action_id in enumerate(ids, start=1)}


def _group_view(arguments, names):
    return {"actions": names.names([arguments[key] for key in _numbered(arguments, "Action")])}


def _alarm_arguments(spec, names):
    notify = names.ids("alarm.notification_actions", spec.get("notification_actions") or [])
    if not notify:
        raise XerusInputError.for_option("alarm.notification_actions", "give at least one notification action")
    arguments = {
        "AlarmNotfActions": ";".join(notify),
        "AlarmAckActions": ";".join(
            names.ids("alarm.acknowledgement_actions", spec.get("acknowledgement_actions") or [])
        ),
        "AlarmReNotfEnabled": "true" if spec.get("renotify_period") else "false",
    }
    if spec.get("renotify_period"):
        period, limit = int(spec["renotify_period"]), int(spec.get("renotify_limit") or -1)
        if not 1 <= period <= 1440:
            raise XerusInputError.for_option("alarm.renotify_period", f"{period} is outside 1..1440 minutes")
        if not (limit == -1 or 1 <= limit <= 1000):
            raise XerusInputError.for_option("alarm.renotify_limit", f"{limit} is outside 1..1000 (-1: unlimited)")
        arguments.update(AlarmReNotfPeriod=str(period), AlarmReNotfMaxNum=str(limit))
    return arguments


def _alarm_view(arguments, names):
    def ids(key):
        return [item for item in arguments.get(key, "").split(";") if item]

    renotify = is_true(arguments.get("AlarmReNotfEnabled", "false"))
    return {
        "notification_actions": names.names(ids("AlarmNotfActions")),
        "acknowledgement_actions": names.names(ids("AlarmAckActions")),
        "renotify_period": _int_or_none(arguments.get("AlarmReNotfPeriod", "")) if renotify else None,
        "renotify_limit": _int_or_none(arguments.get("AlarmReNotfMaxNum", "")) if renotify else None,
    }


TYPES = {
    "syslog": ActionType("syslog", "SendSyslogMessage", _syslog_arguments, _syslog_view),
    "snmp_trap": ActionType("snmp_trap", "SendSnmpTrap", _snmp_arguments, _snmp_view, re.compile(r"^SnmpTrapDest\d+$")),
    "email": ActionType("email", "SendSmtpMessage", _email_arguments, _email_view, re.compile(r"^Recipient\d*$")),
    "log": ActionType("log", "LogEventMessage", _log_arguments, _log_view),
    "sms": ActionType("sms", "SmsMessage", _sms_arguments, _sms_view),
    "switch_outlet": ActionType(
        "switch_outlet",
        "SwitchOutlet",
        _switch_arguments("switch_outlet", "OutletIndex", "outlets"),
        _switch_view("OutletIndex", "outlets"),
    ),
    "switch_peripheral": ActionType(
        "switch_peripheral",
        "SwitchPeripheralActuator",
        _switch_arguments("switch_peripheral", "SlotIndex", "slots"),
        _switch_view("SlotIndex", "slots"),
    ),
    "buzzer": ActionType("buzzer", "SwitchBuzzer", _operation_arguments("buzzer"), _operation_view),
    "load_shedding": ActionType(
        "load_shedding", "SetPduLoadShedding", _operation_arguments("load_shedding"), _operation_view
    ),
    "action_group": ActionType(
        "action_group", "ActionGroup", _group_arguments, _group_view, re.compile(r"^Action\d+$")
    ),
    "alarm": ActionType("alarm", "Alarm", _alarm_arguments, _alarm_view),
}
BY_DEVICE_TYPE = {action_type.device_type: action_type for action_type in TYPES.values()}
