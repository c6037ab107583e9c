# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Data-driven: every step of every capture file, replayed with the SDK against a fresh simulator.

One test per step.  The whole file is replayed once, in order (the steps build
on each other), on first use; each test then compares its step's exchanges
and SDK outcome with the recording.  A new capture file or step extends the
suite without code, unless its request holds redacted or binary data
(see replay.REGISTRY) or depends on something the capture script did off the
record (replay.PREPARATIONS).  Where a recording and the reference disagree,
the step is a strict xfail naming the differing field (KNOWN_DISAGREEMENTS).
"""

import json

import pytest
from compare import exchange_differences, outcome_differences
from replay import PREPARATIONS, REGISTRY, ReplayContext, replay_capture
from simproc import CAPTURES, Simulator


class DocumentedDisagreement(AssertionError):
    """The step differs from its recording exactly where a KNOWN_DISAGREEMENTS entry says, and nowhere else."""


class Disagreement:
    """`fields`: substrings naming the compared items that differ (every other difference fails the step);
    `reason`: why the simulator does not do what the recording shows."""

    def __init__(self, fields, reason):
        self.fields, self.reason = tuple(fields), reason


# The captures show how the device answers "as the reference describes"; where a recording and
# docs/protocol/XERUS-PROTOCOL.md disagree, the simulator follows the reference and the step is listed here.
# Strict: once the documented difference is gone the step XPASSes and fails the run.
HEADER_ON_UPLOAD = Disagreement(
    ["response header X-Response-Code"],
    "protocol 6.2 and 7.1: the device answers every upload CGI with `X-Response-Code: <n>` as well as the body "
    "`return_code=<n>` [modelled]; the recording of the certificate and firmware upload CGIs has the body only",
)
TYPE_CHAIN_ROOT = Disagreement(
    ["$.result._ret_.parent"],
    "protocol 3 (getTypeInfo): the chain runs to its base `idl.Object:1.0.0` (the vendor's Lua casting example "
    "prints pdumodel.OverCurrentProtector, pdumodel.EDevice, idl.Object); the recording ends the chain one "
    "earlier with `parent: null`",
)
KNOWN_DISAGREEMENTS = {
    **{("cert", index): HEADER_ON_UPLOAD for index in (2, 3, 4, 5, 6, 7, 21)},
    **{("firmware", index): HEADER_ON_UPLOAD for index in (3, 8, 10, 12, 15)},
    ("device", 14): TYPE_CHAIN_ROOT,
    ("device", 15): TYPE_CHAIN_ROOT,
    ("outlets", 1): TYPE_CHAIN_ROOT,
}

_replays = {}


def _captures():
    for path in sorted(CAPTURES.glob("*.json")):
        document = json.loads(path.read_text())
        for index, step in enumerate(document["steps"]):
            yield path.stem, index, step


def _param(area, index, step):
    marks = []
    if (area, index) in KNOWN_DISAGREEMENTS:
        marks.append(
            pytest.mark.xfail(
                strict=True, raises=DocumentedDisagreement, reason=KNOWN_DISAGREEMENTS[(area, index)].reason
            )
        )
    return pytest.param(area, index, step, id=f"{area}-{index:02d}", marks=marks)


def _replayed(area):
    if area not in _replays:
        document = json.loads((CAPTURES / f"{area}.json").read_text())
        simulator = Simulator(http=True)
        try:
            _replays[area] = replay_capture(ReplayContext(simulator), document["steps"])
        finally:
            simulator.stop()
    return _replays[area]


@pytest.mark.parametrize("area,index,step", [_param(*item) for item in _captures()])
def test_capture_step(area, index, step):
    status, *details = _replayed(area)[index]
    if status == "skipped":
        pytest.skip(details[0])
    assert status == "ran", f"{area}[{index}] {step['sdk_call']}: {details[0]}"
    exchanges, outcome = details
    recorded = step["exchanges"]
    problems = []
    if len(recorded) != len(exchanges):
        problems.append(
            f"recorded {len(recorded)} HTTP exchange(s), the SDK made {len(exchanges)}: "
            + "; ".join(exchange.describe() for exchange in exchanges)
        )
    for number, (left, right) in enumerate(zip(recorded, exchanges), 1):
        problems += [f"exchange {number} ({right.describe()}): {line}" for line in exchange_differences(left, right)]
    problems += outcome_differences(step["sdk_result"], outcome)
    known = KNOWN_DISAGREEMENTS.get((area, index))
    documented = [line for line in problems if known and any(field in line for field in known.fields)]
    others = [line for line in problems if line not in documented]
    assert not others, f"{area}[{index}] {step['sdk_call']}\n  " + "\n  ".join(others)
    if documented:
        raise DocumentedDisagreement(f"{area}[{index}]: " + "; ".join(documented))


def test_every_registered_replay_preparation_and_disagreement_names_a_recorded_step():
    calls = {step["sdk_call"] for _area, _index, step in _captures()}
    steps = {(area, index) for area, index, _step in _captures()}
    assert set(KNOWN_DISAGREEMENTS) <= steps, sorted(set(KNOWN_DISAGREEMENTS) - steps)
    assert set(REGISTRY) <= calls, sorted(set(REGISTRY) - calls)
    assert set(PREPARATIONS) <= calls, sorted(set(PREPARATIONS) - calls)
