#!/usr/bin/env bash
set -eux
# Short flashing, reboot and post-upload busy windows keep the target fast; the module's timeouts are set per task.
# Two devices, a 4.4 and a 4.0 firmware generation (firmware.Firmware 2.0.4 / 2.0.2); every check runs on both at once.
source ../setup_xerus_sim/start.sh --reboot-seconds 1 --update-seconds 1 --upload-busy-seconds 1 --fleet 2 --fw-generation 4.4,4.0
ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" "$@"
