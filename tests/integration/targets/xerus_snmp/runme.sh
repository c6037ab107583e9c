#!/usr/bin/env bash
set -eux
# Two devices, a 4.4 and a 4.0 firmware generation: every check runs on both at once. The playbook runs at
# -vvvv; the log may hold none of the communities and passphrases it used, nor the connection password.
source ../setup_xerus_sim/start.sh --outlets 2 --fleet 2 --fw-generation 4.4,4.0
source ../setup_xerus_sim/secret_scan.sh
set +x
secrets=(it-Read-Comm-7c1f0a it-Write-Comm-2b9e41 it-Trap-Comm-5d3a77 it-Auth-Pass-0e6c93 it-Priv-Pass-8f21b4
         it-Trap-Comm-NEW-4e01)
# In a vars file (0600): -vvvv prints extra variables given on the command line.
secret_vars="${XERUS_SIM_WORK}/secrets.yml"
(umask 077 && printf '%s\n' "it_read_community: ${secrets[0]}" "it_write_community: ${secrets[1]}" \
    "it_trap_community: ${secrets[2]}" "it_auth_passphrase: ${secrets[3]}" "it_priv_passphrase: ${secrets[4]}" \
    "it_new_trap_community: ${secrets[5]}" >"${secret_vars}")
XERUS_SCAN_SECRETS="$(printf '%s\n' "${secrets[@]}")" xerus_playbook_scanned xerus_snmp -e "@${secret_vars}" "$@"
