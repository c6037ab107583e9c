#!/usr/bin/env bash
set -eux
# Two simulators (start.sh may be sourced twice): PDUs with 8 outlets and PDUs with 48, each a 4.4 and a
# 4.0 firmware generation device; the playbook runs every check on the four at once.
source ../setup_xerus_sim/start.sh --outlets 8 --fleet 2 --fw-generation 4.4,4.0
small_vars="${XERUS_SIM_VARS}"
source ../setup_xerus_sim/start.sh --outlets 48 --fleet 2 --fw-generation 4.4,4.0
ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" -e "small_sim_vars=${small_vars}" "$@"
