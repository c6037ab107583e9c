# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ansible side of the client: shared connection options, client factory, error mapping.

    module = XerusModule(argument_spec=dict(state=dict(...)), supports_check_mode=True)
    with module.errors_to_fail_json(), module.client() as client:
        ...
"""

from __future__ import annotations

import contextlib

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.xerus.pdu.plugins.module_utils.client import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    XerusClient,
)
from ansible_collections.xerus.pdu.plugins.module_utils.endpoint import (
    EndpointError,
    check_host,
    check_port,
    check_timeout,
)
from ansible_collections.xerus.pdu.plugins.module_utils.errors import (
    XerusHttpError,
    XerusError,
    XerusRpcError,
)
from ansible_collections.xerus.pdu.plugins.module_utils.file_checks import (
    MAX_PEM_SIZE,
    FileOptionError,
    check_input_file,
    check_output_file,
)
from ansible_collections.xerus.pdu.plugins.module_utils.text_checks import UnsafeTextError, check_single_line

CONNECTION_ARGUMENT_SPEC = dict(
    host=dict(type="str", required=True, fallback=(env_fallback, ["XERUS_HOST"])),
    port=dict(type="int", default=443, fallback=(env_fallback, ["XERUS_PORT"])),
    username=dict(type="str", fallback=(env_fallback, ["XERUS_USERNAME"])),
    password=dict(type="str", no_log=True, fallback=(env_fallback, ["XERUS_PASSWORD"])),
    token=dict(type="str", no_log=True, fallback=(env_fallback, ["XERUS_TOKEN"])),
    validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["XERUS_VALIDATE_CERTS"])),
    ca_path=dict(type="path", fallback=(env_fallback, ["XERUS_CA_PATH"])),
    timeout=dict(type="float", default=30, fallback=(env_fallback, ["XERUS_TIMEOUT"])),
)

CREDENTIALS_MESSAGE = ("credentials missing: give username and password (or XERUS_USERNAME and "
                       "XERUS_PASSWORD), or token (or XERUS_TOKEN)")


def connection_argument_spec():
    """A fresh copy of the shared connection options."""
    return {name: dict(spec) for name, spec in CONNECTION_ARGUMENT_SPEC.items()}


class XerusModule(AnsibleModule):
    """AnsibleModule with the connection options of every xerus.pdu module."""

    def __init__(self, argument_spec=None, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec or {})
        super().__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        self._check_endpoint()
        self._check_credentials()

    def _check_endpoint(self):
        """host, port and timeout as the client needs them; a clear failure naming the option otherwise.

        Runs before any client exists, so nothing (least of all credentials) goes to a malformed address.
        """
        params = self.params
        try:
            params["host"] = check_host(params["host"])
        except EndpointError as exc:
            self.fail_json(msg=f"{exc}; nothing was sent", option=exc.option)
        try:
            params["port"] = check_port(params["port"])
            params["timeout"] = check_timeout(params["timeout"])
        except EndpointError as exc:
            self.fail_json(msg=f"{params['host']}: {exc}; nothing was sent", option=exc.option)
        if params.get("validate_certs") and params.get("ca_path"):
            self.check_input_file("ca_path", MAX_PEM_SIZE)

    def _check_credentials(self):
        params = self.params
        if params.get("token"):
            return
        if params.get("username") and params.get("password") is not None:
            return
        self.fail_json(msg=f"{self.device}: {CREDENTIALS_MESSAGE}")

    @property
    def device(self):
        return f"{self.params['host']}:{self.params['port']}"

    def client(self, **overrides):
        """A XerusClient built from the connection options (use it as a context manager)."""
        options = dict(host=self.params["host"], port=self.params["port"], username=self.params.get("username"),
                       password=self.params.get("password"), token=self.params.get("token"),
                       validate_certs=self.params["validate_certs"], ca_path=self.params.get("ca_path"),
                       timeout=self.params["timeout"], log=self.debug)
        options.update(overrides)
        try:
            return XerusClient(**options)
        except XerusError as exc:
            self.fail_on_error(exc)

    def check_input_file(self, option, max_size):
        """fail_json unless the file option names a readable regular file of at most max_size bytes."""
        try:
            return check_input_file(self.params[option], option, max_size)
        except FileOptionError as exc:
            self.fail_json(msg=f"{self.device}: {exc}; nothing was sent to the device", option=option)

    def check_output_file(self, option):
        """fail_json unless the file option can be written as a regular file in an existing directory."""
        try:
            return check_output_file(self.params[option], option)
        except FileOptionError as exc:
            self.fail_json(msg=f"{self.device}: {exc}; nothing was sent to the device", option=option)

    def check_single_line(self, value, what, option):
        """fail_json when value carries a line break or another control character (text_checks)."""
        try:
            return check_single_line(value, what)
        except UnsafeTextError as exc:
            self.fail_json(msg=f"{self.device}: {exc}; nothing was sent to the device", option=option)

    def fail_on_error(self, exc, **extra):
        """fail_json for a XerusError: "<device>: <cause>", its class name, no traceback."""
        details = dict(error=type(exc).__name__, device=getattr(exc, "device", self.device))
        if isinstance(exc, XerusHttpError):
            details["status"] = exc.status
        if isinstance(exc, XerusRpcError):
            details.update(rpc_code=exc.code, rpc_message=exc.rpc_message)
        details.update(extra)
        self.fail_json(msg=str(exc), **details)

    @contextlib.contextmanager
    def errors_to_fail_json(self, **extra):
        """Turn any XerusError raised in the block into fail_on_error()."""
        try:
            yield
        except XerusError as exc:
            self.fail_on_error(exc, **extra)
