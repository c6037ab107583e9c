# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""auth.py: input checks (pure) and apply() against the simulator on both firmware generations."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import auth, rids
from ansible_collections.xerus.pdu.plugins.module_utils.client import Call
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError

from conftest import start_simulator

CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"


@pytest.fixture(scope="module", params=["4.4", "4.0"])
def generation_sim(request, tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("sim"), "--fw-generation", request.param)
    simulator.generation = request.param
    yield simulator
    simulator.stop()


@pytest.fixture
def gsim(generation_sim):
    """Each test starts from local authentication without servers."""
    with generation_sim.client() as client:
        client.bulk(
            [
                Call(rids.AUTH, "setPolicy", {"p": {"type": 0, "useLocalIfRemoteFailed": True}}),
                Call(rids.LDAP, "setLdapServers", {"serverList": []}),
                Call(rids.RADIUS, "setRadiusServers", {"serverList": []}),
            ]
        )
    return generation_sim


def _apply(sim, check_mode=False, **wanted):
    request = auth.AuthRequest(**wanted)
    auth.check_request(request)
    with sim.client() as client:
        return auth.apply(client, request, check_mode=check_mode)


def _device(sim):
    with sim.client() as client:
        return client.read_all(auth.read_calls()[:3])


def _ldap(host="dc1.example.com", **fields):
    return dict(host=host, **fields)


@pytest.mark.parametrize(
    "wanted, option",
    [
        (dict(type="kerberos"), "type"),
        (dict(update_secrets="sometimes"), "update_secrets"),
        (dict(ldap_servers=[{"host": " "}]), "ldap_servers[0].host"),
        (dict(ldap_servers=[_ldap(), _ldap()]), "ldap_servers[1].host"),
        (dict(ldap_servers=[_ldap(port=0)]), "ldap_servers[0].port"),
        (dict(ldap_servers=[_ldap(base_dn="dc=a\ndc=b")]), "ldap_servers[0].base_dn"),
        (dict(ldap_servers=[_ldap(ca_certificate="not a certificate")]), "ldap_servers[0].ca_certificate"),
        (dict(radius_servers=[{"host": "r", "timeout": 0}]), "radius_servers[0].timeout"),
        (dict(radius_servers=[{"host": "r", "retries": -1}]), "radius_servers[0].retries"),
        (dict(radius_servers=[{"host": "r", "accounting_port": 70000}]), "radius_servers[0].accounting_port"),
        (dict(test=True, ldap_servers=[_ldap()]), "test"),
        (dict(test=True, test_username="u", test_password="p"), "test"),
    ],
)
def test_check_request_refuses(wanted, option):
    with pytest.raises(XerusInputError) as caught:
        auth.check_request(auth.AuthRequest(**wanted))
    if option:
        assert caught.value.option == option


def test_ldap_list_created_second_run_unchanged_secret_never_shown(gsim):
    servers = [
        _ldap(security="tls", port=636, bind_dn="cn=bind", bind_password="S3cret-bind", base_dn="dc=example",
              ca_certificate=CA_PEM),
        _ldap("dc2.example.com", type="active_directory", login_name_attribute="sAMAccountName"),
    ]  # fmt: skip
    first = _apply(gsim, type="ldap", ldap_servers=servers)
    assert first.changed
    assert first.secrets_written == ["ldap_servers[0].bind_password"]
    policy, ldap, _radius = _device(gsim)
    assert policy["type"] == 4
    assert [entry["server"] for entry in ldap] == ["dc1.example.com", "dc2.example.com"]
    assert ldap[0]["sslPort"] == 636 and ldap[0]["secProto"] == 1 and ldap[0]["certificate"] == CA_PEM
    assert all(entry["bindPwd"] == "" for entry in ldap)
    assert ("supportNestedGroups" in ldap[0]) == (gsim.generation == "4.4")
    assert ("adoptSettingsId" in ldap[0]) == (gsim.generation == "4.0")
    second = _apply(gsim, type="ldap", ldap_servers=servers)
    assert not second.changed and second.secrets_written == []
    assert "S3cret-bind" not in repr(second.after) + repr(second.before)
    always = _apply(gsim, ldap_servers=servers, update_secrets="always")
    assert always.changed and always.secrets_written == ["ldap_servers[0].bind_password"]


