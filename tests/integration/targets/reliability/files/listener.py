# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A TCP listener on a port no task names: whatever reaches it is a leak (malformed host rows point at it).

listener.py --out JSON     prints its port, then rewrites JSON {"port", "connections", "bytes"} after
                           every connection; runs until terminated.
"""

import argparse
import json
import os
import signal
import socket
import sys


def save(path, state):
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump(state, out)
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    state = {"port": server.getsockname()[1], "connections": 0, "bytes": 0}
    save(args.out, state)
    print(state["port"], flush=True)
    while True:
        conn, _addr = server.accept()
        state["connections"] += 1
        conn.settimeout(2)
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                state["bytes"] += len(data)
        except OSError:
            pass
        conn.close()
        save(args.out, state)


if __name__ == "__main__":
    main()
