# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Firmware generations: the interface versions, structure fields and methods a device presents.

docs/protocol/XERUS-PROTOCOL.md section 14: a device presents one set of interface versions, fixed by its
firmware; a fleet mixes them.  "4.4" is the generation of the vendor's SDK 4.4.1, "4.0" that of SDK 4.0.20.
Every generation-dependent fact lives in the tables below; objects ask through the functions at the end.
"""

GENERATION_44, GENERATION_40 = "4.4", "4.0"
GENERATIONS = (GENERATION_44, GENERATION_40)
DEFAULT = GENERATION_44
# The initial firmware version of a new device when none is given (the 4.4 default predates generations).
DEFAULT_FIRMWARE = {GENERATION_44: "4.2.0.5-50274", GENERATION_40: "4.0.20.5-47788"}

# interface -> version, per generation (section 14's table).
TYPE_VERSIONS = {
    GENERATION_44: {
        "pdumodel.Pdu": "6.5.7",
        "pdumodel.Outlet": "3.0.4",
        "pdumodel.Inlet": "3.0.4",
        "pdumodel.EDevice": "1.0.1",
        "sensors.Sensor": "4.0.8",
        "sensors.NumericSensor": "4.0.9",
        "sensors.AccumulatingNumericSensor": "2.0.10",
        "sensors.StateSensor": "4.0.8",
        "firmware.Firmware": "2.0.4",
        "firmware.FirmwareUpdateStatus": "1.0.0",
        "cert.ServerSSLCert": "4.0.1",
        "bulkcfg.BulkConfiguration": "1.0.2",
        "rawcfg.RawConfiguration": "1.0.1",
        "session.SessionManager": "2.0.0",
        "devsettings.Snmp": "1.0.2",
        "net.Net": "8.0.0",
        "net.Services": "1.0.0",
        "security.Security": "5.0.1",
        "devsettings.Modbus": "2.0.0",
        "devsettings.Smtp": "2.0.0",
        "bulkrpc.BulkRequest": "1.0.2",
        "diag.DiagLogSettings": "1.0.0",
        "usermgmt.UserManager": "2.0.0",
        "usermgmt.User": "2.0.0",
        "usermgmt.RoleManager": "1.0.0",
        "usermgmt.Role": "1.0.0",
        "auth.AuthManager": "1.0.0",
        "auth.LdapManager": "5.0.0",
        "auth.RadiusManager": "4.0.0",
        "datetime.DateTime": "4.0.0",
        "event.Engine": "1.0.1",
        "event.Service": "1.0.1",
        "event.TimerEventManager": "2.0.0",
        "event.AlarmManager": "1.0.0",
        "event.DataPushService": "1.0.3",
        "pdumodel.OverCurrentProtector": "4.0.4",
        "pdumodel.OverCurrentProtectorTripSensor": "1.1.14",
        "peripheral.DeviceManager": "5.3.6",
        "peripheral.DeviceSlot": "5.0.3",
        "peripheral.Device": "7.0.3",
        "sensors.AlertedSensorManager": "1.0.6",
        "logging.EventLog": "2.0.0",
    },
    GENERATION_40: {
        "pdumodel.Pdu": "6.1.2",
        "pdumodel.Outlet": "3.0.1",
        "pdumodel.Inlet": "3.0.1",
        "pdumodel.EDevice": "1.0.1",
        "sensors.Sensor": "4.0.5",
        "sensors.NumericSensor": "4.0.6",
        "sensors.AccumulatingNumericSensor": "2.0.6",
        "sensors.StateSensor": "4.0.5",
        "firmware.Firmware": "2.0.2",
        "firmware.FirmwareUpdateStatus": "1.0.0",
        "cert.ServerSSLCert": "3.0.0",
        "bulkcfg.BulkConfiguration": "1.0.2",
        "rawcfg.RawConfiguration": "1.0.1",
        "session.SessionManager": "2.0.0",
        "devsettings.Snmp": "1.0.2",
        "net.Net": "7.0.0",
        "net.Services": "1.0.0",
        "security.Security": "5.0.0",
        "devsettings.Modbus": "2.0.0",
        "devsettings.Smtp": "2.0.0",
        "bulkrpc.BulkRequest": "1.0.2",
        "diag.DiagLogSettings": "1.0.0",
        "usermgmt.UserManager": "2.0.0",
        "usermgmt.User": "2.0.0",
        "usermgmt.RoleManager": "1.0.0",
        "usermgmt.Role": "1.0.0",
        "auth.AuthManager": "1.0.0",
        "auth.LdapManager": "3.0.1",
        "auth.RadiusManager": "3.0.1",
        "datetime.DateTime": "3.0.3",
        "event.Engine": "1.0.1",
        "event.Service": "1.0.1",
        "event.TimerEventManager": "2.0.0",
        "event.AlarmManager": "1.0.0",
        "event.DataPushService": "1.0.2",
        "pdumodel.OverCurrentProtector": "4.0.1",
        "pdumodel.OverCurrentProtectorTripSensor": "1.1.11",
        "peripheral.DeviceManager": "5.0.3",
        "peripheral.DeviceSlot": "4.0.2",
        "peripheral.Device": "7.0.0",
        "sensors.AlertedSensorManager": "1.0.3",
        "logging.EventLog": "2.0.0",
    },
}

# Base interfaces (the getTypeInfo chain); every chain ends in idl.Object.
PARENTS = {
    "pdumodel.Outlet": "pdumodel.EDevice",
    "pdumodel.Inlet": "pdumodel.EDevice",
    "sensors.NumericSensor": "sensors.Sensor",
    "sensors.StateSensor": "sensors.Sensor",
    "sensors.AccumulatingNumericSensor": "sensors.NumericSensor",
    "pdumodel.OverCurrentProtector": "pdumodel.EDevice",
    "pdumodel.OverCurrentProtectorTripSensor": "sensors.StateSensor",
}
ROOT_TYPE = "idl.Object:1.0.0"

# Structure fields the device sends and accepts in 4.4 only ("interface.Structure" -> fields).
NEWER_FIELDS = {
    "pdumodel.Pdu.Settings": ("inhibitRelayControl", "inletWiring"),
    "pdumodel.Pdu.MetaData": ("supportedInletWirings",),
    "pdumodel.Outlet.State": ("inServiceMode",),
    "pdumodel.Outlet.MetaData": ("hasServiceModeSupport",),
    "pdumodel.Outlet.Sensors": ("unbalancedVoltage",),
    "firmware.UpdateHistoryEntry": ("product", "platform", "details"),
    "net.InterfaceIpSettings": ("stablePrivacyEnabled",),
    "datetime.DateTime.NtpCfg": ("server1AuthKeyId", "server2AuthKeyId", "authKeys"),
    "auth.LdapManager.ServerSettings": ("supportNestedGroups",),
    "auth.RadiusManager.ServerSettings": ("messageAuthenticatorOptional",),
}

# Structure fields the device sends and accepts in 4.0 only (dropped by a later incompatible version).
OLDER_FIELDS = {
    "auth.LdapManager.ServerSettings": ("id", "adoptSettingsId"),
}

# Methods served in 4.4 only (a 4.0 device answers "Method not found").
NEWER_METHODS = {
    "pdumodel.Pdu": ("getPorts", "getPowerShelfManager"),
    "pdumodel.Outlet": ("setServiceModeEnabled",),
    "sensors.AccumulatingNumericSensor": ("getLastResetTime",),
    "firmware.Firmware": ("getInfo",),
    "cert.ServerSSLCert": (
        "getSupportedKeyInfos",
        "getActiveCertChainPEM",
        "getActiveKeyPEM",
        "getPendingRequestPEM",
        "getPendingCertChainPEM",
        "getPendingKeyPEM",
        "setPendingCertChainPEM",
        "setPendingKeyAndCertChainPEM",
        "generateScepKey",
        "installScepCertChain",
    ),
}


def parse(text):
    """A --fw-generation value: one generation or a comma list cycled over the fleet."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in GENERATIONS]
    if not names or unknown:
        raise ValueError(
            f"firmware generation must be one of {', '.join(GENERATIONS)} (or a comma list of them), got {text!r}"
        )
    return names


