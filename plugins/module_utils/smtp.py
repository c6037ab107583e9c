# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SMTP area: the mail server of the device's notifications (devsettings.Smtp at /smtp), and its test mail.

No Ansible import. ``getConfiguration`` reads the settings; ``setConfiguration`` writes the whole structure
as read with only the task's fields changed (docs/protocol/XERUS-PROTOCOL.md section 14's rule);
``testConfiguration(cfg, recipients)`` makes the device send a test mail with the given settings without
changing its active ones. Fields of devsettings.Smtp.Configuration (vendor IDL, the same in both firmware
generations): host, port, useTls, allowOffTimeRangeCerts, caCertChain, sender, useAuth, username, password,
retryCount, retryInterval.

The password is write-only: the device never returns it, and an empty one leaves the stored one unchanged
(vendor IDL). It cannot be compared, so it is written when the task writes the settings anyway (another
field differs) or when ``update_password`` is ``always``; it never appears in results or diffs.

Options and returned keys are the fields' snake_case names, ``host`` as ``server``. The module connects to
the PDU through ``login_port``, ``login_username`` and ``login_password`` (xerus_module.py), since ``port``,
``username`` and ``password`` are the mail server's here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ansible_collections.xerus.pdu.plugins.module_utils import rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.endpoint import check_host
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError, XerusInputError, naming_option
from ansible_collections.xerus.pdu.plugins.module_utils.text_checks import check_single_line

# option -> devsettings.Smtp.Configuration field (password apart: write-only)
FIELDS = {
    "server": "host",
    "port": "port",
    "use_tls": "useTls",
    "allow_off_time_range_certs": "allowOffTimeRangeCerts",
    "ca_cert_chain": "caCertChain",
    "sender": "sender",
    "use_auth": "useAuth",
    "username": "username",
    "retry_count": "retryCount",
    "retry_interval": "retryInterval",
}
PASSWORD_FIELD = "password"
# Ranges of the same settings in the vendor documentation of the SendSmtpMessage action (eventengine.html).
RANGES = {"port": (1, 65535), "retry_count": (0, 10), "retry_interval": (1, 60)}
MAX_TEXT = 255
MAX_CA_CHAIN = 64 * 1024
SET_CODES = {1: "the device refused the SMTP settings as invalid (ERR_INVALID_PARAMS)"}
_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+$")
PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----"

NAME = "smtp"


class SmtpError(XerusError):
    """The device refused the SMTP settings, or its test mail failed."""


@dataclass
class SmtpRequest:
    settings: dict = field(default_factory=dict)  # option -> value; None leaves the field as it is
    password: str | None = None
    update_password: str = "on_change"
    test_recipient: str | None = None


@dataclass
class SmtpResult:
    changed: bool
    before: dict
    after: dict
    changed_fields: list
    test: dict | None = None


def check_request(request):
    """Input checks, before anything is sent; XerusInputError naming the option."""
    settings = dict(request.settings)
    if settings.get("server"):
        settings["server"] = check_host(settings["server"], option="server")
    for option, (low, high) in RANGES.items():
        value = settings.get(option)
        if value is not None and not low <= value <= high:
            raise XerusInputError.for_option(option, f"{value} is out of range ({low}..{high})")
    for option in ("sender", "username"):
        if settings.get(option) is not None:
            _check_text(settings[option], option)
    if settings.get("sender"):
        _check_address(settings["sender"], "sender")
    _check_ca_chain(settings.get("ca_cert_chain"))
    if request.password is not None:
        _check_password(request.password)
    if request.test_recipient is not None:
        _check_text(request.test_recipient, "test_recipient")
        _check_address(request.test_recipient, "test_recipient")
    if settings.get("use_auth") is None and settings.get("username"):
        settings["use_auth"] = True
    request.settings = settings
    return request


def _check_text(value, option):
    with naming_option(option):
        check_single_line(value, f"option {option}")
    if len(value) > MAX_TEXT:
        raise XerusInputError.for_option(option, f"{len(value)} characters is too long (at most {MAX_TEXT})")


def _check_address(value, option):
    if not _ADDRESS.match(value):
        raise XerusInputError.for_option(option, "is not a mail address (name@domain)")


def _check_password(password):
    if password == "":
        raise XerusInputError.for_option(
            "password",
            "the device keeps its password when sent an empty one; to stop authenticating set use_auth: false",
        )
    _check_text(password, "password")


def _check_ca_chain(chain):
    if not chain:
        return
    if len(chain) > MAX_CA_CHAIN:
        raise XerusInputError.for_option("ca_cert_chain", f"more than {MAX_CA_CHAIN} characters")
    if PEM_CERTIFICATE not in chain:
        raise XerusInputError.for_option("ca_cert_chain", "is not a PEM certificate chain (no BEGIN CERTIFICATE)")


def read_calls():
    return [Call(rids.SMTP, "getConfiguration")]


def apply(client, request, check_mode=False):
    """Read, compare, write only the difference, send the test mail; SmtpResult without the password."""
    (config,) = client.read_all(read_calls())
    wanted = dict(config)
    for option, key in FIELDS.items():
        value = request.settings.get(option)
        if value is not None and key in config:
            wanted[key] = value
    if wanted.get("useAuth") and not wanted.get("username"):
        raise XerusInputError.for_option(
            "username", "authentication (use_auth) needs a user name, and the device has none"
        )
    changed_fields = [option for option, key in FIELDS.items() if key in config and wanted[key] != config[key]]
    password_sent = request.password is not None and (bool(changed_fields) or request.update_password == "always")
    if password_sent:
        changed_fields.append("password")
    wanted[PASSWORD_FIELD] = request.password if password_sent else ""
    changed = bool(changed_fields)
    if changed and not check_mode:
        _set(client, wanted)
    test = None
    if request.test_recipient and not check_mode:
        test = send_test(client, wanted, request, changed)
    return SmtpResult(
        changed=changed,
        before=report(config),
        after=report(wanted, password_changed=password_sent),
        changed_fields=changed_fields,
        test=test,
    )


def _set(client, config):
    code = client.call_ret(rids.SMTP, "setConfiguration", {"cfg": config})
    if code not in (0, None):
        raise SmtpError(client.device, f"{SET_CODES.get(code, f'return code {code}')}; nothing was changed")


def send_test(client, config, request, changed):
    """The device's own test mail with the settings now active (the task's password if it gave one)."""
    test_config = dict(config, **{PASSWORD_FIELD: request.password or ""})
    answer = client.call_ret(
        rids.SMTP, "testConfiguration", {"cfg": test_config, "recipients": [request.test_recipient]}
    )
    answer = answer if isinstance(answer, dict) else {}
    result = dict(
        recipient=request.test_recipient,
        status=answer.get("status"),
        message=str(answer.get("message") or ""),
        success=answer.get("status") == 0,
    )
    if not result["success"]:
        raise SmtpError(
            client.device,
            f"the test mail to {request.test_recipient} failed: status {result['status']}: {result['message']}"
            + ("; the settings were changed before the test" if changed else ""),
            changed=changed,
            details={"test": result},
        )
    return result


def report(config, password_changed=False):
    """The settings as returned: no password, only whether the task sent one."""
    shown = {option: config[key] for option, key in FIELDS.items() if key in config}
    if password_changed:
        shown["password"] = "<hidden, changed>"
    return shown


# -- the xerus_info subset ----------------------------------------------------------------------------


def first_calls():
    return {"config": Call(rids.SMTP, "getConfiguration")}


def facts(answers):
    """The smtp subset: the settings without the password (None when the device has no /smtp)."""
    config = answers.get("config")
    return None if config is None else report(config)
