"""Ingest: files and folders → raw documents (text + metadata), one per article.

Reads ``.txt``, ``.html``/``.htm``, ``.jsonl``/``.json``, ``.warc``/``.warc.gz``, RSS/Atom feeds
(``.rss``, ``.atom``, ``.xml``) and ``.gz`` of any of these.  Every item that cannot be read becomes a
:class:`~newsweave.model.Failure` with a reason; the rest of the input is still read.

Outlet, date and URL come from the container's metadata; for file collections, a **sidecar**
(``sources.csv`` / ``sources.json``, see :mod:`newsweave.outlets`) found in a folder being read — the
nearest one with an entry for the file wins — or named explicitly (``sources=``, ``--sources``) fills in what
the metadata does not give.  A sidecar is never read as an article; a broken one is a Failure and the files
are still read.

This stage only reads and extracts; boilerplate removal is :mod:`newsweave.clean`.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import InputError
from .model import Failure
from .outlets import SourceIndex, SourceInfo, is_sidecar, outlet_name, registered_domain, sidecar_paths, url_host

MAX_BYTES = 20 * 1024 * 1024
"""Files (after decompression) larger than this are refused as oversized."""

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".jsonl", ".json", ".ndjson"}
WARC_SUFFIXES = {".warc", ".arc"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | WARC_SUFFIXES | FEED_SUFFIXES


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One article as extracted from its container, before cleaning.

    ``title`` is ``None`` when the title is the first line of ``text`` (plain-text files): cleaning
    decides which line that is, after boilerplate at the top is gone.
    """

    path: str
    text: str
    title: str | None = None
    item: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None
    format: str = "txt"


def _folder_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """A folder's readable files (recursively, in sorted order, hidden ones skipped) and its sidecars."""
    files: list[Path] = []
    sidecars: list[Path] = []
    for child in sorted(p for p in folder.rglob("*") if p.is_file()):
        if child.name.startswith("."):
            continue
        if is_sidecar(child):
            sidecars.append(child)
        elif _suffix(child) in KNOWN_SUFFIXES:
            files.append(child)
    return files, sidecars


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """Expand files and folders (recursively, in sorted order) to the files newsweave can read (not sidecars)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _folder_files(path)[0]
        elif path.is_file():
            if not is_sidecar(path):
                yield path
        else:
            yield Failure(str(path), "no such file or folder: check the path")


def read_documents(paths: Iterable[str | Path], *, max_bytes: int = MAX_BYTES,
                   sources: str | Path | Iterable[str | Path] | None = None,
                   sidecars: list[str] | None = None) -> Iterator[RawDocument | Failure]:
    """Yield a :class:`RawDocument` for every article found under ``paths``, or a Failure per bad item.

    ``sources`` names sidecar files that apply before any found in the folders; a file named
    ``sources.csv`` / ``sources.json`` among ``paths`` is taken as one too.  When ``sidecars`` is given, the
    path of every sidecar read is appended to it.
    """
    index = SourceIndex()
    for source in sidecar_paths(sources):
        yield from index.add(source, explicit=True)
    try:
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                files, found = _folder_files(path)
                for sidecar in found:
                    yield from index.add(sidecar)
                for file in files:
                    yield from _read_file(file, index.lookup(file, path), max_bytes)
            elif path.is_file() and is_sidecar(path):
                yield from index.add(path, explicit=True)
            elif path.is_file():
                yield from index.add_folder(path.parent)
                yield from _read_file(path, index.lookup(path, path.parent), max_bytes)
            else:
                yield Failure(str(path), "no such file or folder: check the path")
    finally:
        if sidecars is not None:
            sidecars.extend(index.paths)


def _read_file(path: Path, info: SourceInfo | None, max_bytes: int) -> Iterator[RawDocument | Failure]:
    try:
        data = _read_bytes(path, max_bytes)
        for item in _documents_from_bytes(str(path), _suffix(path), data):
            yield item if info is None or isinstance(item, Failure) else with_source(item, info)
    except InputError as exc:
        yield Failure(str(path), str(exc))
    except OSError as exc:
        yield Failure(str(path), f"cannot read the file ({exc.strerror or exc}); check its permissions")


def with_source(doc: RawDocument, info: SourceInfo) -> RawDocument:
    """``doc`` with what a sidecar says filled in where its own metadata is silent (metadata wins)."""
    return replace(doc, outlet=doc.outlet or info.outlet, published=doc.published or info.published,
                   url=doc.url or info.url)


def documents_from_bytes(path: str, data: bytes) -> list[RawDocument | Failure]:
    """Read one in-memory file (as if it were at ``path``); used by fetchers and tests."""
    try:
        return list(_documents_from_bytes(path, _suffix(Path(path)), _decompress(path, data, MAX_BYTES)))
    except InputError as exc:
        return [Failure(path, str(exc))]


# ----------------------------------------------------------------------------------------------
# reading and decoding


def _suffix(path: Path) -> str:
    """The meaningful suffix: ``a.warc.gz`` → ``.warc``, ``a.jsonl.gz`` → ``.jsonl``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size == 0:
        raise InputError("empty file: nothing to read")
    if size > max_bytes and not path.name.lower().endswith(".gz"):
        raise InputError(f"oversized file ({size:,} bytes > {max_bytes:,}); split it or raise the limit")
    return _decompress(str(path), path.read_bytes(), max_bytes)


