# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vendor's other clients (Debian's 4.0.20 Python bindings, the Perl bindings and demo scripts)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SETUP = HERE / "setup.sh"
WALK = HERE / "bindings_walk.py"
PYTHON40 = Path("usr/lib/python3/dist-packages")
PERL_LIB = Path("usr/share/perl5")
PERL_EXAMPLES = Path("usr/share/doc/libraritan-rpc-perl/examples")


def ensure_cache():
    """Run the setup (apt-get download + dpkg-deb -x into the cache); the cache's root folder."""
    done = subprocess.run(["bash", str(SETUP)], capture_output=True, text=True, timeout=900, check=False)
    if done.returncode != 0:
        pytest.fail(f"vendor bindings setup failed ({SETUP}):\n{done.stderr[-3000:]}")
    return Path(done.stdout.strip().splitlines()[-1]) / "root"


def python_env(cache_root, bindings):
    """Environment for a Python process: `raritan` is Debian's 4.0.20 or the installed PyPI SDK."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if bindings == "4.0.20":
        env["PYTHONPATH"] = str(cache_root / PYTHON40)
    return env


def walk(cache_root, bindings, address, *extra, timeout=300):
    """bindings_walk.py with the named bindings against a device; its JSON report."""
    command = [sys.executable, str(WALK), address, "admin", "legrand", *extra]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=False, env=python_env(cache_root, bindings)
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)
