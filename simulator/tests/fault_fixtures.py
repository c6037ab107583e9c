"""Fixtures shared by the fault tests: one simulator per module, faults cleared after every test."""

import pytest

from simfixture import Simulator
from xerus_sim import control


@pytest.fixture(scope="module")
def sim():
    simulator = Simulator()
    yield simulator
    assert simulator.stop() == 0


@pytest.fixture(autouse=True)
def clean_faults(sim):
    yield
    control.clear(sim.control, sim.device["host"])
