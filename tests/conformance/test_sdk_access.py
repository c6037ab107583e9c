# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SDK drives the authentication and security interfaces the way xerus_auth and xerus_security use them.

auth.AuthManager (/auth), auth.LdapManager (/auth/ldap), auth.RadiusManager (/auth/radius) and
security.Security (/security), vendor IDL and XERUS-PROTOCOL.md section 14: every method the modules call,
through the SDK 4.4.1 proxies (whose decoders check field sets, types and enumerations), and invalid inputs
refused with the IDL's return codes.  A 4.0 generation device is driven with raw calls in its structures.
"""

import pytest
import raritan.rpc
from raritan.rpc import auth, security
from simproc import Simulator, make_agent

CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
Ldap = auth.LdapManager
Radius = auth.RadiusManager


@pytest.fixture
def proxies(sim):
    agent = make_agent(sim.address)
    managers = (
        auth.AuthManager("/auth", agent),
        Ldap("/auth/ldap", agent),
        Radius("/auth/radius", agent),
        security.Security("/security", agent),
    )
    yield managers
    managers[0].setPolicy(auth.Policy(auth.Type.LOCAL, True))
    managers[1].setLdapServers([])
    managers[2].setRadiusServers([])


def ldap_server(server="dc1.example.com", **changes):
    settings = Ldap.ServerSettings(
        server=server,
        type=Ldap.ServerType.ACTIVE_DIRECTORY,
        secProto=Ldap.SecurityProtocol.SEC_PROTO_SSL,
        port=389,
        sslPort=636,
        forceTrustedCert=True,
        allowOffTimeRangeCerts=False,
        certificate=CA_PEM,
        adsDomain="example.com",
        useAnonymousBind=False,
        bindDN="cn=bind",
        bindPwd="bind-secret",
        searchBaseDN="dc=example",
        loginNameAttr="sAMAccountName",
        userEntryObjClass="user",
        userSearchFilter="",
        groupInfoInUserEntry=False,
        supportNestedGroups=True,
        groupMemberAttr="member",
        groupEntryObjClass="group",
        groupSearchFilter="",
    )
    for name, value in changes.items():
        setattr(settings, name, value)
    return settings


def radius_server(server="radius1.example.com", **changes):
    settings = Radius.ServerSettings(
        id="",
        server=server,
        sharedSecret="radius-secret",
        udpAuthPort=1812,
        udpAccountPort=1813,
        timeout=2,
        retries=3,
        authType=Radius.AuthType.CHAP,
        disableAccounting=False,
        messageAuthenticatorOptional=True,
    )
    for name, value in changes.items():
        setattr(settings, name, value)
    return settings


def test_policy_round_trip_and_unsupported_type(proxies):
    manager = proxies[0]
    assert manager.getPolicy().type == auth.Type.LOCAL
    assert manager.setPolicy(auth.Policy(auth.Type.LDAP, False)) == 0
    policy = manager.getPolicy()
    assert (policy.type, policy.useLocalIfRemoteFailed) == (auth.Type.LDAP, False)
    assert manager.setPolicy(auth.Policy(auth.Type.KERBEROS, True)) == manager.ERR_UNSUPPORTED_TYPE
    assert manager.getPolicy().type == auth.Type.LDAP


def test_ldap_servers_round_trip_in_order_without_the_secret(proxies, sim):
    manager = proxies[1]
    host, port = sim.device["host"], sim.device["port"]
    first = ldap_server(host, secProto=Ldap.SecurityProtocol.SEC_PROTO_NONE, port=port)
    assert manager.setLdapServers([first, ldap_server("dc2.example.com", certificate="")]) == 0
    servers = manager.getLdapServers()
    assert [entry.server for entry in servers] == [host, "dc2.example.com"]
    assert servers[0].port == port and servers[0].certificate == CA_PEM
    assert servers[0].supportNestedGroups is True
    assert all(entry.bindPwd == "" for entry in servers)
    # Written back as read (secret empty): the stored secret stays, so the bind still works.
    assert manager.setLdapServers(servers) == 0
    assert manager.testLdapServer("probe", "pw", servers[0])[0] == 0
    assert manager.setLdapServers([]) == 0
    assert manager.testLdapServer("probe", "pw", servers[0])[0] == Ldap.ERR_AUTHENTICATION_FAILED


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"server": ""}, Ldap.ERR_INVALID_CFG),
        ({"server": "dc1 example"}, Ldap.ERR_INVALID_CFG),
        ({"port": 0}, Ldap.ERR_INVALID_CFG),
        ({"sslPort": 70000}, Ldap.ERR_INVALID_CFG),
        ({"certificate": "not a certificate"}, Ldap.ERR_INVALID_CFG),
    ],
)
def test_invalid_ldap_configuration_is_refused_and_changes_nothing(proxies, changes, code):
    manager = proxies[1]
    assert manager.setLdapServers([ldap_server("keep.example.com")]) == 0
    assert manager.setLdapServers([ldap_server(**changes)]) == code
    assert [entry.server for entry in manager.getLdapServers()] == ["keep.example.com"]


def test_ldap_server_test(proxies, sim):
    manager = proxies[1]
    host, port = sim.device["host"], sim.device["port"]
    reachable = ldap_server(host, secProto=Ldap.SecurityProtocol.SEC_PROTO_NONE, port=port)
    assert manager.testLdapServer("probe", "pw", reachable) == (0, "Authentication successful")
    ret, diag = manager.testLdapServer("probe", "pw", ldap_server("ldap.invalid"))
    assert ret == Ldap.ERR_SERVER_UNREACHABLE and "ldap.invalid" in diag
    reachable.bindPwd = ""
    assert manager.testLdapServer("probe", "pw", reachable)[0] == Ldap.ERR_AUTHENTICATION_FAILED
    assert manager.testLdapServer("probe", "pw", ldap_server(port=0))[0] == Ldap.ERR_INVALID_CFG


def test_radius_servers_round_trip_and_refusals(proxies):
    manager = proxies[2]
    assert manager.setRadiusServers([radius_server(), radius_server("radius2.example.com")]) == 0
    servers = manager.getRadiusServers()
    assert [entry.server for entry in servers] == ["radius1.example.com", "radius2.example.com"]
    assert servers[0].authType == Radius.AuthType.CHAP and servers[0].sharedSecret == ""
    assert manager.setRadiusServers(servers) == 0  # secrets kept for the same servers
    assert manager.setRadiusServers([radius_server("radius3.example.com", sharedSecret="")]) == Radius.ERR_INVALID_CFG
    assert manager.setRadiusServers([radius_server(timeout=0)]) == Radius.ERR_INVALID_CFG
    assert manager.setRadiusServers([radius_server(udpAuthPort=0)]) == Radius.ERR_INVALID_CFG
    assert len(manager.getRadiusServers()) == 2


def test_radius_server_test(proxies):
    manager = proxies[2]
    assert manager.testRadiusServer("probe", "pw", radius_server()) == 0
    assert manager.testRadiusServer("probe", "pw", radius_server("radius.invalid")) == Radius.ERR_SERVER_UNREACHABLE
    assert (
        manager.testRadiusServer("probe", "pw", radius_server("new.example.com", sharedSecret=""))
        == Radius.ERR_INVALID_SHARED_SECRET
    )
    assert manager.testRadiusServer("", "", radius_server()) == Radius.ERR_AUTHENTICATION_FAILED
    assert manager.testRadiusServer("probe", "pw", radius_server(retries=-1)) == Radius.ERR_INVALID_CFG


def test_security_settings_round_trip(proxies):
    sec = proxies[3]
    block = sec.getBlockSettings()
    block.maxFailedLogins, block.blockTimeout = 5, 20
    assert sec.setBlockSettings(block) == 0
    assert (sec.getBlockSettings().maxFailedLogins, sec.getBlockSettings().blockTimeout) == (5, 20)
    block.maxFailedLogins = 0
    assert sec.setBlockSettings(block) == 0
    password = sec.getPwSettings()
    password.minPwLength, password.enableStrongReq = 12, True
    assert sec.setPwSettings(password) == 0 and sec.getPwSettings().minPwLength == 12
    assert sec.setIdleTimeoutSettings(30) == 0 and sec.getIdleTimeoutSettings() == 30
    agreement = security.RestrictedServiceAgreement(True, "Authorized use only.\n")
    assert sec.setRestrictedServiceAgreement(agreement) == 0
    assert sec.getRestrictedServiceAgreement().banner == "Authorized use only.\n"
    for getter, setter in (
        ("getHttpRedirSettings", "setHttpRedirSettings"),
        ("isHstsEnabled", "setHstsEnabled"),
        ("getSingleLoginLimitation", "setSingleLoginLimitation"),
    ):
        value = getattr(sec, getter)()
        assert getattr(sec, setter)(not value) is None
        assert getattr(sec, getter)() is (not value)
        getattr(sec, setter)(value)
    ssh = sec.getSSHSettings()
    ssh.allowPasswordAuth = False
    sec.setSSHSettings(ssh)
    assert sec.getSSHSettings().allowPasswordAuth is False


def test_packet_filters_round_trip_in_order(proxies):
    sec = proxies[3]
    rules = [
        security.IpfwRule("127.0.0.0/8", security.IpfwPolicy.ACCEPT),
        security.IpfwRule("192.0.2.0/24", security.IpfwPolicy.REJECT),
    ]
    ipfw = security.IpFw(False, security.IpfwPolicy.DROP, security.IpfwPolicy.ACCEPT, rules, [])
    assert sec.setIpFwSettings(ipfw) == 0
    read = sec.getIpFwSettings()
    assert [(rule.ipMask, rule.policy) for rule in read.ruleSetIn] == [
        ("127.0.0.0/8", security.IpfwPolicy.ACCEPT),
        ("192.0.2.0/24", security.IpfwPolicy.REJECT),
    ]
    ipv6 = security.IpFw(
        False,
        security.IpfwPolicy.ACCEPT,
        security.IpfwPolicy.ACCEPT,
        [security.IpfwRule("2001:db8::/32", security.IpfwPolicy.DROP)],
        [],
    )
    assert sec.setIpV6FwSettings(ipv6) == 0
    assert sec.getIpV6FwSettings().ruleSetIn[0].ipMask == "2001:db8::/32"


@pytest.mark.parametrize(
    "method, argument",
    [
        ("setBlockSettings", security.BlockSettings(maxFailedLogins=3, blockTimeout=0, failedLoginTimeout=10)),
        ("setBlockSettings", security.BlockSettings(maxFailedLogins=101, blockTimeout=10, failedLoginTimeout=10)),
        ("setPwSettings", security.PasswordSettings(False, 60, True, 20, 10, True, True, True, True, 5)),
        ("setPwSettings", security.PasswordSettings(False, 60, True, 8, 32, True, True, True, True, 0)),
        ("setIdleTimeoutSettings", 0),
        ("setIdleTimeoutSettings", 5000),
        (
            "setIpFwSettings",
            security.IpFw(
                True,
                security.IpfwPolicy.ACCEPT,
                security.IpfwPolicy.ACCEPT,
                [security.IpfwRule("10.0.0.300", security.IpfwPolicy.DROP)],
                [],
            ),
        ),
        (
            "setIpV6FwSettings",
            security.IpFw(
                True,
                security.IpfwPolicy.ACCEPT,
                security.IpfwPolicy.ACCEPT,
                [security.IpfwRule("10.0.0.0/8", security.IpfwPolicy.DROP)],
                [],
            ),
        ),
        ("setRestrictedServiceAgreement", security.RestrictedServiceAgreement(True, "x" * 5000)),
    ],
)
def test_invalid_security_values_answer_err_invalid_value(proxies, method, argument):
    sec = proxies[3]
    before = (
        sec.getBlockSettings().blockTimeout,
        sec.getPwSettings().minPwLength,
        sec.getIdleTimeoutSettings(),
        len(sec.getIpFwSettings().ruleSetIn),
    )
    assert getattr(sec, method)(argument) == sec.ERR_INVALID_VALUE
    assert (
        sec.getBlockSettings().blockTimeout,
        sec.getPwSettings().minPwLength,
        sec.getIdleTimeoutSettings(),
        len(sec.getIpFwSettings().ruleSetIn),
    ) == before


def test_wrong_types_are_invalid_params(sim):
    agent = make_agent(sim.address)
    with pytest.raises(raritan.rpc.JsonRpcErrorException, match="-32602|Invalid"):
        agent.json_rpc("/auth", "setPolicy", {"p": {"type": 9, "useLocalIfRemoteFailed": True}})
    with pytest.raises(raritan.rpc.JsonRpcErrorException, match="-32602|Invalid"):
        agent.json_rpc("/security", "setIdleTimeoutSettings", {"idleTimeout": "15"})


@pytest.fixture(scope="module")
def old_device():
    simulator = Simulator("--fw-generation", "4.0", outlets=2)
    yield simulator
    simulator.stop()


def test_the_4_0_generation_has_its_own_ldap_structure(old_device):
    agent = make_agent(old_device.address)
    entry = {name: getattr(ldap_server(), name) for name in Ldap.ServerSettings.elements}
    entry = {name: (value.val if hasattr(value, "val") else value) for name, value in entry.items()}
    old = {name: value for name, value in entry.items() if name != "supportNestedGroups"}
    old.update(id="", adoptSettingsId="")
    for refused in (entry, dict(old, supportNestedGroups=True)):  # 4.4's structure; 4.0's plus 4.4's field
        with pytest.raises(raritan.rpc.JsonRpcErrorException, match="-32602"):
            agent.json_rpc("/auth/ldap", "setLdapServers", {"serverList": [refused]})
    second = dict(old, server="dc2.example.com", adoptSettingsId="1")
    assert agent.json_rpc("/auth/ldap", "setLdapServers", {"serverList": [old, second]}) == {"_ret_": 0}
    servers = agent.json_rpc("/auth/ldap", "getLdapServers", {})["_ret_"]
    assert [(entry["id"], entry["adoptSettingsId"]) for entry in servers] == [("1", ""), ("2", "1")]
    assert "supportNestedGroups" not in servers[0]
    cyclic = [dict(servers[0], adoptSettingsId="2"), servers[1]]
    assert agent.json_rpc("/auth/ldap", "setLdapServers", {"serverList": cyclic}) == {"_ret_": Ldap.ERR_CYCLIC_DEP}
    unknown = [dict(servers[0], adoptSettingsId="9")]
    assert agent.json_rpc("/auth/ldap", "setLdapServers", {"serverList": unknown}) == {"_ret_": Ldap.ERR_INVALID_CFG}
    assert agent.json_rpc("/auth/ldap", "getTypeInfo", {})["_ret_"]["id"] == "auth.LdapManager:3.0.1"
    radius = agent.json_rpc("/auth/radius", "getRadiusServers", {})
    assert radius == {"_ret_": []}
    assert agent.json_rpc("/auth/radius", "getTypeInfo", {})["_ret_"]["id"] == "auth.RadiusManager:3.0.1"


def test_role_access_control_round_trip_and_refusals(proxies):
    sec = proxies[3]
    rule = security.RoleAccessRule("10.0.0.1", "10.0.0.9", 2, security.RoleAccessPolicy.DENY)
    settings = security.RoleAccessControl(True, security.RoleAccessPolicy.ALLOW, [rule])
    assert sec.setRoleAccessControlSettings(settings) == 0
    read = sec.getRoleAccessControlSettings()
    assert read.enabled and [(r.startIp, r.endIp, r.roleId, r.policy) for r in read.rules] == [
        ("10.0.0.1", "10.0.0.9", 2, security.RoleAccessPolicy.DENY)
    ]
    backwards = security.RoleAccessRule("10.0.0.9", "10.0.0.1", 2, security.RoleAccessPolicy.DENY)
    wrong_family = security.RoleAccessRule("2001:db8::1", "2001:db8::2", 2, security.RoleAccessPolicy.DENY)
    for bad in (backwards, wrong_family):
        refused = security.RoleAccessControl(True, security.RoleAccessPolicy.ALLOW, [bad])
        assert sec.setRoleAccessControlSettings(refused) == sec.ERR_INVALID_VALUE
    ipv6 = security.RoleAccessControl(False, security.RoleAccessPolicy.ALLOW, [wrong_family])
    assert sec.setRoleAccessControlSettingsV6(ipv6) == 0
    assert sec.getRoleAccessControlSettingsV6().rules[0].startIp == "2001:db8::1"
    sec.setRoleAccessControlSettings(security.RoleAccessControl(False, security.RoleAccessPolicy.ALLOW, []))