def test_order_matters_and_fields_not_given_are_kept(gsim):
    _apply(gsim, ldap_servers=[_ldap(base_dn="dc=one"), _ldap("dc2.example.com", base_dn="dc=two")])
    result = _apply(gsim, ldap_servers=[_ldap("dc2.example.com"), _ldap()])
    assert result.changed
    _policy, ldap, _radius = _device(gsim)
    assert [(entry["server"], entry["searchBaseDN"]) for entry in ldap] == [
        ("dc2.example.com", "dc=two"),
        ("dc1.example.com", "dc=one"),
    ]


def test_non_exclusive_keeps_unlisted_servers_after_the_listed(gsim):
    _apply(gsim, radius_servers=[{"host": "r1", "secret": "x1"}, {"host": "r2", "secret": "x2"}])
    result = _apply(gsim, radius_servers=[{"host": "r3", "secret": "x3"}], servers_exclusive=False)
    assert [item["host"] for item in result.after["radius_servers"]] == ["r3", "r1", "r2"]
    assert [entry["server"] for entry in _device(gsim)[2]] == ["r3", "r1", "r2"]


def test_check_mode_changes_nothing(gsim):
    before = _device(gsim)
    result = _apply(gsim, check_mode=True, type="radius", radius_servers=[{"host": "r1", "secret": "x"}])
    assert result.changed and result.after["type"] == "radius"
    assert _device(gsim) == before


def test_remote_type_without_servers_is_refused_before_writing(gsim):
    before = _device(gsim)
    with pytest.raises(XerusInputError, match="needs at least one server"):
        _apply(gsim, type="ldap")
    assert _device(gsim) == before


def test_a_new_radius_server_needs_a_secret_device_refuses_with_its_code(gsim):
    before = _device(gsim)
    with pytest.raises(auth.AuthError, match=r"setRadiusServers refused: .* \(code 1\)"):
        _apply(gsim, radius_servers=[{"host": "r1"}])
    assert _device(gsim) == before


def test_field_of_the_other_generation_is_refused_naming_it(gsim):
    option = "support_nested_groups" if gsim.generation == "4.0" else None
    if option is None:
        result = _apply(gsim, ldap_servers=[_ldap(support_nested_groups=True)])
        assert result.after["ldap_servers"][0]["support_nested_groups"] is True
        return
    with pytest.raises(XerusInputError) as caught:
        _apply(gsim, ldap_servers=[_ldap(support_nested_groups=True)])
    assert caught.value.option == "ldap_servers[0].support_nested_groups"


def test_server_test_reports_without_failing_and_fails_before_writing_when_asked(gsim):
    servers = [
        _ldap(gsim.host, port=gsim.port, use_anonymous_bind=True),
        _ldap("ldap.invalid"),
    ]
    result = _apply(gsim, ldap_servers=servers, test=True, test_username="probe", test_password="pw", check_mode=True)
    assert [(item["host"], item["ok"], item["code"]) for item in result.tests] == [
        (gsim.host, True, 0),
        ("ldap.invalid", False, 3),
    ]
    before = _device(gsim)
    with pytest.raises(auth.AuthError, match="ldap ldap.invalid: the LDAP server could not be contacted"):
        _apply(gsim, ldap_servers=servers, test=True, test_username="p", test_password="p", fail_on_test_error=True)
    assert _device(gsim) == before


def test_info_section_never_returns_secrets(gsim):
    _apply(gsim, radius_servers=[{"host": "r1", "secret": "Very-Secret-1"}], ldap_servers=[_ldap(bind_password="B-1")])
    with gsim.client() as client:
        answers = dict(zip(("policy", "ldap", "radius"), client.read_all(auth.read_calls()[:3])))
    facts = auth.INFO_SECTION.facts(answers)
    assert facts["radius_servers"][0]["host"] == "r1" and "secret" not in facts["radius_servers"][0]
    assert "bind_password" not in facts["ldap_servers"][0]
    assert auth.INFO_SECTION.facts({"policy": None, "ldap": None, "radius": None}) == {}
