# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Arguments into and results out of a module run in the worker, on every supported ansible-core: the encoder,
the decoder and the shape of _parse_returned_data() are looked up once at import, not per task."""

from __future__ import annotations

import pytest
from ansible.module_utils import basic

from ansible_collections.xerus.pdu.plugins.action.xerus_outlet import ActionModule
from ansible_collections.xerus.pdu.plugins.plugin_utils import module_io

try:  # ansible-core 2.19+
    from ansible.module_utils.common.json import Direction, get_module_decoder, get_module_encoder
except ImportError:  # ansible-core 2.16 - 2.18
    Direction = get_module_decoder = get_module_encoder = None

PROFILES = pytest.mark.skipif(get_module_encoder is None, reason="serialization profiles came with ansible-core 2.19")
ARGS = {"host": "pdu-1.example.com", "outlets": ["1-8", 12], "state": "off", "timeout": 2.5, "ca_path": None}


@pytest.fixture
def action():
    """A XerusAction as the worker holds it; _parse_returned_data() needs no task for a module's result."""
    instance = object.__new__(ActionModule)
    instance._used_interpreter = None
    return instance


def test_module_reads_the_arguments_it_is_given():
    module_io.set_module_args(module_io.encode_module_args(ARGS))
    try:
        assert basic._load_params() == ARGS
    finally:
        module_io.set_module_args(None)


@PROFILES
def test_the_encoder_is_the_profile_encoder_looked_up_at_import(monkeypatch):
    assert module_io.ARGS_ENCODER is get_module_encoder(module_io.MODULE_PROFILE, Direction.CONTROLLER_TO_MODULE)

    def per_call_lookup(*_args):
        raise AssertionError("encoder looked up for a task")

    monkeypatch.setattr(module_io, "get_module_encoder", per_call_lookup)
    assert module_io.encode_module_args(ARGS).startswith(b'{"ANSIBLE_MODULE_ARGS": {"host": "pdu-1.example.com"')


@PROFILES
def test_the_decoder_looked_up_at_import_is_the_one_results_are_parsed_with():
    assert module_io.RESULT_DECODER is get_module_decoder(module_io.MODULE_PROFILE, Direction.MODULE_TO_CONTROLLER)


def test_parse_signature_matches_the_core():
    assert module_io.PARSE_TAKES_PROFILE is (get_module_encoder is not None)


def test_printed_result_is_parsed_as_ansible_parses_a_module_result(action):
    result = module_io.parse_module_output(action, '{"changed": true, "outlets": [{"number": 1}]}\n', "", 0)
    assert result["changed"] is True and result["outlets"] == [{"number": 1}]
    assert result["_ansible_parsed"] is True


def test_unparsable_output_is_a_failed_result(action):
    result = module_io.parse_module_output(action, "Traceback: boom", "stderr text", 1)
    assert result["failed"] is True and result["_ansible_parsed"] is False
    assert result["module_stderr"] == "stderr text"
