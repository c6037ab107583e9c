#!/usr/bin/env bash
# Two PDUs with different credentials and CA files in one play, on both paths (xerus_in_process true and
# false): each task reaches only its own PDU, with its own credentials, trusting only its own CA. The inventory's
# xerus_host/xerus_port and ansible_host name the other PDU (or no port): a task's own host and port win over
# them, and a task without host or port reaches the PDU its host's xerus_host names, never ansible_host's.
set -eux
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
source ../setup_xerus_sim/start.sh --outlets 4 --user alice --password alice-secret-5821
vars_a="${XERUS_SIM_VARS}" work_a="${XERUS_SIM_WORK}"
source ../setup_xerus_sim/start.sh --outlets 4 --user bob --password bob-secret-9930
vars_b="${XERUS_SIM_VARS}" work_b="${XERUS_SIM_WORK}"
# Nothing may come from the environment: every connection option is the host's own.
unset XERUS_HOST XERUS_PORT XERUS_USERNAME XERUS_PASSWORD XERUS_CA_PATH XERUS_VALIDATE_CERTS
trap 'rm -f files/ca-a.pem files/ca-b.pem inventory.yml; xerus_sim_stop' EXIT
# Each fleet has its own CA; the inventory names the files relative to the play (found in files/).
mkdir -p files
cp "${work_a}/ca-bundle.pem" files/ca-a.pem
cp "${work_b}/ca-bundle.pem" files/ca-b.pem
cmp -s files/ca-a.pem files/ca-b.pem && { echo "both simulators have the same CA" >&2; exit 1; }
host() { "$python" ../setup_xerus_sim/simctl.py get --vars "$1" host; }
cat >inventory.yml <<INV
all:
  vars:
    ansible_connection: local
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  hosts:
    pdu-a: {pdu_host: $(host "$vars_a"), pdu_user: alice, pdu_password: alice-secret-5821, pdu_ca: ca-a.pem,
            other_ca: ca-b.pem, other_password: bob-secret-9930, access_log: ${work_a}/access.log,
            xerus_host: $(host "$vars_b"), xerus_port: 1}
    pdu-b: {pdu_host: $(host "$vars_b"), pdu_user: bob, pdu_password: bob-secret-9930, pdu_ca: ca-b.pem,
            other_ca: ca-a.pem, other_password: alice-secret-5821, access_log: ${work_b}/access.log,
            ansible_host: $(host "$vars_a"), xerus_port: 8443}
INV
for in_process in true false; do
    ansible-playbook -i inventory.yml play.yml -e "xerus_in_process=${in_process}" -f 2 "$@"
done
