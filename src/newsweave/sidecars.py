"""Sidecars: what a user says about a collection of plain files — ``sources.csv`` / ``sources.json`` with the
``outlet``, ``published`` date and ``url`` of each file or glob of files (step 2 of :mod:`newsweave.outlets`).

A sidecar found in a folder being read applies to the files under it, the nearest one with an entry for the file
winning; one named explicitly (``--sources``) wins over those found.  A bad entry is a Failure of its own and the
other entries still apply; a sidecar that cannot be read at all is a Failure, and the files are still read.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import InputError
from .model import Failure
from .outlets import outlet_name, url_host

SIDECAR_NAMES = ("sources.csv", "sources.json")
"""File names of sidecars: found in any folder being read, and never read as articles."""

SIDECAR_KEYS = ("file", "outlet", "published", "url")



@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What a sidecar says about a file: its outlet, publication day (ISO) and URL (each may be absent)."""

    outlet: str | None = None
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class SourceRule:
    """One sidecar entry: a file path or glob (relative to the sidecar's folder) and what it says."""

    pattern: str
    info: SourceInfo
    regex: re.Pattern[str]
    glob: bool


@dataclass(frozen=True, slots=True)
class Sidecar:
    """A loaded ``sources.csv`` / ``sources.json``: its rules, and the entries that could not be used."""

    path: Path
    rules: tuple[SourceRule, ...]
    failures: tuple[Failure, ...] = ()

    @property
    def folder(self) -> Path:
        return self.path.parent

    def lookup(self, file: Path) -> SourceInfo | None:
        """What this sidecar says about ``file``: an exact entry beats a glob; among globs, the first listed."""
        rel = Path(os.path.relpath(_absolute(file), _absolute(self.folder))).as_posix()
        for want_glob in (False, True):
            for rule in self.rules:
                if rule.glob == want_glob and rule.regex.fullmatch(rel):
                    return rule.info
        return None


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A path glob as a regex: ``*`` and ``?`` stay within a folder, ``**`` spans folders, ``[ab]`` a class."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1:end].replace("\\", "\\\\")
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body.lstrip("^")) + "]")
            i = end + 1
            continue
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out))


def _absolute(path: Path) -> str:
    return os.path.abspath(path)


def _normal_pattern(raw: str) -> str:
    pattern = raw.strip().replace("\\", "/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern


def _iso_date(value: str) -> str:
    day = value.strip()[:10]
    try:
        return date.fromisoformat(day).isoformat()
    except ValueError:
        raise InputError(f"published {value.strip()!r} is not an ISO date (YYYY-MM-DD)") from None


def _entry(raw: Mapping[str, object], pattern: str | None = None) -> tuple[SourceRule | None, list[str]]:
    """One sidecar entry → its rule and the problems with its values (a bad value is left out, not guessed)."""
    values = {str(k).strip().lower(): v for k, v in raw.items()}
    problems: list[str] = []
    for key in SIDECAR_KEYS:
        value = values.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(f"'{key}' must be text, not {type(value).__name__}; that value was left out")
            values[key] = None
    texts = {k: str(values[k]).strip() for k in SIDECAR_KEYS if isinstance(values.get(k), str)}
    file = _normal_pattern(pattern if pattern is not None else texts.get("file", ""))
    if not file:
        return None, [*problems, "no 'file' given: the entry was skipped"]
    published = None
    if texts.get("published"):
        try:
            published = _iso_date(texts["published"])
        except InputError as exc:
            problems.append(f"{exc}; that value was left out")
    url = texts.get("url") or None
    if url and url_host(url) is None:
        problems.append(f"url {url!r} has no host name; that value was left out")
        url = None
    outlet = outlet_name(texts["outlet"]) if texts.get("outlet") else None
    is_glob = any(c in file for c in "*?[")
    regex = glob_regex(file) if is_glob else re.compile(re.escape(file))
    return SourceRule(file, SourceInfo(outlet, published, url), regex, is_glob), problems


def parse_sidecar(path: Path, text: str) -> Sidecar:
    """Read a sidecar's text.  A file that is not a sidecar at all raises :class:`InputError`; a bad entry
    is a Failure of its own (item "line N" / "entry N") and the other entries still apply."""
    rules: list[SourceRule] = []
    failures: list[Failure] = []

    def add(item: str, raw: Mapping[str, object], pattern: str | None = None) -> None:
        rule, problems = _entry(raw, pattern)
        if rule is not None:
            rules.append(rule)
        failures.extend(Failure(str(path), f"sidecar entry: {p}", item) for p in problems)

    if path.suffix.lower() == ".json":
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed sidecar JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; "
                             "no entry of it was applied") from exc
        records = loaded if isinstance(loaded, list) else []
        if records and all(isinstance(o, dict) and "file" not in o and ("text" in o or "html" in o) for o in records):
            raise InputError("this sources.json holds articles (text / html), but sources.json is the name of a "
                             "sidecar: rename the file to read its articles")
        if isinstance(loaded, list):
            for i, obj in enumerate(loaded, start=1):
                if isinstance(obj, dict):
                    add(f"entry {i}", obj)
                else:
                    failures.append(Failure(str(path), "a sidecar entry must be an object with 'file'", f"entry {i}"))
        elif isinstance(loaded, dict):
            for key, obj in loaded.items():
                if isinstance(obj, dict):
                    add(f"entry {key!r}", obj, str(key))
                else:
                    failures.append(Failure(str(path), "a sidecar entry must be an object (outlet, published, url)",
                                            f"entry {key!r}"))
        else:
            raise InputError("a sources.json sidecar must be a list of objects with 'file', or a mapping "
                             "file or glob → object; no entry of it was applied")
    else:
        header = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
        delimiter = max(",;\t", key=header.count) if header else ","
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
        columns = [(c or "").strip().lower() for c in reader.fieldnames or []]
        if "file" not in columns:
            named = ", ".join(c for c in columns if c) or "none"
            raise InputError(f"the sidecar has no 'file' column (columns: {named}); expected file, outlet, "
                             "published, url — no entry of it was applied")
        try:
            for row in reader:
                values: dict[str, object] = {k: v for k, v in row.items() if isinstance(k, str)}
                if not any(isinstance(v, str) and v.strip() for v in values.values()):
                    continue
                add(f"line {reader.line_num}", values)
        except csv.Error as exc:
            raise InputError(f"malformed sidecar CSV at line {reader.line_num}: {exc}") from exc
    return Sidecar(path, tuple(rules), tuple(failures))


