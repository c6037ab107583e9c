# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The streamed multipart body: exact framing of protocol 7.1, length, resend."""

from __future__ import annotations

import pytest
import requests

from ansible_collections.xerus.pdu.plugins.module_utils.multipart import MultipartBody, UploadPart


def test_framing_is_byte_exact(tmp_path):
    image = tmp_path / "image.bin"
    image.write_bytes(b"\x00\x01IMAGE\r\n")
    body = MultipartBody(
        [
            UploadPart("devices_file", "devices.csv", content="a,b\n"),
            UploadPart("upfile", "upfile.bin", path=str(image)),
        ],
        boundary="0123abcd" * 4,
    )
    expected = (
        b"--0123abcd0123abcd0123abcd0123abcd\r\n"
        b'Content-Disposition: form-data; name="devices_file"; filename="devices.csv"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n"
        b"a,b\n\r\n"
        b"--0123abcd0123abcd0123abcd0123abcd\r\n"
        b'Content-Disposition: form-data; name="upfile"; filename="upfile.bin"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n"
        b"\x00\x01IMAGE\r\n\r\n"
        b"--0123abcd0123abcd0123abcd0123abcd--\r\n"
    )
    data = b"".join(iter(lambda: body.read(5), b""))
    assert data == expected and len(body) == len(expected) and body.tell() == len(expected)
    assert body.content_type == "multipart/form-data; boundary=" + "0123abcd" * 4


def test_default_boundary_is_32_hex():
    body = MultipartBody([UploadPart("upfile", "upfile.bin", content=b"x")])
    assert len(body.boundary) == 32 and int(body.boundary, 16) >= 0


def test_requests_sends_a_content_length_not_chunks():
    body = MultipartBody([UploadPart("upfile", "upfile.bin", content=b"x" * 1000)])
    prepared = requests.Request("POST", "https://192.0.2.1/", data=body).prepare()
    assert prepared.headers["Content-Length"] == str(len(body))
    assert "Transfer-Encoding" not in prepared.headers


def test_file_that_shrinks_is_an_error(tmp_path):
    image = tmp_path / "image.bin"
    image.write_bytes(b"x" * 100)
    body = MultipartBody([UploadPart("upfile", "upfile.bin", path=str(image))])
    image.write_bytes(b"x" * 10)
    with pytest.raises(OSError):
        body.read()


def test_part_needs_path_or_content():
    with pytest.raises(ValueError):
        MultipartBody([UploadPart("upfile", "upfile.bin")])
