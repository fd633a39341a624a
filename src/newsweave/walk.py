"""Walk: the paths a user gives → the files to read, each bad path a Failure with its reason.

Folders are read recursively, in sorted order; hidden files are skipped.  Nothing is skipped silently: a
folder that cannot be listed, a file that is not a regular file, a broken link, a link that leaves the folders
given (followed only with ``follow_links``) or one that loops each becomes a :class:`~newsweave.model.Failure`.

A path is shown as text everywhere (store, report, terminal); a file name that is not valid UTF-8 keeps its
bytes visible as ``\\xNN`` (:func:`shown`) instead of breaking the store or the terminal.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .model import Failure

_SURROGATE = re.compile("[\ud800-\udfff]")


def shown(value: str | os.PathLike[str]) -> str:
    """``value`` as text that can be stored and printed: the undecodable bytes of a file name (Python keeps
    them as lone surrogates) as ``\\xNN``, any other lone surrogate as U+FFFD."""
    text = os.fspath(value)
    if not _SURROGATE.search(text):
        return text

    def visible(match: re.Match[str]) -> str:
        code = ord(match.group(0))
        return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\ufffd"

    return _SURROGATE.sub(visible, text)


@dataclass(frozen=True, slots=True)
class Found:
    """A regular file to read: its path, the path given that led to it (sidecars are looked up to there)."""

    path: Path
    root: Path


_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFSOCK: "a socket"}


def _not_regular(mode: int) -> str:
    kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
    return f"{kind}, not a regular file: newsweave reads files and folders"


def _os_reason(exc: OSError, what: str) -> str:
    return f"cannot read the {what} ({exc.strerror or exc}); check its permissions"


def _inside(path: str, roots: Iterable[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def walk(paths: Iterable[Path], wanted: Iterable[str], *, follow_links: bool = False) -> Iterator[Found | Failure]:
    """The regular files under ``paths`` whose name ends with one of ``wanted`` (a suffix, or a whole file
    name such as ``sources.csv``), each once.

    A path given is read whatever it is (a link given is followed); inside a folder, a symbolic link is
    followed only when it points inside one of the folders given, unless ``follow_links``.
    """
    given = list(paths)
    roots = [os.path.realpath(p) for p in given if os.path.isdir(p)]
    suffixes = tuple(w.lower() for w in wanted)
    seen: set[str] = set()
    for path in given:
        try:
            info = path.stat()
        except FileNotFoundError:
            reason = ("broken symbolic link: its target does not exist" if path.is_symlink()
                      else "no such file or folder: check the path")
            yield Failure(shown(path), reason)
            continue
        except OSError as exc:
            yield Failure(shown(path), _os_reason(exc, "path"))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _folder(path, roots, suffixes, follow_links, seen)
        elif stat.S_ISREG(info.st_mode):
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                yield Found(path, path.parent)
        else:
            yield Failure(shown(path), _not_regular(info.st_mode))


def _folder(root: Path, roots: list[str], suffixes: tuple[str, ...], follow_links: bool,
            seen: set[str]) -> Iterator[Found | Failure]:
    files: list[Path] = []
    failures: list[Failure] = []
    visited = {os.path.realpath(root)}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            failures.append(Failure(shown(folder), _os_reason(exc, "folder") + "; the files in it were not read"))
            continue
        for entry in entries:
            child = Path(entry.path)
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError as exc:
                failures.append(Failure(shown(child), _os_reason(exc, "path")))
                continue
            if is_link:
                target = os.path.realpath(child)
                if not os.path.exists(target):
                    if _wanted(child.name, suffixes):
                        failures.append(Failure(shown(child), "broken symbolic link: its target does not exist"))
                    continue
                if not follow_links and not _inside(target, roots):
                    if os.path.isdir(target) or _wanted(child.name, suffixes):
                        failures.append(Failure(shown(child), f"symbolic link to {shown(target)}, outside the "
                                                "folders given: not followed (pass --follow-links to read it)"))
                    continue
                is_dir = os.path.isdir(target)
                if is_dir and target in visited:
                    continue  # a loop, or a folder read already
            if is_dir:
                if not entry.name.startswith("."):
                    visited.add(os.path.realpath(child))
                    stack.append(child)
                continue
            if entry.name.startswith(".") or not _wanted(entry.name, suffixes):
                continue
            try:
                mode = child.stat().st_mode
            except OSError as exc:
                failures.append(Failure(shown(child), _os_reason(exc, "file")))
                continue
            if stat.S_ISREG(mode):
                files.append(child)
            else:
                failures.append(Failure(shown(child), _not_regular(mode)))
    for file in sorted(files):
        real = os.path.realpath(file)
        if real not in seen:
            seen.add(real)
            yield Found(file, root)
    yield from failures


def _wanted(name: str, suffixes: tuple[str, ...]) -> bool:
    lowered = name.lower()
    if lowered.endswith(".gz"):
        lowered = lowered[:-3]
    return lowered.endswith(suffixes) or name.lower() in suffixes
