# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stand-in for the pip bootstrap script ansible-test downloads for `--venv`.

ansible-test fetches get-pip.py from a host outside the package registries,
which this project's machines cannot reach. This script does the same job
with what they have: ensurepip from the standard library, then pip from PyPI.
`make sanity` places it in ansible-test's cache (~/.ansible/test/cache) only
when no bootstrap script is cached there yet.
"""

import subprocess
import sys

GET_PIP_ONLY_OPTIONS = {"--no-setuptools", "--no-wheel"}


def main():
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"])
    pip_args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
    subprocess.check_call([sys.executable, "-m", "pip", "install"] + pip_args)


if __name__ == "__main__":
    main()
