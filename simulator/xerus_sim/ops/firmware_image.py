# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The model's firmware image format (protocol 7.4) and its ImageInfo."""

import hashlib
import re

MAGIC = b"XERUSFW1"
HEADER_LIMIT = 4096
SIGNED_BY = "Raritan Firmware Signing"
CERTIFIED_BY = "Raritan Root CA"
DEVICE_OEM = "Raritan"


def empty_info():
    return {
        "valid": False,
        "version": "",
        "min_required_version": "",
        "min_downgrade_version": "",
        "product": "",
        "platform": "",
        "oem": "",
        "hwid_whitelist": "",
        "hwid_blacklist": "",
        "compatible": False,
        "signature_present": False,
        "signed_by": "",
        "signature_good": False,
        "certified_by": "",
        "certificate_good": False,
        "model_list_present": False,
        "model_supported": False,
    }


def version_key(version):
    return tuple(int(number) for number in re.findall(r"\d+", version or ""))


class ImageScanner:
    """Fed the image bytes as they arrive: keeps the header line, MD5 and payload SHA-256."""

    def __init__(self):
        self.head = b""
        self.header_done = False
        self.md5 = hashlib.md5()
        self.payload_sha256 = hashlib.sha256()
        self.payload_size = 0
        self.size = 0

    def feed(self, data):
        self.size += len(data)
        self.md5.update(data)
        if not self.header_done:
            self.head += data
            newline = self.head.find(b"\n")
            if newline < 0 and len(self.head) <= HEADER_LIMIT:
                return
            self.header_done = True
            data = self.head[newline + 1 :] if newline >= 0 else b""
            self.head = self.head[:newline] if newline >= 0 else b""
        self.payload_sha256.update(data)
        self.payload_size += len(data)

    def header(self):
        """key=value items of the header line, or None when this is not a model image."""
        if not self.head.startswith(MAGIC + b" ") and self.head != MAGIC:
            return None
        try:
            text = self.head.decode("ascii")
        except UnicodeDecodeError:
            return None
        items = {}
        for token in text.split()[1:]:
            key, sep, value = token.partition("=")
            if not sep:
                return None
            items[key] = value
        return items

    def image_info(self, device_model):
        items = self.header()
        if not items or not items.get("model") or not items.get("version"):
            return empty_info()
        if "size" in items and items["size"] != str(self.payload_size):
            return empty_info()
        if "sha256" in items and items["sha256"].lower() != self.payload_sha256.hexdigest():
            return empty_info()
        models = [model.strip() for model in items["model"].split(",") if model.strip()]
        family = device_model.split("-")[0]
        supported = any(model in (device_model, family) for model in models)
        product = items.get("product") or models[0].split("-")[0]
        oem = items.get("oem", DEVICE_OEM)
        signed = items.get("signed", "1") != "0"
        return {
            "valid": True,
            "version": items["version"],
            "min_required_version": items.get("min_required", ""),
            "min_downgrade_version": items.get("min_downgrade", ""),
            "product": product,
            "platform": items.get("platform", product.lower()),
            "oem": oem,
            "hwid_whitelist": "",
            "hwid_blacklist": "",
            "compatible": supported and oem == DEVICE_OEM,
            "signature_present": signed,
            "signed_by": SIGNED_BY if signed else "",
            "signature_good": signed,
            "certified_by": CERTIFIED_BY if signed else "",
            "certificate_good": signed,
            "model_list_present": True,
            "model_supported": supported,
        }


def build_image(model, version, payload=b"firmware payload\n", **extra):
    """A model image (used by tests and docs): header with size and sha256, then the payload."""
    items = {
        "model": model,
        "version": version,
        "size": str(len(payload)),
        "sha256": hashlib.sha256(payload).hexdigest(),
        **{k: str(v) for k, v in extra.items()},
    }
    header = "XERUSFW1 " + " ".join(f"{key}={value}" for key, value in items.items())
    return header.encode("ascii") + b"\n" + payload
