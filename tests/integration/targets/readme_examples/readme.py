# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The README's first-playbook example, taken from README.md as a reader would copy it.

readme.py extract README OUTDIR   write every ```yaml block whose first line is `# <file name>` to
                                  OUTDIR/<file name>; print the README's commands as JSON
readme.py recap LOG HOSTS [--unchanged]   check the PLAY RECAP of an ansible-playbook log
"""

import argparse
import json
import re
import sys

FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>\w*)\n(?P<body>.*?)^(?P=indent)```$", re.M | re.S)
FILE_NAME = re.compile(r"^# ([\w.-]+\.ya?ml)$")
COMMANDS = {
    "simulator": ".venv/bin/python -m xerus_sim ",
    "playbook": ".venv/bin/ansible-playbook ",
    "inventory": ".venv/bin/ansible-inventory ",
}
RECAP = re.compile(
    r"^(?P<host>\S+)\s+: ok=(?P<ok>\d+)\s+changed=(?P<changed>\d+)\s+unreachable=(?P<unreachable>\d+)"
    r"\s+failed=(?P<failed>\d+)",
    re.M,
)


def blocks(text):
    for match in FENCE.finditer(text):
        indent = len(match.group("indent"))
        lines = [line[indent:] for line in match.group("body").splitlines()]
        yield match.group("lang"), lines


def extract(readme, outdir):
    with open(readme, encoding="utf-8") as handle:
        text = handle.read()
    files, commands = [], {}
    for lang, lines in blocks(text):
        name = FILE_NAME.match(lines[0]) if lang == "yaml" and lines else None
        if name:
            with open(f"{outdir}/{name.group(1)}", "w", encoding="utf-8") as out:
                out.write("\n".join(lines) + "\n")
            files.append(name.group(1))
    for key, prefix in COMMANDS.items():
        found = re.findall(r"(?:^ *|`)(" + re.escape(prefix) + r"[^`\n]*)", text, re.M)
        if not found:
            sys.exit(f"README: no command starting with {prefix!r}")
        commands[key] = found[0].strip()
    fleet = re.search(r"--fleet (\d+)", commands["simulator"])
    commands.update(files=files, fleet=int(fleet.group(1)) if fleet else 1)
    print(json.dumps(commands))
    return 0 if files else 1


def recap(log, hosts, unchanged):
    with open(log, encoding="utf-8") as handle:
        rows = [match.groupdict() for match in RECAP.finditer(handle.read())]
    problems = []
    if len(rows) != hosts:
        problems.append(f"{len(rows)} hosts in the recap, expected {hosts}")
    for row in rows:
        if int(row["failed"]) or int(row["unreachable"]):
            problems.append(f"{row['host']}: failed={row['failed']} unreachable={row['unreachable']}")
        if unchanged and int(row["changed"]):
            problems.append(f"{row['host']}: changed={row['changed']} on the second run")
    print("\n".join(problems) or f"recap: {len(rows)} hosts, " + ("nothing changed" if unchanged else "no failure"))
    return 1 if problems else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser("extract")
    ext.add_argument("readme")
    ext.add_argument("outdir")
    rec = sub.add_parser("recap")
    rec.add_argument("log")
    rec.add_argument("hosts", type=int)
    rec.add_argument("--unchanged", action="store_true")
    args = parser.parse_args()
    if args.command == "extract":
        return extract(args.readme, args.outdir)
    return recap(args.log, args.hosts, args.unchanged)


if __name__ == "__main__":
    sys.exit(main())
