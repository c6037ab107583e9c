#!/usr/bin/env bash
set -eux
# Short flashing, reboot and post-upload busy windows keep the target fast; the module's timeouts are set per task.
source ../setup_xerus_sim/start.sh --reboot-seconds 1 --update-seconds 1 --upload-busy-seconds 1
ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" "$@"
