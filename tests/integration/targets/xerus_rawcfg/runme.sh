#!/usr/bin/env bash
set -eux
# A fleet of two: a 4.4 and a 4.0 firmware generation device.
source ../setup_xerus_sim/start.sh --outlets 8 --fleet 2 --reboot-seconds 2 --raw-apply-delay 0.5 --fw-generation 4.4,4.0
ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" "$@"
