"""Ingest: files and folders → raw documents (text + metadata), one per article.

Reads ``.txt``, ``.html``/``.htm``, ``.jsonl``/``.json``, ``.warc``/``.warc.gz``, RSS/Atom feeds
(``.rss``, ``.atom``, ``.xml``) and ``.gz`` of any of these (the containers are read by
:mod:`newsweave.formats`; folders are walked by :mod:`newsweave.walk`).  Every item that cannot be read becomes a
:class:`~newsweave.model.Failure` with a reason; the rest of the input is still read.

Everything is read under a cap: a file (and what it decompresses to) under ``max_bytes``, a WARC file under
``max_archive_bytes`` decompressed (streamed, each response body under ``max_bytes``), an article's text under
``max_chars`` characters — a longer text is cut at a paragraph break and the cut is recorded as a Failure.
Text that reaches the store and the terminal is clean: no lone surrogates, no terminal control characters.

Outlet, date and URL come from the container's metadata; for file collections, a **sidecar**
(``sources.csv`` / ``sources.json``, see :mod:`newsweave.sidecars`) found in a folder being read — the
nearest one with an entry for the file wins — or named explicitly (``sources=``, ``--sources``) fills in what
the metadata does not give.  A sidecar is never read as an article; a broken one is a Failure and the files
are still read.

This stage only reads and extracts; boilerplate removal is :mod:`newsweave.clean`.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .formats import (
    MAX_BYTES,
    CappedReader,
    RawDocument,
    decode_text,
    extract_html,
    from_feed,
    from_json,
    from_text,
    from_warc,
)
from .model import Failure
from .sidecars import SIDECAR_NAMES, SourceIndex, SourceInfo, is_sidecar, sidecar_paths
from .walk import Found, shown, walk

__all__ = ["MAX_ARCHIVE_BYTES", "MAX_BYTES", "MAX_CHARS", "RawDocument", "decode_text", "documents_from_bytes",
           "extract_html", "read_documents", "with_source"]

MAX_ARCHIVE_BYTES = 4 * 1024 * 1024 * 1024
"""A WARC file is read (streamed) up to this many bytes once decompressed; the rest is refused."""

MAX_CHARS = 100_000
"""An article's text is cut (at a paragraph break) to this many characters: ~16,000 words, longer than any
news report, and what keeps one article's analysis to a bounded time."""

