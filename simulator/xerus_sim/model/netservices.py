# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""net.Services at /net/services (docs/protocol/XERUS-PROTOCOL.md section 4.4, "Network services").

The services are the firmware's proto_listener instances: their settings are the values of the raw
configuration keys `proto_listener[NAME].enabled` / `.port` (config/keys.py), so both ways of writing obey the same
rules.  The device keeps serving where it was reached whatever the stored ports say.
"""

from xerus_sim.config import keys
from xerus_sim.rpc.idltypes import Struct, Vector

ERR_INVALID_PARAMS = 1
# The order getSettings lists them in (section 4.4).
SERVICE_ORDER = ("http", "https", "ssh", "telnet", "modbus")
PORTS = range(1, 65536)

ServiceSettings = Struct("net.ServiceSettings:1.0.0", {"service": str, "enable": bool, "port": int})


def services_of(device):
    return [
        {"service": name, "enable": entry["enabled"], "port": entry["port"]}
        for name, entry in ((name, keys.listener(device, name)) for name in SERVICE_ORDER)
    ]


def _valid(requested, current):
    """The requested changes name known services once each, and the resulting set is consistent."""
    names = [item["service"] for item in requested]
    if len(names) != len(set(names)) or not set(names) <= set(SERVICE_ORDER):
        return False
    if not all(item["port"] in PORTS for item in requested):
        return False
    result = {item["service"]: item for item in current}
    result.update({item["service"]: item for item in requested})
    ports = [item["port"] for item in result.values() if item["enable"]]
    return len(ports) == len(set(ports)) and result["https"]["enable"]


class Services:
    TYPE = "net.Services:1.0.0"

    def __init__(self, device):
        self.device = device

    def getSettings(self):
        with self.device.lock:
            return {"servicesSettings": services_of(self.device)}

    def setSettings(self, servicesSettings: Vector(ServiceSettings)):
        with self.device.lock:
            if not _valid(servicesSettings, services_of(self.device)):
                return {"_ret_": ERR_INVALID_PARAMS}
            for item in servicesSettings:
                keys.listener(self.device, item["service"]).update(enabled=item["enable"], port=item["port"])
            self.device.save()
        return {"_ret_": 0}


RPC_OBJECTS = {"/net/services": Services}
