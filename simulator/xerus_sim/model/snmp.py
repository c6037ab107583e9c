"""devsettings.Snmp at /snmp."""

from xerus_sim.rpc.idltypes import Struct

SnmpConfiguration = Struct("devsettings.Snmp_1_0_2.Configuration:1.0.0", {
    "v2enable": bool, "v3enable": bool, "readComm": str, "writeComm": str,
    "sysContact": str, "sysName": str, "sysLocation": str,
})


def _valid(cfg):
    return (all(len(cfg[key]) <= 64 for key in ("readComm", "writeComm"))
            and all(len(cfg[key]) <= 255 for key in ("sysContact", "sysName", "sysLocation")))


class Snmp:
    TYPE = "devsettings.Snmp:1.0.2"

    def __init__(self, device):
        self.device = device

    def getConfiguration(self):
        with self.device.lock:
            return {"_ret_": dict(self.device.state["snmp"])}

    def setConfiguration(self, cfg: SnmpConfiguration):
        if not _valid(cfg):
            return {"_ret_": 1}
        with self.device.lock:
            self.device.state["snmp"] = dict(cfg)
            self.device.save()
        return {"_ret_": 0}

    def getV3EngineId(self):
        return {"_ret_": "80001f8803" + self.device.mac.replace(":", "")}


RPC_OBJECTS = {"/snmp": Snmp}
