# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Factory RSA-2048 keys for new devices: generated in parallel processes and kept in a cache folder.

Generating an RSA-2048 key costs about 0.1-0.4 s of CPU, which made a fresh 1000-device fleet take minutes.
Keys are generated once, by a process pool over every core, and kept in `<cache>/rsa-2048/<slot>.pem`
(folder 0700, files 0600). The slot is the device's position in the fleet, so every device of one fleet has its
own key and a later fresh fleet of any address range reuses them; the certificate (subject, SAN, serial number,
issuer) is still made new for each device (tlscert.generate_identity). Two simulators running at the same time
may share a slot's key; they present different certificates. The keys are test keys: never trust them.
"""

import concurrent.futures
import multiprocessing
import os
import sys
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from xerus_sim.http import tlscert

KEY_BITS = 2048
KIND = f"rsa-{KEY_BITS}"
SERIAL_BELOW = 8  # fewer missing keys than this are generated in this process (a pool costs start-up)


def default_folder():
    """$XDG_CACHE_HOME/xerus-sim, else ~/.cache/xerus-sim."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "xerus-sim"


def new_key_pem(_slot=None):
    return tlscert.key_pem(tlscert.new_rsa_key(KEY_BITS))


def usable(pem):
    """True for a PEM RSA key of KEY_BITS bits (a truncated or foreign file is generated again)."""
    try:
        key = tlscert.load_own_key(pem)
    except (ValueError, TypeError):
        return False
    return isinstance(key, rsa.RSAPrivateKey) and key.key_size == KEY_BITS


def _workers():
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def generate(count, workers=None):
    """count new key PEMs, one after the other as a process pool of `workers` (default: one per usable
    core) makes them."""
    workers = workers or _workers()
    if count < SERIAL_BELOW or workers == 1:
        yield from (new_key_pem() for _ in range(count))
        return
    # spawn: the simulator may already run threads (error log hook, zeroconf), which fork would copy half-way
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=min(workers, count), mp_context=context) as pool:
        yield from pool.map(new_key_pem, range(count), chunksize=max(1, min(16, count // (workers * 4))))


class KeyCache:
    """Keys by fleet slot; folder None keeps nothing (every key new, as without a cache)."""

    def __init__(self, folder):
        self.folder = Path(folder) / KIND if folder else None
        if self.folder is not None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as error:
                print(
                    f"xerus_sim: warning: key cache {self.folder} unusable ({error}); generating keys without it",
                    file=sys.stderr,
                    flush=True,
                )
                self.folder = None

    def path(self, slot):
        return self.folder / f"{slot:05d}.pem"

    def keys(self, slots):
        """{slot: key PEM} for every slot: cached keys read, missing ones generated together, each stored as it
        comes (an interrupted start keeps what it made)."""
        found = {}
        if self.folder is not None:
            for slot in slots:
                pem = self._read(slot)
                if pem is not None:
                    found[slot] = pem
        missing = [slot for slot in slots if slot not in found]
        for slot, pem in zip(missing, generate(len(missing))):
            found[slot] = pem
            self._store(slot, pem)
        return found

    def _read(self, slot):
        try:
            pem = self.path(slot).read_bytes()
        except OSError:
            return None
        return pem if usable(pem) else None

    def _store(self, slot, pem):
        """Atomically, 0600: a simulator starting at the same time reads a whole key or none."""
        if self.folder is None:
            return
        try:
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".new-", suffix=".pem")
            with os.fdopen(handle, "wb") as out:
                out.write(pem)
            os.replace(temporary, self.path(slot))
        except OSError as error:
            print(f"xerus_sim: warning: cannot store key {self.path(slot)}: {error}", file=sys.stderr, flush=True)