MAX_TITLE_CHARS = 1_000
"""A headline longer than this is cut."""

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".jsonl", ".json", ".ndjson"}
WARC_SUFFIXES = {".warc", ".arc"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | WARC_SUFFIXES | FEED_SUFFIXES

GZIP_MAGIC = b"\x1f\x8b"
# C0 and C1 control characters other than tab and line breaks: terminal escapes have no place in an article
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def read_documents(paths: Iterable[str | Path], *, max_bytes: int = MAX_BYTES,
                   max_archive_bytes: int = MAX_ARCHIVE_BYTES, max_chars: int = MAX_CHARS,
                   sources: str | Path | Iterable[str | Path] | None = None,
                   sidecars: list[str] | None = None, follow_links: bool = False) -> Iterator[RawDocument | Failure]:
    """Yield a :class:`RawDocument` for every article found under ``paths``, or a Failure per bad item.

    ``sources`` names sidecar files that apply before any found in the folders; a file named
    ``sources.csv`` / ``sources.json`` among ``paths`` is taken as one too.  When ``sidecars`` is given, the
    path of every sidecar read is appended to it.  Inside folders, symbolic links are followed only to files
    inside the folders given, unless ``follow_links``.
    """
    given = [Path(p) for p in paths]
    index = SourceIndex()
    for source in sidecar_paths(sources):
        yield from map(_clean_failure, index.add(source, explicit=True))
    found = list(walk(given, [*KNOWN_SUFFIXES, *SIDECAR_NAMES], follow_links=follow_links))
    direct = set(given)
    try:
        for entry in found:  # the sidecars of the folders first: they apply to every file in them
            if isinstance(entry, Found) and is_sidecar(entry.path):
                yield from map(_clean_failure, index.add(entry.path, explicit=entry.path in direct))
        for entry in found:
            if isinstance(entry, Failure):
                yield _clean_failure(entry)
            elif not is_sidecar(entry.path):
                if entry.path in direct:
                    yield from map(_clean_failure, index.add_folder(entry.path.parent))
                info = index.lookup(entry.path, entry.root)
                for item in _read_file(entry.path, info, max_bytes, max_archive_bytes):
                    yield from _finish(item, max_chars)
    finally:
        if sidecars is not None:
            sidecars.extend(shown(p) for p in index.paths)


def iter_paths(paths: Iterable[str | Path], *, follow_links: bool = False) -> Iterator[Path | Failure]:
    """Expand files and folders (recursively, in sorted order) to the files newsweave can read (not sidecars)."""
    for entry in walk([Path(p) for p in paths], [*KNOWN_SUFFIXES], follow_links=follow_links):
        if isinstance(entry, Failure) or not is_sidecar(entry.path):
            yield entry if isinstance(entry, Failure) else entry.path


def with_source(doc: RawDocument, info: SourceInfo) -> RawDocument:
    """``doc`` with what a sidecar says filled in where its own metadata is silent (metadata wins)."""
    return replace(doc, outlet=doc.outlet or info.outlet, published=doc.published or info.published,
                   url=doc.url or info.url)


def documents_from_bytes(path: str, data: bytes, *, max_bytes: int = MAX_BYTES,
                         max_chars: int = MAX_CHARS) -> list[RawDocument | Failure]:
    """Read one in-memory file (as if it were at ``path``); used by fetchers and tests."""
    out: list[RawDocument | Failure] = []
    try:
        for item in _read(shown(path), _suffix(Path(path)), lambda: data, len(data), max_bytes, MAX_ARCHIVE_BYTES):
            out.extend(_finish(item, max_chars))
    except InputError as exc:
        out.append(_clean_failure(Failure(path, str(exc))))
    return out


# ----------------------------------------------------------------------------------------------
# reading under caps


def _suffix(path: Path) -> str:
    """The meaningful suffix: ``a.warc.gz`` → ``.warc``, ``a.jsonl.gz`` → ``.jsonl``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _read_file(path: Path, info: SourceInfo | None, max_bytes: int,
               max_archive_bytes: int) -> Iterator[RawDocument | Failure]:
    name = shown(path)
    try:
        size = path.stat().st_size
        for item in _read(name, _suffix(path), path.read_bytes, size, max_bytes, max_archive_bytes, path):
            yield item if info is None or isinstance(item, Failure) else with_source(item, info)
    except InputError as exc:
        yield Failure(name, str(exc))
    except OSError as exc:
        yield Failure(name, f"cannot read the file ({exc.strerror or exc}); check its permissions")


def _read(name: str, suffix: str, load: Callable[[], bytes], size: int, max_bytes: int, max_archive_bytes: int,
          path: Path | None = None) -> Iterator[RawDocument | Failure]:
    """The documents of one file of ``size`` bytes; ``load`` gives its bytes (``path`` lets a WARC stream)."""
    if size == 0:
        raise InputError("empty file: nothing to read")
    if suffix in WARC_SUFFIXES:
        if size > max_archive_bytes:
            raise InputError(f"oversized archive ({size:,} bytes > {max_archive_bytes:,}); split it or raise the limit")
        raw: BinaryIO = path.open("rb") if path is not None else io.BytesIO(load())
        with raw:
            head = raw.read(2)
            raw.seek(0)
            stream: BinaryIO = gzip.GzipFile(fileobj=raw) if head == GZIP_MAGIC else raw  # type: ignore[assignment]
            capped = CappedReader(stream, max_archive_bytes)
            yield from from_warc(name, io.BufferedReader(capped), max_bytes=max_bytes)
        return
    if size > max_bytes:
        raise InputError(f"oversized file ({size:,} bytes > {max_bytes:,}); split it or raise the limit")
    data = load()
    if len(data) > max_bytes:  # it grew since it was measured
        raise InputError(f"oversized file ({len(data):,} bytes > {max_bytes:,}); split it or raise the limit")
    data = _decompress(data, max_bytes)
    if suffix in JSON_SUFFIXES:
        yield from from_json(name, data)
    elif suffix in HTML_SUFFIXES:
        yield extract_html(name, data)
    elif suffix in FEED_SUFFIXES:
        yield from from_feed(name, data)
    else:
        yield from_text(name, data)


def _decompress(data: bytes, max_bytes: int) -> bytes:
    """Gzip data (by its magic bytes, whatever the name says) decompressed, never past ``max_bytes``."""
    if data[:2] != GZIP_MAGIC:
        return data
    try:
        out = bytearray()
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            while chunk := fh.read(1 << 20):
                out += chunk
                if len(out) > max_bytes:
                    raise InputError(f"oversized after decompression (> {max_bytes:,} bytes)")
        if not out:
            raise InputError("empty file after decompression: nothing to read")
        return bytes(out)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(f"truncated or corrupt gzip data ({exc}); re-download or re-compress the file") from exc


# ----------------------------------------------------------------------------------------------
# what leaves ingest


def clean_text(value: str) -> str:
    """Text safe to store and print: lone surrogates as U+FFFD, control characters (other than tab and line
    breaks) removed."""
    if _SURROGATE.search(value):
        value = _SURROGATE.sub("\ufffd", value)
    return _CONTROL.sub("", value)


def _clean(value: str | None) -> str | None:
    return None if value is None else clean_text(value)


def _clean_failure(failure: Failure) -> Failure:
    return Failure(shown(failure.path), clean_text(failure.reason),
                   None if failure.item is None else clean_text(failure.item))


def _finish(item: RawDocument | Failure, max_chars: int) -> Iterator[RawDocument | Failure]:
    """The document with clean text and under the caps (a cut recorded as a Failure), or the clean Failure."""
    if isinstance(item, Failure):
        yield _clean_failure(item)
        return
    doc = replace(item, path=shown(item.path), text=clean_text(item.text), title=_clean(item.title),
                  item=_clean(item.item), url=_clean(item.url), outlet=_clean(item.outlet),
                  published=_clean(item.published), language=_clean(item.language), author=_clean(item.author))
    notes = []
    if doc.title is not None and len(doc.title) > MAX_TITLE_CHARS:
        doc = replace(doc, title=doc.title[:MAX_TITLE_CHARS].rstrip() + "…")
        notes.append(f"a title of {len(item.title or ''):,} characters was cut to {MAX_TITLE_CHARS:,}")
    if len(doc.text) > max_chars:
        cut = _cut(doc.text, max_chars)
        notes.append(f"the text has {len(doc.text):,} characters, over the limit of {max_chars:,}: only the first "
                     f"{len(cut):,} were read")
        doc = replace(doc, text=cut)
    yield doc
    if notes:
        yield Failure(doc.path, "; ".join(notes), doc.item)


def _cut(text: str, limit: int) -> str:
    """``text`` up to ``limit`` characters, ending at the last paragraph (else line, else word) break."""
    head = text[:limit]
    for sep in ("\n\n", "\n", " "):
        at = head.rfind(sep)
        if at > limit // 2:
            return head[:at].rstrip()
    return head
