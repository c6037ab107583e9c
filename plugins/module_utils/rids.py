# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every resource id and CGI path the collection uses, in one table (protocol 3).

These are the vendor's well-known rids (tests/protocol/evidence/well-known-rids.txt),
the entry points. References returned by a device carry opaque rids
(``/tfwopaque/...``): use those as returned, never parse or build them.
"""

from __future__ import annotations

# JSON-RPC objects
PDU = "/model/pdu/0"
FIRMWARE = "/firmware"
FW_PROGRESS = "/cgi-bin/fwupdate_progress.cgi"
CERT = "/server_ssl_cert"
BULKCFG = "/bulkcfg"
RAWCFG = "/rawcfg"
SESSION = "/session"  # newSession gives the token of the token option (protocol 1.6)
NET = "/net"
BULK = "/bulk"
USER_MANAGER = "/auth/user"
ROLE_MANAGER = "/auth/role"
NET_SERVICES = "/net/services"
SECURITY = "/security"
MODBUS = "/modbus"
DATETIME = "/datetime"
SNMP = "/snmp"  # devsettings.Snmp, the SNMP agent (protocol 4.3)
SMTP = "/smtp"  # devsettings.Smtp, the mail server of notifications
EVENT_ENGINE = "/event_engine"  # event.Engine: rules and actions, SNMP notifications among them
AUTH = "/auth"
LDAP = "/auth/ldap"
RADIUS = "/auth/radius"
EVENT_ENGINE = "/event_engine"
EVENT_LOG = "/eventlog"

# CGI scripts
FW_UPLOAD_CGI = "/cgi-bin/fwupload.cgi"
CERT_UPLOAD_CGI = "/cgi-bin/server_ssl_cert_upload.cgi"
CERT_DOWNLOAD_CGI = "/cgi-bin/server_ssl_cert_download.cgi"
BULKCFG_SAVE_CGI = "/cgi-bin/bulk_config_save.cgi"
BULKCFG_RESTORE_CGI = "/cgi-bin/bulk_config_restore.cgi"
RAWCFG_DOWNLOAD_CGI = "/cgi-bin/raw_config_download.cgi"
RAWCFG_UPDATE_CGI = "/cgi-bin/raw_config_update.cgi"
DIAG_DOWNLOAD_CGI = "/cgi-bin/diag-data.cgi"


def outlet(number):
    """rid of an outlet by its 0-based wire number (labels are 1-based)."""
    return f"{PDU}/outlet/{int(number)}"


def inlet(index=0):
    """rid of an inlet by its 0-based index (labels are "I1", ...)."""
    return f"{PDU}/inlet/{int(index)}"


def inlet_sensor(sensor, index=0):
    """Well-known rid of an inlet sensor by its pdumodel.Inlet.Sensors field name (voltage, activeEnergy, ...)."""
    return f"{inlet(index)}/{sensor}"


def user(name):
    """rid of a user account by its name (``/auth/user/<user_name>``, well-known)."""
    return f"{USER_MANAGER}/{name}"


def role(name):
    """rid of a role by its name (``/auth/role/<role_name>``, well-known)."""
    return f"{ROLE_MANAGER}/{name}"


ALERTED_SENSOR_MANAGER = "/model/alertedsensormanager"
PERIPHERAL_MANAGER = "/model/peripheraldevicemanager"


def outlet_sensor(sensor, number):
    """Well-known rid of an outlet sensor by its 0-based wire number and pdumodel.Outlet.Sensors field name."""
    return f"{outlet(number)}/{sensor}"


def ocp(index):
    """rid of an over-current protector by its 0-based index (labels are "C1", ...)."""
    return f"{PDU}/ocp/{int(index)}"


def ocp_sensor(sensor, index):
    """Well-known rid of an over-current protector sensor by its pdumodel.OverCurrentProtector.Sensors field."""
    return f"{ocp(index)}/{sensor}"


def peripheral_slot(index):
    """rid of a peripheral device slot by its 0-based index."""
    return f"/model/peripheraldeviceslot/{int(index)}"


def peripheral_device(index):
    """Well-known rid of the sensor attached to a peripheral device slot (0-based index)."""
    return f"{peripheral_slot(index)}/device"
