# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""file_checks.py: regular files only (after links), readable, bounded; FIFOs, devices, directories refused at once."""

from __future__ import annotations

import os

import pytest

from ansible_collections.xerus.pdu.plugins.module_utils.file_checks import (
    FileOptionError,
    check_input_file,
    check_output_file,
)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "ok.pem").write_bytes(b"x" * 10)
    os.symlink(tmp_path / "ok.pem", tmp_path / "link.pem")
    os.symlink(tmp_path / "absent", tmp_path / "dangling.pem")
    os.mkfifo(tmp_path / "fifo")
    os.symlink(tmp_path / "fifo", tmp_path / "link-to-fifo")
    (tmp_path / "adir").mkdir()
    return tmp_path


def test_a_regular_file_and_a_link_to_one_are_accepted(files):
    assert check_input_file(str(files / "ok.pem"), "certificate", 10) == str(files / "ok.pem")
    assert check_input_file(str(files / "link.pem"), "certificate", 10)


@pytest.mark.parametrize(
    "name, words",
    [
        ("fifo", r"is a FIFO \(named pipe\), not a regular file"),
        ("link-to-fifo", "is a FIFO"),
        ("adir", "is a directory"),
        ("absent", "no such file"),
        ("dangling.pem", "a link to nothing"),
    ],
)
def test_anything_else_is_refused_naming_the_option(files, name, words):
    with pytest.raises(FileOptionError, match=words) as caught:
        check_input_file(str(files / name), "src", 1024)
    assert caught.value.option == "src" and str(caught.value).startswith("option src: ")


def test_devices_and_oversized_files_are_refused(files):
    with pytest.raises(FileOptionError, match="a character device"):
        check_input_file("/dev/zero", "image", 1024)
    with pytest.raises(FileOptionError, match="has 10 bytes, more than the 9"):
        check_input_file(str(files / "ok.pem"), "private_key", 9)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads mode 000 files")
def test_an_unreadable_file_is_refused(files):
    os.chmod(files / "ok.pem", 0)
    with pytest.raises(FileOptionError, match="cannot read .*permission denied"):
        check_input_file(str(files / "ok.pem"), "certificate", 100)


def test_output_files(files):
    assert check_output_file(str(files / "new.cfg"), "dest")
    assert check_output_file(str(files / "ok.pem"), "dest")
    for name, words in (
        ("adir", "is a directory"),
        ("fifo", "is a FIFO"),
        ("absent/x.cfg", "no such file"),
        ("ok.pem/x.cfg", "(?i)not a directory"),
    ):
        with pytest.raises(FileOptionError, match=words):
            check_output_file(str(files / name), "dest")
