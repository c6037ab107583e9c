# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""firmware.Firmware at /firmware, firmware.FirmwareUpdateStatus at the progress CGI, the update cycle."""

import os
import threading
import time

from xerus_sim.model import generations, lifecycle
from xerus_sim.ops.firmware_image import DEVICE_OEM, empty_info, version_key
from xerus_sim.rpc.errors import REFUSED, RpcError
from xerus_sim.rpc.idltypes import Enum, Vector

NONE, UPLOADING, UPLOAD_FAILED, COMPLETE = 0, 1, 2, 5
CROSS_OEM, CROSS_HW, ALLOW_UNTRUSTED = 0, 1, 2
SUCCESSFUL, FAILED = 0, 1
UpdateFlags = Vector(Enum("firmware.UpdateFlags:1.0.0", 3))
IMAGE_FILE = "firmware.bin"


def fw_state(device):
    return device.state.setdefault("firmware", {"history": [], "image": None, "update": None})


def image_path(device):
    return device.state_dir / IMAGE_FILE


def empty_status():
    return {"state": NONE, "error_message": "", "time_started": 0, "size_total": 0, "size_done": 0}


def image_status(device):
    """The upload in progress when there is one, else the stored image slot."""
    upload = getattr(device, "fw_upload", None)
    if upload is not None:
        return dict(upload)
    image = fw_state(device).get("image")
    if not image:
        return empty_status()
    return {key: image[key] for key in ("state", "error_message", "time_started", "size_total", "size_done")}


def discard_image(device):
    fw_state(device)["image"] = None
    try:
        os.unlink(image_path(device))
    except FileNotFoundError:
        pass


def product_of(model):
    return model.split("-")[0]


def _refusal(device, image, flags):
    """Why startUpdate must refuse, or None."""
    if getattr(device, "fw_update_running", False) or device.phase == "flashing":
        return "firmware update already running"
    if not image or image["state"] != COMPLETE:
        return "no firmware image uploaded"
    info = image["info"]
    if not info["valid"]:
        return "firmware image is not valid"
    if not info["model_supported"] and CROSS_HW not in flags:
        return f"firmware image does not support model {device.model}"
    if info["oem"] != DEVICE_OEM and CROSS_OEM not in flags:
        return f"firmware image is for OEM {info['oem']}; CROSS_OEM flag required"
    minimum = info["min_required_version"]
    if minimum and version_key(device.firmware_version) < version_key(minimum) and CROSS_OEM not in flags:
        return f"running version {device.firmware_version} is older than the required {minimum}"
    if not info["signature_present"] and ALLOW_UNTRUSTED not in flags:
        return "image is not signed; ALLOW_UNTRUSTED flag required"
    return None


def _estimated(device):
    return int(round(device.timings.update_seconds + device.timings.reboot_seconds + 1))


# The progress CGI shows SUCCESS (or FAIL) this long between the end of flashing and the reboot.
RESULT_SHOWN_SECONDS = 0.5
# Shares of the flashing time that the progress CGI reports as INIT and PREP before UPDATE.
FLASHING_STAGES = ((0.1, "INIT"), (0.2, "PREP"))


def _flashing_state(update):
    share = (time.time() - update["started"]) / max(update["flashing"], 1e-6)
    return next((state for limit, state in FLASHING_STAGES if share < limit), "UPDATE")


def _run_update(device, entry):
    """Flashing window (503), the result shown until the reboot, then the reboot into the new (or, on an
    injected failure, the old) version; after the reboot the progress CGI says NONE again."""
    time.sleep(device.timings.update_seconds)
    fails = device.faults.take("update_fails") is not None
    with device.lock:
        update = fw_state(device)["update"]
        if fails:
            update.update(state="FAIL", error_message="firmware update failed")
        else:
            update["state"] = "SUCCESS"
        update["finished"] = time.time()
        device.save()
    time.sleep(RESULT_SHOWN_SECONDS)

    def install():
        with device.lock:
            firmware = fw_state(device)
            if fails:
                entry.update(status=FAILED, details="firmware update failed; rebooted into the old version")
            else:
                entry["status"] = SUCCESSFUL
                device.state["identity"]["firmware_version"] = entry["imageVersion"]
            firmware["history"].append(entry)
            firmware["update"] = None
            discard_image(device)
            device.fw_update_running = False
            device.save()

    lifecycle.reboot(device, while_down=install)


