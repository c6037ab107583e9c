# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How module arguments go in and module results come out, the way AnsiballZ does it, for ansible-core 2.16+.

A module reads its arguments from ``ansible.module_utils.basic._ANSIBLE_ARGS`` when it is set (the same
buffer AnsiballZ fills), and prints its result as JSON before ``sys.exit()``. Running a module's ``main()``
in-process therefore only needs the same encoding of the arguments and the same decoding of the printed
result as the normal path: from ansible-core 2.19 on, both go through the named serialization profile
(``legacy`` for modules without metadata); before, through ``AnsibleJSONEncoder``.
"""

from __future__ import annotations

import inspect
import json

from ansible.module_utils import basic
from ansible.module_utils.common.json import AnsibleJSONEncoder
from ansible.plugins.action import ActionBase

try:  # ansible-core 2.19+
    from ansible.module_utils.common.json import Direction, get_module_decoder, get_module_encoder
except ImportError:  # ansible-core 2.16 - 2.18
    Direction = get_module_decoder = get_module_encoder = None

# Modules that declare no metadata use this serialization profile (ansible-core 2.19+).
MODULE_PROFILE = "legacy"

# Both lookups import the profile's module (about 2 ms each in a fresh process). Done here, they happen once in
# the controller, which imports the action plugins before it forks a worker per host and task. The decoder is
# the one ActionBase._parse_returned_data() looks up for the module's result.
if get_module_encoder is not None:
    ARGS_ENCODER = get_module_encoder(MODULE_PROFILE, Direction.CONTROLLER_TO_MODULE)
    RESULT_DECODER = get_module_decoder(MODULE_PROFILE, Direction.MODULE_TO_CONTROLLER)
else:
    ARGS_ENCODER = RESULT_DECODER = None

# ansible-core 2.19+ decodes a module's result with a profile: _parse_returned_data(self, res, profile).
# Read at import as well: inspect.signature() costs more than half a millisecond in a fresh process.
PARSE_TAKES_PROFILE = len(inspect.signature(ActionBase._parse_returned_data).parameters) > 2


def encode_module_args(module_args):
    """The bytes AnsiballZ hands a module: {"ANSIBLE_MODULE_ARGS": module_args} as JSON."""
    params = dict(ANSIBLE_MODULE_ARGS=module_args)
    if ARGS_ENCODER is not None:
        return json.dumps(params, cls=ARGS_ENCODER).encode()
    return json.dumps(params, cls=AnsibleJSONEncoder, vault_to_text=True).encode()


def set_module_args(encoded):
    """Point AnsibleModule at encoded arguments (None: back to reading them from AnsiballZ/stdin)."""
    basic._ANSIBLE_ARGS = encoded
    if hasattr(basic, "_ANSIBLE_PROFILE"):
        basic._ANSIBLE_PROFILE = MODULE_PROFILE if encoded is not None else None


def parse_module_output(action, stdout, stderr, rc):
    """The result dict ActionBase._parse_returned_data() makes of a module's output, on every supported core."""
    res = dict(stdout=stdout, stderr=stderr, rc=rc)
    if PARSE_TAKES_PROFILE:
        return action._parse_returned_data(res, MODULE_PROFILE)
    return action._parse_returned_data(res)
