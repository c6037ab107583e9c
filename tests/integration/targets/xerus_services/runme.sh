#!/usr/bin/env bash
set -eux
# Two devices, a 4.4 and a 4.0 firmware generation (security.Security 5.0.1 / 5.0.0): every check runs on both at once.
source ../setup_xerus_sim/start.sh --outlets 2 --fleet 2 --fw-generation 4.4,4.0
source ../setup_xerus_sim/secret_scan.sh
# The whole playbook at -vvvv; the log must not hold the password.
xerus_playbook_scanned xerus.pdu.xerus_services "$@"