def _decompress(name: str, data: bytes, max_bytes: int) -> bytes:
    if not name.lower().endswith(".gz") and data[:2] != b"\x1f\x8b":
        return data
    if name.lower().endswith(".warc.gz"):
        return data  # warcio reads record-compressed WARCs itself
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


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (or BOM-marked UTF-16) text; refuse binary and wrongly encoded data with a reason."""
    if not data.strip():
        raise InputError("empty file: nothing to read")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"broken UTF-16 text ({exc.reason})") from exc
    head = data[:8192]
    if b"\x00" in head or _control_ratio(head) > 0.1:
        raise InputError("binary data, not text: newsweave reads text, HTML, JSON, WARC and feeds")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-save the file as UTF-8"
        ) from exc


def _control_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    bad = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(data)


# ----------------------------------------------------------------------------------------------
# formats


def _documents_from_bytes(path: str, suffix: str, data: bytes) -> Iterator[RawDocument | Failure]:
    if suffix in WARC_SUFFIXES:
        yield from _from_warc(path, data)
    elif suffix in JSON_SUFFIXES:
        yield from _from_json(path, data)
    elif suffix in HTML_SUFFIXES:
        yield extract_html(path, data)
    elif suffix in FEED_SUFFIXES:
        yield from _from_feed(path, data)
    else:
        yield _from_text(path, data)


def _from_text(path: str, data: bytes) -> RawDocument:
    text = decode_text(data)
    if _looks_like_html(text):
        return extract_html(path, data)
    return RawDocument(path=path, text=text, title=None, format="txt")


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def extract_html(path: str, data: bytes | str, *, url: str | None = None, item: str | None = None) -> RawDocument:
    """Main text and metadata (title, date, author, site name, canonical URL) of one HTML page, via trafilatura."""
    import trafilatura  # heavy import, only when HTML is met

    if isinstance(data, bytes):
        decode_text(data[:65536])  # refuse binary early, with a clear reason
    try:
        doc = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises many kinds on hostile markup
        raise InputError(f"HTML could not be parsed ({type(exc).__name__}: {exc})") from exc
    if doc is None or not getattr(doc, "text", None):
        raise InputError("no article text found in the HTML page (it may be an index page or script-only)")
    meta: dict[str, Any] = doc if isinstance(doc, dict) else doc.as_dict()
    title = (meta.get("title") or "").strip()
    text: str = meta.get("text") or ""
    first, _, rest = text.partition("\n")
    if title and first.strip() == title:
        text = rest
    return RawDocument(
        path=path,
        item=item,
        text=text,
        title=title or "",
        url=meta.get("url") or url,
        outlet=_site_name(meta.get("sitename"), meta.get("url") or url),
        published=_iso_day(meta.get("date")),
        language=meta.get("language"),
        author=meta.get("author"),
        format="html",
    )


def _site_name(sitename: object, url: str | None) -> str | None:
    """The site name the page states, as an outlet name.  A sitename that is only the page's own host
    (trafilatura's fallback when the page names no site) is left out: the URL step names the outlet then,
    after any sidecar."""
    if not isinstance(sitename, str) or not sitename.strip():
        return None
    name = sitename.strip()
    host = url_host(url) if url else None
    named = url_host(name) if "." in name and " " not in name else None
    if host and named and registered_domain(named) == registered_domain(host):
        return None
    return outlet_name(name)


def _iso_day(value: object) -> str | None:
    if not value:
        return None
    match = re.match(r"(\d{4}-\d{2}-\d{2})", str(value))
    return match.group(1) if match else None


def _from_json(path: str, data: bytes) -> Iterator[RawDocument | Failure]:
    text = decode_text(data)
    stripped = text.lstrip()
    records: list[tuple[str, Any]] = []
    if stripped.startswith("["):
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
        records = [(f"record {i + 1}", rec) for i, rec in enumerate(loaded)]
    else:
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((f"line {lineno}", json.loads(line)))
            except json.JSONDecodeError as exc:
                reason = f"malformed JSON ({exc.msg} at column {exc.colno}); the line was skipped"
                yield Failure(path, reason, f"line {lineno}")
    for item, rec in records:
        try:
            yield _from_record(path, item, rec)
        except InputError as exc:
            yield Failure(path, str(exc), item)


def _from_record(path: str, item: str, rec: Any) -> RawDocument:
    if not isinstance(rec, dict):
        raise InputError("a record must be a JSON object with a 'text' or 'html' field")
    published = _iso_day(rec.get("published") or rec.get("date"))
    ident = rec.get("id")
    item_name = f"{item} (id {ident})" if ident is not None else item
    if isinstance(rec.get("text"), str) and rec["text"].strip():
        title = rec.get("title")
        return RawDocument(
            path=path,
            item=item_name,
            text=rec["text"],
            title=str(title) if title is not None else None,
            url=rec.get("url"),
            outlet=rec.get("outlet"),
            published=published,
            language=rec.get("language"),
            author=rec.get("author"),
            format="jsonl",
        )
    if isinstance(rec.get("html"), str) and rec["html"].strip():
        doc = extract_html(path, rec["html"], url=rec.get("url"), item=item_name)
        return RawDocument(
            path=path,
            item=item_name,
            text=doc.text,
            title=str(rec["title"]) if rec.get("title") else doc.title,
            url=rec.get("url") or doc.url,
            outlet=rec.get("outlet") or doc.outlet,
            published=published or doc.published,
            language=rec.get("language") or doc.language,
            author=rec.get("author") or doc.author,
            format="jsonl",
        )
    raise InputError("the record has neither a non-empty 'text' nor an 'html' field")


def _from_warc(path: str, data: bytes) -> Iterator[RawDocument | Failure]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in ctype:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            found += 1
            try:
                body = record.content_stream().read()
                yield extract_html(path, body, url=url, item=url)
            except InputError as exc:
                yield Failure(path, str(exc), url)
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError) as exc:
        yield Failure(path, f"broken WARC file after {found} responses ({exc}); the rest was skipped")
        return
    if found == 0:
        yield Failure(path, "the WARC file holds no HTML responses")


def _from_feed(path: str, data: bytes) -> Iterator[RawDocument | Failure]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        if data.lstrip()[:1] == b"<" and b"<html" in data[:2048].lower():
            yield extract_html(path, data)
            return
        raise InputError("not an RSS/Atom feed with entries (feedparser found none)")
    site = feed.feed.get("title")
    for i, entry in enumerate(feed.entries, start=1):
        item = entry.get("link") or f"entry {i}"
        contents = entry.get("content") or []
        html = contents[0].get("value") if contents else entry.get("summary")
        if not html:
            yield Failure(path, "feed entry without content or summary", item)
            continue
        published = None
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if parsed:
            published = f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
        if "<" in html:
            try:
                doc = extract_html(path, f"<html><body><article>{html}</article></body></html>", item=item)
                text = doc.text
            except InputError:
                text = re.sub(r"<[^>]+>", " ", html)
        else:
            text = html
        yield RawDocument(
            path=path,
            item=item,
            text=text,
            title=entry.get("title") or "",
            url=entry.get("link"),
            outlet=site,
            published=published,
            author=entry.get("author"),
            format="feed",
        )
