# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_role's glue: options to the request."""

from __future__ import annotations

from ansible_collections.xerus.pdu.plugins.module_utils.roles import RoleRequest
from ansible_collections.xerus.pdu.plugins.modules import xerus_role


def test_desired_takes_every_option():
    params = {"name": "r", "state": "absent", "description": "d", "privileges": ["viewLog"], "exclusive": True}
    assert xerus_role.desired(params) == RoleRequest(
        name="r", state="absent", description="d", privileges=("viewLog",), exclusive=True
    )
    assert xerus_role.desired(dict(params, privileges=None)).privileges is None