class Firmware:
    TYPE = "firmware.Firmware:2.0.4"

    def __init__(self, device):
        self.device = device

    def getVersion(self):
        return {"_ret_": self.device.firmware_version}

    def getInfo(self):
        model = self.device.model
        return {
            "_ret_": {
                "product": product_of(model),
                "platform": product_of(model).lower(),
                "version": self.device.firmware_version,
            }
        }

    def getUpdateHistory(self):
        with self.device.lock:
            generation = generations.of(self.device)
            return {
                "_ret_": [
                    generations.shape(generation, "firmware.UpdateHistoryEntry", entry)
                    for entry in fw_state(self.device)["history"]
                ]
            }

    def getImageStatus(self):
        with self.device.lock:
            return {"_ret_": image_status(self.device)}

    def getImageInfo(self):
        with self.device.lock:
            image = fw_state(self.device).get("image")
            if getattr(self.device, "fw_upload", None) is not None or not image or image["state"] != COMPLETE:
                return {"_ret_": False, "info": empty_info()}
            return {"_ret_": True, "info": dict(image["info"])}

    def discardImage(self):
        with self.device.lock:
            if not getattr(self.device, "fw_update_running", False):
                discard_image(self.device)
                self.device.save()
        return {}

    def startUpdate(self, flags: UpdateFlags):
        device = self.device
        with device.lock:
            image = fw_state(device).get("image")
            reason = _refusal(device, image, flags)
            if reason:
                raise RpcError(REFUSED, reason)
            info = image["info"]
            entry = {
                "timestamp": device.now(),
                "oldVersion": device.firmware_version,
                "imageVersion": info["version"],
                "product": info["product"],
                "platform": info["platform"],
                "imageMD5": image["md5"],
                "status": 2,
                "details": "",
            }
            fw_state(device)["update"] = {
                "state": "UPDATE",
                "started": time.time(),
                "finished": None,
                "flashing": device.timings.update_seconds,
                "estimated": _estimated(device),
                "error_message": "",
            }
            device.fw_update_running = True
            device.phase = "flashing"
            device.save()
        threading.Thread(target=_run_update, args=(device, entry), name=f"fwupdate-{device.host}", daemon=True).start()
        return {}

    def reboot(self):
        lifecycle.reboot_later(self.device)
        return {}

    def factoryReset(self):
        self.device.factory_reset()
        lifecycle.reboot_later(self.device)
        return {}

    def hardFactoryReset(self):
        return {"_ret_": 1}

    def manufacturingReset(self):
        return {"_ret_": 1}


class FirmwareUpdateStatus:
    """Served without credentials (handler.py) and while the device is busy after an upload."""

    TYPE = "firmware.FirmwareUpdateStatus:1.0.0"
    SERVED_WHEN_BUSY = True

    def __init__(self, device):
        self.device = device

    def getStatus(self):
        with self.device.lock:
            update = fw_state(self.device).get("update")
            # an update persisted by an earlier run of the simulator ended with that run (a reboot)
            update = dict(update) if update and getattr(self.device, "fw_update_running", False) else None
        if not update:
            return {"_ret_": {"state": "NONE", "elapsed": 0, "estimated": 0, "error_message": ""}}
        flashing = update["state"] == "UPDATE"
        end = time.time() if flashing or not update["finished"] else update["finished"]
        state = _flashing_state(update) if flashing and "flashing" in update else update["state"]
        return {
            "_ret_": {
                "state": state,
                "elapsed": max(0, int(end - update["started"])),
                "estimated": update["estimated"],
                "error_message": update["error_message"],
            }
        }


RPC_OBJECTS = {"/firmware": Firmware, "/cgi-bin/fwupdate_progress.cgi": FirmwareUpdateStatus}
