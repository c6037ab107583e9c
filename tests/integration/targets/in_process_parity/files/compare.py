# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compare the case results of the in-process run with the module-process run, key by key.

    compare.py IN_PROCESS.json MODULE_PROCESS.json --min-cases N

Every case must exist in both runs with the same status and the same result, masked secrets included;
the only values allowed to differ are listed in VOLATILE with the reason. Prints one line per case.
"""

import argparse
import json
import re
import sys

MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
# (key path suffix, why it may differ between two runs against the same device)
VOLATILE = {
    ("duration_upload",): "seconds the upload took",
    ("duration_total",): "seconds the task took",
}
# Progress lines carry the seconds a step took ("upload: done in 0.1 s"): compared without them.
TIMED_TEXT = ("progress", re.compile(r"\d+(\.\d+)? s\b"))
SECRET_OPTIONS = ("password", "token", "private_key_content", "private_key_passphrase", "config_password")


def differences(left, right, path=()):
    if path[-1:] and (path[-1],) in VOLATILE:
        return []
    if isinstance(left, dict) and isinstance(right, dict):
        found = []
        for key in sorted(set(left) | set(right)):
            if key not in left or key not in right:
                found.append(
                    ("/".join(path + (key,)), "only in " + ("module process" if key not in left else "in-process"))
                )
            else:
                found += differences(left[key], right[key], path + (key,))
        return found
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        found = []
        for index, (one, other) in enumerate(zip(left, right)):
            found += differences(one, other, path + (str(index),))
        return found
    if isinstance(left, str) and isinstance(right, str) and TIMED_TEXT[0] in path:
        left, right = TIMED_TEXT[1].sub("<t> s", left), TIMED_TEXT[1].sub("<t> s", right)
    if left != right:
        return [("/".join(path), f"{left!r} != {right!r}")]
    return []


def masked_secrets(case):
    args = case["result"].get("invocation", {}).get("module_args", {})
    return [name for name in SECRET_OPTIONS if args.get(name) not in (None, MASK)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("in_process")
    parser.add_argument("module_process")
    parser.add_argument("--min-cases", type=int, required=True)
    args = parser.parse_args()
    with open(args.in_process, encoding="utf-8") as one, open(args.module_process, encoding="utf-8") as other:
        inside, outside = json.load(one), json.load(other)
    problems = []
    if set(inside) != set(outside):
        problems.append(f"cases differ: {sorted(set(inside) ^ set(outside))}")
    if len(inside) < args.min_cases:
        problems.append(f"only {len(inside)} cases ran, expected at least {args.min_cases}")
    for name in sorted(set(inside) & set(outside)):
        found = differences(inside[name], outside[name])
        for run, case in (("in-process", inside[name]), ("module process", outside[name])):
            found += [(f"invocation/module_args/{secret}", f"not masked ({run})") for secret in masked_secrets(case)]
        print(f"{'same' if not found else 'DIFFERENT'}: {name} ({inside[name]['status']})")
        problems += [f"{name}: {where}: {what}" for where, what in found]
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(inside)} cases compared, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
