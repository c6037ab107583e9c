# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_snmp's glue, run as a module against the simulator: result keys, diff, and no community or passphrase
in any printed result (success, check mode, refused input, refused arguments)."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.modules import xerus_snmp

from conftest import assert_hidden, run_module

pytestmark = pytest.mark.usefixtures("no_xerus_env")

COMMUNITY = "Glue-Community-3e9b1"
PASSPHRASE = "Glue-Passphrase-a17c4"


def run(args, capsys):
    """The module's printed result for ``args``, checked to carry none of the secrets."""
    out = run_module(xerus_snmp, args, capsys)
    return assert_hidden(out, COMMUNITY, PASSPHRASE)


def connection(sim):
    return dict(host=sim.host, port=sim.port, username=sim.user, password=sim.password, ca_path=sim.cert)


V3_TARGET = dict(
    host="192.0.2.40", version="v3", security_name="ops", auth_passphrase=PASSPHRASE, privacy_passphrase=PASSPHRASE
)


def test_result_and_diff_carry_markers_not_secrets(sim, capsys):
    args = dict(
        connection(sim),
        read_community=COMMUNITY,
        sys_contact="noc@example.com",
        targets=[V3_TARGET],
        targets_exclusive=True,
        _ansible_diff=True,
    )
    result = run(args, capsys)
    assert result["changed"] and "notifications" in result["changed_fields"]
    assert result["snmp"]["read_community"] == "<hidden, changed>"
    assert result["diff"]["before"]["read_community"] == "<hidden>"
    assert result["snmp"]["notifications"]["targets"][0]["security_name"] == "ops"
    again = run(dict(args, _ansible_check_mode=True), capsys)
    assert again["changed"] is False


@pytest.mark.parametrize(
    "options",
    [
        dict(read_community=COMMUNITY + "\n"),
        dict(targets=[dict(host="192.0.2.1", community=COMMUNITY), dict(host="192.0.2.1", community=COMMUNITY)]),
        dict(targets=[dict(V3_TARGET, auth_passphrase="short")], read_community=COMMUNITY),
        dict(targets=[dict(host="192.0.2.1", community=COMMUNITY, colour="red")]),
    ],
)
def test_refusals_name_the_option_and_hide_secrets(sim, options, capsys):
    result = run(dict(connection(sim), **options), capsys)
    assert result["failed"] and not result.get("changed")
