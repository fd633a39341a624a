"""Shared helpers of the benchmarks: where the evaluation data lives, how to load it, how to print."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

DATA = Path(os.environ.get("NEWSWEAVE_DATA", Path(__file__).resolve().parents[1] / ".." / "shared" / "data")).resolve()


def require(path: Path, what: str) -> Path:
    """The data file at ``path``, or exit 0 with a clear message when it is absent."""
    if not path.exists():
        print(f"SKIP: {what} not found at {path} (set NEWSWEAVE_DATA to the folder holding the evaluation data)")
        sys.exit(0)
    return path


def ecb_docs(limit: int | None = None) -> list[dict[str, object]]:
    path = require(DATA / "ecbplus" / "docs.jsonl", "ECB+ docs.jsonl")
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return docs[:limit] if limit else docs


def ecb_record(doc: Mapping[str, object]) -> dict[str, object]:
    """An ECB+ document as a newsweave JSONL record (first sentence as the headline, as its title_guess)."""
    sentences = list(doc["sentences"])  # type: ignore[call-overload]
    return {"id": doc["doc_id"], "title": sentences[0], "text": "\n".join(sentences[1:]) or sentences[0]}


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 of a clustering ``item → cluster`` against ``item → gold class``."""
    items = [i for i in gold if i in predicted]
    by_pred: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for i in items:
        by_pred.setdefault(predicted[i], set()).add(i)
        by_gold.setdefault(gold[i], set()).add(i)
    p = r = 0.0
    for i in items:
        same_pred = by_pred[predicted[i]]
        same_gold = by_gold[gold[i]]
        both = len(same_pred & same_gold)
        p += both / len(same_pred)
        r += both / len(same_gold)
    n = max(len(items), 1)
    p, r = p / n, r / n
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], title: str = "") -> str:
    """A plain-text table (what every benchmark prints)."""
    cells = [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    lines = [title] if title else []
    lines.append("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(lines)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)
