# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run ansible-inventory with the credentials of a case (run_inventory.py --auth MODE --host H --work DIR -- ARGS).

MODE: password (XERUS_PASSWORD as exported), wrong (a wrong password), token (the session token of H from
DIR/tokens.json and a wrong password). The secrets travel in this process's environment, never on a task's
`environment:` keyword, which ansible-playbook -vvvv prints in its EXEC lines.
"""

import argparse
import json
import os
import sys

WRONG = "Wrong-Password-not-the-real-one"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--auth", choices=["password", "wrong", "token"], required=True)
    parser.add_argument("--host", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("XERUS_TOKEN", None)
    if args.auth != "password":
        env["XERUS_PASSWORD"] = WRONG
    if args.auth == "token":
        with open(os.path.join(args.work, "tokens.json"), encoding="utf-8") as handle:
            env["XERUS_TOKEN"] = json.load(handle)[args.host]
    command = ["ansible-inventory"] + [arg for arg in args.args if arg != "--"]
    os.execvpe(command[0], command, env)


if __name__ == "__main__":
    sys.exit(main())