def for_device(names, index):
    """The generation of the index-th device of a fleet."""
    return names[index % len(names)]


def interface_of(type_id):
    return type_id.split(":", 1)[0]


def type_id(generation, interface):
    """`module.Interface:x.y.z` as a device of that generation presents it."""
    version = TYPE_VERSIONS[generation].get(interface)
    if version is None:
        raise KeyError(f"no version of {interface} in generation {generation}")
    return f"{interface}:{version}"


def type_info(generation, interface):
    """getTypeInfo's `_ret_`: the chain from the interface to idl.Object."""
    chain = [interface]
    while chain[-1] in PARENTS:
        chain.append(PARENTS[chain[-1]])
    info = {"id": ROOT_TYPE, "parent": None}
    for name in reversed(chain):
        info = {"id": type_id(generation, name), "parent": info}
    return info


def stamp(obj, generation):
    """Give a served object the type id of its generation (an instance attribute over the class's TYPE)."""
    declared = getattr(type(obj), "TYPE", None)
    if declared and interface_of(declared) in TYPE_VERSIONS[generation]:
        obj.TYPE = type_id(generation, interface_of(declared))


def missing_fields(generation, structure):
    table = OLDER_FIELDS if generation == GENERATION_44 else NEWER_FIELDS
    return table.get(structure, ())


def shape(generation, structure, value):
    """A structure as a device of the generation sends it (a copy without the fields it does not know)."""
    dropped = missing_fields(generation, structure)
    return {name: field for name, field in value.items() if name not in dropped}


def serves_method(generation, interface, method):
    return generation == GENERATION_44 or method not in NEWER_METHODS.get(interface, ())


def of(device):
    """The generation of a device (objects built outside a fleet default to the newest)."""
    return getattr(device, "generation", DEFAULT)
