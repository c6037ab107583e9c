# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_firmware's glue: the version the diff predicts."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils.firmware import UpgradeResult
from ansible_collections.xerus.pdu.plugins.modules import xerus_firmware


def _module(check_mode, version):
    return SimpleNamespace(check_mode=check_mode, params={"version": version, "image": "files/px3.bin"})


def _result(changed):
    return UpgradeResult(
        changed=changed, msg="", previous_version="4.2.0.5", version="4.3.0.1" if changed else "4.2.0.5"
    )


@pytest.mark.parametrize(
    "check_mode, version, changed, predicted",
    [
        (False, None, True, "4.3.0.1"),  # a real run: what the device runs now
        (True, None, False, "4.2.0.5"),  # nothing to do
        (True, "4.4.0.2", True, "4.4.0.2"),  # check mode: the version the task names
        (True, None, True, "(version of files/px3.bin)"),  # check mode without version: only the image is known
    ],
)
def test_predicted_version(check_mode, version, changed, predicted):
    assert xerus_firmware.predicted_after(_module(check_mode, version), _result(changed)) == predicted
