# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ansible side of the client: shared connection options, client factory, the one error context.

    module = XerusModule(argument_spec=dict(state=dict(...)), supports_check_mode=True)
    with module.errors_to_fail_json():
        desired = parse(module.params)            # input errors: "...; nothing was sent to the device"
        with module.client() as client:
            ...

Every error the collection raises is a XerusError that carries what fail_json needs (errors.py);
errors_to_fail_json() is the only place that turns one into a failed task.
"""

from __future__ import annotations

import contextlib

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.common.parameters import remove_values

from ansible_collections.xerus.pdu.plugins.module_utils.client import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    XerusClient,
)
from ansible_collections.xerus.pdu.plugins.module_utils.endpoint import (
    check_host,
    check_port,
    check_timeout,
)
from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusError, XerusInputError
from ansible_collections.xerus.pdu.plugins.module_utils.file_checks import (
    MAX_PEM_SIZE,
    check_input_file,
    check_output_file,
)

NOTHING_SENT = "nothing was sent to the device"

CONNECTION_ARGUMENT_SPEC = dict(
    host=dict(type="str", required=True, fallback=(env_fallback, ["XERUS_HOST"])),
    port=dict(type="int", default=443, aliases=["login_port"], fallback=(env_fallback, ["XERUS_PORT"])),
    username=dict(type="str", aliases=["login_username"], fallback=(env_fallback, ["XERUS_USERNAME"])),
    password=dict(type="str", no_log=True, aliases=["login_password"], fallback=(env_fallback, ["XERUS_PASSWORD"])),
    token=dict(type="str", no_log=True, fallback=(env_fallback, ["XERUS_TOKEN"])),
    validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["XERUS_VALIDATE_CERTS"])),
    ca_path=dict(type="path", fallback=(env_fallback, ["XERUS_CA_PATH"])),
    timeout=dict(type="float", default=30, fallback=(env_fallback, ["XERUS_TIMEOUT"])),
)


# The connection options a module may need under their plain names for settings of its own.
LOGIN_OPTIONS = ("port", "username", "password")


def login_option_names(login_options=()):
    """Connection option -> the name the module knows it by: ``login_<name>`` for each of ``login_options``."""
    unknown = set(login_options) - set(LOGIN_OPTIONS)
    if unknown:
        raise ValueError(f"login_options: {sorted(unknown)} are not among {LOGIN_OPTIONS}")
    return {name: f"login_{name}" if name in login_options else name for name in LOGIN_OPTIONS}


def credentials_message(names=None):
    names = names or login_option_names()
    return (
        f"credentials missing: give {names['username']} and {names['password']} "
        "(or XERUS_USERNAME and XERUS_PASSWORD), or token (or XERUS_TOKEN)"
    )


def refuse_login_values(params, options, message, device):
    """Fail with ``message`` (naming the first option) when every option of ``options`` is given and equals the
    connection option ``login_<name>``.

    For modules whose own settings take the plain names of login options (``login_options``): an own password,
    port or user name equal to the login's is almost always a group ``module_defaults`` value meant for logging in
    to the PDU, so it is refused before anything is sent.
    """
    login = login_option_names(options)
    given = [params[name] for name in options]
    if None in given or given != [params[login[name]] for name in options]:
        return
    raise XerusInputError(message, option=options[0], device=device)


def connection_argument_spec(login_options=()):
    """A fresh copy of the shared connection options.

    Every connection option of LOGIN_OPTIONS also answers to ``login_<name>``. A module whose own settings need
    the plain name (xerus_user's ``password`` is the account's, xerus_smtp's ``port`` the mail server's) names it
    in ``login_options``: the connection option is then ``login_<name>`` only, with the same default and
    environment fallback.
    """
    spec = {name: dict(spec) for name, spec in CONNECTION_ARGUMENT_SPEC.items()}
    for name, option in login_option_names(login_options).items():
        if option != name:
            spec[option] = {key: value for key, value in spec.pop(name).items() if key != "aliases"}
    return spec


class XerusModule(AnsibleModule):
    """AnsibleModule with the connection options of every xerus.pdu module.

    ``hidden_values``: a function of the module's parameters that returns the texts to keep out of
    the result, for options that are not ``no_log`` as a whole but may carry secrets (a raw or bulk
    configuration). It runs on every exit, also when AnsibleModule refuses the arguments (whose
    ``invocation`` prints them, unchecked) or the module fails before it looked at them.
    """

    def __init__(self, argument_spec=None, hidden_values=None, login_options=(), **kwargs):
        self._hidden_values = hidden_values
        self.login_names = login_option_names(login_options)
        spec = connection_argument_spec(login_options)
        spec.update(argument_spec or {})
        super().__init__(argument_spec=spec, **kwargs)
        self.sent_anything = False
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        with self.errors_to_fail_json():
            self._check_endpoint()
            self._check_credentials()

    def _check_endpoint(self):
        """host, port and timeout as the client needs them; a clear failure naming the option otherwise.

        Runs before any client exists, so nothing (least of all credentials) goes to a malformed address.
        """
        params = self.params
        try:
            params["host"] = check_host(params["host"])
        except XerusInputError as exc:
            exc.device = ""  # the host itself is at fault: there is no device to name
            raise
        try:
            port = self.login_names["port"]
            params[port] = check_port(params[port], option=port)
            params["timeout"] = check_timeout(params["timeout"])
        except XerusInputError as exc:
            exc.device = params["host"]  # the port may be what is wrong
            raise
        if params.get("validate_certs") and params.get("ca_path"):
            check_input_file(params["ca_path"], "ca_path", MAX_PEM_SIZE)

    def _check_credentials(self):
        params = self.params
        if params.get("token"):
            return
        if params.get(self.login_names["username"]) and params.get(self.login_names["password"]) is not None:
            return
        raise XerusError(self.device, credentials_message(self.login_names))

    def login(self, name):
        """The value of connection option ``name`` (port, username, password) under the name this module uses."""
        return self.params.get(self.login_names[name])

    def exit_json(self, **kwargs):
        self._hide_param_values()
        super().exit_json(**kwargs)

    def fail_json(self, msg, **kwargs):
        self._hide_param_values()
        super().fail_json(msg, **kwargs)

    def _hide_param_values(self):
        """Add the texts of ``hidden_values`` to no_log_values; mask them in the keys of dict options too,
        which Ansible's masking leaves as they are."""
        if self._hidden_values is None or not isinstance(getattr(self, "params", None), dict):
            return
        self.no_log_values.update(_with_line_pieces(self._hidden_values(self.params)))
        self.params = {name: _masked_keys(value, self.no_log_values) for name, value in self.params.items()}

    @property
    def device(self):
        return f"{self.params['host']}:{self.login('port')}"

    def client(self, **overrides):
        """A XerusClient built from the connection options (use it as a context manager).

        From here on an input error no longer claims that nothing was sent.
        """
        options = dict(
            host=self.params["host"],
            port=self.login("port"),
            username=self.login("username"),
            password=self.login("password"),
            token=self.params.get("token"),
            validate_certs=self.params["validate_certs"],
            ca_path=self.params.get("ca_path"),
            timeout=self.params["timeout"],
            log=self.debug,
        )
        options.update(overrides)
        with self.errors_to_fail_json():
            client = XerusClient(**options)
        self.sent_anything = True
        return client

    # -- input checks (each raises a XerusInputError naming the option) --------------------

    def check_input_file(self, option, max_size):
        """The path when the file option names a readable regular file of at most max_size bytes."""
        return check_input_file(self.params[option], option, max_size)

    def read_input_file(self, option, max_size):
        """The bytes of the file the option names (checked first, see check_input_file)."""
        return self.read_file(self.params[option], option, max_size)

    def read_file(self, path, option, max_size):
        """The bytes of the file at ``path``, which an option (or a sub-option such as ``list[0].file``) names."""
        path = check_input_file(path, option, max_size)
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except OSError as exc:
            raise XerusInputError(
                f"{option}: cannot read {path}: {exc.strerror or 'unreadable'}", option=option
            ) from None

    def check_output_file(self, option):
        """The path when the file option can be written as a regular file in an existing directory."""
        return check_output_file(self.params[option], option)

    def check_seconds(self, *options, allow_zero=False):
        """Every named option holds a positive number of seconds (or zero, with allow_zero)."""
        for option in options:
            value = self.params[option]
            if value < 0 or (value == 0 and not allow_zero):
                wanted = "must not be negative" if allow_zero else "must be a positive number of seconds"
                raise XerusInputError(f"{option} {wanted}", option=option)

    # -- results ------------------------------------------------------------------------

    def exit_with(self, result, diff=None):
        """exit_json with ``result``: its ``warnings`` shown as warnings, ``diff`` (or result["diff"]) only in
        diff mode."""
        for warning in result.pop("warnings", ()):
            self.warn(warning)
        diff = result.pop("diff", None) if diff is None else diff
        if self._diff and diff is not None:
            result["diff"] = diff
        self.exit_json(**result)

    # -- failing ------------------------------------------------------------------------

    def fail_on_error(self, exc):
        """fail_json for a XerusError: "<device>: <cause>", its class name, what it carries; no traceback."""
        if exc.device is None:
            exc.device = self.device
        if isinstance(exc, XerusInputError) and not self.sent_anything:
            exc.message = f"{exc.message}; {NOTHING_SENT}"
        self.fail_json(**exc.failure())

    @contextlib.contextmanager
    def errors_to_fail_json(self):
        """Turn any XerusError raised in the block into a failed task (fail_on_error)."""
        try:
            yield
        except XerusError as exc:
            self.fail_on_error(exc)


def _masked_keys(value, hidden):
    if isinstance(value, dict):
        return {
            remove_values(key, hidden) if isinstance(key, str) else key: _masked_keys(item, hidden)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_masked_keys(item, hidden) for item in value]
    return value


def _with_line_pieces(texts):
    """Every text and each of its lines: ansible-core before 2.19 masks no_log values in the order of a set,
    so a hidden line inside a longer hidden text could be masked first and leave the rest of the longer one."""
    hidden = set()
    for text in texts:
        if text:
            hidden.add(text)
            hidden.update(line for line in text.splitlines() if line)
    return hidden
