# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private, atomic file writing (atomic.py)."""

from __future__ import annotations

import os
import stat

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils import atomic


def test_atomic_write_is_private_and_replaces(tmp_path):
    dest = tmp_path / "out.cfg"
    dest.write_text("old")
    os.chmod(dest, 0o644)
    with atomic.AtomicFile(str(dest)) as tmp:
        tmp.write(b"new")
        tmp.commit()
    assert dest.read_bytes() == b"new"
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600
    assert os.listdir(tmp_path) == ["out.cfg"]


def test_atomic_interrupted_write_leaves_nothing(tmp_path):
    dest = tmp_path / "out.cfg"
    with pytest.raises(RuntimeError):
        with atomic.AtomicFile(str(dest)) as tmp:
            tmp.write(b"partial")
            assert stat.S_IMODE(os.stat(tmp.path).st_mode) == 0o600
            raise RuntimeError("connection dropped")
    assert os.listdir(tmp_path) == []


def test_atomic_refuses_a_directory_and_a_missing_parent(tmp_path):
    with pytest.raises(atomic.DestinationError, match="is a directory"):
        atomic.AtomicFile(str(tmp_path))
    with pytest.raises(atomic.DestinationError, match="does not exist"):
        atomic.AtomicFile(str(tmp_path / "missing" / "f"))
