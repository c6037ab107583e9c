#!/usr/bin/env bash
# playbooks/day_one.yml with its example vars file, as a user runs it, against a fresh simulated fleet of both
# firmware generations: the first run brings every PDU to the baseline, the second run changes nothing, and the
# devices hold the baseline afterwards (verify.yml through xerus_info; the secrets by check_day_one.py).
set -eux
source ../setup_xerus_sim/start.sh --outlets 2 --fleet 2 --fw-generation 4.4,4.0
PY="${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python3)}"
# ansible-test runs a copy of the target under <collection>/tests/output/.tmp/: the playbook is the collection's.
ROOT="${PWD%%/tests/output/.tmp/*}"
[ "$ROOT" != "$PWD" ] || ROOT="$(cd ../../../.. && pwd)"
work="${XERUS_SIM_WORK}/day_one"
mkdir -p "${work}"

"$PY" - "${XERUS_SIM_VARS}" "${work}/fleet.ini" <<'PYTHON'
import json, sys
devices = json.load(open(sys.argv[1]))["xerus_sim"]["devices"]
lines = ["[xerus]"] + [f"pdu{index}-fw{d['generation']} xerus_host={d['host']} xerus_port={d['port']}"
                       for index, d in enumerate(devices)]
lines += ["", "[xerus:vars]", "ansible_connection=local", "ansible_python_interpreter={{ ansible_playbook_python }}"]
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
PYTHON
# What a vault would hold (0600).
(umask 077 && printf '%s\n' "vault_snmp_read_community: day1-Read-5e2f" "vault_snmp_write_community: day1-Write-91ac" \
    "vault_snmp_trap_community: day1-Trap-07bd" "vault_smtp_password: day1-Smtp-c3d8" \
    "vault_ops_password: day1-Ops-Pass-6b1e" >"${work}/vault.yml")

run() {
    local name="$1"
    shift
    ansible-playbook -i "${work}/fleet.ini" \
        "${ROOT}/playbooks/day_one.yml" -e "@${ROOT}/playbooks/day_one_vars.example.yml" -e "@${work}/vault.yml" \
        "$@" >"${work}/${name}.log" 2>&1 || { tail -n 60 "${work}/${name}.log"; exit 1; }
    sed -n '/PLAY RECAP/,$p' "${work}/${name}.log"
}
run first "$@"
run second "$@"
"$PY" check_day_one.py --first "${work}/first.log" --second "${work}/second.log" --vars "${XERUS_SIM_VARS}" \
    --settings ../xerus_snmp/files/device_settings.py --vault "${work}/vault.yml"
ansible-playbook -i "${work}/fleet.ini" verify.yml "$@" >"${work}/verify.log" 2>&1 || { tail -n 60 "${work}/verify.log"; exit 1; }
sed -n '/PLAY RECAP/,$p' "${work}/verify.log"
