# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A wrapper used as the hosts' ansible_python_interpreter: it runs the real Python with the same arguments and
stdio, then appends the peak RSS of that process (ru_maxrss of the waited-for child, KiB), its CPU seconds
(user + system) and the script it ran to $BENCH_RSS_OUT."""

import os
import sys

TEMPLATE = """#!{python}
import os, resource, subprocess, sys
code = subprocess.call([{python!r}] + sys.argv[1:])
out = os.environ.get("BENCH_RSS_OUT")
if out:
    with open(out, "a") as handle:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        handle.write("%d %.4f %s\\n" % (usage.ru_maxrss, usage.ru_utime + usage.ru_stime, " ".join(sys.argv[1:2])))
sys.exit(code)
"""


def write_wrapper(path):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(TEMPLATE.format(python=sys.executable))
    os.chmod(path, 0o755)
    return path
