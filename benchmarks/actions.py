"""Who did what to whom: PLOVER event coding (type, actor, recipient) on the PLOVER gold-standard sentences.

Data: ``$NEWSWEAVE_DATA/event_coding/PLOVER_GSR_dev.json`` — one news-style sentence per record with its gold
PLOVER event type, source and target actors (``actorText``).  The DOCUMENT record is skipped.

What is scored, per sentence, is *the* action newsweave codes for it: the first action
:meth:`ActionCoder.code` returns, i.e. the main clause's action (a gold-free rule: highest trigger in the
clause structure, reporting verbs transparent, verbal before nominal, then textual order).

* type accuracy — its PLOVER type equals the gold type (no action counts wrong);
* source / target accuracy — our actor span overlaps (shares a word with, a possessive 's aside: "Belarus"
  shares a word with "Belarus's rulers") any gold ``actorText`` in the sentence; a gold empty target is right
  when we give none.  A *reciprocal* event (markup ``SRC/TAR``: "the United States and Jordan have agreed",
  "Fischer will visit Albania") lists all its actors as sources and no target — CAMEO codes it both ways —
  so there the target is right when we give none or one of those reciprocal actors;
* triple accuracy — type, source and target all right;
* baselines measured in the same run: the majority class, and a keyword baseline (the type of the first
  single-word lexicon trigger found in the sentence, no parse; surface forms matched by prefix).

Run: ``.venv/bin/python benchmarks/actions.py``
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from common import DATA, require, table

from newsweave.actions import TYPES, ActionCoder, ActorRef, Lexicon


def _words(text: str) -> set[str]:
    stop = {"the", "a", "an", "of", "and", "in", "s", "'s", "to", "from", "for", "on", "at", "by", "with", "..."}
    words = (re.sub(r"['’]s?$", "", w) for w in re.findall(r"[\w'’.-]+", text.lower()))
    return {w for w in words if w and w not in stop}


def _actors(field: object) -> list[str]:
    if isinstance(field, list):
        return [str(a.get("actorText", "")).strip() for a in field if isinstance(a, dict) and a.get("actorText")]
    return []  # "" or missing: no gold actor (a stray string such as "diplomatic" names none either)


def _reciprocal(record: dict[str, object]) -> list[str]:
    """The actors of a reciprocal event (markup ``SRC/TAR``), listed as sources: each may be either party."""
    info = record.get("textInfo")
    markup = str(info.get("markup", "")) if isinstance(info, dict) else ""
    return _actors(record.get("source")) if "SRC/TAR" in markup and not _actors(record.get("target")) else []


def _actor_right(text: str, ours: ActorRef | None, gold: Sequence[str], either: Sequence[str] = ()) -> bool:
    if not gold:
        return ours is None or (bool(either) and _actor_right(text, ours, either))
    if ours is None:
        return False
    mine = _words(text[ours.start:ours.end])
    return any(mine & _words(g) for g in gold)


def keyword_type(text: str, keywords: list[tuple[re.Pattern[str], str]]) -> str | None:
    """The type of the keyword occurring first in the text (no parse)."""
    best: tuple[int, str] | None = None
    for pattern, kind in keywords:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    return best[1] if best else None


def main() -> None:
    path = require(DATA / "event_coding" / "PLOVER_GSR_dev.json", "PLOVER gold-standard records (PLOVER_GSR_dev.json)")
    records = [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("event") in TYPES]

    from newsweave.analyze import load_spacy

    nlp = load_spacy()
    coder = ActionCoder()
    keywords = [(re.compile(rf"\b{re.escape(w[:-1] if w.endswith('e') and len(w) > 4 else w)}\w*\b", re.I), k)
                for w, k in Lexicon.load().keywords()]

    gold_types = Counter(r["event"] for r in records)
    majority = gold_types.most_common(1)[0][0]
    n = len(records)
    hits = Counter[str]()
    confusion: dict[str, Counter[str]] = {t: Counter() for t in TYPES}
    started = time.perf_counter()
    for doc, r in zip(nlp.pipe(r["text"] for r in records), records, strict=True):
        text, gold = r["text"], r["event"]
        actions = coder.code(doc)
        best = actions[0] if actions else None
        ours = best.type if best else "(none)"
        confusion[gold][ours] += 1
        type_ok = ours == gold
        src_ok = best is not None and _actor_right(text, best.source, _actors(r.get("source")))
        tgt_ok = best is not None and _actor_right(text, best.target, _actors(r.get("target")), _reciprocal(r))
        hits["type"] += type_ok
        hits["source"] += src_ok
        hits["target"] += tgt_ok
        hits["triple"] += type_ok and src_ok and tgt_ok
        strict_tgt = best is not None and _actor_right(text, best.target, _actors(r.get("target")))
        hits["triple_strict"] += type_ok and src_ok and strict_tgt
        hits["majority"] += gold == majority
        hits["keyword"] += keyword_type(text, keywords) == gold
        hits["coded"] += best is not None
    elapsed = time.perf_counter() - started

    print(f"PLOVER gold-standard sentences: {n} (dev split; {len(gold_types)} types)  —  coded in {elapsed:.1f}s")
    rows = [
        ("newsweave ActionCoder: type", hits["type"] / n, "≥ 0.85"),
        ("newsweave ActionCoder: source", hits["source"] / n, ""),
        ("newsweave ActionCoder: target", hits["target"] / n, ""),
        ("newsweave ActionCoder: type+source+target", hits["triple"] / n, "≥ 0.70"),
        ("  … strict: a reciprocal event's target must be empty", hits["triple_strict"] / n, ""),
        ("sentences with any action", hits["coded"] / n, ""),
        (f"baseline: majority class ({majority})", hits["majority"] / n, ""),
        ("baseline: first lexicon keyword (no parse)", hits["keyword"] / n, ""),
    ]
    print(table(["measure", "accuracy", "target"], rows))
    print()
    cols = [*TYPES, "(none)"]
    short = {t: t[:4] for t in TYPES} | {"(none)": "none"}
    conf_rows = [[g, sum(confusion[g].values()), *[confusion[g][c] or "." for c in cols]]
                 for g in TYPES if confusion[g]]
    print(table(["gold \\ ours", "n", *[short[c] for c in cols]], conf_rows, title="Confusion (rows: gold type)"))


if __name__ == "__main__":
    main()
