# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""inventory_address.py: a task without host or port talks to its inventory host's address."""

from __future__ import annotations

import pytest

from ansible_collections.xerus.pdu.plugins.plugin_utils.inventory_address import inventory_address


def plain(value):
    return value


def templated(value):
    return value.replace("{{ addr }}", "192.0.2.7")


HOST_VARS = {"xerus_host": "192.0.2.10", "xerus_port": 8443, "ansible_host": "192.0.2.99"}


def test_host_and_port_from_the_zeroconf_variables():
    assert inventory_address({}, HOST_VARS, plain) == {"host": "192.0.2.10", "port": 8443}


def test_ansible_host_does_not_count():
    # Ansible defines ansible_host for every host (the inventory name, 127.0.0.1 for localhost).
    assert inventory_address({}, {"ansible_host": "pdu-7.example", "inventory_hostname": "pdu-7.example"}, plain) == {}


def test_variables_are_resolved_through_the_given_templar():
    assert inventory_address({}, {"xerus_host": "{{ addr }}"}, templated) == {"host": "192.0.2.7"}


@pytest.mark.parametrize(
    "args",
    [
        {"host": "198.51.100.1", "port": 443},
        {"host": "198.51.100.1", "login_port": 443},
    ],
)
def test_what_the_task_sets_wins(args):
    assert inventory_address(args, HOST_VARS, plain) == {}


def test_only_the_missing_one_is_added():
    assert inventory_address({"host": "198.51.100.1"}, HOST_VARS, plain) == {"port": 8443}
    assert inventory_address({"port": 443}, HOST_VARS, plain) == {"host": "192.0.2.10"}


def test_an_option_set_to_null_counts_as_not_set():
    assert inventory_address({"host": None}, HOST_VARS, plain) == {"host": "192.0.2.10", "port": 8443}


def test_nothing_without_inventory_variables():
    # A play over localhost keeps today's behaviour: the task's own options, then XERUS_HOST / XERUS_PORT.
    assert inventory_address({}, {"inventory_hostname": "localhost"}, plain) == {}
    assert inventory_address({}, {"xerus_host": "", "xerus_port": None}, plain) == {}


def test_a_module_whose_port_is_its_own_setting_gets_login_port():
    # xerus_smtp: `port` is the mail server's; the connection's port is login_port only.
    login_options = ("port", "username", "password")
    added = inventory_address({"port": 587}, HOST_VARS, plain, login_options)
    assert added == {"host": "192.0.2.10", "login_port": 8443}
    assert inventory_address({"login_port": 443}, HOST_VARS, plain, login_options) == {"host": "192.0.2.10"}


def test_login_options_without_port_change_nothing():
    assert inventory_address({}, HOST_VARS, plain, ("password",)) == {"host": "192.0.2.10", "port": 8443}
