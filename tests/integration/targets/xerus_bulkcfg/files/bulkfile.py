# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rewrite a bulk configuration file for the tests (protocol 8.4).

bulkfile.py set IN OUT key=value ...      change values, recompute the checksum
bulkfile.py header IN OUT name=value ...  change #!header items, recompute the checksum
bulkfile.py tamper IN OUT key=value ...   change values, keep the old checksum line
"""

import hashlib
import sys

PREFIX = "#!checksum sha256="


def rewrite(lines, changes, header):
    out = []
    for line in lines:
        if header and line.startswith("#!header "):
            items = dict(item.split("=", 1) for item in line[len("#!header ") :].split())
            items.update(changes)
            line = "#!header " + " ".join(f"{key}={value}" for key, value in items.items())
        elif not header and "=" in line and not line.startswith("#"):
            key = line.split("=", 1)[0]
            if key in changes:
                line = f"{key}={changes[key]}"
        out.append(line)
    return out


def main(command, source, dest, *pairs):
    changes = dict(pair.split("=", 1) for pair in pairs)
    with open(source, encoding="utf-8") as handle:
        lines = handle.read().split("\n")[:-1]
    checksum = lines.pop() if lines and lines[-1].startswith(PREFIX) else None
    body = "".join(line + "\n" for line in rewrite(lines, changes, command == "header"))
    if command == "tamper":
        last = checksum
    else:
        last = PREFIX + hashlib.sha256(body.encode("utf-8")).hexdigest()
    with open(dest, "w", encoding="utf-8") as out:
        out.write(body + last + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
