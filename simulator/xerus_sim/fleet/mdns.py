# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""mDNS announcements (--mdns): one shared Zeroconf bound to the loopback, services registered concurrently."""

import asyncio
import socket
import time

from zeroconf import DNSQuestionType, IPVersion, ServiceBrowser, ServiceInfo, Zeroconf

from xerus_sim.fleet.start_error import StartError

SERVICE_TYPE = "_raritan-rpcs._tcp.local."
HOST_TTL, OTHER_TTL = 120, 4500
TIMEOUT = 30
PROBE_SECONDS = 1.2  # multicast answers come within ~0.25 s; the margin covers a busy machine
# Services announced at once: each announcement is three multicast packets; a burst of a whole large
# fleet overflows the receive buffers of the listeners on the loopback and its packets are lost.
REGISTER_BATCH = 100


def service_info(device):
    with device.lock:
        hostname = device.state.get("net", {}).get("hostname") or f"px-{device.serial.lower()}"
    return ServiceInfo(
        SERVICE_TYPE,
        f"{device.model}-{device.serial}.{SERVICE_TYPE}",
        addresses=[socket.inet_aton(device.host)],
        port=device.port,
        properties={"rr_fw": device.firmware_version},  # as recorded (captures/mdns.json): nothing else
        server=f"{hostname}.local.",
        host_ttl=HOST_TTL,
        other_ttl=OTHER_TTL,
    )


def batches(items, size):
    """Consecutive slices of at most `size` items."""
    return [items[start : start + size] for start in range(0, len(items), size)]


class MdnsNameConflict(StartError):
    """Another responder already answers for one of the names this fleet would announce."""

    def __init__(self, names):
        shown = ", ".join(sorted(names)[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        super().__init__(
            f"mDNS name(s) already announced by another responder ({shown}); another simulator "
            "probably runs on the same addresses: start this one with a different --bind range"
        )
        self.names = sorted(names)


class MdnsPublisher:
    def __init__(self, interface="127.0.0.1"):
        self.zeroconf = Zeroconf(interfaces=[interface], ip_version=IPVersion.V4Only)
        self._registered = {}

    def _run(self, coroutine, wait=True):
        future = asyncio.run_coroutine_threadsafe(coroutine, self.zeroconf.loop)
        return future.result(TIMEOUT) if wait else future

    def _claimed_elsewhere(self, infos):
        """Names of `infos` another responder already answers for.  One multicast (QM) browse of the
        service type: zeroconf's own probes ask for unicast answers, which several processes sharing
        port 5353 on one machine do not reliably get."""
        browser = ServiceBrowser(
            self.zeroconf, SERVICE_TYPE, handlers=[lambda **_: None], question_type=DNSQuestionType.QM
        )
        try:
            time.sleep(PROBE_SECONDS)
        finally:
            browser.cancel()
        cache = self.zeroconf.cache
        return [info.name for info in infos if cache.current_entry_with_name_and_alias(info.type, info.name)]

    async def _register(self, infos):
        # cooperating_responders: no probing (conflicts are checked once at start, _claimed_elsewhere),
        # so a fleet is announced a batch at a time and a re-announcement after a reboot is not taken
        # for a conflict with our own cached records.
        for batch in batches(infos, REGISTER_BATCH):
            tasks = await asyncio.gather(
                *(self.zeroconf.async_register_service(info, cooperating_responders=True) for info in batch)
            )
            await asyncio.gather(*tasks)

    async def _unregister(self, infos):
        tasks = await asyncio.gather(*(self.zeroconf.async_unregister_service(info) for info in infos))
        await asyncio.gather(*tasks)

    def announce_all(self, devices):
        infos = {device.host: service_info(device) for device in devices}
        conflicts = self._claimed_elsewhere(list(infos.values()))
        if conflicts:
            raise MdnsNameConflict(conflicts)
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
        except Exception:  # noqa: BLE001 - best effort goodbye packets at exit
            pass
        self._registered.clear()
        self.zeroconf.close()
