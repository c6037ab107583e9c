"""Neutral diag.DiagLogSettings at /diag, served only until SimB's xerus_sim.ops.diag provides the real one."""


class NeutralDiagLogSettings:
    TYPE = "diag.DiagLogSettings:1.0.0"
    NEUTRAL = {"resetLogLevelsForAllCtxNames": {}, "getLogLevelsForAllCtxNames": {"_ret_": []},
               "setLogLevelForAllCtxNames": {}, "getLogLevelByCtxName": {"_ret_": 0},
               "setLogLevelByCtxName": {"_ret_": 0}}

    def __init__(self, device):
        self.device = device


RPC_OBJECTS = {"/diag": NeutralDiagLogSettings}
