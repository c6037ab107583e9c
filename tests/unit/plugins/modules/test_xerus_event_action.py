# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_event_action's glue: one dict option per type, the request from the options, secrets kept out of the
result and the diff on success and on failure."""

from __future__ import annotations

import json

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils.event_action_types import TYPES
from ansible_collections.xerus.pdu.plugins.modules import xerus_event_action

from conftest import assert_hidden, run_module

pytestmark = pytest.mark.usefixtures("no_xerus_env")
SECRET = "unit-smtp-secret-8080"


def test_every_type_has_its_option_and_choice():
    spec = xerus_event_action.argument_spec()
    assert set(TYPES) <= set(spec) and spec["type"]["choices"] == list(TYPES)


def test_the_request_takes_the_options_of_its_type_only():
    params = {"name": "n", "state": "present", "type": "log", "log": None, "update_secrets": "on_create"}
    request = xerus_event_action.request_from(params)
    assert (request.type, request.spec, request.update_secrets) == ("log", {}, "on_create")
    absent = xerus_event_action.request_from({"name": "n", "state": "absent", "type": None, "update_secrets": "always"})
    assert absent.spec == {}


def _args(sim, **options):
    args = dict(
        host=sim.host, port=sim.port, username=sim.user, password=sim.password, ca_path=sim.cert, _ansible_diff=True
    )
    args.update(options)
    return args


def test_secrets_stay_out_of_result_and_diff(sim, capsys):
    email = {"recipients": ["a@example.com"], "smtp": {"host": "mx", "username": "u", "password": SECRET}}
    result = assert_hidden(
        run_module(xerus_event_action, _args(sim, name="unit-mail", type="email", email=email), capsys), SECRET
    )
    assert result["changed"] and result["diff"]["before"] is None
    assert result["action"]["email"]["smtp"]["host"] == "mx" and "password" not in result["action"]["email"]["smtp"]
    failed = run_module(
        xerus_event_action, _args(sim, name="unit-mail", type="email", email=dict(email, recipients=["nobody"])), capsys
    )
    failure = assert_hidden(failed, SECRET)
    assert failure["failed"] and failure["option"] == "email.recipients"


def test_options_of_two_types_are_refused(sim, capsys):
    out = json.loads(
        run_module(
            xerus_event_action,
            _args(sim, name="x", type="syslog", syslog={"server": "s"}, log={"text": "m"}),
            capsys,
        )
    )
    assert out["failed"] and "mutually exclusive" in out["msg"]
