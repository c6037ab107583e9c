#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_firmware
short_description: Upgrade the firmware of a Xerus PDU
version_added: 1.0.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Installs a firmware image on a Legrand / Raritan / Server Technology PDU through its Xerus JSON-RPC API
    and waits until the device answers again with the new version.
  - Reads the running version, the model and the device's image slot in one request. When O(version) is given and
    equals the running version, nothing is uploaded and the task reports no change.
  - Otherwise the image is streamed to the device (never held in memory, so its size does not matter), the version,
    validity, compatibility, model support and signature the device reports for it are checked, and an invalid,
    incompatible, unsigned or older image is refused and discarded, leaving the device as it was.
  - If the uploaded image carries the running version it is discarded and the task reports no change, unless
    O(force=true).
  - After the update starts the module polls the device's progress CGI (without credentials, as the vendor's tools
    do) through flashing and reboot. It succeeds only when the device answers with the new version and its update
    history has a new entry that records a successful update to it; the progress state is not trusted for this,
    because real devices report C(NONE) again after the reboot.
  - Works with both Firmware interface generations (C(firmware.Firmware) 2.0.2 and 2.0.4). It uses only methods
    both have and reads update history entries tolerantly (missing or extra fields).
options:
  image:
    description:
      - Path of the firmware image file on the controller.
      - Must be a readable, non-empty regular file (after resolving links) of at most 1 GiB; directories, FIFOs,
        sockets and devices are refused at once.
    type: path
    required: true
  version:
    description:
      - The firmware version that O(image) carries, for example V(4.3.0.1-50400).
      - When it equals the running version the task reports no change without uploading anything.
      - When it is given, the version the device reads from the uploaded image must match it.
      - In check mode it lets the module tell whether an update would happen.
    type: str
  force:
    description:
      - Install the image even when it carries the running version.
    type: bool
    default: false
  allow_downgrade:
    description:
      - Allow installing an image whose version is older than the running one.
      - Versions are compared numerically by their dotted and dashed parts.
    type: bool
    default: false
  allow_untrusted:
    description:
      - Allow an image that is not signed, or whose signature the device does not accept
        (sends the C(ALLOW_UNTRUSTED) update flag).
    type: bool
    default: false
  discard_staged:
    description:
      - Discard a firmware image that is already staged on the device (uploaded by someone else and not installed)
        before the upload.
      - When V(false) such an image makes the task fail and nothing is changed; check mode reports the same.
      - When V(true) check mode says that the staged image would be discarded.
    type: bool
    default: false
  busy_timeout:
    description:
      - Seconds after the upload during which calls the device refuses with a JSON-RPC error are retried.
        Real devices refuse calls for a few seconds while they verify an uploaded image.
      - The window ends early once the device answers a call normally.
    type: int
    default: 30
  reboot_timeout:
    description:
      - Seconds to wait, from the start of the update, for the device to flash the image, reboot and answer
        with the new version. A real device needs several minutes.
    type: int
    default: 900
  poll_interval:
    description:
      - Seconds between two progress or reachability polls while the device updates, and between retries while it
        is busy after the upload.
      - A wait never sleeps past its deadline (O(reboot_timeout), O(busy_timeout)).
    type: float
    default: 2.0
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - Nothing is uploaded in check mode. With O(version) the module predicts exactly whether an update would
        happen. Without O(version) it cannot know the image's version, so it reports C(changed=true) (an update
        would be attempted) and says so in RV(msg).
notes:
  - Needs O(username) and O(password); a O(token) is refused, because the update's reboot ends every session and the
    new version could not be verified afterwards.
  - The device is unavailable while it flashes and reboots; with O(reboot_timeout) too short the task fails although
    the device may still finish the update. Its state is then unknown and should be checked before a retry.
  - A task that fails after the device was changed (an image staged or discarded, an update started) reports
    C(changed=true) together with C(failed=true) and what is known in RV(progress).
  - Progress is returned as one line per phase in RV(progress), which C(ansible-playbook -v) shows with the result.
  - A failed task leaves the device on its previous firmware whenever the failure happens before the update starts
    (the uploaded image is discarded).
seealso:
  - module: xerus.pdu.xerus_info
"""

EXAMPLES = r"""
- name: Upgrade to 4.3.0.1 (nothing is uploaded when the PDU already runs it)
  xerus.pdu.xerus_firmware:
    host: pdu-a1.example.com
    username: admin
    password: "{{ vault_pdu_password }}"
    image: files/px3-4.3.0.1-50400.bin
    version: 4.3.0.1-50400

- name: Roll back to an older release on purpose, with a slower device
  xerus.pdu.xerus_firmware:
    image: /srv/firmware/px3-4.2.0.5-50274.bin
    version: 4.2.0.5-50274
    allow_downgrade: true
    reboot_timeout: 1800
    poll_interval: 10

