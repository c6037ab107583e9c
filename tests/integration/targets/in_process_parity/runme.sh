#!/usr/bin/env bash
# Every module both ways on the same inputs (xerus_in_process true / false), results compared key by key,
# and both -vvvv logs scanned for secrets.
set -eux
source ../setup_xerus_sim/start.sh --outlets 8 --cert-restart-ms 300 --reboot-seconds 1 --update-seconds 1
work="${XERUS_SIM_WORK}/parity"
mkdir -p "${work}"
# Inputs the cases read through relative paths: generated into files/ (found there like copy's src).
rm -rf files/pki files/firmware
mkdir -p files/pki files/firmware
trap 'rm -rf files/pki files/firmware; xerus_sim_stop' EXIT
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
host="$("$python" ../setup_xerus_sim/simctl.py get --vars "${XERUS_SIM_VARS}" host)"
running="$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["xerus_sim"]["devices"][0]["firmware_version"])' "${XERUS_SIM_VARS}")"
"$python" ../xerus_cert/files/gen_certs.py --dir files/pki --ip "${host}" >/dev/null
"$python" ../xerus_firmware/files/mkimage.py --out files/firmware/running.bin --version "${running}"
"$python" ../xerus_firmware/files/mkimage.py --out files/firmware/new.bin --version 4.3.0.1-50400
"$python" ../xerus_firmware/files/mkimage.py --out files/firmware/corrupt.bin --version 4.3.0.1-50400 --corrupt

set +x
for in_process in true false; do
    XERUS_CASE_RESULTS="${work}/${in_process}.json" ANSIBLE_CALLBACKS_ENABLED=case_results \
    ANSIBLE_CALLBACK_PLUGINS="$(pwd)/callback_plugins" \
        ansible-playbook -i ../setup_xerus_sim/inventory.ini cases.yml -e "@${XERUS_SIM_VARS}" \
        -e "parity_work=${work}" -e "xerus_in_process=${in_process}" -vvvv "$@" >"${work}/${in_process}.log" 2>&1 \
        || { tail -n 60 "${work}/${in_process}.log"; exit 1; }
done
set -x
# Each run took the path it was asked for, for every module.
test "$(grep -c 'running in-process' "${work}/true.log")" -ge 30
test "$(grep -c 'running as a module process (xerus_in_process is false)' "${work}/false.log")" -ge 30
! grep -q 'running as a module process' "${work}/true.log"
! grep -q 'running in-process' "${work}/false.log"
"$python" files/compare.py "${work}/true.json" "${work}/false.json" --min-cases 30
# Warnings reach the user the same way on both paths.
diff <(grep -o '\[WARNING\]: [^:]*:[^.]*' "${work}/true.log" | sort) <(grep -o '\[WARNING\]: [^:]*:[^.]*' "${work}/false.log" | sort)
grep -q 'expires' "${work}/true.log"
for in_process in true false; do
    "$python" files/scan_secrets.py --log "${work}/${in_process}.log" --pki files/pki \
        --secret "${XERUS_PASSWORD}" parity-wrong-password-3141 parity-config-secret-2718 parity-token-1618 \
        parity-user-secret-1414 \
        parity-bind-secret-1414
done
