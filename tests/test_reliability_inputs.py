"""Hostile input at the ingest stage: no input raises, every bad item is a Failure with an accurate reason, every
read is capped, nothing is fetched or opened by name, and what leaves ingest is safe to store and print.

No models are loaded here: these are ingest (and cleaning) on real files, archives and folders.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import sys
import time
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import unprivileged
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsweave.ingest import MAX_CHARS, RawDocument, read_documents
from newsweave.model import Failure

BODY = ("Ministers of the two countries met in Vienna on Tuesday to discuss the border dispute that has strained "
        "relations for a decade. The talks lasted four hours and ended without a joint statement. ")
PAGE = (f"<!doctype html><html><head><title>Ministers meet in Vienna</title></head><body><article><p>{BODY * 3}</p>"
        f"<p>{BODY}</p></article></body></html>")
TEXT = f"Ministers meet in Vienna\n\n{BODY}\n"


def _read(*paths: Path, **caps: int | bool) -> tuple[list[RawDocument], list[Failure]]:
    docs: list[RawDocument] = []
    failures: list[Failure] = []
    for item in read_documents(paths, **caps):  # type: ignore[arg-type]
        (failures if isinstance(item, Failure) else docs).append(item)  # type: ignore[arg-type]
    return docs, failures


class Zeros(io.RawIOBase):
    """``size`` zero bytes, streamed (a bomb's payload without holding it in memory)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = min(len(buffer), self.left)
        buffer[:n] = bytes(n)
        self.left -= n
        return n


def _warc(records: list[tuple[str | None, io.RawIOBase | bytes, int, list[tuple[str, str]]]], *, gz: bool) -> bytes:
    """A WARC of HTML responses: (target URI or None, payload, length, extra HTTP headers)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for url, payload, length, extra in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), *extra], protocol="HTTP/1.1")
        stream = io.BytesIO(payload) if isinstance(payload, bytes) else payload
        record = writer.create_warc_record(url or "http://placeholder.example/", "response", payload=stream,
                                           length=length, http_headers=headers)
        if url is None:
            record.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(record)
    return buffer.getvalue()


def _page(url: str | None = "https://daily.example.org/a") -> tuple[str | None, bytes, int, list[tuple[str, str]]]:
    return url, PAGE.encode(), len(PAGE.encode()), []


def _gzip_stream(size: int) -> bytes:
    """gzip of ``size`` zero bytes, compressed in chunks."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1 << 20)
    out = [comp.compress(chunk) for _ in range(size >> 20)]
    return b"".join([*out, comp.flush()])


# ----------------------------------------------------------------------------------------------
# the table: one kind of bad input per row, and what must come of it


def _w(tmp: Path, name: str, data: bytes | str) -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


CASES: dict[str, tuple[Callable[[Path], Path], int, list[str]]] = {
    # name: (make the input, how many documents, what the failure reasons must say)
    "empty file": (lambda t: _w(t, "e.txt", b""), 0, ["empty file"]),
    "only whitespace": (lambda t: _w(t, "w.txt", b" \n\t\n"), 0, ["empty file"]),
    "only Unicode spaces (found by the fuzz)": (lambda t: _w(t, "nb.json", "\u00a0\n\u3000".encode()), 0,
                                                ["empty file"]),
    "binary data": (lambda t: _w(t, "b.txt", bytes(range(256)) * 8), 0, ["binary"]),
    "Latin-1 text": (lambda t: _w(t, "l.txt", "Caf\xe9 cr\xe8me\n\nBody.".encode("latin-1")), 0, ["UTF-8"]),
    "UTF-16 with a BOM": (lambda t: _w(t, "u.txt", TEXT.encode("utf-16")), 1, []),
    "a lone UTF-16 BOM": (lambda t: _w(t, "bom.json", b"\xfe\xff"), 0, ["empty file"]),
    "truncated gzip": (lambda t: _w(t, "c.txt.gz", gzip.compress(TEXT.encode() * 50)[:60]), 0, ["gzip"]),
    "gzip under a plain name": (lambda t: _w(t, "g.txt", gzip.compress(TEXT.encode())), 1, []),
    "gzip inside gzip": (lambda t: _w(t, "gg.txt.gz", gzip.compress(gzip.compress(TEXT.encode()))), 0, ["binary"]),
    "malformed JSON line among good ones": (
        lambda t: _w(t, "m.jsonl", json.dumps({"text": BODY}) + "\n{oops\n" + json.dumps({"text": BODY + "!"})),
        2, ["malformed JSON"]),
    "JSON nested 100,000 deep": (lambda t: _w(t, "d.json", "[" * 100_000 + "]" * 100_000), 0, ["nested too deeply"]),
    "an empty JSON array": (lambda t: _w(t, "a.json", "[]"), 0, ["no records"]),
    "a JSON string, not an object": (lambda t: _w(t, "s.jsonl", '"just words"'), 0, ["must be a JSON object"]),
    "JSON 'outlet' as an object": (
        lambda t: _w(t, "o.jsonl", json.dumps({"text": BODY, "outlet": {"name": "X"}})), 0, ["'outlet' must be text"]),
    "JSON 'title' as a number": (lambda t: _w(t, "t.jsonl", json.dumps({"text": BODY, "title": 5})), 0,
                                 ["'title' must be text"]),
    "JSON 'published' as a number": (lambda t: _w(t, "p.jsonl", json.dumps({"text": BODY, "published": 20220112})),
                                     0, ["'published' must be text"]),
    "JSON 'text' as a list": (lambda t: _w(t, "x.jsonl", json.dumps({"text": [BODY]})), 0, ["'text' must be text"]),
    "JSON 'id' as an object": (lambda t: _w(t, "i.jsonl", json.dumps({"text": BODY, "id": {}})), 0,
                               ["'id' must be text or a number"]),
    "JSON 'author' as a list of names (accepted)": (
        lambda t: _w(t, "au.jsonl", json.dumps({"text": BODY, "author": ["A. Writer", "B. Writer"]})), 1, []),
    "JSON with a lone surrogate escape": (lambda t: _w(t, "su.jsonl", '{"text": "Talks \\ud800 end. ' + BODY + '"}'),
                                          1, []),
    "a pretty-printed JSON object": (lambda t: _w(t, "pp.json", json.dumps({"title": "T", "text": BODY}, indent=2)),
                                     1, []),
    "a broken pretty-printed object": (lambda t: _w(t, "bp.json", '{\n  "title": "T",\n  "text": \n}'), 0,
                                       ["malformed JSON at line 4"]),
    "HTML with scripts only": (lambda t: _w(t, "s.html", "<html><body><script>x()</script></body></html>"), 0,
                               ["no article text"]),
    "HTML nested 5,000 deep": (lambda t: _w(t, "n.html", "<html><body>" + "<div>" * 5000 + f"<p>{BODY}</p>" +
                                            "</div>" * 5000 + "</body></html>"), 0, ["nested more than 255 levels"]),
    "terminal escapes and control characters": (
        lambda t: _w(t, "esc.txt", f"Talks \x1b[31mend\x1b[0m\x07\n\n{BODY * 3}\x01\x9b2J"), 1, []),
    "WARC response without WARC-Target-URI": (lambda t: _w(t, "nu.warc", _warc([_page(None)], gz=False)), 1, []),
    "truncated WARC after one response": (
        lambda t: _w(t, "tr.warc", (lambda d: d[:len(d) - 200])(_warc([_page(), _page("https://x.example/2")],
                                                                       gz=False))), 1, ["cut short", "truncated"]),
    "WARC of garbage": (lambda t: _w(t, "gb.warc", b"WARC/1.0\r\n" + bytes(range(256)) * 4), 0, ["WARC"]),
    "feed with a local path as its content": (lambda t: _w(t, "p.rss", b"/etc/passwd"), 0, ["not an RSS/Atom feed"]),
    "feed with a URL as its content": (lambda t: _w(t, "u.rss", b"http://127.0.0.1:9/feed"), 0,
                                       ["not an RSS/Atom feed"]),
    "feed without entries": (lambda t: _w(t, "ne.rss", "<rss><channel><title>X</title></channel></rss>"), 0,
                             ["not an RSS/Atom feed"]),
    "a folder named like a file": (lambda t: (t / "dir.txt").mkdir() or _w(t, "dir.txt/in.txt", TEXT).parent, 1, []),
    "a path that does not exist": (lambda t: t / "nope.txt", 0, ["no such file or folder"]),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_a_bad_input_is_a_failure_with_its_reason_and_never_raises(kind: str, tmp_path: Path,
                                                                   capfd: pytest.CaptureFixture[str]) -> None:
    make, documents, reasons = CASES[kind]
    path = make(tmp_path)
    docs, failures = _read(path)
    assert len(docs) == documents, (kind, failures)
    joined = " | ".join(f.reason for f in failures)
    for reason in reasons:
        assert reason in joined, (kind, joined)
    if not reasons:
        assert not failures, (kind, joined)
    for doc in docs:  # what leaves ingest can be stored and printed
        for value in (doc.text, doc.title, doc.path, doc.item):
            assert value is None or all(c in "\t\n\r\x0b\x0c\x85" or ((ord(c) >= 32 and not 0x7f <= ord(c) <= 0x9f)
                                        and not 0xD800 <= ord(c) <= 0xDFFF) for c in value), (kind, value)
    assert capfd.readouterr().err == "", "nothing is printed by ingest (warcio, trafilatura)"


def test_a_json_author_list_is_joined_and_a_lone_surrogate_is_replaced(tmp_path: Path) -> None:
    (doc,), _ = _read(CASES["JSON 'author' as a list of names (accepted)"][0](tmp_path))
    assert doc.author == "A. Writer, B. Writer"
    (doc,), _ = _read(CASES["JSON with a lone surrogate escape"][0](tmp_path))
    assert "Talks \ufffd end." in doc.text


def test_terminal_escapes_are_removed_from_text_and_title(tmp_path: Path) -> None:
    (doc,), _ = _read(CASES["terminal escapes and control characters"][0](tmp_path))
    assert "\x1b" not in doc.text and "\x9b" not in doc.text and "\x07" not in doc.text
    assert "Talks [31mend[0m" in doc.text


def test_a_warc_response_without_target_uri_is_read_and_named_by_its_position(tmp_path: Path) -> None:
    (doc,), failures = _read(CASES["WARC response without WARC-Target-URI"][0](tmp_path))
    assert not failures and doc.item == "response 1 (no WARC-Target-URI)" and "met in Vienna" in doc.text


def test_a_warc_content_length_mismatch_is_reported_not_printed(tmp_path: Path,
                                                                capfd: pytest.CaptureFixture[str]) -> None:
    good = _warc([_page()], gz=False)
    lying = re.sub(rb"Content-Length: \d+", b"Content-Length: 200", good, count=1)  # the WARC header's
    path = _w(tmp_path, "cl.warc", lying + _warc([_page("https://x.example/2")], gz=False))
    _, failures = _read(path)
    assert capfd.readouterr().err == "", "warcio's warning does not leak to stderr"
    assert any("Content-Length" in f.reason for f in failures)


def test_a_warc_target_uri_with_spaces_logs_nothing_to_stderr(tmp_path: Path,
                                                               capfd: pytest.CaptureFixture[str]) -> None:
    path = _w(tmp_path, "sp.warc", _warc([_page("https://x.example/a b")], gz=False))
    docs, failures = _read(path)
    assert len(docs) == 1 and not failures
    assert capfd.readouterr().err == ""


# ----------------------------------------------------------------------------------------------
# caps: every decompression and every record body


def test_a_gzip_bomb_stops_at_the_cap(tmp_path: Path) -> None:
    path = _w(tmp_path, "bomb.txt.gz", _gzip_stream(64 << 20))
    tracemalloc.start()
    docs, (failure,) = _read(path, max_bytes=1 << 20)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert not docs and "oversized after decompression" in failure.reason
    assert peak < 8 << 20, f"peak {peak:,} bytes for a 64 MB bomb"


def test_a_gz_file_larger_than_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = _w(tmp_path, "big.txt.gz", os.urandom(3000))
    docs, (failure,) = _read(path, max_bytes=1000)
    assert not docs and "oversized file" in failure.reason


@pytest.mark.parametrize("encoded", [False, True], ids=["plain body", "Content-Encoding gzip body"])
def test_a_warc_gz_record_bomb_is_capped_and_the_next_record_is_read(tmp_path: Path, encoded: bool) -> None:
    size = 100 << 20
    bomb = (("https://x.example/bomb", _gzip_stream(size), len(_gzip_stream(size)), [("Content-Encoding", "gzip")])
            if encoded else ("https://x.example/bomb", Zeros(size), size, []))
    path = _w(tmp_path, "bomb.warc.gz", _warc([bomb, _page("https://x.example/after")], gz=True))  # type: ignore[list-item]
    assert path.stat().st_size < 2 << 20
    tracemalloc.start()
    started = time.monotonic()
    docs, failures = _read(path, max_bytes=1 << 20)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [d.item for d in docs] == ["https://x.example/after"]
    assert [(f.item, "oversized response body" in f.reason) for f in failures] == [("https://x.example/bomb", True)]
    assert peak < 48 << 20, f"peak {peak:,} bytes for a {size:,}-byte record"
    assert time.monotonic() - started < 60


def test_a_warc_over_the_archive_cap_keeps_what_came_before(tmp_path: Path) -> None:
    path = _w(tmp_path, "two.warc.gz", _warc([_page(), ("https://x.example/big", Zeros(3 << 20), 3 << 20, [])],
                                             gz=True))
    assert path.stat().st_size < 1 << 20
    docs, failures = _read(path, max_archive_bytes=2 << 20)
    assert len(docs) == 1 and any("oversized archive" in f.reason for f in failures)


def test_a_warc_line_longer_than_the_cap_is_refused_without_holding_it(tmp_path: Path) -> None:
    path = _w(tmp_path, "line.warc", b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: " + b"a" * (8 << 20))
    tracemalloc.start()
    docs, failures = _read(path, max_bytes=1 << 20)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert not docs and failures
    assert peak < 8 << 20, f"peak {peak:,} bytes for an 8 MB header line"


def test_a_text_longer_than_the_cap_is_cut_at_a_paragraph_and_the_cut_recorded(tmp_path: Path) -> None:
    paragraph = "The committee met again and the talks went on for hours without a result. " * 10
    text = "Talks go on\n\n" + "\n\n".join([paragraph] * (1_200_000 // len(paragraph)))
    path = _w(tmp_path, "long.txt", text)
    (doc,), (failure,) = _read(path)
    assert len(text) > 1_000_000 and len(doc.text) <= MAX_CHARS and doc.text.endswith("result.")
    assert "over the limit of 100,000" in failure.reason and failure.path == doc.path


def test_a_title_longer_than_the_cap_is_cut_and_noted(tmp_path: Path) -> None:
    path = _w(tmp_path, "t.jsonl", json.dumps({"title": "Talks " * 1000, "text": BODY}))
    (doc,), (failure,) = _read(path)
    assert doc.title is not None and len(doc.title) <= 1001 and "title of 6,000 characters" in failure.reason


def test_an_xml_entity_bomb_in_a_feed_fails_fast(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    feed = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{lol}]><rss version="2.0"><channel>'
            "<title>x</title><item><title>&l9;</title><description>d</description></item></channel></rss>")
    path = _w(tmp_path, "lol.rss", feed)
    started = time.monotonic()
    docs, failures = _read(path)
    assert time.monotonic() - started < 30
    assert all(len(d.title or "") < 10_000_000 for d in docs) and (docs or failures)


# ----------------------------------------------------------------------------------------------
# folders: names, links, pipes, permissions


def test_a_file_name_that_is_not_utf8_is_read_and_shown_with_its_bytes(tmp_path: Path) -> None:
    folder = os.fsdecode(bytes(tmp_path) + b"/caf\xe9")
    os.makedirs(folder)
    Path(folder, os.fsdecode(b"n\xe9ws.txt")).write_text(TEXT, encoding="utf-8")
    (doc,), failures = _read(tmp_path)
    assert not failures and doc.path.endswith("caf\\xe9/n\\xe9ws.txt")
    doc.path.encode("utf-8")  # storable


def test_fifos_and_devices_are_failures_not_hangs(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    _w(tmp_path, "good.txt", TEXT)
    docs, failures = _read(tmp_path, Path(tmp_path / "pipe.txt"), Path("/dev/zero"))
    assert len(docs) == 1
    reasons = sorted(f.reason.split(",")[0] for f in failures)
    assert reasons == ["a character device", "a named pipe", "a named pipe"]


def test_symbolic_links_are_followed_only_inside_the_folders_given(tmp_path: Path) -> None:
    outside, corpus = tmp_path / "outside", tmp_path / "corpus"
    _w(outside, "secret.txt", "Secret memo\n\n" + BODY)
    _w(corpus, "a.txt", TEXT)
    (corpus / "inner.txt").symlink_to(corpus / "a.txt")
    (corpus / "out.txt").symlink_to(outside / "secret.txt")
    (corpus / "outdir").symlink_to(outside, target_is_directory=True)
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    (corpus / "broken.txt").symlink_to(tmp_path / "gone.txt")
    docs, failures = _read(corpus)
    assert [Path(d.path).name for d in docs] == ["a.txt"]  # the inner link is the same file: read once
    reasons = {Path(f.path).name: f.reason for f in failures}
    assert "outside the folders given" in reasons["out.txt"] and "--follow-links" in reasons["out.txt"]
    assert "outside the folders given" in reasons["outdir"]
    assert "broken symbolic link" in reasons["broken.txt"]
    docs, failures = _read(corpus, follow_links=True)
    assert sorted(Path(d.path).name for d in docs) == ["a.txt", "out.txt"]  # the folder link reaches the same file
    assert set(Path(f.path).name for f in failures) == {"broken.txt"}


def test_hidden_files_and_folders_are_skipped(tmp_path: Path) -> None:
    _w(tmp_path, "a.txt", TEXT)
    _w(tmp_path, ".hidden.txt", TEXT + "x")
    _w(tmp_path, ".git/objects/x.txt", TEXT + "y")
    docs, failures = _read(tmp_path)
    assert [Path(d.path).name for d in docs] == ["a.txt"] and not failures


def test_unreadable_folders_and_files_are_failures_and_the_rest_is_read(shared_tmp: Path) -> None:
    corpus = shared_tmp / "in"
    _w(corpus, "a.txt", TEXT)
    _w(corpus, "locked/b.txt", TEXT + "b")
    _w(corpus, "listable/c.txt", TEXT + "c")
    _w(corpus, "secret.txt", TEXT + "s")
    (corpus / "secret.txt").chmod(0o000)
    (corpus / "locked").chmod(0o000)
    (corpus / "listable").chmod(0o444)
    script = ("import json, sys; from newsweave.ingest import read_documents; "
              "print(json.dumps([[type(x).__name__, x.path, getattr(x, 'reason', '')] "
              "for x in read_documents([sys.argv[1]])]))")
    result = unprivileged([sys.executable, "-c", script, str(corpus)], shared_tmp)
    assert result.returncode == 0, result.stderr
    items = {Path(path).name: (kind, reason) for kind, path, reason in json.loads(result.stdout)}
    assert items["a.txt"][0] == "RawDocument"
    assert items["locked"] == ("Failure", "cannot read the folder (Permission denied); check its permissions; "
                                          "the files in it were not read")
    assert items["c.txt"][0] == "Failure" and "Permission denied" in items["c.txt"][1]
    assert items["secret.txt"][0] == "Failure" and "Permission denied" in items["secret.txt"][1]


def _chunked(data: bytes) -> bytes:
    out = b"".join(b"%x\r\n" % len(data[i:i + 100]) + data[i:i + 100] + b"\r\n" for i in range(0, len(data), 100))
    return out + b"0\r\n\r\n"


@pytest.mark.parametrize("encoding", ["chunked", "gzip", "chunked+gzip"])
def test_chunked_and_compressed_warc_responses_are_read_whole_not_called_truncated(tmp_path: Path,
                                                                                   encoding: str) -> None:
    body, headers = PAGE.encode(), []
    if "gzip" in encoding:
        body, headers = gzip.compress(body), [("Content-Encoding", "gzip")]
    if "chunked" in encoding:
        body, headers = _chunked(body), [*headers, ("Transfer-Encoding", "chunked")]
    path = _w(tmp_path, "e.warc", _warc([("https://x.example/a", body, len(body), headers)], gz=False))
    (doc,), failures = _read(path)
    assert not failures and "met in Vienna" in doc.text
