# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures shared by the fault tests: one simulator per module, faults cleared after every test."""

import pytest
from simfixture import Simulator

from xerus_sim.fleet import control_client


@pytest.fixture(scope="module")
def sim():
    simulator = Simulator()
    yield simulator
    assert simulator.stop() == 0


@pytest.fixture(autouse=True)
def clean_faults(sim):
    yield
    control_client.clear(sim.control, sim.device["host"])
