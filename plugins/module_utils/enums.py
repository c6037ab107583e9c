# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Device enumerations (protocol 4, 5, 6, 7) as readable strings, and back.

On the wire an enumeration is the 0-based index of the value in IDL order.
Newer firmware may add values: an index this table does not know reads as
"unknown" instead of failing (protocol 1.4).
"""

from __future__ import annotations

UNKNOWN = "unknown"

POWER_STATE = {0: "off", 1: "on"}
OUTLET_STARTUP_STATE = {0: "on", 1: "off", 2: "last_known", 3: "pdu_default"}
PDU_STARTUP_STATE = {0: "on", 1: "off", 2: "last_known"}
PDU_ORIENTATION = {0: "none", 1: "bottom_feed", 2: "top_feed"}
INLET_WIRING = {0: "auto_detect", 1: "single_phase", 2: "wye", 3: "delta"}
KEY_TYPE = {0: "unknown", 1: "rsa", 2: "ecdsa"}
ELLIPTIC_CURVE = {0: "unknown", 1: "nist_p256", 2: "nist_p384", 3: "nist_p521"}
UPDATE_HISTORY_STATUS = {0: "successful", 1: "failed", 2: "incomplete"}
FIRMWARE_IMAGE_STATE = {
    0: "NONE",
    1: "UPLOADING",
    2: "UPLOAD_FAILED",
    3: "DOWNLOADING",
    4: "DOWNLOAD_FAILED",
    5: "COMPLETE",
}
BULK_CONFIG_STATUS = ("UNKNOWN", "UPLOAD_FAILED", "RESTORE_PENDING", "RESTORE_OK", "RESTORE_FAILED")
RAW_CONFIG_STATUS = ("UNKNOWN", "UPLOAD_FAILED", "UPDATE_PENDING", "UPDATE_OK", "UPDATE_FAILED")
IP_CONFIG_METHOD = {0: "static", 1: "dhcp", 2: "auto"}
INTERFACE_STATE = {0: "not_present", 1: "down", 2: "no_link", 3: "up"}
INTERFACE_TYPE = {0: "ethernet", 1: "wlan", 2: "bridge"}
SNMP_V3_SECURITY_LEVEL = {0: "no_auth_no_priv", 1: "auth_no_priv", 2: "auth_priv"}
SNMP_V3_AUTH_PROTOCOL = {0: "md5", 1: "sha1", 2: "sha224", 3: "sha256", 4: "sha384", 5: "sha512"}
SNMP_V3_PRIV_PROTOCOL = {0: "des", 1: "aes128", 2: "aes192", 3: "aes256", 4: "aes192_3des", 5: "aes256_3des"}


def name_of(table, index):
    """Readable name of an enum index; "unknown" for an index (or a non-integer) the table lacks."""
    if isinstance(index, bool) or not isinstance(index, int):
        return UNKNOWN
    return table.get(index, UNKNOWN)


def index_of(table, name):
    """Wire index of a readable name; KeyError when the table has no such name."""
    for index, text in table.items():
        if text == name:
            return index
    raise KeyError(name)


# auth.AuthManager, auth.LdapManager, auth.RadiusManager (vendor IDL)
AUTH_TYPE = {0: "local", 1: "radius", 2: "kerberos", 3: "tacacs_plus", 4: "ldap"}
LDAP_SERVER_TYPE = {0: "active_directory", 1: "open_ldap"}
LDAP_SECURITY = {0: "none", 1: "tls", 2: "starttls"}
RADIUS_AUTH_TYPE = {0: "pap", 1: "chap", 2: "mschapv2"}
# security.Security (vendor IDL)
IPFW_POLICY = {0: "accept", 1: "drop", 2: "reject"}
ROLE_ACCESS_POLICY = {0: "allow", 1: "deny"}
