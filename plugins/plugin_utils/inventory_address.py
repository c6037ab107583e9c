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

from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import login_option_names


def _defaults(login_options):
    """(option, every name the task may give it by, the host variable it defaults to) for host and port.

    ``login_options`` as given to XerusModule: a module that lists ``port`` there (xerus_smtp) uses ``port`` for a
    setting of its own, so its connection port is ``login_port`` only."""
    port = login_option_names(login_options)["port"]
    return (("host", {"host"}, "xerus_host"), (port, {port, "login_port"}, "xerus_port"))


def inventory_address(module_args, task_vars, resolve, login_options=()):
    """The arguments to add to ``module_args``: {option: value} for host and port the task does not set.

    ``resolve`` turns a variable's value into plain data (the action's templar)."""
    added = {}
    for option, names, variable in _defaults(login_options):
        if variable not in task_vars or any(module_args.get(name) is not None for name in names):
            continue
        value = resolve(task_vars[variable])
        if value not in (None, ""):
            added[option] = value
    return added
