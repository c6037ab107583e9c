# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Firmware images in the simulator's model format, one per version (mkimage.py --dir D --prefix P --count N).

Image N (0-based) carries version ``<prefix>.<N + 1>.0-50400`` and is written to D/fw-N.bin;
D/text.bin is a file that is not firmware.
"""

import argparse
import hashlib
import os


def image(version):
    payload = b"reliability firmware payload\n" * 64
    header = f"XERUSFW1 model=PX3 version={version} size={len(payload)} sha256={hashlib.sha256(payload).hexdigest()} platform=px3 oem=Raritan signed=1\n"
    return header.encode("ascii") + payload


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--prefix", default="4.3")
    parser.add_argument("--count", type=int, required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    for index in range(args.count):
        with open(os.path.join(args.dir, f"fw-{index}.bin"), "wb") as out:
            out.write(image(f"{args.prefix}.{index + 1}.0-50400"))
    with open(os.path.join(args.dir, "text.bin"), "w", encoding="ascii") as out:
        out.write("this is a text file, not a firmware image\n" * 20)


if __name__ == "__main__":
    main()
