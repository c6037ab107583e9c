#!/usr/bin/env bash
set -eux
# Two devices, a 4.4 and a 4.0 firmware generation: every check runs on both at once. The playbook runs at
# -vvvv into a log; afterwards none of the communities and passphrases it used may be found in it.
source ../setup_xerus_sim/start.sh --outlets 2 --fleet 2 --fw-generation 4.4,4.0
source files/scanned_run.sh
set +x
scanned_run xerus_snmp it_read_community=it-Read-Comm-7c1f0a it_write_community=it-Write-Comm-2b9e41 \
    it_trap_community=it-Trap-Comm-5d3a77 it_auth_passphrase=it-Auth-Pass-0e6c93 \
    it_priv_passphrase=it-Priv-Pass-8f21b4 it_new_trap_community=it-Trap-Comm-NEW-4e01 -- "$@"
