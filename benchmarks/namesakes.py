"""Namesakes: people who share a surname (Donald / Ivanka / Eric Trump, Bill / Hillary Clinton, Jeb / George W. /
George H. W. Bush, Barack / Michelle Obama, Ted / Heidi / Rafael Cruz …) kept apart and found again from a bare
surname, on 2016 campaign news nobody here tuned for.

    .venv/bin/python benchmarks/namesakes.py [--limit N] [-v]

**Gold** (``benchmarks/gold/namesakes.jsonl``, made by hand, see ``benchmarks/gold/NAMESAKES.md``): every mention
of the surnames Trump, Clinton, Bush, Obama and Cruz (and of a few first names: Hillary, Ivanka, Jeb …) in 63
PolNeAR documents (``../shared/data/polnear/data/<split>/text/<doc>.txt``), 59 of which name two people of one
surname, with the person each refers to (``donald_trump``, ``bill_clinton`` …), ``family:<surname>`` for "the
Clintons", ``not_person:<what>`` for Trump Tower / the Clinton Foundation / the Trump campaign and ``other``
for "the Obama years".  Only offsets are stored; the texts are read from the corpus.

**Run.**  Every document becomes an :class:`~newsweave.model.Article` (id = document name, published date and
outlet from ``metadata.tsv``), is analysed once (spaCy + newsweave), and each system links them *one at a
time, in publication order*, as a feed would bring them, into one entity index.  A gold mention's prediction
is the entity of the newsweave mention overlapping it most (none → "missed", no entity → "unlinked").

**Systems** (same run, same mentions): the new linker (:func:`linkers.new_linker`), the frozen wave-1 linker,
and exact string match over newsweave's own mentions (same lower-cased surface → one cluster).

**Scores**, on the gold *person* mentions (``family:``, ``not_person:`` and ``other`` are not persons):

* **wrong merges** — distinct pairs of gold persons (p ≠ q) whose mentions share a predicted entity anywhere,
  and the number of mention pairs involved (``-v`` lists them);
* **bare-surname links** — of the gold person mentions written as a surname ("Trump", "Clinton's") or title +
  surname ("Mr. Trump", "President Clinton"): the share linked to the person's *right entity* (the predicted
  entity holding the majority of that person's full-name mentions), the share linked to an entity holding a
  full-name mention of *another* gold person ("wrong"), and the rest ("unresolved": no mention, no entity, or
  an entity of bare surnames only).  Persons never named in full have no right entity and are left out
  (counted in "no full name");
* **B³** and **pairwise** precision / recall over person mentions (a missed or unlinked mention is a
  singleton), and **coverage** (share of all gold mentions newsweave has a mention at).

Two-fold figures: the documents are split into folds A and B (alternating by sorted document name, stored
in the gold) and each fold is linked *on its own*, so the two estimates are independent.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, bcubed, require, table
from linkers import LINKERS

from newsweave.analyze import Analyzer
from newsweave.model import Analysis, Article, Mention, MentionForm

GOLD = Path(__file__).resolve().parent / "gold" / "namesakes.jsonl"
BARE_FORMS = ("surname", "title_surname")
EXACT = "exact string (newsweave mentions)"


@dataclass(frozen=True, slots=True)
class Gold:
    key: str
    split: str
    doc: str
    start: int
    end: int
    surface: str
    gold: str
    form: str
    fold: str

    @property
    def person(self) -> bool:
        return not (self.gold == "other" or self.gold.startswith(("not_person:", "family:")))


def load_gold(limit: int | None) -> list[Gold]:
    rows = [json.loads(line) for line in require(GOLD, "namesake gold").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    docs = sorted({r["doc"] for r in rows})
    if limit:
        keep = set(docs[:limit])
        rows = [r for r in rows if r["doc"] in keep]
    return [Gold(f"{r['doc']}#{r['start']}", r["split"], r["doc"], r["start"], r["end"], r["surface"], r["gold"],
                 r["form"], r["fold"]) for r in rows]


def load_articles(gold: Sequence[Gold]) -> list[Article]:
    """The gold documents as articles, in publication order (then by name), as a feed would bring them."""
    root = require(DATA / "polnear" / "data", "PolNeAR data folder")
    meta: dict[tuple[str, str], dict[str, str]] = {}
    metadata = root / "metadata.tsv"
    if metadata.exists():
        with metadata.open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                meta[(row["compartment"], row["filename"])] = row
    articles = []
    for split, doc in sorted({(g.split, g.doc) for g in gold}):
        text = require(root / split / "text" / f"{doc}.txt", f"PolNeAR text {doc}").read_text(encoding="utf-8")
        m = meta.get((split, doc), {})
        published = m.get("publication_date") or None
        articles.append(Article(id=doc, path=f"{split}/{doc}.txt", text=text, outlet=m.get("publisher") or None,
                                published=published if published and published != "None" else None))
    for g in gold:  # the gold offsets must still fit the corpus
        text = next(a.text for a in articles if a.id == g.doc)
        if text[g.start:g.end] != g.surface:
            sys.exit(f"gold mention {g.key} ({g.surface!r}) does not match the text ({text[g.start:g.end]!r})")
    articles.sort(key=lambda a: (a.published or "", a.id))
    return articles


# ----------------------------------------------------------------------------------------------- predictions


def _at(g: Gold, mentions: Sequence[Mention]) -> Mention | None:
    """The newsweave mention overlapping the gold mention most (a name before a pronoun on a tie)."""
    best, best_key = None, (0, False)
    for m in mentions:
        overlap = min(g.end, m.end) - max(g.start, m.start)
        key = (overlap, m.form is MentionForm.NAME)
        if overlap > 0 and key > best_key:
            best, best_key = m, key
    return best


@dataclass(slots=True)
class Prediction:
    """What a system made of the gold mentions: ``entity[key]`` (None when missed or unlinked)."""

    entity: dict[str, str | None]
    missed: set[str]
    names: dict[str, str]  # entity → shown name


def link(make: Callable[[Any], Any], gazetteer: Any, pairs: Sequence[tuple[Article, Analysis]],
         gold: Sequence[Gold]) -> Prediction:
    linker = make(gazetteer)
    linked: dict[str, Analysis] = {}
    for pair in pairs:  # one article at a time, as a feed brings them
        (analysis,) = linker.link([pair])
        linked[pair[0].id] = analysis
    entity: dict[str, str | None] = {}
    missed: set[str] = set()
    for g in gold:
        m = _at(g, linked[g.doc].mentions)
        if m is None:
            missed.add(g.key)
        entity[g.key] = m.entity if m is not None else None
    return Prediction(entity, missed, {e.id: e.name for e in linker.all()})


def exact_string(pairs: Sequence[tuple[Article, Analysis]], gold: Sequence[Gold]) -> Prediction:
    """Exact string match over newsweave's own mentions: same lower-cased surface, one cluster, everywhere."""
    by_doc = {a.id: (a, an) for a, an in pairs}
    entity: dict[str, str | None] = {}
    missed: set[str] = set()
    for g in gold:
        article, analysis = by_doc[g.doc]
        m = _at(g, analysis.mentions)
        if m is None:
            missed.add(g.key)
            entity[g.key] = None
        else:
            entity[g.key] = "s:" + " ".join(article.text[m.start:m.end].lower().split())
    names = {e: e[2:] for e in entity.values() if e}
    return Prediction(entity, missed, names)


