# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""security.Security at /security: one state with the raw configuration's security.* keys, persisted; the packet
filter closes connections from dropped addresses; login blocking refuses a blocked account until it expires."""

import requests
from simfixture import Simulator, new_session, result

SECURITY = "/security"
OPEN = {"enabled": False, "defaultPolicyIn": 0, "defaultPolicyOut": 0, "ruleSetIn": [], "ruleSetOut": []}


def test_settings_persist_across_a_restart_and_are_the_raw_configuration_keys(tmp_path):
    sim = Simulator(state_dir=tmp_path)
    session = new_session()
    try:
        block = {"maxFailedLogins": 4, "blockTimeout": 30, "failedLoginTimeout": 5}
        assert result(session, sim, SECURITY, "setBlockSettings", {"settings": block}) == {"_ret_": 0}
        rules = dict(OPEN, ruleSetIn=[{"ipMask": "192.0.2.0/24", "policy": 2}])
        assert result(session, sim, SECURITY, "setIpFwSettings", {"ipFw": rules}) == {"_ret_": 0}
        raw = session.get(sim.url("/cgi-bin/raw_config_download.cgi"), verify=False, timeout=10).text
        assert "security.max_login_fails=4" in raw and "security.block_time=30" in raw
    finally:
        assert sim.stop() == 0
    again = Simulator(state_dir=tmp_path)
    try:
        assert result(session, again, SECURITY, "getBlockSettings")["_ret_"] == block
        assert result(session, again, SECURITY, "getIpFwSettings")["_ret_"]["ruleSetIn"][0]["policy"] == 2
    finally:
        again.stop()


def test_a_dropped_address_is_refused_and_the_control_plane_still_answers():
    sim = Simulator()
    session = new_session()
    try:
        dropped = dict(OPEN, enabled=True, defaultPolicyIn=1)
        assert result(session, sim, SECURITY, "setIpFwSettings", {"ipFw": dropped}) == {"_ret_": 0}
        try:
            new_session().post(
                sim.url(SECURITY), json={"method": "getIdleTimeoutSettings", "id": 1}, verify=False, timeout=5
            )
        except requests.exceptions.ConnectionError:
            pass
        else:
            raise AssertionError("a connection from a dropped address was served")
        assert requests.get(f"{sim.control}/devices", timeout=5).status_code == 200
    finally:
        sim.stop()


def test_login_blocking_refuses_the_right_password_once_blocked():
    sim = Simulator()
    try:
        session = new_session()
        block = {"maxFailedLogins": 2, "blockTimeout": 1, "failedLoginTimeout": 1}
        assert result(session, sim, SECURITY, "setBlockSettings", {"settings": block}) == {"_ret_": 0}
        body = {"method": "getIdleTimeoutSettings", "id": 1}
        for _attempt in range(2):
            wrong = new_session(("admin", "wrong"))
            assert wrong.post(sim.url(SECURITY), json=body, verify=False, timeout=5).status_code == 401
        assert new_session().post(sim.url(SECURITY), json=body, verify=False, timeout=5).status_code == 401
    finally:
        sim.stop()
