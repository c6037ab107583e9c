# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""devsettings.Snmp at /snmp (docs/protocol/XERUS-PROTOCOL.md section 4.3; 1.0.2 in both generations).

setConfiguration answers ERR_INVALID_PARAMS (1) for a community longer than 64 characters, a system text
longer than 255 (the limits of the same raw configuration keys, section 9.3), a line break or control
character in any text, or SNMPv1/v2c enabled with an empty read community.  The configuration is persisted
in the device state.
"""

import re

from xerus_sim.rpc.idltypes import Struct

ERR_INVALID_PARAMS = 1
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

SnmpConfiguration = Struct(
    "devsettings.Snmp_1_0_2.Configuration:1.0.0",
    {
        "v2enable": bool,
        "v3enable": bool,
        "readComm": str,
        "writeComm": str,
        "sysContact": str,
        "sysName": str,
        "sysLocation": str,
    },
)


def _valid(cfg):
    texts = ("readComm", "writeComm", "sysContact", "sysName", "sysLocation")
    return (
        all(len(cfg[key]) <= 64 for key in ("readComm", "writeComm"))
        and all(len(cfg[key]) <= 255 for key in ("sysContact", "sysName", "sysLocation"))
        and not any(_CONTROL.search(cfg[key]) for key in texts)
        and not (cfg["v2enable"] and cfg["readComm"] == "")
    )


class Snmp:
    TYPE = "devsettings.Snmp:1.0.2"

    def __init__(self, device):
        self.device = device

    def getConfiguration(self):
        with self.device.lock:
            return {"_ret_": dict(self.device.state["snmp"])}

    def setConfiguration(self, cfg: SnmpConfiguration):
        if not _valid(cfg):
            return {"_ret_": ERR_INVALID_PARAMS}
        with self.device.lock:
            self.device.state["snmp"] = dict(cfg)
            self.device.save()
        return {"_ret_": 0}

    def getV3EngineId(self):
        return {"_ret_": "80001f8803" + self.device.mac.replace(":", "")}


RPC_OBJECTS = {"/snmp": Snmp}
