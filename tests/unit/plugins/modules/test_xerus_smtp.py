# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_smtp's glue, run as a module against the simulator: result keys, the test mail, and no password in
any printed result."""

from __future__ import annotations

import json

import pytest
from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.xerus.pdu.plugins.modules import xerus_smtp

SECRET = "Glue-Smtp-Secret-90b3"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ("XERUS_HOST", "XERUS_PORT", "XERUS_USERNAME", "XERUS_PASSWORD", "XERUS_TOKEN", "XERUS_CA_PATH"):
        monkeypatch.delenv(name, raising=False)


def run(args, monkeypatch, capsys):
    monkeypatch.setattr(basic, "_ANSIBLE_ARGS", to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args})))
    monkeypatch.setattr(basic, "_ANSIBLE_PROFILE", "legacy")
    with pytest.raises(SystemExit):
        xerus_smtp.main()
    out = capsys.readouterr().out
    assert SECRET not in out
    return json.loads(out)


def connection(sim, **options):
    return dict(host=sim.host, port=sim.port, username=sim.user, password=sim.password, ca_path=sim.cert, **options)


def test_settings_test_mail_and_diff(sim, monkeypatch, capsys):
    args = connection(
        sim, server="mail.example.com", sender="pdu@example.com", test_recipient="noc@example.com", _ansible_diff=True
    )
    result = run(args, monkeypatch, capsys)
    assert result["changed"] and result["test"]["success"] is True
    assert result["diff"]["after"]["server"] == "mail.example.com"
    assert run(dict(args, test_recipient=None), monkeypatch, capsys)["changed"] is False


def test_failed_test_mail_fails_the_task_with_its_outcome(sim, monkeypatch, capsys):
    result = run(
        connection(sim, server="smtp.example.invalid", sender="pdu@example.com", test_recipient="noc@example.com"),
        monkeypatch,
        capsys,
    )
    assert result["failed"] and result["changed"] and result["test"]["status"] == 2


@pytest.mark.parametrize(
    "options", [dict(smtp_port=70000), dict(sender="x"), dict(smtp_username="mailer\n"), dict(smtp_password="")]
)
def test_refusals_change_nothing(sim, options, monkeypatch, capsys):
    result = run(connection(sim, **options), monkeypatch, capsys)
    assert result["failed"] and not result["changed"] and "nothing was sent" in result["msg"]
