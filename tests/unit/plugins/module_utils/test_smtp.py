# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SMTP area against the simulator: settings written once, the write-only password, check mode, the
device's test mail and its recorded outcome, refusals, the xerus_info subset."""

from __future__ import annotations

import json

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import info, smtp
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusHttpError, XerusInputError

PASSWORD = "Smtp-Pass-61c2a"
NEW_PASSWORD = "Smtp-Pass-77d0e"
SETTINGS = dict(
    server="mail.example.com",
    port=587,
    use_tls=True,
    sender="pdu@example.com",
    username="mailer",
    retry_count=3,
    retry_interval=5,
)


def request(password=PASSWORD, **changes):
    extra = {key: changes.pop(key) for key in ("update_password", "test_recipient") if key in changes}
    return smtp.check_request(smtp.SmtpRequest(settings=dict(SETTINGS, **changes), password=password, **extra))


def test_change_then_nothing_and_the_password_is_stored_never_shown(sim):
    with sim.client() as client:
        first = smtp.apply(client, request())
        second = smtp.apply(client, request())
    assert first.changed and not second.changed
    assert "password" in first.changed_fields and first.after["use_auth"] is True
    stored = sim.device_state()["smtp"]
    assert stored["password"] == PASSWORD and stored["host"] == "mail.example.com"
    assert PASSWORD not in json.dumps([first.before, first.after, second.after])


def test_password_alone_needs_update_password_always(sim):
    with sim.client() as client:
        smtp.apply(client, request())
        unchanged = smtp.apply(client, request(password=NEW_PASSWORD))
        assert sim.device_state()["smtp"]["password"] == PASSWORD
        rotated = smtp.apply(client, request(password=NEW_PASSWORD, update_password="always"))
    assert not unchanged.changed and rotated.changed and rotated.changed_fields == ["password"]
    assert sim.device_state()["smtp"]["password"] == NEW_PASSWORD


def test_check_mode_leaves_the_device_and_sends_no_mail(sim):
    with sim.client() as client:
        smtp.apply(client, request())
        before = sim.device_state()
        predicted = smtp.apply(client, request(port=2525, test_recipient="noc@example.com"), check_mode=True)
    after = sim.device_state()
    assert predicted.changed and predicted.after["port"] == 2525 and predicted.test is None
    assert after["smtp"] == before["smtp"] and after.get("smtp_tests") == before.get("smtp_tests")


def test_test_mail_outcome_is_returned_and_recorded(sim):
    with sim.client() as client:
        result = smtp.apply(client, request(test_recipient="noc@example.com"))
    assert result.test == {
        "recipient": "noc@example.com",
        "status": 0,
        "message": result.test["message"],
        "success": True,
    }
    recorded = sim.device_state()["smtp_tests"][-1]
    assert recorded["recipients"] == ["noc@example.com"] and recorded["host"] == "mail.example.com"
    assert recorded["status"] == 0 and PASSWORD not in json.dumps(recorded)


def test_failed_test_mail_fails_with_its_outcome_and_says_what_changed(sim):
    with sim.client() as client:
        with pytest.raises(smtp.SmtpError) as caught:
            smtp.apply(client, request(server="mail.nowhere.invalid", test_recipient="noc@example.com"))
    assert caught.value.changed is True
    assert caught.value.details["test"]["status"] == 2 and not caught.value.details["test"]["success"]
    assert sim.device_state()["smtp_tests"][-1]["status"] == 2


@pytest.mark.parametrize(
    "changes, option",
    [
        (dict(port=0), "port"),
        (dict(retry_count=11), "retry_count"),
        (dict(retry_interval=0), "retry_interval"),
        (dict(sender="not-an-address"), "sender"),
        (dict(server="https://mail.example.com/"), "server"),
        (dict(ca_cert_chain="not a certificate"), "ca_cert_chain"),
        (dict(username="a\nb"), "username"),
        (dict(test_recipient="nobody"), "test_recipient"),
        (dict(password=""), "password"),
    ],
)
def test_bad_input_is_refused_naming_the_option(changes, option):
    with pytest.raises(XerusInputError) as caught:
        request(**changes)
    assert caught.value.option == option


def test_authentication_without_a_user_name_is_refused_before_writing(sim):
    with sim.client() as client:
        smtp.apply(client, request(use_auth=False, username=""))
        before = sim.device_state()["smtp"]
        with pytest.raises(XerusInputError) as caught:
            smtp.apply(client, smtp.check_request(smtp.SmtpRequest(settings=dict(use_auth=True))))
    assert caught.value.option == "username" and sim.device_state()["smtp"] == before


def test_device_refusal_changes_nothing(sim):
    with sim.client() as client:
        smtp.apply(client, request())
        before = sim.device_state()["smtp"]
        config = client.call_ret("/smtp", "getConfiguration")
        code = client.call_ret("/smtp", "setConfiguration", {"cfg": dict(config, retryInterval=0)})
    assert code == 1 and sim.device_state()["smtp"] == before


def test_info_subset_has_no_password(sim):
    with sim.client() as client:
        smtp.apply(client, request())
        facts = info.gather(client, ("smtp",))["smtp"]
    assert facts["server"] == "mail.example.com" and "password" not in facts
    assert PASSWORD not in json.dumps(facts)


def test_the_test_mail_is_not_repeated_by_retries(sim):
    """testConfiguration sends a mail: a lost answer fails the task instead of a second mail."""
    with sim.client(retries=3) as client:
        smtp.apply(client, request())
        sim.requests_since(sim.mark())  # the first task's log lines are written
        sim.inject("http_status", count=1, status=503, path="/smtp")
        mark = sim.mark()
        with pytest.raises(XerusHttpError):
            smtp.apply(client, request(test_recipient="noc@example.com"))
    assert len(sim.requests_since(mark, "/smtp")) == 1
