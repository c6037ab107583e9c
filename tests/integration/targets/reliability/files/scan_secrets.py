# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Look for every secret of the run in logs, results and written files; print counts only.

  secrets.py --work DIR --out JSON --scan PATH... --exports DIR...
Secrets: the simulator password (XERUS_PASSWORD), the session tokens (DIR/tokens.json), the SNMP
community and configuration password markers (DIR/markers.json), the key passphrase and every base64
line of the test private keys (DIR/pki). --scan paths may hold none of them; files under --exports
may hold them only when they are an export written with mode 0600.
"""

import argparse
import glob
import json
import os


def load_secrets(work):
    named = {"password": os.environ["XERUS_PASSWORD"]}
    with open(os.path.join(work, "tokens.json"), encoding="utf-8") as handle:
        for index, token in enumerate(json.load(handle).values()):
            named[f"token {index}"] = token
    with open(os.path.join(work, "markers.json"), encoding="utf-8") as handle:
        named.update(json.load(handle))
    with open(os.path.join(work, "pki", "passphrase.txt"), encoding="ascii") as handle:
        named["key passphrase"] = handle.read().strip()
    for key in glob.glob(os.path.join(work, "pki", "*.key")):
        with open(key, encoding="ascii") as handle:
            for number, line in enumerate(handle):
                if len(line.strip()) >= 16 and not line.startswith("-----"):
                    named[f"{os.path.basename(key)} line {number}"] = line.strip()
    named["PEM private key block"] = "PRIVATE KEY-----"
    return named


def files_under(path):
    if os.path.isfile(path):
        return [path]
    found = []
    for root, _dirs, names in os.walk(path):
        found += [os.path.join(root, name) for name in names]
    return found


def secrets_in(path, named):
    if not os.path.isfile(path):  # a fifo (bad inputs) would block the read
        return []
    try:
        with open(path, "rb") as handle:
            data = handle.read().decode("utf-8", "replace")
    except OSError:
        return []
    return sorted(label for label, value in named.items() if value and value in data)


def tracebacks_in(path):
    if not os.path.isfile(path):
        return 0
    with open(path, "rb") as handle:
        return handle.read().count(b"Traceback (most recent call last)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--scan", action="append", default=[])
    parser.add_argument("--exports", action="append", default=[])
    args = parser.parse_args()
    named = load_secrets(args.work)
    findings, scanned, exports, tracebacks = [], 0, 0, []
    for path in args.scan:
        for name in files_under(path):
            scanned += 1
            if tracebacks_in(name):
                tracebacks.append(name)
            findings += [{"file": name, "secret": label} for label in secrets_in(name, named)]
    for path in args.exports:
        for name in files_under(path):
            labels = secrets_in(name, named)
            if not labels:
                continue
            mode = os.stat(name).st_mode & 0o777
            if labels and mode == 0o600:
                exports += 1
            elif labels:
                findings += [{"file": name, "secret": label, "mode": oct(mode)} for label in labels]
    summary = {
        "secrets_checked": len(named),
        "files_scanned": scanned,
        "exports_with_secrets_0600": exports,
        "found": findings,
        "tracebacks": tracebacks,
    }
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(summary, out, indent=1)
    print(
        f"secrets check: {len(named)} secret values, {scanned} files scanned, {len(findings)} found; "
        f"files with a Python traceback: {len(tracebacks)}"
    )
    return 0


if __name__ == "__main__":
    main()
