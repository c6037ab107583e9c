# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""devsettings.Smtp at /smtp: the mail server of notifications, and its test mail.

Vendor IDL (Smtp.idl, devsettings.Smtp 2.0.0 in both generations): getConfiguration, setConfiguration (0, or
ERR_INVALID_PARAMS = 1), testConfiguration(cfg, recipients) -> TestResult {status, message}.  The password is
write-only: read back empty, and an empty one leaves the stored one unchanged.  Ranges of retryCount (0..10) and
retryInterval (1..60) are those the vendor documents for the same fields of the SendSmtpMessage action.

[modelled] No mail leaves the simulator.  A test "delivers" when the settings are valid, every recipient is an
address, the host resolves (a host under .invalid never does: status 2) and, with useAuth, a password is known
(the one tested or the stored one; none: status 3).  Each test is recorded, without any password, in the
device state under "smtp_tests" (the last MAX_RECORDED), where tests read it through the control server.
"""

import ipaddress
import re

from xerus_sim.rpc.idltypes import Struct, Vector

ERR_INVALID_PARAMS = 1
TEST_OK, TEST_INVALID, TEST_NO_CONNECTION, TEST_AUTH_FAILED = 0, 1, 2, 3
MAX_RECORDED = 20
MAX_TEXT = 255
MAX_CA_CHAIN = 64 * 1024
_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+$")
_LABEL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

SmtpConfiguration = Struct(
    "devsettings.Smtp_2_0_0.Configuration:1.0.0",
    {
        "host": str,
        "port": int,
        "useTls": bool,
        "allowOffTimeRangeCerts": bool,
        "caCertChain": str,
        "sender": str,
        "useAuth": bool,
        "username": str,
        "password": str,
        "retryCount": int,
        "retryInterval": int,
    },
)

DEFAULTS = {
    "host": "",
    "port": 25,
    "useTls": False,
    "allowOffTimeRangeCerts": False,
    "caCertChain": "",
    "sender": "",
    "useAuth": False,
    "username": "",
    "password": "",
    "retryCount": 2,
    "retryInterval": 2,
}


def settings_of(device):
    """The stored settings (password included), defaults filled in for a state that predates them."""
    section = device.state.setdefault("smtp", {})
    for key, value in DEFAULTS.items():
        section.setdefault(key, value)
    return section


def _host_ok(host):
    if host == "":
        return True
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    return len(host) <= 253 and all(_LABEL.match(label) for label in labels)


def _text_ok(value, limit=MAX_TEXT):
    return len(value) <= limit and not _CONTROL.search(value)


def _chain_ok(chain):
    return chain == "" or (
        len(chain) <= MAX_CA_CHAIN and "-----BEGIN CERTIFICATE-----" in chain and "-----END CERTIFICATE-----" in chain
    )


def valid(cfg):
    """The rules of setConfiguration (and of a tested configuration)."""
    return (
        _host_ok(cfg["host"])
        and 1 <= cfg["port"] <= 65535
        and all(_text_ok(cfg[key]) for key in ("sender", "username", "password"))
        and (cfg["sender"] == "" or _ADDRESS.match(cfg["sender"]) is not None)
        and (not cfg["useAuth"] or cfg["username"] != "")
        and 0 <= cfg["retryCount"] <= 10
        and 1 <= cfg["retryInterval"] <= 60
        and _chain_ok(cfg["caCertChain"])
    )


def _outcome(cfg, recipients, stored_password):
    if not valid(cfg) or not cfg["host"] or not cfg["sender"]:
        return TEST_INVALID, "Invalid SMTP settings"
    if not recipients or not all(_ADDRESS.match(address) for address in recipients):
        return TEST_INVALID, "Invalid recipient address"
    if cfg["host"].rstrip(".").lower().endswith(".invalid"):
        return TEST_NO_CONNECTION, f"Could not connect to SMTP server {cfg['host']}:{cfg['port']}"
    if cfg["useAuth"] and not (cfg["password"] or stored_password):
        return TEST_AUTH_FAILED, "SMTP authentication failed"
    return TEST_OK, "Test mail sent successfully"


class Smtp:
    TYPE = "devsettings.Smtp:2.0.0"

    def __init__(self, device):
        self.device = device

    def getConfiguration(self):
        with self.device.lock:
            return {"_ret_": dict(settings_of(self.device), password="")}

    def setConfiguration(self, cfg: SmtpConfiguration):
        if not valid(cfg):
            return {"_ret_": ERR_INVALID_PARAMS}
        with self.device.lock:
            stored = settings_of(self.device)
            password = cfg["password"] or stored["password"]
            stored.update(cfg, password=password)
            self.device.save()
        return {"_ret_": 0}

    def testConfiguration(self, cfg: SmtpConfiguration, recipients: Vector(str)):
        with self.device.lock:
            stored_password = settings_of(self.device)["password"]
            status, message = _outcome(cfg, recipients, stored_password)
            record = {key: cfg[key] for key in ("host", "port", "useTls", "sender", "useAuth", "username")}
            record.update(
                recipients=list(recipients), passwordGiven=bool(cfg["password"]), status=status, message=message
            )
            tests = self.device.state.setdefault("smtp_tests", [])
            tests.append(record)
            del tests[:-MAX_RECORDED]
            self.device.save()
        return {"_ret_": {"status": status, "message": message}}


RPC_OBJECTS = {"/smtp": Smtp}
