"""A bulk/raw restore whose delay elapsed is visible to any reader, without a getStatus poll first."""

import time

import pytest
import requests

from simfixture import AUTH, Simulator, multipart, new_session, result

RAW_UPDATE = "/cgi-bin/raw_config_update.cgi"


@pytest.fixture(scope="module")
def sim():
    simulator = Simulator("--restore-delay", "0.3")
    yield simulator
    assert simulator.stop() == 0


def test_settings_read_after_the_delay_show_the_restored_values(sim):
    content_type, body = multipart([("config_file", "config.txt", b"pdu.name=restored-pdu\noutlet.2.name=restored-2\n")])
    answer = requests.post(sim.url(RAW_UPDATE), data=body, headers={"Content-Type": content_type}, auth=AUTH,
                           verify=False, timeout=10)
    assert answer.headers["X-Response-Code"] == "0"
    session = new_session()
    assert result(session, sim, "/model/pdu/0", "getSettings")["_ret_"]["name"] != "restored-pdu"
    time.sleep(0.5)
    assert result(session, sim, "/model/pdu/0", "getSettings")["_ret_"]["name"] == "restored-pdu"
    assert result(session, sim, "/model/pdu/0/outlet/1", "getSettings")["_ret_"]["name"] == "restored-2"


def test_control_state_dump_shows_a_settled_restore(sim):
    from xerus_sim import control
    content_type, body = multipart([("config_file", "config.txt", b"pdu.name=dumped-pdu\n")])
    answer = requests.post(sim.url(RAW_UPDATE), data=body, headers={"Content-Type": content_type}, auth=AUTH,
                           verify=False, timeout=10)
    assert answer.headers["X-Response-Code"] == "0"
    time.sleep(0.5)
    assert control.state(sim.control, sim.device["host"])["state"]["pdu_settings"]["name"] == "dumped-pdu"
