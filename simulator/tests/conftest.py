# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
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
