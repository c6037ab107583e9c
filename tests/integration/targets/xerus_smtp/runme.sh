#!/usr/bin/env bash
set -eux
# Two devices, a 4.4 and a 4.0 firmware generation: every check runs on both at once. The playbook runs at
# -vvvv; the log may hold none of the SMTP passwords it used, nor the connection password.
source ../setup_xerus_sim/start.sh --outlets 2 --fleet 2 --fw-generation 4.4,4.0
source ../setup_xerus_sim/secret_scan.sh
set +x
secrets=(it-Smtp-Pass-3a9d17 it-Smtp-Pass-NEW-c41e08)
# In a vars file (0600): -vvvv prints extra variables given on the command line.
secret_vars="${XERUS_SIM_WORK}/secrets.yml"
(umask 077 && printf '%s\n' "it_smtp_password: ${secrets[0]}" "it_new_smtp_password: ${secrets[1]}" >"${secret_vars}")
XERUS_SCAN_SECRETS="$(printf '%s\n' "${secrets[@]}")" xerus_playbook_scanned xerus_smtp -e "@${secret_vars}" "$@"
