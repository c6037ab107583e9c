# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run one upload in a fresh process and print its peak-RSS increase (used by test_client_transfer)."""

from __future__ import annotations

import argparse
import json
import resource
import sys


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def main():
    parser = argparse.ArgumentParser()
    for name in ("--host", "--port", "--ca", "--file", "--mode"):
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    from ansible_collections.xerus.pdu.plugins.module_utils import rids
    from ansible_collections.xerus.pdu.plugins.module_utils.client import UploadPart, XerusClient

    with XerusClient(args.host, int(args.port), "admin", "legrand", ca_path=args.ca, timeout=120) as client:
        client.call(rids.FIRMWARE, "getVersion")  # imports, TLS and pools warmed up
        before = peak_rss_bytes()
        if args.mode == "stream":
            part = UploadPart("upfile", "upfile.bin", path=args.file)
        else:
            with open(args.file, "rb") as handle:
                part = UploadPart("upfile", "upfile.bin", content=handle.read())
        answer = client.upload(rids.FW_UPLOAD_CGI, [part])
        increase = peak_rss_bytes() - before
        status = client.call_ret(rids.FIRMWARE, "getImageStatus")
        client.call(rids.FIRMWARE, "discardImage")
    print(
        json.dumps(
            {
                "status": answer.status,
                "response_code": answer.response_code,
                "size_done": status.get("size_done"),
                "rss_increase": increase,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
