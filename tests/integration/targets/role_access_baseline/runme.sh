#!/usr/bin/env bash
# The role access_baseline on three PDUs of both generations in batches of two: check mode changes nothing, the
# first run applies everything, a second run changes nothing, the new account logs in; no secret in -vvvv.
set -eux
source ../setup_xerus_sim/start.sh --fleet 3 --outlets 2 --fw-generation 4.4,4.0
unset XERUS_HOST XERUS_PORT
set +x
XERUS_TEST_OPS_PASSWORD="Ops-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')-x1"
XERUS_TEST_BIND_PASSWORD="bind-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export XERUS_TEST_OPS_PASSWORD XERUS_TEST_BIND_PASSWORD
for scenario in check first again; do
    check=""
    [ "${scenario}" = check ] && check="--check"
    ansible-playbook -i inventory.yml apply.yml -e "@${XERUS_SIM_VARS}" -e scenario=${scenario} ${check} -vvvv "$@" \
        >"${XERUS_SIM_WORK}/${scenario}.log" 2>&1 \
        || { grep -E -A3 "^(fatal|failed):|\"msg\"" "${XERUS_SIM_WORK}/${scenario}.log" | tail -n 60; exit 1; }
    grep -q 'access_baseline_result' "${XERUS_SIM_WORK}/${scenario}.log"
    for name in XERUS_TEST_OPS_PASSWORD XERUS_TEST_BIND_PASSWORD; do
        if grep -qF -- "${!name}" "${XERUS_SIM_WORK}/${scenario}.log"; then
            echo "LEAK: the ${scenario} run's -vvvv log contains ${name}" >&2
            exit 1
        fi
    done
    ansible-playbook -i inventory.yml check.yml -e "@${XERUS_SIM_VARS}" -e scenario=${scenario} "$@"
done
echo "secrets check: 2 secrets absent from the -vvvv logs of 3 runs"
