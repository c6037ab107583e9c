# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secret-value encryption of configuration files (protocol 8.4, 9.2).

Tokens are Fernet. The device key is a random Fernet key kept in
``state["secrets"]["device_key"]`` (created on first use, gone after a
factory reset), so only the device that wrote a ``device``-encrypted file can
read it back. Password keys come from PBKDF2-HMAC-SHA256 with 20000
iterations over a 16-byte random salt.
"""

import base64
import binascii
import os

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

PBKDF2_ITERATIONS = 20000
SALT_BYTES = 16


class DecryptError(Exception):
    """A token that this key cannot decrypt (message never holds key or value)."""


def device_fernet(device):
    with device.lock:
        secrets = device.state.get("secrets")
        if not isinstance(secrets, dict) or "device_key" not in secrets:
            device.state["secrets"] = {"device_key": Fernet.generate_key().decode("ascii")}
            device.save()
        return Fernet(device.state["secrets"]["device_key"].encode("ascii"))


def new_salt():
    return base64.urlsafe_b64encode(os.urandom(SALT_BYTES)).decode("ascii")


def password_fernet(password, salt_text):
    """Fernet for a password and the header's urlsafe-base64 salt; ValueError on a bad salt."""
    try:
        salt = base64.urlsafe_b64decode(salt_text.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise ValueError("salt is not urlsafe base64") from None
    if len(salt) != SALT_BYTES:
        raise ValueError("salt must be 16 bytes")
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=PBKDF2_ITERATIONS)
    return Fernet(base64.urlsafe_b64encode(kdf.derive(password.encode("utf-8"))))


def encrypt(fernet, value):
    return fernet.encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(fernet, token):
    try:
        return fernet.decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError, ValueError, TypeError):
        raise DecryptError("cannot decrypt value") from None
