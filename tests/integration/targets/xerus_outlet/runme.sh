#!/usr/bin/env bash
set -eux
# 24 outlets: the request counts are proven for k = 1, 8 and 24.
source ../setup_xerus_sim/start.sh --outlets 24
ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" "$@"
