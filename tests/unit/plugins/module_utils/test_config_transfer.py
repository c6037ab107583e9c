# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The base both configuration areas share (config_transfer.py): response-code explanations, the error, status polling."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import bulk_config, config_transfer, raw_config
from ansible_collections.xerus.pdu.plugins.module_utils.enums import BULK_CONFIG_STATUS
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusConnectionError, XerusHttpError


def test_every_bulk_restore_code_of_the_protocol_is_explained():
    assert sorted(bulk_config.BULK_CODES) == list(range(1, 16))


def test_every_raw_update_code_of_the_protocol_is_explained():
    assert sorted(raw_config.RAW_CODES) == list(range(1, 13))


@pytest.mark.parametrize(
    "code, words",
    [
        (5, ["model mismatch", "skip_checks: [model]"]),
        (6, ["firmware version mismatch", "skip_checks: [firmware_version]"]),
        (11, ["already running", "retry later"]),
        (14, ["checksum", "edited", "#!checksum sha256="]),
        (2, ["config_password"]),
        (13, ["config_password", "key"]),
        (4, ["device type"]),
        (15, ["filter"]),
    ],
)
def test_bulk_messages_say_what_went_wrong_and_what_to_do(code, words):
    message = config_transfer.explain(bulk_config.BULK_CODES, code, "the restore was")
    assert message.startswith(f"the restore was refused with response code {code} (")
    for word in words:
        assert word in message


@pytest.mark.parametrize(
    "code, words",
    [
        (3, ["already running", "update_timeout"]),
        (5, ["unknown", "invalid"]),
        (7, ["device_list"]),
        (8, ["no matching entry", "device_list"]),
        (9, ["macro"]),
        (4, ["too large"]),
    ],
)
def test_raw_messages(code, words):
    message = config_transfer.explain(raw_config.RAW_CODES, code, "the update was")
    for word in words:
        assert word in message


def test_unknown_code_is_named():
    assert "response code 99, which this collection does not know" in config_transfer.explain(
        raw_config.RAW_CODES, 99, "x"
    )


def test_config_error_names_the_device():
    error = config_transfer.ConfigError("pdu:443", "boom", option="src", response_code=14)
    assert str(error) == "pdu:443: boom"
    assert (error.option, error.response_code) == ("src", 14)


class Answer:
    def __init__(self, response_code=None, text="", headers=None):
        self.response_code = response_code
        self.text = text
        self.headers = headers or {}


def test_upload_time_from_the_date_header():
    assert config_transfer.upload_time(Answer(headers={"Date": "Tue, 24 Nov 2026 15:26:02 GMT"})) == 1795533962
    assert config_transfer.upload_time(Answer(), fallback=5) == 5


REBOOTING = "rebooting"


class FakeStatusClient:
    """getStatus answers from a script (REBOOTING: connection refused); the last one repeats."""

    timeout = 30

    def __init__(self, answers, clock):
        self.answers = list(answers)
        self.clock = clock
        self.calls = 0
        self.read_timeouts = []
        self.retries = []

    def call(self, rid, method, params=None, safe=False, timeout=None, retries=None):
        assert method == "getStatus" and safe and retries in (0, None)
        self.retries.append(retries)
        self.calls += 1
        self.read_timeouts.append(timeout)
        self.clock.now += 0.01
        answer = self.answers[min(self.calls, len(self.answers)) - 1]
        if answer == REBOOTING:
            raise XerusConnectionError("pdu", "connection refused")
        if isinstance(answer, int):
            raise XerusHttpError("pdu", f"HTTP {answer}", answer)
        return {"status": answer[0], "timeStamp": answer[1]}


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0
        self.now += seconds


def poller(answers, timeout=5, interval=0.2):
    clock = FakeClock()
    client = FakeStatusClient(answers, clock)
    poll = config_transfer.StatusPoller(
        client, "/bulkcfg", BULK_CONFIG_STATUS, timeout, interval, clock=clock, sleep=clock.sleep
    )
    return poll, client


def test_wait_finished_needs_a_final_status_not_older_than_the_upload():
    poll, client = poller([(3, 90), (2, 100), (2, 100), (3, 101)])
    assert poll.wait_finished(since=100) == (3, 101, True)
    assert client.calls == 4


def test_final_status_after_pending_counts_even_in_the_same_second():
    poll, _client = poller([(2, 100), (4, 100)])
    assert poll.wait_finished(since=100) == (4, 100, True)


def test_wait_finished_times_out_on_a_restore_that_never_ends():
    poll, client = poller([(2, 100)], timeout=3)
    status, _stamp, finished = poll.wait_finished(since=100)
    assert (status, finished) == (2, False)
    assert 3 <= client.calls <= 20


def test_the_wait_goes_through_a_reboot():
    """Raw updates are applied by a reboot (protocol 9.1): refused connections and 503 mean 'not yet'."""
    poll, client = poller([(2, 100), REBOOTING, 503, REBOOTING, (3, 104)], timeout=60)
    assert poll.wait_finished(since=100) == (3, 104, True)
    assert client.calls == 5 and poll.last_error is None


def test_a_device_that_never_comes_back_times_out_with_what_is_known():
    poll, _client = poller([(2, 100), REBOOTING], timeout=10)
    assert poll.wait_finished(since=100) == (2, 100, False)
    assert "connection refused" in poll.last_error


def test_other_http_errors_are_not_taken_for_a_reboot():
    poll, _client = poller([404], timeout=10)
    with pytest.raises(XerusHttpError):
        poll.wait_idle()


@pytest.mark.parametrize("timeout, interval", [(3, 2.5), (1, 30), (10, 0.7)])
def test_poll_interval_never_stretches_the_wait_past_its_deadline(timeout, interval):
    poll, client = poller([(2, 100)], timeout=timeout, interval=interval)
    clock = poll.clock
    assert poll.wait_finished(since=100)[2] is False
    assert clock.now <= timeout + 0.011  # the last read happens at the deadline, never after a full interval
    assert client.calls >= 2
    assert all(read <= max(timeout, 0.5) for read in client.read_timeouts)


def test_wait_idle():
    poll, client = poller([(2, 1), (2, 1), (3, 2)])
    assert poll.wait_idle() == (3, 2, True)
    assert client.retries == [None, 0, 0]
    poll, client = poller([(1, 5)])
    assert poll.wait_idle() == (1, 5, True)
    assert client.retries == [None]


@pytest.mark.parametrize(
    "answer, error", [(REBOOTING, XerusConnectionError), (503, XerusHttpError), (500, XerusHttpError)]
)
def test_wait_idle_before_an_upload_fails_on_a_device_that_does_not_answer(answer, error):
    """Nothing of ours restarts the device before the upload: its absence is the task's failure (after the
    client's bounded retries), not a pending operation to wait out."""
    poll, client = poller([answer], timeout=10)
    with pytest.raises(error):
        poll.wait_idle()
    assert client.calls == 1 and client.retries == [None] and poll.clock.now < 1


def test_wait_idle_waits_through_the_reboot_of_a_pending_update():
    poll, client = poller([(2, 1), REBOOTING, 503, (3, 2)], timeout=30)
    assert poll.wait_idle() == (3, 2, True)
    assert client.retries == [None, 0, 0, 0]
