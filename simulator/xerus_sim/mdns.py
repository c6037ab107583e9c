"""mDNS announcements (--mdns): one shared Zeroconf bound to the loopback, services registered concurrently."""

import asyncio
import socket

from zeroconf import IPVersion, ServiceInfo, Zeroconf

SERVICE_TYPE = "_raritan-rpcs._tcp.local."
HOST_TTL, OTHER_TTL = 120, 4500
TIMEOUT = 30


def service_info(device):
    with device.lock:
        hostname = device.state.get("net", {}).get("hostname") or f"px-{device.serial.lower()}"
    return ServiceInfo(
        SERVICE_TYPE, f"{device.model}-{device.serial}.{SERVICE_TYPE}",
        addresses=[socket.inet_aton(device.host)], port=device.port,
        properties={"rr_fw": device.firmware_version, "model": device.model, "serial": device.serial},
        server=f"{hostname}.local.", host_ttl=HOST_TTL, other_ttl=OTHER_TTL)


class MdnsPublisher:
    def __init__(self, interface="127.0.0.1"):
        self.zeroconf = Zeroconf(interfaces=[interface], ip_version=IPVersion.V4Only)
        self._registered = {}

    def _run(self, coroutine, wait=True):
        future = asyncio.run_coroutine_threadsafe(coroutine, self.zeroconf.loop)
        return future.result(TIMEOUT) if wait else future

    async def _register(self, infos):
        # cooperating_responders: no probing, so a fleet of 100 is announced at once and a second
        # simulator on the same address (tests on a shared machine) does not abort the start.
        tasks = await asyncio.gather(*(self.zeroconf.async_register_service(info, cooperating_responders=True)
                                       for info in infos))
        await asyncio.gather(*tasks)

    async def _unregister(self, infos):
        tasks = await asyncio.gather(*(self.zeroconf.async_unregister_service(info) for info in infos))
        await asyncio.gather(*tasks)

    def announce_all(self, devices):
        infos = {device.host: service_info(device) for device in devices}
        self._run(self._register(list(infos.values())))
        self._registered.update(infos)

    def announce(self, device):
        info = service_info(device)
        self._run(self._register([info]))
        self._registered[device.host] = info

    def withdraw(self, device):
        info = self._registered.pop(device.host, None)
        if info is not None:
            self._run(self._unregister([info]))

    def close(self):
        try:
            self._run(self._unregister(list(self._registered.values())))
        except Exception:   # noqa: BLE001 - best effort goodbye packets at exit
            pass
        self._registered.clear()
        self.zeroconf.close()
