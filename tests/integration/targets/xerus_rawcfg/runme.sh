#!/usr/bin/env bash
set -eux
source ../setup_xerus_sim/start.sh --outlets 8 --fleet 2 --reboot-seconds 2 --raw-apply-delay 0.5
ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" "$@"
