# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Atomic, private file writing for files that may hold secrets.

The content goes to a temporary file in the destination's directory (created 0600),
is flushed to disk, then moved over the destination with os.replace: readers see the
old file or the complete new one, never a partial file, and an interrupted write
leaves no trace but nothing at all.  No Ansible import.
"""

from __future__ import annotations

import os
import stat
import tempfile

from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError

PRIVATE_MODE = 0o600


class DestinationError(XerusInputError):
    """The destination path cannot hold a file (a directory, a missing parent)."""


def check_destination(dest):
    """Raise DestinationError when ``dest`` cannot be written as a regular file."""
    if os.path.isdir(dest):
        raise DestinationError(f"{dest} is a directory; give the path of a file")
    parent = os.path.dirname(os.path.abspath(dest))
    if not os.path.isdir(parent):
        raise DestinationError(f"the directory {parent} does not exist")


def file_mode(path):
    """Permission bits of ``path`` or None when it does not exist."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return None


class AtomicFile:
    """Context manager: ``with AtomicFile(dest) as tmp: write to tmp.path; tmp.commit()``.

    Leaving the block without commit() removes the temporary file.
    """

    def __init__(self, dest, mode=PRIVATE_MODE):
        check_destination(dest)
        self.dest = os.path.abspath(dest)
        self.mode = mode
        self.path = None
        self.committed = False

    def __enter__(self):
        directory, name = os.path.split(self.dest)
        handle, self.path = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
        try:
            os.fchmod(handle, self.mode)
        finally:
            os.close(handle)
        return self

    def write(self, data):
        with open(self.path, "wb") as out:
            out.write(data)

    def read(self):
        with open(self.path, "rb") as handle:
            return handle.read()

    def commit(self):
        """Make the temporary file the destination (mode enforced, data synced first)."""
        os.chmod(self.path, self.mode)
        with open(self.path, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(self.path, self.dest)
        self.committed = True
        _sync_directory(os.path.dirname(self.dest))

    def __exit__(self, *_exc_info):
        if not self.committed and self.path and os.path.exists(self.path):
            os.unlink(self.path)
        return False


def _sync_directory(directory):
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