def load_sidecar(path: Path) -> Sidecar:
    """Read and parse one sidecar file; :class:`InputError` (with the reason) when it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the sidecar ({exc.strerror or exc})") from exc
    if not data.strip():
        raise InputError("empty sidecar: no entry to apply")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"the sidecar is not valid UTF-8 (offset {exc.start}); re-save it as UTF-8") from exc
    return parse_sidecar(path, text)


def is_sidecar(path: Path) -> bool:
    return path.name.lower() in SIDECAR_NAMES


@dataclass(slots=True)
class SourceIndex:
    """The sidecars of one read: explicit ones (``--sources``) first, then the nearest found in a folder.

    :meth:`add` loads a sidecar (once) and returns its failures; :meth:`lookup` answers for one file.
    """

    explicit: list[Sidecar] = field(default_factory=list)
    by_folder: dict[str, list[Sidecar]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    paths: list[str] = field(default_factory=list)  # every sidecar read (so a fixed one's old failures can go)

    def add(self, path: Path, *, explicit: bool = False) -> list[Failure]:
        key = _absolute(path)
        if key in self.seen:
            return []
        self.seen.add(key)
        self.paths.append(str(path))
        if not path.is_file():
            return [Failure(str(path), "no such sidecar file: check the --sources path")]
        try:
            sidecar = load_sidecar(path)
        except InputError as exc:
            return [Failure(str(path), f"{exc} (the sidecar was not applied; the files were still read)")]
        if explicit:
            self.explicit.append(sidecar)
        else:
            self.by_folder.setdefault(_absolute(path.parent), []).append(sidecar)
            self.by_folder[_absolute(path.parent)].sort(key=lambda s: SIDECAR_NAMES.index(s.path.name.lower()))
        return list(sidecar.failures)

    def add_folder(self, folder: Path) -> list[Failure]:
        """Load the sidecars of one folder, if it has any."""
        failures: list[Failure] = []
        for name in SIDECAR_NAMES:
            candidate = folder / name
            if candidate.is_file():
                failures += self.add(candidate)
        return failures

    def lookup(self, file: Path, root: Path) -> SourceInfo | None:
        """What the sidecars say about ``file`` read under ``root``: an explicit sidecar first, then the
        nearest folder's (from the file's folder up to ``root``) that has an entry for it."""
        for sidecar in self.explicit:
            info = sidecar.lookup(file)
            if info is not None:
                return info
        for folder in _folders_up(file.parent, root):
            for sidecar in self.by_folder.get(_absolute(folder), ()):
                info = sidecar.lookup(file)
                if info is not None:
                    return info
        return None


def _folders_up(start: Path, root: Path) -> Iterator[Path]:
    """``start`` and its parents, up to and including ``root`` (only ``start`` when it is not under ``root``)."""
    current, stop = Path(_absolute(start)), Path(_absolute(root))
    yield current
    if current != stop and stop not in current.parents:
        return
    while current != stop:
        current = current.parent
        yield current


def sidecar_paths(sources: str | Path | Iterable[str | Path] | None) -> list[Path]:
    """``sources`` as a list of paths: one path, several, or none."""
    if sources is None:
        return []
    if isinstance(sources, (str, Path)):
        return [Path(sources)]
    return [Path(s) for s in sources]
