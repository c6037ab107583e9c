"""security.Security at /security: forced HTTPS, HSTS and the SSH authentication methods.

One state with the raw configuration keys ``security.http_redirect``, ``security.hsts``,
``security.ssh.password_auth`` / ``.public_key_auth`` (docs/protocol/XERUS-PROTOCOL.md section 9.3; state
``security``).  The other Security methods (blocking, passwords, access control...) are not served here.
The setters are void in the IDL: they answer an empty result, and a wrongly typed value gets -32602.
"""

from xerus_sim.config import keys
from xerus_sim.rpc.idltypes import Struct

SSHSettings = Struct("security.SSHSettings:1.0.0", {"allowPasswordAuth": bool, "allowPublicKeyAuth": bool})


class Security:
    TYPE = "security.Security:5.0.1"

    def __init__(self, device):
        self.device = device

    def _set(self, **values):
        with self.device.lock:
            keys.security(self.device).update(values)
            self.device.save()
        return {}

    def getHttpRedirSettings(self):
        with self.device.lock:
            return {"_ret_": keys.security(self.device)["http_redirect"]}

    def setHttpRedirSettings(self, http2httpsRedir: bool):
        return self._set(http_redirect=http2httpsRedir)

    def isHstsEnabled(self):
        with self.device.lock:
            return {"_ret_": keys.security(self.device)["hsts"]}

    def setHstsEnabled(self, enable: bool):
        return self._set(hsts=enable)

    def getSSHSettings(self):
        with self.device.lock:
            section = keys.security(self.device)
            return {"_ret_": {"allowPasswordAuth": section["ssh_password_auth"],
                              "allowPublicKeyAuth": section["ssh_public_key_auth"]}}

    def setSSHSettings(self, settings: SSHSettings):
        return self._set(ssh_password_auth=settings["allowPasswordAuth"],
                         ssh_public_key_auth=settings["allowPublicKeyAuth"])


RPC_OBJECTS = {"/security": Security}
