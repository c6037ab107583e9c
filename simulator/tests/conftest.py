import pytest
from simfixture import Simulator


@pytest.fixture(scope="module")
def sim():
    simulator = Simulator()
    yield simulator
    assert simulator.stop() == 0