# ----------------------------------------------------------------------------------------------- scores


def pairwise(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """Precision / recall / F1 of "these two mentions corefer" over all mention pairs (counted, not listed)."""
    def same_pairs(assign: Mapping[str, str]) -> int:
        return sum(n * (n - 1) // 2 for n in Counter(assign.values()).values())

    items = [i for i in gold if i in predicted]
    both = same_pairs({i: f"{predicted[i]}\x1f{gold[i]}" for i in items})
    p_pairs = same_pairs({i: predicted[i] for i in items})
    g_pairs = same_pairs({i: gold[i] for i in items})
    p = both / p_pairs if p_pairs else 0.0
    r = both / g_pairs if g_pairs else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def wrong_merges(pred: Prediction, persons: Sequence[Gold]) -> dict[tuple[str, str], list[tuple[str, int, int]]]:
    """Gold person pairs sharing a predicted entity → [(entity, mentions of p, mentions of q)]."""
    by_entity: dict[str, Counter[str]] = defaultdict(Counter)
    for g in persons:
        e = pred.entity[g.key]
        if e is not None:
            by_entity[e][g.gold] += 1
    out: dict[tuple[str, str], list[tuple[str, int, int]]] = defaultdict(list)
    for e, counts in by_entity.items():
        for p, q in combinations(sorted(counts), 2):
            out[(p, q)].append((e, counts[p], counts[q]))
    return out


def right_entities(pred: Prediction, persons: Sequence[Gold]) -> dict[str, str]:
    """Each gold person's right entity: the predicted entity holding the majority of its full-name mentions."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for g in persons:
        e = pred.entity[g.key]
        if g.form == "full" and e is not None:
            votes[g.gold][e] += 1
    return {p: max(sorted(c), key=lambda e: c[e]) for p, c in votes.items()}


def bare_links(pred: Prediction, persons: Sequence[Gold]) -> dict[str, Any]:
    right = right_entities(pred, persons)
    full_of: dict[str, set[str]] = defaultdict(set)  # entity → gold persons with a full-name mention in it
    for g in persons:
        e = pred.entity[g.key]
        if g.form == "full" and e is not None:
            full_of[e].add(g.gold)
    counts: Counter[str] = Counter()
    errors: list[tuple[Gold, str]] = []
    for g in persons:
        if g.form not in BARE_FORMS:
            continue
        if g.gold not in right:
            counts["no full name"] += 1
            continue
        counts["n"] += 1
        e = pred.entity[g.key]
        if e is not None and e == right[g.gold]:
            counts["right"] += 1
        elif e is not None and full_of.get(e, set()) - {g.gold}:
            counts["wrong"] += 1
            errors.append((g, e))
        else:
            counts["unresolved"] += 1
            counts["missed"] += g.key in pred.missed
    return {"counts": counts, "errors": errors}


def score(pred: Prediction, gold: Sequence[Gold]) -> dict[str, Any]:
    persons = [g for g in gold if g.person]
    predicted = {g.key: pred.entity[g.key] or f"single|{g.key}" for g in persons}
    truth = {g.key: g.gold for g in persons}
    merges = wrong_merges(pred, persons)
    return {
        "gold": len(gold), "persons": len(persons),
        "coverage": sum(g.key not in pred.missed for g in gold) / max(len(gold), 1),
        "linked": sum(pred.entity[g.key] is not None for g in persons) / max(len(persons), 1),
        "b3": bcubed(predicted, truth), "pair": pairwise(predicted, truth),
        "merges": merges, "merge_mentions": sum(a * b for found in merges.values() for _, a, b in found),
        "bare": bare_links(pred, persons),
    }


# ----------------------------------------------------------------------------------------------- report


def _share(n: int, d: int) -> float:
    return n / d if d else 0.0


def report(results: Mapping[tuple[str, str], dict[str, Any]], preds: Mapping[tuple[str, str], Prediction],
           verbose: bool, title: str) -> None:
    rows = []
    for (subset, system), r in results.items():
        rows.append([subset, system, r["persons"], r["coverage"], r["linked"], *r["b3"], *r["pair"],
                     len(r["merges"]), r["merge_mentions"]])
    print(table(["docs", "system", "person mentions", "coverage", "linked", "B3 P", "B3 R", "B3 F1", "pair P",
                 "pair R", "pair F1", "wrong-merge pairs", "mention pairs"], rows, title=title))
    print()
    rows = []
    for (subset, system), r in results.items():
        c = r["bare"]["counts"]
        rows.append([subset, system, c["n"], _share(c["right"], c["n"]), _share(c["wrong"], c["n"]),
                     _share(c["unresolved"], c["n"]), c["missed"], c["no full name"]])
    print(table(["docs", "system", "bare-surname mentions", "right", "wrong", "unresolved", "of which missed",
                 "no full name (left out)"], rows,
                title="Bare-surname links (\"Trump\", \"Mr. Trump\", \"Clinton's\"): linked to the entity holding "
                      "the majority of that person's full-name mentions?"))
    if not verbose:
        return
    for (subset, system), r in results.items():
        if subset != "all":
            continue
        names = preds[(subset, system)].names
        print(f"\n{system}: wrong merges (gold person pair: predicted entity, mentions of each)")
        for (p, q), found in sorted(r["merges"].items(), key=lambda kv: -sum(a * b for _, a, b in kv[1])):
            where = "; ".join(f"{names.get(e, e)!r} {a}+{b}" for e, a, b in found)
            print(f"  {p} ~ {q}: {where}")
        errors = r["bare"]["errors"]
        if errors:
            print(f"{system}: bare surnames linked to another person's entity ({len(errors)})")
            for g, e in errors[:40]:
                print(f"  {g.doc}@{g.start} {g.surface!r} (gold {g.gold}) → {names.get(e, e)!r}")


@dataclass(slots=True)
class Evaluation:
    """One run: the scores and predictions per (documents, system), and what the run took."""

    articles: list[Article]
    gold: list[Gold]
    results: dict[tuple[str, str], dict[str, Any]]
    preds: dict[tuple[str, str], Prediction]
    t_analyze: float
    t_link: float


def evaluate(limit: int | None = None, analyzer: Analyzer | None = None) -> Evaluation:
    """Analyse the gold documents (the first ``limit`` by name, or all) once and score every system on all of
    them and on each fold alone.  ``analyzer``: an already-loaded one to share (spaCy is loaded once)."""
    gold = load_gold(limit)
    articles = load_articles(gold)
    analyzer = analyzer if analyzer is not None else Analyzer()
    t0 = time.perf_counter()
    pairs = [(article, analysis) for article, analysis, _ in analyzer.analyze(articles)]
    t_analyze = time.perf_counter() - t0
    gazetteer = analyzer.gazetteer()
    subsets: dict[str, tuple[list[tuple[Article, Analysis]], list[Gold]]] = {"all": (pairs, gold)}
    for fold in ("A", "B"):
        docs = {g.doc for g in gold if g.fold == fold}
        subsets[f"fold {fold}"] = ([p for p in pairs if p[0].id in docs], [g for g in gold if g.fold == fold])
    systems: list[tuple[str, Callable[[Sequence[tuple[Article, Analysis]], Sequence[Gold]], Prediction]]] = [
        (EXACT, exact_string)]
    for name, make in LINKERS.items():
        try:
            make(gazetteer)
        except Exception as exc:  # a linker mid-rewrite: report the others
            print(f"SKIP {name}: cannot be built ({type(exc).__name__}: {exc})")
            continue
        systems.append((name, lambda ps, gs, make=make: link(make, gazetteer, ps, gs)))
    t0 = time.perf_counter()
    results: dict[tuple[str, str], dict[str, Any]] = {}
    preds: dict[tuple[str, str], Prediction] = {}
    for subset, (ps, gs) in subsets.items():
        for name, run in systems:
            preds[(subset, name)] = pred = run(ps, gs)
            results[(subset, name)] = score(pred, gs)
    t_link = time.perf_counter() - t0
    return Evaluation(articles, gold, results, preds, t_analyze, t_link)


GATED = {"new linker": "new", "wave-1 linker": "wave1"}
"""The systems whose figures the quality gate (``benchmarks/gate.py``) checks, by their short name there."""


def figures(limit: int | None = None, analyzer: Analyzer | None = None) -> dict[str, float]:
    """The gated figures on all the gold documents (or the first ``limit``), as the tables print them (docs =
    "all"): per linker, B³ precision on person mentions, wrong-merge person pairs and the bare-surname "right"
    share."""
    results = evaluate(limit, analyzer).results
    out: dict[str, float] = {}
    for system, short in GATED.items():
        if ("all", system) not in results:
            raise RuntimeError(f"namesakes: the {system} could not be built (see the SKIP line above)")
        r = results[("all", system)]
        c = r["bare"]["counts"]
        out[f"namesakes.{short}.b3_precision"] = r["b3"][0]
        out[f"namesakes.{short}.wrong_merge_pairs"] = len(r["merges"])
        out[f"namesakes.{short}.bare_surname_right"] = _share(c["right"], c["n"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="only the first N gold documents (by name)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the wrong merges and wrong bare links")
    args = ap.parse_args()
    ev = evaluate(args.limit)
    n_docs = len(ev.articles)
    folds = Counter(g.fold for g in {g.doc: g for g in ev.gold}.values())
    report(ev.results, ev.preds, args.verbose,
           title=f"Namesakes on PolNeAR: {n_docs} docs (fold A {folds['A']}, B {folds['B']}), {len(ev.gold)} gold "
                 f"mentions; spaCy+newsweave {ev.t_analyze:.0f}s, linking (all systems, all + each fold alone) "
                 f"{ev.t_link:.1f}s")


if __name__ == "__main__":
    main()
