# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_bulkcfg glue: secret values of content stay out of its result on every exit (refused arguments,
which AnsibleModule prints unchecked in ``invocation``, a malformed connection option, a refused line break)."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.modules import xerus_bulkcfg

from conftest import assert_hidden, run_module

pytestmark = pytest.mark.usefixtures("no_xerus_env")

SECRET = "Secret-Community-7f3a9c"
SMUGGLED = "Smuggled-Secret-51be02"
CONNECTION = {"host": "192.0.2.7", "port": 443, "username": "admin", "password": "not-used"}


BULK_CONTENT = f"#!header mode=bulk\nsnmp.v2c.read_community={SECRET}\nsnmp.sys_location=x\n"
BULK_FAILURES = {
    "mutually exclusive": dict(CONNECTION, content=BULK_CONTENT, src="/nonexistent"),
    "mode not a choice": dict(CONNECTION, content=BULK_CONTENT, mode="sideways"),
    "malformed host": dict(CONNECTION, host="192.0.2.7/cgi-bin", content=BULK_CONTENT),
    "timeout out of range": dict(CONNECTION, timeout=-1, content=BULK_CONTENT),
    "bad restore_timeout": dict(CONNECTION, restore_timeout=0, content=BULK_CONTENT),
    "line break in a value": dict(
        CONNECTION, content=f"#!header mode=bulk\nsnmp.v2c.read_community={SECRET}\x85x={SMUGGLED}\n"
    ),
}


@pytest.mark.parametrize("case", sorted(BULK_FAILURES))
def test_bulkcfg_failures_hide_secret_content(case, capsys):
    result = assert_hidden(run_module(xerus_bulkcfg, BULK_FAILURES[case], capsys), SECRET, SMUGGLED)
    assert result["failed"] and result["msg"]
