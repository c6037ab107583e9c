# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fail when a -vvvv log holds a secret: given strings, the key passphrase, any base64 line of a test key.

    scan_secrets.py --log LOG --pki DIR --secret S...

Prints counts and names only, never a secret.
"""

import argparse
import glob
import os
import sys


def key_lines(pki):
    for key in sorted(glob.glob(os.path.join(pki, "*.key"))):
        with open(key, encoding="ascii") as handle:
            for number, line in enumerate(handle):
                line = line.strip()
                if len(line) >= 16 and not line.startswith("-----") and ":" not in line:
                    yield f"{os.path.basename(key)} line {number}", line


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--pki", required=True)
    parser.add_argument("--secret", nargs="+", required=True)
    args = parser.parse_args()
    with open(args.log, encoding="utf-8", errors="replace") as handle:
        log = handle.read()
    if "invocation" not in log:
        print(f"{args.log}: no module results in the log, nothing was checked", file=sys.stderr)
        return 1
    named = {f"secret {index}": secret for index, secret in enumerate(args.secret)}
    with open(os.path.join(args.pki, "passphrase.txt"), encoding="ascii") as handle:
        named["key passphrase"] = handle.read().strip()
    named.update(key_lines(args.pki))
    named["PEM private key block"] = "PRIVATE KEY-----"
    leaks = [name for name, secret in named.items() if secret in log]
    print(f"{os.path.basename(args.log)}: {len(named)} secrets looked for, {len(leaks)} found {leaks}")
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
