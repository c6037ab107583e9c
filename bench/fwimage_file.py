# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A large firmware image in the simulator's model format, created sparse (no data written for the payload)."""

import os

MIB = 1024 * 1024


def make_sparse_image(path, total_size, model="PX3", version="4.2.0.5-50274"):
    """`XERUSFW1 model=.. version=.. size=<payload>` + newline + zero payload; the file is exactly total_size bytes."""
    header = b""
    payload = total_size
    for _ in range(3):  # the header's own length depends on the digits of the payload size
        header = f"XERUSFW1 model={model} version={version} size={payload}\n".encode("ascii")
        payload = total_size - len(header)
    with open(path, "wb") as handle:
        handle.write(header)
        handle.truncate(total_size)
    if os.path.getsize(path) != total_size:
        raise RuntimeError(f"{path}: size {os.path.getsize(path)} != {total_size}")
    return path
