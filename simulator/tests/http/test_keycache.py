# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Factory keys from the key cache: generated in parallel once, reused by later fresh fleets, each device still
with its own certificate (subject, SAN, serial number) for its own key."""

import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from simfixture import Simulator

from xerus_sim.http import keycache, tlscert


def public_der(key_or_cert):
    return key_or_cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def test_missing_keys_are_generated_stored_private_and_read_back(tmp_path, monkeypatch):
    cache = keycache.KeyCache(tmp_path / "cache")
    first = cache.keys([0, 2])
    assert sorted(first) == [0, 2] and first[0] != first[2]
    folder = tmp_path / "cache" / keycache.KIND
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert sorted(p.name for p in folder.iterdir()) == ["00000.pem", "00002.pem"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())

    def no_generation(count, workers=None):
        assert count == 0, "a cached key was generated again"
        return iter(())

    monkeypatch.setattr(keycache, "generate", no_generation)
    assert keycache.KeyCache(tmp_path / "cache").keys([2, 0]) == first


def test_a_damaged_cached_key_is_replaced(tmp_path):
    cache = keycache.KeyCache(tmp_path)
    cache.path(1).write_bytes(b"-----BEGIN PRIVATE KEY-----\ntruncated")
    pem = cache.keys([1])[1]
    assert keycache.usable(pem) and cache.path(1).read_bytes() == pem


def test_without_a_folder_nothing_is_kept(tmp_path):
    first, second = keycache.KeyCache(None).keys([0]), keycache.KeyCache(None).keys([0])
    assert first[0] != second[0]
    assert list(tmp_path.iterdir()) == []


def test_an_unusable_folder_warns_and_still_gives_keys(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    keys = keycache.KeyCache(blocker).keys([0])
    assert keycache.usable(keys[0])
    assert "key cache" in capsys.readouterr().err


def test_a_process_pool_generates_distinct_keys():
    pems = list(keycache.generate(keycache.SERIAL_BELOW, workers=2))
    assert len(set(pems)) == keycache.SERIAL_BELOW
    assert all(keycache.usable(pem) for pem in pems)


def test_a_cached_key_gets_a_new_certificate_of_its_own():
    pem = keycache.new_key_pem()
    key_bytes, cert_bytes = tlscert.generate_identity("127.0.0.9", "XEM0000009", "PX3-5190R", key_pem_bytes=pem)
    again = x509.load_pem_x509_certificate(
        tlscert.generate_identity("127.0.0.9", "XEM0000009", "PX3-5190R", key_pem_bytes=pem)[1]
    )
    cert = x509.load_pem_x509_certificate(cert_bytes)
    assert key_bytes == pem
    assert public_der(cert) == public_der(tlscert.load_own_key(pem))
    assert cert.serial_number != again.serial_number


def fleet_identities(simulator):
    identities = []
    for device in simulator.devices:
        with open(device["cert"], "rb") as handle:
            cert = x509.load_pem_x509_certificate(handle.read())
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        identities.append(
            {
                "cn": cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value,
                "san": sorted(str(name.value) for name in san),
                "serial": cert.serial_number,
                "public": public_der(cert),
                "host": device["host"],
                "device_serial": device["serial"],
            }
        )
    return identities


@pytest.fixture
def run_fleet(tmp_path):
    started = []

    def run(bind, *args):
        simulator = Simulator("--bind", bind, "--fleet", "3", "--state-dir", str(tmp_path / bind), *args)
        started.append(simulator)
        return fleet_identities(simulator)

    yield run
    for simulator in started:
        assert simulator.stop() == 0


def test_fresh_fleets_reuse_cached_keys_with_certificates_of_their_own(tmp_path, run_fleet):
    cache = tmp_path / "keys"
    first = run_fleet("127.0.71.1", "--key-cache", str(cache))
    second = run_fleet("127.0.72.1", "--key-cache", str(cache))
    assert len({device["public"] for device in first}) == 3, "every device of a fleet has its own key"
    assert [device["public"] for device in second] == [device["public"] for device in first]
    cached = [public_der(tlscert.load_own_key(keycache.KeyCache(cache).path(slot).read_bytes())) for slot in range(3)]
    assert cached == [device["public"] for device in first]
    for device in first + second:
        assert device["cn"] == device["host"]
        assert device["san"] == sorted([device["host"], f"px-{device['device_serial'].lower()}.local"])
    assert {device["serial"] for device in first}.isdisjoint(device["serial"] for device in second)


def test_no_key_cache_keeps_no_keys(tmp_path, run_fleet):
    cache = tmp_path / "unused"
    fleet = run_fleet("127.0.73.1", "--key-cache", str(cache), "--no-key-cache")
    assert len({device["public"] for device in fleet}) == 3
    assert not cache.exists()
