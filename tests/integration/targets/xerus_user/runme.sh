#!/usr/bin/env bash
set -eux
# Two devices, a 4.4 and a 4.0 firmware generation; the playbook runs every check on both at once, at -vvvv,
# and the log is then searched for every secret the tasks used.
source ../setup_xerus_sim/start.sh --fleet 2 --fw-generation 4.4,4.0
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
suffix="$("$python" -c 'import secrets; print(secrets.token_hex(8))')"
password="Int-User-${suffix}"
new_password="Int-New-${suffix}"
auth_phrase="Int-Auth-${suffix}"
priv_phrase="Int-Priv-${suffix}"
log="${XERUS_SIM_WORK}/xerus_user.log"
secrets_file="${XERUS_SIM_WORK}/secrets.json"
set +x
# A file, not -e key=value: ansible-playbook prints its command-line extra vars at -vvvv.
(umask 077; printf '{"password": "%s", "new_password": "%s", "auth_phrase": "%s", "priv_phrase": "%s"}\n' \
    "${password}" "${new_password}" "${auth_phrase}" "${priv_phrase}" >"${secrets_file}")
ansible-playbook -i ../setup_xerus_sim/inventory.ini playbook.yml -e "@${XERUS_SIM_VARS}" -e "@${secrets_file}" \
    -vvvv "$@" >"${log}" 2>&1 || { tail -n 80 "${log}"; exit 1; }
grep -q '"invocation"' "${log}"
index=0
for secret in "${password}" "${new_password}" "${auth_phrase}" "${priv_phrase}" "${XERUS_PASSWORD}"; do
    index=$((index + 1))
    if grep -qF -- "${secret}" "${log}"; then
        echo "secret ${index} appears in the -vvvv log, in lines: $(grep -nF -- "${secret}" "${log}" | cut -d: -f1 | head -5 | tr '\n' ' ')" >&2
        grep -nF -- "${secret}" "${log}" | head -3 | sed "s/${secret}/<SECRET>/g; s/^\(.\{300\}\).*/\1/" >&2
        exit 1
    fi
done
set -x
grep -c 'ok=' "${log}"
