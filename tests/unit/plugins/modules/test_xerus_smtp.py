# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_smtp's glue, run as a module against the simulator: result keys, the test mail, and no password in
any printed result."""

from __future__ import annotations

import json

import pytest

from ansible_collections.xerus.pdu.plugins.modules import xerus_smtp

from conftest import assert_hidden, run_module

pytestmark = pytest.mark.usefixtures("no_xerus_env")

SECRET = "Glue-Smtp-Secret-90b3"


def run(args, capsys):
    """The module's printed result for ``args``, checked to carry none of the secrets."""
    out = run_module(xerus_smtp, args, capsys)
    return assert_hidden(out, SECRET)


def connection(sim, **options):
    return dict(sim.login_connection_options(), **options)


def test_settings_test_mail_and_diff(sim, capsys):
    args = connection(
        sim, server="mail.example.com", sender="pdu@example.com", test_recipient="noc@example.com", _ansible_diff=True
    )
    result = run(args, capsys)
    assert result["changed"] and result["test"]["success"] is True
    assert result["diff"]["after"]["server"] == "mail.example.com"
    assert run(dict(args, test_recipient=None), capsys)["changed"] is False


def test_failed_test_mail_fails_the_task_with_its_outcome(sim, capsys):
    result = run(
        connection(sim, server="smtp.example.invalid", sender="pdu@example.com", test_recipient="noc@example.com"),
        capsys,
    )
    assert result["failed"] and result["changed"] and result["test"]["status"] == 2


@pytest.mark.parametrize("options", [dict(port=70000), dict(sender="x"), dict(username="mailer\n"), dict(password="")])
def test_refusals_change_nothing(sim, options, capsys):
    result = run(connection(sim, **options), capsys)
    assert result["failed"] and not result["changed"] and "nothing was sent" in result["msg"]


@pytest.mark.parametrize(("names", "option"), [(["port"], "port"), (["username", "password"], "username")])
def test_the_login_settings_as_mail_settings_are_refused_before_anything_is_sent(sim, names, option, capsys):
    login = dict(port=sim.port, username=sim.user, password=sim.password)
    args = connection(sim, **{name: login[name] for name in names})
    sim.requests_since(sim.mark())  # the previous task's log lines are written
    mark = sim.mark()
    result = run(args, capsys)
    assert result["failed"] and result["option"] == option and not result["changed"]
    assert f"login_{option}" in result["msg"] and "group/xerus.pdu.xerus" in result["msg"]
    assert f"{sim.host}:{sim.port}" in result["msg"] and "nothing was sent" in result["msg"]
    assert sim.password not in json.dumps(result)
    assert sim.requests_since(mark) == []


def test_mail_settings_that_share_only_part_of_the_login_pass_the_guard():
    login = dict(login_port=443, login_username="admin", login_password="pw")
    xerus_smtp.check_not_login(dict(login, port=587, username="admin", password="other"), "192.0.2.7:443")
    xerus_smtp.check_not_login(dict(login, port=None, username="mailer", password="pw"), "192.0.2.7:443")
    token_login = dict(login_port=443, login_username=None, login_password=None)
    xerus_smtp.check_not_login(dict(token_login, port=25, username=None, password=None), "192.0.2.7:443")