- name: Replace an image that an interrupted run left staged on the PDU
  xerus.pdu.xerus_firmware:
    image: files/px3-4.3.0.1-50400.bin
    version: 4.3.0.1-50400
    discard_staged: true

- name: Predict the update without touching the PDU
  xerus.pdu.xerus_firmware:
    image: files/px3-4.3.0.1-50400.bin
    version: 4.3.0.1-50400
  check_mode: true
  register: fw_plan
"""

RETURN = r"""
msg:
  description: What happened, or in check mode what would happen.
  returned: always
  type: str
  sample: firmware updated 4.2.0.5-50274 -> 4.3.0.1-50400
previous_version:
  description: The firmware version running before the task.
  returned: success
  type: str
  sample: 4.2.0.5-50274
version:
  description: The firmware version running after the task (unchanged in check mode).
  returned: success
  type: str
  sample: 4.3.0.1-50400
image_version:
  description:
    - The version the image carries, as the device read it after the upload, or O(version) when nothing was
      uploaded.
  returned: success
  type: str
  sample: 4.3.0.1-50400
duration_upload:
  description: Seconds the upload took; null when nothing was uploaded.
  returned: success
  type: float
  sample: 3.2
duration_update:
  description: Seconds from the start of the update until the device answered with the new version; null without an update.
  returned: success
  type: float
  sample: 312.5
update_history:
  description: The device's update history entry of this update; null without an update.
  returned: success
  type: dict
  sample:
    timestamp: 1795533969
    oldVersion: 4.2.0.5-50274
    imageVersion: 4.3.0.1-50400
    product: PX3
    platform: px3
    imageMD5: be6dd65f5b1f65a419412e4e0bdcafe7
    status: SUCCESSFUL
    details: ""
progress:
  description:
    - One line per phase (read, discard, upload, busy, image check, update, flashing, reboot, check, done).
    - Also returned when the task fails after the device was read.
  returned: success
  type: list
  elements: str
  sample:
    - "read: running 4.2.0.5-50274, model PX3-5190R, image slot NONE"
    - "upload: streaming files/px3.bin (2187 bytes)"
    - "done: the device runs 4.3.0.1-50400 after 3.1 s"
diff:
  description: The running version before and after (in check mode the predicted one).
  returned: when diff mode is enabled
  type: dict
  sample:
    before:
      version: 4.2.0.5-50274
    after:
      version: 4.3.0.1-50400
"""

from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError
from ansible_collections.xerus.pdu.plugins.module_utils.file_checks import MAX_IMAGE_SIZE
from ansible_collections.xerus.pdu.plugins.module_utils.firmware import upgrade
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule


def argument_spec():
    return dict(
        image=dict(type="path", required=True),
        version=dict(type="str"),
        force=dict(type="bool", default=False),
        allow_downgrade=dict(type="bool", default=False),
        allow_untrusted=dict(type="bool", default=False),
        discard_staged=dict(type="bool", default=False),
        busy_timeout=dict(type="int", default=30),
        reboot_timeout=dict(type="int", default=900),
        poll_interval=dict(type="float", default=2.0),
    )


def validate(module):
    # The update's reboot ends every session: a token-only task could not prove the new version afterwards.
    if module.params.get("token"):
        raise XerusInputError(
            "token: xerus_firmware needs username and password, not a session token: the reboot "
            "at the end of an update ends every session, so the new version could not be verified",
            option="token",
        )
    module.check_input_file("image", MAX_IMAGE_SIZE)
    module.check_seconds("reboot_timeout", "poll_interval")
    module.check_seconds("busy_timeout", allow_zero=True)


def predicted_after(module, result):
    if not module.check_mode or not result.changed:
        return result.version
    return module.params["version"] or f"(version of {module.params['image']})"


def main():
    module = XerusModule(argument_spec=argument_spec(), supports_check_mode=True)
    params = module.params
    with module.errors_to_fail_json():
        validate(module)
        with module.client() as client:
            result = upgrade(
                client,
                params["image"],
                version=params["version"],
                force=params["force"],
                allow_downgrade=params["allow_downgrade"],
                allow_untrusted=params["allow_untrusted"],
                discard_staged=params["discard_staged"],
                busy_timeout=params["busy_timeout"],
                reboot_timeout=params["reboot_timeout"],
                poll_interval=params["poll_interval"],
                check_mode=module.check_mode,
            )
    module.exit_with(
        result.as_dict(),
        diff=dict(before=dict(version=result.previous_version), after=dict(version=predicted_after(module, result))),
    )


if __name__ == "__main__":
    main()
