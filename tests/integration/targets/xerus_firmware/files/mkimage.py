# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write a firmware image in the simulator's modelled format (protocol 7.4).

First line ``XERUSFW1 key=value ...``, then ``\\n``, then the payload.  ``--corrupt`` writes a
sha256 that does not match the payload (the device then reads ``valid: false``).
"""

import argparse
import hashlib


def payload(size):
    block = b"xerus simulated firmware payload\n"
    return (block * (size // len(block) + 1))[:size]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--model", default="PX3")
    parser.add_argument("--platform", default="px3")
    parser.add_argument("--oem", default="Raritan")
    parser.add_argument("--size", type=int, default=4096, help="payload bytes")
    parser.add_argument("--unsigned", action="store_true")
    parser.add_argument("--corrupt", action="store_true")
    parser.add_argument("--min-required", default="")
    parser.add_argument("--min-downgrade", default="")
    args = parser.parse_args()

    body = payload(args.size)
    digest = hashlib.sha256(body + (b"corrupted" if args.corrupt else b"")).hexdigest()
    fields = [
        ("model", args.model),
        ("version", args.version),
        ("size", str(len(body))),
        ("sha256", digest),
        ("platform", args.platform),
        ("oem", args.oem),
        ("signed", "0" if args.unsigned else "1"),
    ]
    fields += [
        (key, value)
        for key, value in (("min_required", args.min_required), ("min_downgrade", args.min_downgrade))
        if value
    ]
    header = "XERUSFW1 " + " ".join(f"{key}={value}" for key, value in fields) + "\n"
    with open(args.out, "wb") as handle:
        handle.write(header.encode("ascii"))
        handle.write(body)


if __name__ == "__main__":
    main()
