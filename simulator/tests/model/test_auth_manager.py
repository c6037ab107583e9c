# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""auth.AuthManager, auth.LdapManager, auth.RadiusManager: persisted, secrets never read back but kept for the same
server, the LDAP structure of each generation (XERUS-PROTOCOL.md section 14)."""

import requests
from simfixture import Simulator, new_session, result, rpc

LDAP = "/auth/ldap"
LDAP_44 = {
    "server": "dc1.example.com",
    "type": 0,
    "secProto": 0,
    "port": 389,
    "sslPort": 636,
    "forceTrustedCert": False,
    "allowOffTimeRangeCerts": False,
    "certificate": "",
    "adsDomain": "",
    "useAnonymousBind": False,
    "bindDN": "cn=bind",
    "bindPwd": "bind-secret",
    "searchBaseDN": "dc=example",
    "loginNameAttr": "uid",
    "userEntryObjClass": "",
    "userSearchFilter": "",
    "groupInfoInUserEntry": False,
    "supportNestedGroups": False,
    "groupMemberAttr": "",
    "groupEntryObjClass": "",
    "groupSearchFilter": "",
}


def test_servers_persist_and_the_secret_stays_hidden_and_kept(tmp_path):
    sim = Simulator(state_dir=tmp_path)
    session = new_session()
    try:
        assert result(session, sim, LDAP, "setLdapServers", {"serverList": [LDAP_44]}) == {"_ret_": 0}
        policy = {"type": 4, "useLocalIfRemoteFailed": False}
        assert result(session, sim, "/auth", "setPolicy", {"p": policy}) == {"_ret_": 0}
    finally:
        assert sim.stop() == 0
    again = Simulator(state_dir=tmp_path)
    try:
        servers = result(session, again, LDAP, "getLdapServers")["_ret_"]
        assert servers == [dict(LDAP_44, bindPwd="")]
        assert result(session, again, "/auth", "getPolicy")["_ret_"] == policy
        assert result(session, again, LDAP, "setLdapServers", {"serverList": servers}) == {"_ret_": 0}
        dump = requests.get(f"{again.control}/devices/{again.device['host']}/state", timeout=5).json()
        assert dump["state"]["auth"]["ldap"][0]["bindPwd"] == "bind-secret"
    finally:
        again.stop()


def test_each_generation_accepts_only_its_own_ldap_structure():
    sim = Simulator("--fleet", "2", "--fw-generation", "4.4,4.0")
    session = new_session()
    old = {name: value for name, value in LDAP_44.items() if name != "supportNestedGroups"}
    old.update(id="", adoptSettingsId="")
    try:
        for index, (accepted, refused) in enumerate(((LDAP_44, old), (old, LDAP_44))):
            envelope = rpc(session, sim, LDAP, "setLdapServers", {"serverList": [refused]}, index=index)
            assert envelope["error"]["code"] == -32602
            envelope = rpc(session, sim, LDAP, "setLdapServers", {"serverList": [accepted]}, index=index)
            assert envelope["result"] == {"_ret_": 0}
            read = rpc(session, sim, LDAP, "getLdapServers", index=index)["result"]["_ret_"][0]
            assert set(read) == set(accepted)
    finally:
        sim.stop()
