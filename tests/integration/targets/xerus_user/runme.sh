#!/usr/bin/env bash
set -eux
# Two devices, a 4.4 and a 4.0 firmware generation; the playbook runs every check on both at once, at -vvvv,
# and the log is then searched for every secret the tasks used.
source ../setup_xerus_sim/start.sh --fleet 2 --fw-generation 4.4,4.0
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
suffix="$("$python" -c 'import secrets; print(secrets.token_hex(8))')"
user_password="Int-User-${suffix}"
new_password="Int-New-${suffix}"
auth_phrase="Int-Auth-${suffix}"
priv_phrase="Int-Priv-${suffix}"
log="${XERUS_SIM_WORK}/xerus_user.log"
set +x
ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" \
    -e "user_password=${user_password} new_password=${new_password}" \
    -e "auth_phrase=${auth_phrase} priv_phrase=${priv_phrase}" -vvvv "$@" >"${log}" 2>&1 \
    || { tail -n 80 "${log}"; exit 1; }
grep -q '"invocation"' "${log}"
for secret in "${user_password}" "${new_password}" "${auth_phrase}" "${priv_phrase}" "${XERUS_PASSWORD}"; do
    if grep -qF -- "${secret}" "${log}"; then
        echo "a secret appears in the -vvvv log" >&2
        exit 1
    fi
done
set -x
grep -c 'ok=' "${log}"
