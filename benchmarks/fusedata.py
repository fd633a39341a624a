"""Reports prepared for the fuse benchmarks: read, analysed and linked once, then cached in ``benchmarks/.cache``.

The map stage (clean, spaCy, quotes, actions, entity linking) is the expensive part of every fuse benchmark and
does not depend on the fuse or provenance code, so its output is cached per corpus, keyed by the source of the
modules that produce it (a change to any of them invalidates the cache; ``NEWSWEAVE_BENCH_REFRESH=1`` forces it;
``NEWSWEAVE_BENCH_STALE=1`` reuses the last one even so, for quick tuning runs — never for reported figures).
Sentence embeddings are cached the same way (all-MiniLM-L6-v2 vectors as float16).  The machine's CPU is shared:
cache what you can.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from newsweave.embed import MiniLMEmbedder
from newsweave.model import Analysis, Article, Entity, Provenance, from_jsonable, to_jsonable

CACHE = Path(__file__).resolve().parent / ".cache"
SRC = Path(__file__).resolve().parents[1] / "src" / "newsweave"
UPSTREAM = ["analyze.py", "quotes.py", "mentions.py", "dates.py", "linker.py", "article_groups.py", "names.py",
            "entities.py", "actorkb.py", "gazetteer.py", "clean.py", "ingest.py", "outlets.py", "model.py", "actions"]


def code_version() -> str:
    """A hash of the map-stage source (lexicon.py left out: fuse adds its word lists there)."""
    h = hashlib.sha256()
    for name in UPSTREAM:
        path = SRC / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for f in files:
            if f.exists():
                h.update(f.read_bytes())
    return h.hexdigest()[:12]


@dataclass
class Prepared:
    """One event's reports, analysed and linked: what :meth:`newsweave.fuse.Fuser.fuse` takes."""

    name: str
    members: list[str]
    articles: dict[str, Article]
    analyses: dict[str, Analysis]
    entities: dict[str, Entity]
    record_of: dict[str, str] = field(default_factory=dict)  # article id → the record's own id
    provenance: dict[str, Provenance] = field(default_factory=dict)


_MODEL: list[object] = []  # the sentence model once loaded in this process


class CachedEmbedder(MiniLMEmbedder):
    """MiniLM with a disk cache of the vectors it computed (float16, keyed by a hash of the text)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.path = CACHE / f"embeddings-{name}.npz"
        self.disk: dict[str, NDArray[np.float32]] = {}
        self.dirty = False
        if self.path.exists():
            data = np.load(self.path)
            self.disk = {str(k): v.astype(np.float32) for k, v in zip(data["keys"], data["vectors"], strict=True)}

    def _load(self) -> object:
        """The model, loaded once per process and shared by every cached embedder (each corpus has its own)."""
        if self._model is None and _MODEL:
            self._model = _MODEL[0]
        model = MiniLMEmbedder._load(self)
        if not _MODEL:
            _MODEL.append(model)
        return model

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in self.disk))
        if missing:
            vectors = MiniLMEmbedder.encode(self, missing)
            for t, v in zip(missing, vectors, strict=True):
                self.disk[hashlib.sha1(t.encode("utf-8")).hexdigest()] = v
            self.dirty = True
        out = np.stack([self.disk[k] for k in keys]).astype(np.float32)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    def save(self) -> None:
        if not self.dirty:
            return
        CACHE.mkdir(exist_ok=True)
        keys = np.array(list(self.disk))
        vectors = np.stack(list(self.disk.values())).astype(np.float16)
        np.savez(self.path, keys=keys, vectors=vectors)
        self.dirty = False


def prepare(corpus: str, events: Sequence[tuple[str, Sequence[Mapping[str, object]]]], weaver: object,
            progress: bool = True) -> list[Prepared]:
    """Each event's records (JSONL records: id, title, text, published, outlet, url) read, analysed and linked;
    from the cache when the map-stage code is unchanged."""
    from newsweave.actorkb import default_kb
    from newsweave.entities import link_actors
    from newsweave.linker import Linker
    from newsweave.quotes import link_speakers

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"prepared-{corpus}-{code_version()}.json.gz"
    older = sorted(CACHE.glob(f"prepared-{corpus}-*.json.gz"), key=lambda p: p.stat().st_mtime)
    if not path.exists() and older and os.environ.get("NEWSWEAVE_BENCH_STALE"):
        path = older[-1]  # while tuning: the last analyses, even if the map-stage code changed since
    cached: dict[str, dict[str, object]] = {}
    if path.exists() and not os.environ.get("NEWSWEAVE_BENCH_REFRESH"):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            cached = json.load(f)
    out = []
    changed = False
    kb = None
    for n, (name, records) in enumerate(events, start=1):
        key = hashlib.sha1(json.dumps([name, list(records)], sort_keys=True).encode()).hexdigest()
        if key not in cached:
            with tempfile.TemporaryDirectory() as tmp:
                f = Path(tmp) / "e.jsonl"
                f.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
                articles, _, _ = weaver.read([f])  # type: ignore[attr-defined]
            pairs = list(weaver.analyze(articles))  # type: ignore[attr-defined]
            kb = kb or default_kb()
            linker = Linker(weaver.analyzer.gazetteer(), kb=kb)  # type: ignore[attr-defined]
            linked = [link_actors(link_speakers(a), linker.entity_named) for a in linker.link(pairs)]
            cached[key] = {
                "articles": [to_jsonable(a) for a, _ in pairs],
                "analyses": [to_jsonable(a) for a in linked],
                "entities": [to_jsonable(e) for e in linker.all()],
            }
            changed = True
        data = cached[key]
        arts = [from_jsonable(Article, a) for a in data["articles"]]  # type: ignore[attr-defined]
        analyses = [from_jsonable(Analysis, a) for a in data["analyses"]]  # type: ignore[attr-defined]
        entities = [from_jsonable(Entity, e) for e in data["entities"]]  # type: ignore[attr-defined]
        record_of = {a.id: str(a.path).rsplit("(id ", 1)[-1].rstrip(")") for a in arts}
        out.append(Prepared(name, [a.id for a in arts], {a.id: a for a in arts}, {a.article: a for a in analyses},
                            {e.id: e for e in entities}, record_of))
        if progress:
            print(f"\rprepared {n}/{len(events)} events of {corpus}", end="", file=sys.stderr)
        if changed and n % 50 == 0:
            _save(path, cached)
    if progress:
        print(file=sys.stderr)
    if changed:
        _save(path, cached)
    return out


def _save(path: Path, cached: Mapping[str, object]) -> None:
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8") as f:
        json.dump(cached, f)
    tmp.replace(path)


def assess_provenance(events: Iterable[Prepared], embedder: object) -> None:
    """Label every event's reports (compared within the event, as the weave compares an event's members)."""
    from newsweave.provenance import Provenancer

    provenancer = Provenancer(embedder)  # type: ignore[arg-type]
    for e in events:
        pairs = [(e.articles[a], e.analyses[a]) for a in e.members]
        e.provenance = {p.article: p for p in provenancer.assess(pairs, {a: e.name for a in e.members})}
