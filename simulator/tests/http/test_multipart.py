# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xerus_sim.http.multipart: SDK framing, chunk edges, limits, truncation, streaming in chunks."""

import io
import os

import pytest
from standin import form_body

from xerus_sim.http import multipart


def parse(parts, limit=1 << 20, chunk_body=None):
    content_type, body = form_body(parts)
    body = chunk_body(body) if chunk_body else body
    return multipart.parse_form(content_type, io.BytesIO(body), len(body), limit)


def test_sdk_framing_two_parts_in_order():
    parts = parse([("devices_file", "devices.csv", b"a,b\n"), ("config_file", "config.txt", b"x=1\n")])
    assert [(p.name, p.filename, p.content_type, p.data) for p in parts] == [
        ("devices_file", "devices.csv", "application/octet-stream", b"a,b\n"),
        ("config_file", "config.txt", "application/octet-stream", b"x=1\n"),
    ]


@pytest.mark.parametrize(
    "size",
    [
        0,
        1,
        multipart.CHUNK_SIZE - 40,
        multipart.CHUNK_SIZE - 20,
        multipart.CHUNK_SIZE,
        multipart.CHUNK_SIZE + 7,
        3 * multipart.CHUNK_SIZE + 1,
    ],
)
def test_delimiters_across_chunk_edges(size):
    data = bytes((i * 7) % 251 for i in range(size))
    parts = parse([("upfile", "upfile.bin", data), ("second", "s.bin", b"\r\n--not-a-boundary\r\n")])
    assert parts[0].data == data
    assert parts[1].data == b"\r\n--not-a-boundary\r\n"


def test_part_too_large_names_the_part():
    with pytest.raises(multipart.PartTooLarge) as raised:
        parse([("bulk_config_file", "bulk_config.txt", b"x" * 101)], limit=100)
    assert raised.value.name == "bulk_config_file"
    assert parse([("f", "f", b"x" * 100)], limit=100)[0].data == b"x" * 100


@pytest.mark.parametrize(
    "content_type", [None, "", "application/json", "multipart/form-data", "text/plain; boundary=abc"]
)
def test_not_multipart(content_type):
    with pytest.raises(multipart.NotMultipart):
        multipart.parse_form(content_type, io.BytesIO(b""), 0, 100)


def test_truncated_body():
    content_type, body = form_body([("f", "f.bin", b"x" * 1000)])
    with pytest.raises(multipart.MultipartTruncated):
        multipart.parse_form(content_type, io.BytesIO(body[:600]), 600, 1 << 20)
    with pytest.raises(multipart.MultipartTruncated):
        multipart.parse_form(content_type, io.BytesIO(body[:600]), len(body), 1 << 20)


def test_garbage_is_a_multipart_error():
    with pytest.raises(multipart.MultipartError):
        multipart.parse_form("multipart/form-data; boundary=abc", io.BytesIO(b"hello"), 5, 100)


def test_quoted_boundary_and_names():
    body = b'--a;b\r\nContent-Disposition: form-data; name="x"; filename="we\\"ird;.txt"\r\n\r\ndata\r\n--a;b--\r\n'
    parts = multipart.parse_form('multipart/form-data; boundary="a;b"', io.BytesIO(body), len(body), 100)
    assert (parts[0].name, parts[0].filename, parts[0].content_type, parts[0].data) == (
        "x",
        'we"ird;.txt',
        None,
        b"data",
    )


def test_reads_no_more_than_content_length():
    content_type, body = form_body([("f", "f", b"abc")])
    stream = io.BytesIO(body + b"NEXT REQUEST")
    multipart.parse_form(content_type, stream, len(body), 100)
    assert stream.read() == b"NEXT REQUEST"


def test_streaming_hands_over_bounded_chunks_and_drops_unwanted_parts():
    data = os.urandom(5 * multipart.CHUNK_SIZE + 123)
    content_type, body = form_body([("upfile", "upfile.bin", data), ("note", "n.txt", b"hi")])
    seen, chunks = [], []

    def open_part(name, filename, content_type):
        seen.append((name, filename))
        return chunks.append if name == "upfile" else None

    multipart.stream_parts(content_type, io.BytesIO(body), len(body), open_part)
    assert seen == [("upfile", "upfile.bin"), ("note", "n.txt")]
    assert b"".join(chunks) == data
    assert len(chunks) > 1 and max(map(len, chunks)) <= 2 * multipart.CHUNK_SIZE


def test_streaming_limit_stops_at_the_large_part():
    content_type, body = form_body([("upfile", "upfile.bin", b"x" * 500)])
    written = []
    with pytest.raises(multipart.PartTooLarge):
        multipart.stream_parts(content_type, io.BytesIO(body), len(body), lambda *_: written.append, max_part_size=100)
    assert sum(map(len, written)) <= 100
