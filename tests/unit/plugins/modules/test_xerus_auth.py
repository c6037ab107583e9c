# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_auth's glue: the argument spec (secrets no_log, choices from the enumerations), the CA file read."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError
from ansible_collections.xerus.pdu.plugins.modules import xerus_auth

from conftest import assert_hidden, run_module


def test_secret_options_are_no_log_and_choices_come_from_the_enumerations():
    spec = xerus_auth.argument_spec()
    ldap, radius = spec["ldap_servers"]["options"], spec["radius_servers"]["options"]
    assert ldap["bind_password"]["no_log"] and radius["secret"]["no_log"] and spec["test_password"]["no_log"]
    assert not any(option["no_log"] for name, option in ldap.items() if name != "bind_password" and "no_log" in option)
    assert ldap["security"]["choices"] == ["none", "starttls", "tls"]
    assert radius["auth_type"]["choices"] == ["chap", "mschapv2", "pap"]
    assert ldap["port"]["type"] == radius["timeout"]["type"] == "int"
    assert ldap["use_anonymous_bind"]["type"] == radius["disable_accounting"]["type"] == "bool"
    assert ldap["host"]["required"] and radius["host"]["required"]


class _Module:
    """The two things read_certificates uses of a XerusModule."""

    def __init__(self, servers):
        self.params = {"ldap_servers": servers}

    @staticmethod
    def read_file(path, option, max_size):
        from ansible_collections.xerus.pdu.plugins.module_utils.file_checks import check_input_file

        with open(check_input_file(path, option, max_size), "rb") as handle:
            return handle.read()


def test_ca_certificate_paths_become_the_file_text(tmp_path):
    pem = tmp_path / "ca.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
    module = _Module([{"host": "a", "ca_certificate": str(pem)}, {"host": "b", "ca_certificate": ""}, {"host": "c"}])
    xerus_auth.read_certificates(module)
    assert module.params["ldap_servers"][0]["ca_certificate"].startswith("-----BEGIN CERTIFICATE-----")
    assert module.params["ldap_servers"][1]["ca_certificate"] == ""


def test_a_missing_ca_file_names_the_sub_option(tmp_path):
    module = _Module([{"host": "a"}, {"host": "b", "ca_certificate": str(tmp_path / "none.pem")}])
    with pytest.raises(XerusInputError) as caught:
        xerus_auth.read_certificates(module)
    assert caught.value.option == "ldap_servers[1].ca_certificate"


def test_main_hides_every_secret_and_returns_the_diff(sim, capsys, no_xerus_env):
    secrets = ("bind-secret-5150", "radius-secret-6160", "probe-secret-7170")
    args = dict(
        sim.connection_options(),
        type="ldap",
        ldap_servers=[{"host": sim.host, "port": sim.port, "bind_dn": "cn=b", "bind_password": secrets[0]}],
        radius_servers=[{"host": "radius.invalid", "secret": secrets[1]}],
        test=True,
        test_username="probe",
        test_password=secrets[2],
        _ansible_diff=True,
    )
    result = assert_hidden(run_module(xerus_auth, args, capsys), *secrets)
    assert result["changed"] and result["auth"]["type"] == "ldap"
    assert result["secrets_written"] == ["ldap_servers[0].bind_password", "radius_servers[0].secret"]
    assert [item["ok"] for item in result["tests"]] == [True, False]
    assert result["diff"]["before"]["ldap_servers"] == [] and len(result["diff"]["after"]["ldap_servers"]) == 1
    again = assert_hidden(run_module(xerus_auth, dict(args, test=False), capsys), *secrets)
    assert not again["changed"] and "tests" not in again
    local = dict(sim.connection_options(), type="local", ldap_servers=[], radius_servers=[])
    assert assert_hidden(run_module(xerus_auth, local, capsys))["changed"]
