# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action plugin behind every xerus.pdu module: the module's main() in the worker when the task runs on
the controller, a normal module run otherwise.

A PDU has no Python, so a xerus task runs on the controller. Run as a module, each host and task costs a new
Python process that unpacks the module and imports ansible and requests before the first request; run here,
the worker Ansible already forked for the task calls the same main() with the same arguments.

In-process when all of these hold (otherwise the module runs as usual, through _execute_module()):
  - the task's connection is local (connection: local, or delegate_to a host with a local connection);
  - no async;
  - no become (a module process could run as another user; this worker cannot);
  - the variable xerus_in_process is not false.

A task that names no PDU talks to the inventory host it runs for (plugins/plugin_utils/inventory_address.py).

Relative paths of the files a module reads are looked up like ansible.builtin.copy's src (the role's and
the play's files/ folders), on both paths; a path found nowhere is passed on unchanged.
"""

from __future__ import annotations

import os

from ansible.errors import AnsibleActionFail, AnsibleError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash
from ansible.vars.clean import remove_internal_keys

from ansible_collections.xerus.pdu.plugins.plugin_utils.in_process import run_module_main
from ansible_collections.xerus.pdu.plugins.plugin_utils.inventory_address import inventory_address

display = Display()

IN_PROCESS_VARIABLE = "xerus_in_process"
LOCAL_CONNECTIONS = ("local", "ansible.builtin.local", "ansible.legacy.local")


class XerusAction(ActionBase):
    """Subclasses set MODULE (the imported module file, for its main()) and READ_FILES (options naming files).

    A module that gives XerusModule login_options keeps them in its module-level LOGIN_OPTIONS."""

    MODULE = None
    READ_FILES = ("ca_path",)

    _supports_check_mode = True
    _supports_async = True

    @property
    def module_name(self):
        return "xerus.pdu." + self.MODULE.__name__.rsplit(".", 1)[-1]

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp
        task_vars = task_vars or {}
        module_args = self._with_found_files(self._with_inventory_address(dict(self._task.args), task_vars))
        fallback_reason = self._fallback_reason(task_vars)
        if fallback_reason is None:
            display.vvv(f"{self.module_name}: running in-process", host=self._host_name(task_vars))
            return merge_hash(result, self._run_in_process(module_args, task_vars))
        display.vvv(
            f"{self.module_name}: running as a module process ({fallback_reason})", host=self._host_name(task_vars)
        )
        return merge_hash(result, self._run_module_process(module_args, task_vars))

    def _fallback_reason(self, task_vars):
        """None when the task can run in this worker; otherwise why it runs as a module process."""
        if not self._in_process_enabled(task_vars):
            return f"{IN_PROCESS_VARIABLE} is false"
        if self._task.async_val:
            return "async"
        transport = getattr(self._connection, "transport", None)
        if transport not in LOCAL_CONNECTIONS:
            return f"connection {transport}"
        if self._play_context.become:
            return "become"
        return None

    def _in_process_enabled(self, task_vars):
        value = self._templar.template(task_vars.get(IN_PROCESS_VARIABLE, True))
        try:
            return boolean(value, strict=True)
        except TypeError as exc:
            raise AnsibleActionFail(f"{IN_PROCESS_VARIABLE} must be a boolean, got {value!r}") from exc

    def _with_inventory_address(self, module_args, task_vars):
        login_options = getattr(self.MODULE, "LOGIN_OPTIONS", ())
        module_args.update(inventory_address(module_args, task_vars, self._templar.template, login_options))
        return module_args

    def _with_found_files(self, module_args):
        """Relative paths of files the module reads, looked up in files/ like ansible.builtin.copy's src.

        A READ_FILES entry ``list[].option`` names a file option in every element of a list option."""
        for option in self.READ_FILES:
            container, _marker, inner = option.partition("[].")
            if not inner:
                self._find_file(module_args, option)
                continue
            for element in module_args.get(container) or []:
                if isinstance(element, dict):
                    self._find_file(element, inner)
        return module_args

    def _find_file(self, args, option):
        value = args.get(option)
        if not isinstance(value, str) or not value or os.path.isabs(os.path.expanduser(os.path.expandvars(value))):
            return
        try:
            args[option] = self._find_needle("files", value)
        except AnsibleError:
            pass  # found nowhere: the module reports it, relative to the working directory as before

    def _run_in_process(self, module_args, task_vars):
        self._update_module_args(self.module_name, module_args, task_vars)
        environment = {}
        self._compute_environment_string(environment)
        data = run_module_main(self, self.MODULE.main, module_args, environment)
        # The same clean-up _execute_module() does on a module's result.
        data.pop("_ansible_suppress_tmpdir_delete", None)
        remove_internal_keys(data)
        return data

    def _run_module_process(self, module_args, task_vars):
        wrap_async = self._task.async_val and not self._connection.has_native_async
        data = self._execute_module(
            module_name=self.module_name, module_args=module_args, task_vars=task_vars, wrap_async=wrap_async
        )
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return data

    def _host_name(self, task_vars):
        return task_vars.get("inventory_hostname")
