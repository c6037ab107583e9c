# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of the files a task names, before anything is read or sent.

No Ansible import. An input file (certificate, key, image, src, device list,
CA bundle) must be a regular file after links are resolved, readable, and not
larger than its option allows; a FIFO, a device or a directory is refused at
once, without opening it (opening a FIFO would block the task).  An output
file (dest) must be a regular file or not exist yet, in an existing
directory.

    path = check_input_file(params["src"], "src", MAX_CONFIG_SIZE)
    check_output_file(params["dest"], "dest")
"""

from __future__ import annotations

import os
import stat

from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError

MIB = 1024 * 1024
MAX_PEM_SIZE = 1 * MIB  # a certificate chain, a private key, a CA bundle
MAX_CONFIG_SIZE = 16 * MIB  # a configuration file or a device list
MAX_IMAGE_SIZE = 512 * MIB  # a firmware image

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileOptionError(XerusInputError):
    """A file option names something that is not a usable file; ``option`` names the option."""

    def __init__(self, option, message):
        super().__init__(f"option {option}: {message}", option=option)


def describe_kind(mode):
    for test, words in _KINDS:
        if test(mode):
            return words
    return "not a regular file"


def check_input_file(path, option, max_size):
    """The path when it is a readable regular file of at most max_size bytes; FileOptionError otherwise."""
    if not isinstance(path, str) or not path:
        raise FileOptionError(option, "give the path of a file")
    shown = repr(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise FileOptionError(option, f"cannot use {shown}: {_reason(exc)}") from None
    if not stat.S_ISREG(info.st_mode):
        raise FileOptionError(option, f"{shown} is {describe_kind(info.st_mode)}, not a regular file")
    if info.st_size > max_size:
        raise FileOptionError(option, f"{shown} has {info.st_size} bytes, more than the {max_size} this option accepts")
    _check_readable(path, option, shown)
    return path


def _check_readable(path, option, shown):
    """Open without blocking and look again: a FIFO swapped in after the stat above is refused too."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise FileOptionError(option, f"cannot read {shown}: {_reason(exc)}") from None
    try:
        mode = os.fstat(handle).st_mode
    finally:
        os.close(handle)
    if not stat.S_ISREG(mode):
        raise FileOptionError(option, f"{shown} is {describe_kind(mode)}, not a regular file")


def check_output_file(path, option):
    """The path when it can be written as a regular file: it is one or does not exist, in a directory."""
    if not isinstance(path, str) or not path:
        raise FileOptionError(option, "give the path of a file")
    shown = repr(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise FileOptionError(option, f"cannot use {shown}: {_reason(exc)}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise FileOptionError(option, f"{shown} is {describe_kind(info.st_mode)}, not a regular file")
    parent = os.path.dirname(os.path.abspath(path))
    try:
        parent_info = os.stat(parent)
    except OSError as exc:
        raise FileOptionError(option, f"the directory of {shown} cannot be used: {_reason(exc)}") from None
    if not stat.S_ISDIR(parent_info.st_mode):
        raise FileOptionError(option, f"the parent of {shown} is {describe_kind(parent_info.st_mode)}, not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise FileOptionError(option, f"the directory of {shown} is not writable")
    return path


def _reason(exc):
    if isinstance(exc, FileNotFoundError):
        return "no such file (or a link to nothing)"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or type(exc).__name__
