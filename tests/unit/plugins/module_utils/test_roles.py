# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""roles.py against the simulator: create, idempotence, exclusive and additive privileges, refusals."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import rids, roles
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError
from ansible_collections.xerus.pdu.plugins.module_utils.roles import RoleError, RoleRequest


def _apply(sim, check_mode=False, **wanted):
    with sim.client() as client:
        mark = sim.mark()
        result = roles.apply(client, RoleRequest(**wanted), check_mode=check_mode)
        return result, len(sim.requests_since(mark))


def _roles(sim):
    with sim.client() as client:
        return {entry["name"]: entry["info"] for entry in client.call_ret(rids.ROLE_MANAGER, "getAllRoles")}


@pytest.fixture
def fresh(sim):
    _apply(sim, name="unit-role", state="absent")
    yield "unit-role"
    _apply(sim, name="unit-role", state="absent")


def test_create_then_unchanged(sim, fresh):
    result, requests = _apply(sim, name=fresh, description="d", privileges=("firmwareUpdate", "switchOutlet:1,2"))
    assert result.changed and requests == 2
    assert result.after["privileges"] == ["firmwareUpdate", "switchOutlet:1,2"]
    stored = _roles(sim)[fresh]
    assert stored["privileges"] == [
        {"name": "firmwareUpdate", "args": []},
        {"name": "switchOutlet", "args": ["1", "2"]},
    ]
    again, requests = _apply(sim, name=fresh, description="d", privileges=("switchOutlet:2,1", "firmwareUpdate"))
    assert not again.changed and requests == 1


def test_additive_keeps_other_privileges_and_exclusive_removes_them(sim, fresh):
    _apply(sim, name=fresh, privileges=("firmwareUpdate", "switchOutlet:1"))
    added, _requests = _apply(sim, name=fresh, privileges=("viewLog", "switchOutlet:3"))
    assert added.after["privileges"] == ["firmwareUpdate", "switchOutlet:3", "viewLog"]
    assert [p["name"] for p in _roles(sim)[fresh]["privileges"]] == ["firmwareUpdate", "switchOutlet", "viewLog"]
    exact, _requests = _apply(sim, name=fresh, privileges=("viewLog",), exclusive=True)
    assert exact.changed and exact.after["privileges"] == ["viewLog"]
    assert _roles(sim)[fresh]["privileges"] == [{"name": "viewLog", "args": []}]


def test_check_mode_changes_nothing(sim, fresh):
    _apply(sim, name=fresh, description="before")
    before = _roles(sim)
    result, requests = _apply(sim, check_mode=True, name=fresh, description="after", privileges=("viewLog",))
    assert result.changed and result.after["description"] == "after" and requests == 1
    created, _requests = _apply(sim, check_mode=True, name="unit-role-new")
    assert created.changed
    assert _roles(sim) == before


def test_unknown_privilege_lists_the_device_privileges(sim, fresh):
    with pytest.raises(RoleError, match="unknown privilege 'fly'.*acknowledgeAlarms, adminPrivilege") as caught:
        _apply(sim, name=fresh, privileges=("viewLog", "fly"))
    assert caught.value.option == "privileges" and fresh not in _roles(sim)


@pytest.mark.parametrize("privilege", ["switchOutlet", "switchOutlet:99", "viewLog:1"])
def test_bad_arguments_are_refused(sim, fresh, privilege):
    with pytest.raises(RoleError, match="takes"):
        _apply(sim, name=fresh, privileges=(privilege,))
    assert fresh not in _roles(sim)


def test_delete_and_the_built_in_role(sim, fresh):
    _apply(sim, name=fresh)
    result, _requests = _apply(sim, name=fresh, state="absent")
    assert result.changed and fresh not in _roles(sim)
    again, _requests = _apply(sim, name=fresh, state="absent")
    assert not again.changed
    with pytest.raises(RoleError, match="built in"):
        _apply(sim, name="Admin", state="absent")
    assert "Admin" in _roles(sim)


@pytest.mark.parametrize(
    "wanted, option",
    [
        ({"name": ""}, "name"),
        ({"name": "a/b"}, "name"),
        ({"name": "r", "description": "a\nb"}, "description"),
        ({"name": "r", "privileges": ("viewLog", "viewLog")}, "privileges"),
        ({"name": "r", "privileges": (":1",)}, "privileges"),
        ({"name": "r", "privileges": ("switchOutlet:1,",)}, "privileges"),
    ],
)
def test_local_checks(wanted, option):
    with pytest.raises(XerusInputError) as caught:
        roles.validate(RoleRequest(**wanted))
    assert caught.value.option == option


def test_roles_subset_facts(sim):
    with sim.client() as client:
        calls = roles.first_calls()
        answers = dict(zip(calls, client.read_all(list(calls.values()))))
    facts = roles.facts(answers)
    assert facts["roles"][0] == {
        "name": "Admin",
        "id": 1,
        "description": "System wide Administrator",
        "locked": True,
        "privileges": ["adminPrivilege"],
    }
    switch = [p for p in facts["supported_privileges"] if p["name"] == "switchOutlet"][0]
    assert switch["arguments"][0] == "1"
    assert roles.facts({"info": None}) is None
