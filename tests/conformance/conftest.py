"""Fixtures: a simulator subprocess per test module, killed at the end, and SDK agents for it."""

import pytest

from simproc import Simulator, make_agent


@pytest.fixture(scope="module")
def sim():
    simulator = Simulator()
    yield simulator
    simulator.stop()


@pytest.fixture
def agent(sim):
    return make_agent(sim.address)
