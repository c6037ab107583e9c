# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""usermgmt at /auth/user and /auth/role: accounts persist across restarts, log in with their own passwords,
and are one state with the raw configuration's users[ID] and roles[ID] keys (XERUS-PROTOCOL.md 9.3)."""

import pytest
import requests
from simfixture import Simulator, new_session, result

PASSWORD = "Sim-Pass-1"


def _info(session, sim, template_user="admin"):
    info = result(session, sim, f"/auth/user/{template_user}", "getInfo")["_ret_"]
    return dict(info, locked=False, roleIds=[2])


def _get_info_status(session, sim, rid):
    return session.post(
        sim.url(rid), json={"method": "getInfo", "params": {}, "id": 1}, verify=False, timeout=10
    ).status_code


def _status_as(sim, user, password):
    return requests.post(
        sim.url("/firmware"),
        json={"method": "getVersion", "params": {}, "id": 1},
        auth=(user, password),
        verify=False,
        timeout=10,
    ).status_code


def _create(admin, sim, name):
    params = {"username": name, "password": PASSWORD, "info": _info(admin, sim)}
    assert result(admin, sim, "/auth/user", "createAccountFull", params)["_ret_"] == 0


@pytest.fixture
def state_dir(tmp_path):
    return tmp_path / "state"


@pytest.fixture(scope="module")
def sim():
    simulator = Simulator()
    yield simulator
    simulator.stop()


def test_accounts_and_roles_persist_across_a_restart(state_dir):
    sim = Simulator(state_dir=state_dir)
    try:
        admin = new_session()
        _create(admin, sim, "persisted")
        role = {"description": "kept", "locked": False, "privileges": [{"name": "viewLog", "args": []}]}
        assert result(admin, sim, "/auth/role", "createRoleFull", {"name": "kept-role", "info": role})["_ret_"] == 0
    finally:
        sim.stop()
    sim = Simulator(state_dir=state_dir)
    try:
        admin = new_session()
        names = result(admin, sim, "/auth/user", "getAccountNames")["_ret_"]
        assert names == ["admin", "persisted"]
        assert result(admin, sim, "/auth/role/kept-role", "getInfo")["_ret_"]["description"] == "kept"
        assert _status_as(sim, "persisted", PASSWORD) == 200
        assert _status_as(sim, "persisted", "wrong") == 401
    finally:
        sim.stop()


def test_accounts_are_the_raw_configuration_users(sim):
    admin = new_session()
    _create(admin, sim, "raw-user")
    raw = admin.get(sim.url("/cgi-bin/raw_config_download.cgi"), verify=False, timeout=10).text
    assert "users[2].name=raw-user\n" in raw and "users[2].roles[0]=2\n" in raw
    assert PASSWORD not in raw
    assert "roles[2].privs[0]._c_=acknowledgeAlarms\n" in raw


def test_user_objects_exist_only_while_the_account_does(sim):
    admin = new_session()
    assert _get_info_status(admin, sim, "/auth/user/nobody") == 404
    _create(admin, sim, "short-lived")
    assert result(admin, sim, "/auth/user/short-lived", "getInfo")["_ret_"]["roleIds"] == [2]
    assert result(admin, sim, "/auth/user", "deleteAccount", {"username": "short-lived"})["_ret_"] == 0
    assert _get_info_status(admin, sim, "/auth/user/short-lived") == 404
