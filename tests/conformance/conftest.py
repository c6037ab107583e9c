# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures: a simulator subprocess per test module, killed at the end, and SDK agents for it."""

import pytest
import vendor
from simproc import Simulator, make_agent


@pytest.fixture(scope="module")
def sim():
    simulator = Simulator()
    yield simulator
    simulator.stop()


@pytest.fixture(scope="module")
def fleet():
    """Two devices, a 4.4 and a 4.0 firmware generation (XERUS-PROTOCOL.md section 14)."""
    simulator = Simulator("--fw-generation", "4.4,4.0", fleet=2, outlets=2)
    yield simulator
    simulator.stop()


@pytest.fixture
def agent(sim):
    return make_agent(sim.address)


@pytest.fixture(scope="session")
def vendor_cache():
    """Debian's vendor bindings unpacked into a cache folder (tests/conformance/vendor/setup.sh)."""
    return vendor.ensure_cache()
