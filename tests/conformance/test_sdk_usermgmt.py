# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vendor SDK drives usermgmt.UserManager, User, RoleManager and Role (vendor IDL UserManager.idl, User.idl,
RoleManager.idl, Role.idl) on both firmware generations: every method xerus_user and xerus_role use, the
accounts' logins, and invalid inputs refused with the IDL's codes."""

import copy

import pytest
import raritan.rpc
from raritan.rpc import firmware, session, usermgmt
from simproc import Simulator, make_agent

UserManager, User, RoleManager, Role = usermgmt.UserManager, usermgmt.User, usermgmt.RoleManager, usermgmt.Role
PASSWORD = "Sdk-Pass-1"


@pytest.fixture(scope="module", params=["4.4", "4.0"])
def sim(request):
    simulator = Simulator("--fw-generation", request.param)
    yield simulator
    simulator.stop()


@pytest.fixture
def agent(sim):
    return make_agent(sim.address)


def _template(agent):
    """A UserInfo as the device sends it (the built-in admin's), to change and send back."""
    return copy.deepcopy(User("/auth/user/admin", agent).getInfo())


def _new_info(agent, role_ids=()):
    info = _template(agent)
    info.locked = False
    info.roleIds = list(role_ids)
    info.auxInfo.fullname = "SDK User"
    return info


def _logs_in(sim, name, password):
    try:
        firmware.Firmware("/firmware", make_agent(sim.address, name, password)).getVersion()
    except raritan.rpc.HttpException as error:
        assert "401" in str(error)
        return False
    return True


@pytest.fixture
def account(agent):
    manager = UserManager("/auth/user", agent)
    manager.deleteAccount("sdk-user")
    yield "sdk-user"
    manager.deleteAccount("sdk-user")


def test_create_read_update_delete_an_account(sim, agent, account):
    manager = UserManager("/auth/user", agent)
    operator = [role.id for role in RoleManager("/auth/role", agent).getAllRoles() if role.name == "Operator"]
    assert manager.createAccountFull(account, PASSWORD, _new_info(agent, operator)) == 0
    assert account in manager.getAccountNames()
    listed = {entry.name: entry.info for entry in manager.getAllAccounts()}
    assert listed[account].roleIds == operator and listed[account].auxInfo.fullname == "SDK User"
    assert not listed[account].snmpV3Settings.haveAuthPassphrase
    assert [entry.name for entry in manager.getAccountsByRole("Operator")] == [account]
    assert isinstance(manager.getDefaultPreferences(), usermgmt.Preferences)
    user = User(f"/auth/user/{account}", agent)
    info = user.getInfo()
    info.auxInfo.eMail = "sdk@example.com"
    info.needPasswordChange = True
    assert user.updateAccountFull("", info) == 0
    assert user.getInfo().auxInfo.eMail == "sdk@example.com" and user.getInfo().needPasswordChange
    assert manager.deleteAccount(account) == 0
    assert manager.deleteAccount(account) == UserManager.ERR_USER_DOESNT_EXIST


def test_an_account_logs_in_with_its_password_until_deleted_or_disabled(sim, agent, account):
    manager = UserManager("/auth/user", agent)
    assert manager.createAccountFull(account, PASSWORD, _new_info(agent)) == 0
    assert _logs_in(sim, account, PASSWORD) and not _logs_in(sim, account, "Wrong-Pass-1")
    ret, details, token = session.SessionManager("/session", make_agent(sim.address, account, PASSWORD)).newSession()
    assert ret == 0 and details.username == account
    firmware.Firmware("/firmware", make_agent(sim.address, token=token)).getVersion()
    user = User(f"/auth/user/{account}", agent)
    assert user.setAccountPassword(PASSWORD) == User.ERR_PASSWORD_UNCHANGED
    assert user.setAccountPassword("Sdk-Pass-2") == 0
    assert not _logs_in(sim, account, PASSWORD) and _logs_in(sim, account, "Sdk-Pass-2")
    info = user.getInfo()
    info.enabled = False
    assert user.updateAccountFull("", info) == 0
    assert not _logs_in(sim, account, "Sdk-Pass-2")
    info.enabled = True
    assert user.updateAccountFull("", info) == 0 and _logs_in(sim, account, "Sdk-Pass-2")
    assert manager.deleteAccount(account) == 0
    assert not _logs_in(sim, account, "Sdk-Pass-2")
    with pytest.raises(raritan.rpc.HttpException, match="401"):
        firmware.Firmware("/firmware", make_agent(sim.address, token=token)).getVersion()


def test_snmp_passphrases_cannot_be_read_back(agent, account):
    info = _new_info(agent)
    snmp = info.snmpV3Settings
    snmp.enabled, snmp.secLevel = True, usermgmt.SnmpV3SecLevel.AUTH_PRIV
    snmp.usePasswordAsAuthPassphrase, snmp.authPassphrase = False, "auth-phrase-1"
    snmp.useAuthPassphraseAsPrivPassphrase, snmp.privPassphrase = False, "priv-phrase-1"
    assert UserManager("/auth/user", agent).createAccountFull(account, PASSWORD, info) == 0
    read = User(f"/auth/user/{account}", agent).getInfo().snmpV3Settings
    assert read.haveAuthPassphrase and read.havePrivPassphrase
    assert (read.authPassphrase, read.privPassphrase) == ("", "")


@pytest.mark.parametrize(
    "name, password, change, code",
    [
        ("sdk-user", PASSWORD, None, 0),
        ("sdk user", PASSWORD, None, UserManager.ERR_USERNAME_INVALID),
        ("sdk-user", "", None, UserManager.ERR_PASSWORD_EMPTY),
        ("sdk-user", "tab\tpass", None, UserManager.ERR_PASSWORD_CTRL_CHARS),
        ("sdk-user", PASSWORD, {"roleIds": [999]}, UserManager.ERR_INVALID_VALUE),
        ("sdk-user", PASSWORD, {"sshPublicKey": "ssh-rsa AAAA"}, UserManager.ERR_SSH_PUBKEY_INVALID),
        ("sdk-user", PASSWORD, {"sshPublicKey": "ssh-dss AAAAB3NzaC1kc3M="}, UserManager.ERR_SSH_PUBKEY_NOT_SUPPORTED),
        ("sdk-user", "short", {"snmp": True}, UserManager.ERR_PASSWORD_TOO_SHORT_FOR_SNMP),
    ],
)
def test_create_refusals_carry_the_idl_codes(agent, account, name, password, change, code):
    info = _new_info(agent)
    for field, value in (change or {}).items():
        if field == "snmp":
            info.snmpV3Settings.enabled, info.snmpV3Settings.secLevel = True, usermgmt.SnmpV3SecLevel.AUTH_NO_PRIV
        else:
            setattr(info, field, value)
    manager = UserManager("/auth/user", agent)
    assert manager.createAccountFull(name, password, info) == code
    assert (name in manager.getAccountNames()) == (code == 0)
    if code == 0:
        assert manager.createAccountFull(name, password, info) == UserManager.ERR_USER_ALREADY_EXISTS


def test_update_refusals_carry_the_idl_codes(agent):
    admin = User("/auth/user/admin", agent)
    assert admin.setAccountPassword("") == User.ERR_PASSWORD_EMPTY
    assert admin.setAccountPassword("bad\npass") == User.ERR_PASSWORD_CTRL_CHARS
    info = admin.getInfo()
    info.enabled = False
    assert admin.updateAccountFull("", info) == User.ERR_INVALID_ARGUMENT
    info.enabled, info.sshPublicKey = True, "not a key"
    assert admin.updateAccountFull("", info) == User.ERR_SSH_PUBKEY_INVALID
    assert UserManager("/auth/user", agent).deleteAccount("admin") == UserManager.ERR_USER_NOT_DELETABLE
    assert admin.getInfo().enabled


def test_a_wrongly_typed_user_info_is_invalid_params(agent):
    info = _template(agent).encode()
    del info["roleIds"]
    with pytest.raises(raritan.rpc.JsonRpcErrorException, match="code = -32602"):
        agent.json_rpc("/auth/user", "createAccountFull", {"username": "x", "password": "y", "info": info})


@pytest.fixture
def role(agent):
    manager = RoleManager("/auth/role", agent)
    manager.deleteRole("sdk-role")
    yield "sdk-role"
    manager.deleteRole("sdk-role")


def test_create_read_update_delete_a_role(agent, role):
    manager = RoleManager("/auth/role", agent)
    info = Role.Info("SDK role", False, [Role.Privilege("firmwareUpdate", []), Role.Privilege("switchOutlet", ["1"])])
    assert manager.createRoleFull(role, info) == 0
    assert manager.createRoleFull(role, info) == RoleManager.ERR_ROLE_ALREADY_EXISTS
    assert role in manager.getAllRoleNames()
    listed = {entry.name: entry for entry in manager.getInfo().roles}
    assert [p.name for p in listed[role].info.privileges] == ["firmwareUpdate", "switchOutlet"]
    assert {p.name for p in manager.getAllPrivileges()} >= {"firmwareUpdate", "switchOutlet", "viewLog"}
    proxy = Role(f"/auth/role/{role}", agent)
    info.privileges = [Role.Privilege("viewLog", [])]
    assert proxy.updateFull(info) == 0
    assert [p.name for p in proxy.getInfo().privileges] == ["viewLog"]
    assert manager.deleteRole(role) == 0
    assert manager.deleteRole(role) == RoleManager.ERR_ROLE_DOESNT_EXIST


@pytest.mark.parametrize(
    "privileges",
    [
        [Role.Privilege("flyToTheMoon", [])],
        [Role.Privilege("viewLog", ["1"])],
        [Role.Privilege("switchOutlet", [])],
        [Role.Privilege("switchOutlet", ["99"])],
    ],
)
def test_role_refusals_carry_the_idl_codes(agent, role, privileges):
    manager = RoleManager("/auth/role", agent)
    assert manager.createRoleFull(role, Role.Info("", False, privileges)) == RoleManager.ERR_INVALID_VALUE
    assert role not in manager.getAllRoleNames()
    assert manager.createRoleFull(role, Role.Info("", False, [])) == 0
    assert Role(f"/auth/role/{role}", agent).updateFull(Role.Info("", False, privileges)) == Role.ERR_INVALID_VALUE


def test_the_built_in_admin_role_stays(agent):
    manager = RoleManager("/auth/role", agent)
    assert manager.deleteRole("Admin") == RoleManager.ERR_ROLE_NOT_DELETABLE
    admin = Role("/auth/role/Admin", agent)
    info = admin.getInfo()
    info.privileges = [Role.Privilege("viewLog", [])]
    assert admin.updateFull(info) == Role.ERR_INVALID_VALUE
    assert [p.name for p in admin.getInfo().privileges] == ["adminPrivilege"]
