# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_smtp's glue, run as a module against the simulator: result keys, the test mail, and no password in
any printed result."""

from __future__ import annotations

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
    return dict(host=sim.host, port=sim.port, username=sim.user, password=sim.password, ca_path=sim.cert, **options)


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


@pytest.mark.parametrize(
    "options", [dict(smtp_port=70000), dict(sender="x"), dict(smtp_username="mailer\n"), dict(smtp_password="")]
)
def test_refusals_change_nothing(sim, options, capsys):
    result = run(connection(sim, **options), capsys)
    assert result["failed"] and not result["changed"] and "nothing was sent" in result["msg"]
