# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A bulk/raw restore whose delay elapsed is visible to any reader, without a getStatus poll first."""

import time

import pytest
import requests
from simfixture import AUTH, Simulator, multipart, new_session, result

RAW_UPDATE = "/cgi-bin/raw_config_update.cgi"


@pytest.fixture(scope="module")
def sim():
    simulator = Simulator("--restore-delay", "0.3", "--raw-apply-delay", "1")
    yield simulator
    assert simulator.stop() == 0


def upload(sim, config):
    content_type, body = multipart([("config_file", "config.txt", config)])
    answer = requests.post(
        sim.url(RAW_UPDATE), data=body, headers={"Content-Type": content_type}, auth=AUTH, verify=False, timeout=10
    )
    assert answer.headers["X-Response-Code"] == "0" and answer.text == "return_code=0\n"


def status_after_the_reboot(sim, deadline=30):
    """getStatus on new connections until the device answers again after going down (protocol 12.5)."""
    seen_down = False
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            status = result(new_session(), sim, "/rawcfg", "getStatus")
        except (requests.ConnectionError, requests.Timeout):
            seen_down = True
        else:
            if seen_down:
                return status
        time.sleep(0.1)
    raise AssertionError("the device did not reboot and come back")


def test_a_raw_update_is_applied_by_a_reboot(sim):
    upload(sim, b"pdu.name=restored-pdu\npdu.outlets[1].name=restored-2\n")
    session = new_session()
    assert result(session, sim, "/rawcfg", "getStatus")["status"] == 2
    assert result(session, sim, "/model/pdu/0", "getSettings")["_ret_"]["name"] != "restored-pdu"
    assert status_after_the_reboot(sim)["status"] == 3
    session = new_session()
    assert result(session, sim, "/model/pdu/0", "getSettings")["_ret_"]["name"] == "restored-pdu"
    assert result(session, sim, "/model/pdu/0/outlet/1", "getSettings")["_ret_"]["name"] == "restored-2"


def test_control_state_dump_shows_the_applied_update(sim):
    from xerus_sim.fleet import control_client

    upload(sim, b"pdu.name=dumped-pdu\n")
    assert status_after_the_reboot(sim)["status"] == 3
    assert control_client.state(sim.control, sim.device["host"])["state"]["pdu_settings"]["name"] == "dumped-pdu"
