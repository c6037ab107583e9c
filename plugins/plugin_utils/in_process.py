# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module's own main() inside the worker process and capture what it prints, as AnsiballZ would.

The module gets the arguments AnsiballZ would give it, validates them with Ansible's argument-spec validator
(env fallbacks, no_log masking, check and diff mode are all AnsibleModule's), prints its result and exits;
the printed result is decoded like a module process's output. Everything the run touches in the worker
(arguments, environment, warnings, working directory) is put back afterwards, so loop items and later tasks
in the same worker start clean.
"""

from __future__ import annotations

import contextlib
import io
import os
import traceback

from ansible.module_utils.common import warnings as module_warnings

try:  # ansible-core 2.19+: whether this process is the controller (warnings print at once there)
    from ansible.module_utils import _internal as module_internals
except ImportError:  # ansible-core 2.16 - 2.18: module warnings always go into the result
    module_internals = None

from ansible_collections.xerus.pdu.plugins.plugin_utils.module_io import (
    encode_module_args,
    parse_module_output,
    set_module_args,
)


def run_module_main(action, main, module_args, environment):
    """Run main() with module_args and environment; the result dict of _parse_returned_data()."""
    encoded = encode_module_args(module_args)
    stdout, stderr = io.StringIO(), io.StringIO()
    rc = 0
    with _module_state(encoded, environment), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            main()
        except SystemExit as exc:
            rc = _exit_status(exc.code, stderr)
        except Exception:  # pylint: disable=broad-except
            # What a module process would print before dying: the action reports it as a module failure.
            traceback.print_exc(file=stderr)
            rc = 1
    return parse_module_output(action, stdout.getvalue(), stderr.getvalue(), rc)


def _exit_status(code, stderr):
    if code is None or isinstance(code, int):
        return code or 0
    stderr.write(f"{code}\n")
    return 1


@contextlib.contextmanager
def _module_state(encoded_args, environment):
    saved_environ = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_side = _as_module_side()
    _clear_module_messages()
    set_module_args(encoded_args)
    os.environ.update({str(name): str(value) for name, value in environment.items()})
    try:
        yield
    finally:
        set_module_args(None)
        _clear_module_messages()
        _restore_side(saved_side)
        _restore_environ(saved_environ)
        if os.getcwd() != saved_cwd:
            os.chdir(saved_cwd)


def _restore_environ(saved):
    """Put os.environ back as saved, touching only what changed (each assignment is a putenv())."""
    for name in [name for name in os.environ if name not in saved]:
        del os.environ[name]
    for name, value in saved.items():
        if os.environ.get(name) != value:
            os.environ[name] = value


def _as_module_side():
    """From ansible-core 2.19 on, warn() and deprecate() print straight away on the controller instead of
    collecting them for the result; the module runs as it would in its own process, so they go into its result
    as there (the action then shows them, once). Returns what to restore."""
    saved = getattr(module_internals, "is_controller", None)
    if saved is not None:
        module_internals.is_controller = False
    return saved


def _restore_side(saved):
    if saved is not None:
        module_internals.is_controller = saved


def _clear_module_messages():
    # AnsibleModule.warn() and deprecate() collect into these process-wide containers (a list before
    # ansible-core 2.19, a dict since); a module process starts with them empty.
    module_warnings._global_warnings.clear()
    module_warnings._global_deprecations.clear()
