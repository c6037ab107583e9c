# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""devsettings.Modbus at /modbus: the Modbus/TCP read-only flag, the serial settings and the primary unit id.

Enabled state and TCP port are the ``modbus`` entry of net.Services (model/netservices.py).  ``tcp.readonly``
is the raw configuration key ``modbus.tcp.readonly`` (docs/protocol/XERUS-PROTOCOL.md section 9.3): one state,
state ``modbus`` ``tcp_readonly``.  [modelled] The device has no serial Modbus port; its serial settings and
the primary unit id are stored as written.  ``setSettings`` answers 1 (ERR_INVALID_PARAM) for a baud rate the
serial line does not offer, stop bits other than 1 or 2, or a unit id outside 0..247.
"""

from xerus_sim.config import keys
from xerus_sim.rpc.idltypes import Enum, Struct

ERR_INVALID_PARAM = 1
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
STOP_BITS = (1, 2)
UNIT_IDS = range(0, 248)
SERIAL_DEFAULTS = {"enabled": False, "baudrate": 19200, "parity": 1, "stopbits": 1, "readonly": True}

TcpSettings = Struct("devsettings.Modbus_2_0_0.TcpSettings:1.0.0", {"readonly": bool})
SerialSettings = Struct(
    "devsettings.Modbus_2_0_0.SerialSettings:1.0.0",
    {
        "enabled": bool,
        "baudrate": int,
        "parity": Enum("devsettings.Modbus_2_0_0.Parity:1.0.0", 3),
        "stopbits": int,
        "readonly": bool,
    },
)
Settings = Struct(
    "devsettings.Modbus_2_0_0.Settings:1.0.0", {"tcp": TcpSettings, "serial": SerialSettings, "primaryUnitId": int}
)


def settings_of(device):
    section = keys.modbus(device)
    return {
        "tcp": {"readonly": section["tcp_readonly"]},
        "serial": dict(SERIAL_DEFAULTS, **section.get("serial", {})),
        "primaryUnitId": section.get("primary_unit_id", 1),
    }


def _valid(settings):
    serial = settings["serial"]
    return (
        serial["baudrate"] in BAUD_RATES and serial["stopbits"] in STOP_BITS and settings["primaryUnitId"] in UNIT_IDS
    )


class Modbus:
    TYPE = "devsettings.Modbus:2.0.0"

    def __init__(self, device):
        self.device = device

    def getCapabilities(self):
        return {"_ret_": {"hasModbusSerial": False}}

    def getSettings(self):
        with self.device.lock:
            return {"_ret_": settings_of(self.device)}

    def setSettings(self, settings: Settings):
        if not _valid(settings):
            return {"_ret_": ERR_INVALID_PARAM}
        with self.device.lock:
            keys.modbus(self.device).update(
                tcp_readonly=settings["tcp"]["readonly"],
                serial=dict(settings["serial"]),
                primary_unit_id=settings["primaryUnitId"],
            )
            self.device.save()
        return {"_ret_": 0}


RPC_OBJECTS = {"/modbus": Modbus}
