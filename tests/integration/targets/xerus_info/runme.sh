#!/usr/bin/env bash
set -eux
# Two simulators (start.sh may be sourced twice): a PDU with 8 outlets and one with 48.
source ../setup_xerus_sim/start.sh --outlets 8
small_vars="${XERUS_SIM_VARS}"
source ../setup_xerus_sim/start.sh --outlets 48
ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" -e "small_sim_vars=${small_vars}" "$@"
