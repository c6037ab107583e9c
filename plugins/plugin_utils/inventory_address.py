# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The PDU a task talks to when the task does not name it: the inventory host's own address.

A task that sets neither ``host`` nor ``port`` (nor their aliases, in its arguments or through
``module_defaults``) talks to the inventory host it runs for, as a task of a host with a connection plugin
would: ``host`` from the host's ``xerus_host`` variable, ``port`` (the connection's, ``login_port`` where the
module's own ``port`` is another setting) from ``xerus_port``. The zeroconf inventory sets both, so a play over
discovered PDUs needs no templated ``host``/``port`` at all. Without them the task's arguments stay as they are
and the ``XERUS_HOST``/``XERUS_PORT`` environment fallbacks apply. ``ansible_host`` does not count: Ansible
defines it for every host (as the inventory name), so it cannot tell a PDU's address from no address at all.
"""

from __future__ import annotations

HOST_VARIABLES = ("xerus_host",)
PORT_VARIABLES = ("xerus_port",)


def connection_names(login_options=()):
    """(option, every name it goes by) of the connection's host and port for a module.

    ``login_options`` as given to XerusModule: a module that lists ``port`` there (xerus_smtp) uses ``port``
    for a setting of its own, so its connection port is ``login_port`` only."""
    port_names = ("login_port",) if "port" in login_options else ("port", "login_port")
    return (("host", ("host",)), (port_names[0], port_names))


def inventory_address(module_args, task_vars, resolve, login_options=()):
    """The arguments to add to ``module_args``: {option: value} for host and port the task does not set.

    ``resolve`` turns a variable's value into plain data (the action's templar)."""
    added = {}
    for (option, names), variables in zip(connection_names(login_options), (HOST_VARIABLES, PORT_VARIABLES)):
        if any(module_args.get(name) is not None for name in names):
            continue
        for variable in variables:
            value = resolve(task_vars[variable]) if variable in task_vars else None
            if value not in (None, ""):
                added[option] = value
                break
    return added
