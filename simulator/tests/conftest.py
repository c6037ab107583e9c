import pytest
from simfixture import Simulator


@pytest.fixture(scope="module")
def sim():
    simulator = Simulator()
    yield simulator
    assert simulator.stop() == 0


@pytest.fixture(scope="module")
def fleet():
    """Two devices, a 4.4 and a 4.0 firmware generation."""
    simulator = Simulator("--fleet", "2", "--fw-generation", "4.4,4.0")
    yield simulator
    assert simulator.stop() == 0
