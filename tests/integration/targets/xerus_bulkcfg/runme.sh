#!/usr/bin/env bash
set -eux
# Every simulator here is a fleet of two: a 4.4 and a 4.0 firmware generation device, checked at once.
source ../setup_xerus_sim/start.sh --outlets 8 --reboot-seconds 2 --raw-apply-delay 0.5 --fleet 2 --fw-generation 4.4,4.0
ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" "$@"

# A restore that stays pending for a while: its own simulator (the delay is per simulator).
source ../setup_xerus_sim/start.sh --outlets 8 --restore-delay 6 --fleet 2 --fw-generation 4.4,4.0
ansible-playbook -i ../setup_xerus_sim/inventory.ini restore_running.yml -e "@${XERUS_SIM_VARS}" "$@"
