#!/usr/bin/env bash
set -eux
# Two devices, a 4.4 and a 4.0 firmware generation; the playbook runs every check on both at once.
source ../setup_xerus_sim/start.sh --outlets 8 --fleet 2 --fw-generation 4.4,4.0
ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" "$@"
