#!/usr/bin/env bash
set -eux
# Two devices, a 4.4 and a 4.0 firmware generation: every check runs on both at once. The playbook runs at
# -vvvv into a log; afterwards none of the SMTP passwords it used may be found in it.
source ../setup_xerus_sim/start.sh --outlets 2 --fleet 2 --fw-generation 4.4,4.0
source ../xerus_snmp/files/scanned_run.sh
set +x
scanned_run xerus_smtp it_smtp_password=it-Smtp-Pass-3a9d17 it_new_smtp_password=it-Smtp-Pass-NEW-c41e08 -- "$@"
