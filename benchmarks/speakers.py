"""Speakers on BASIL: who said it, named as one entity across three outlets (NYT / HuffPost / Fox News).

    .venv/bin/python benchmarks/speakers.py [--limit N] [-v]

**Data** (``../shared/data/basil``): ``triplets.jsonl`` — 70 same-event triplets (2010–2016), 210 articles;
``quotes.jsonl`` — 497 gold quote spans (a biased phrase inside a quotation) with the speaker annotators gave:
a main entity or another named speaker (``speaker_kind`` = named, e.g. ``Michael_Steele``) or someone else for,
against or neutral towards the target (``other_pro`` / ``other_anti`` / ``other_neutral``).

**Run.**  Each article becomes an :class:`~newsweave.model.Article` with the title, date, url, outlet (its
``outlet_name``) and text exactly as in ``triplets.jsonl``; all are analysed once (the analyzer extracts the
quotes and their speakers).  Then, per triplet, a fresh linker links the triplet's three articles one at a
time (as a feed would bring one story), and :func:`~newsweave.quotes.link_speakers` sets each speaker's entity.

**Scoring** (as the BASIL README says):

* a gold quote is **found** when one newsweave quote's content pieces cover ≥ 50 % of ``[char_start,
  char_end)`` (the quote covering most is taken); **quote recall** = found / gold;
* **speaker accuracy**, on found quotes with ``speaker_kind = named``: the predicted speaker name and the gold
  speaker agree case-insensitively ("_" → space, possessive and punctuation dropped) in full or in their last
  word (the surname match).  The predicted name is, per system: the *canonical name of the speaker's entity*
  (``Speaker.entity`` → the linker's entities), else the words at ``Speaker.name``, else the words at the
  speaker (linker systems: new linker, wave-1 linker); or the **speaker words as written** at the quote
  (baseline: "he", "Mr. Steele", "the senator" …).  "end to end" divides by every named gold quote;
* for ``other_*`` quotes: correct when a *named* speaker (an entity, or a proper name; for the words-as-written
  baseline, words with a capitalised word that is not a pronoun or determiner) is given who does not
  surname-match one of the triplet's ``main_entities``;
* **reconciliation**: for each (triplet, named speaker — grouped by surname) quoted in ≥ 2 outlets, whether
  newsweave gives that speaker one entity id across all those outlets (the speaker entities of the found
  quotes, per outlet: some id is common to every outlet; a case where an outlet has no found quote with a
  speaker entity fails).  For the words-as-written baseline, the "id" is the lower-cased words.

Everything is reported by outlet and overall, for all years and two folds by triplet year parity (even / odd).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, require, table
from linkers import LINKERS

from newsweave.analyze import Analyzer
from newsweave.model import Analysis, Article, Quote
from newsweave.quotes import link_speakers

OUTLETS = ("nyt", "hpo", "fox")
WORDS_AS_WRITTEN = "speaker words as written"
NOT_NAMES = frozenset("""the a an he she they it i we you his her their its this that these those who which
one some many several other others both each""".split())


@dataclass(frozen=True, slots=True)
class GoldQuote:
    triplet: str
    year: int
    outlet: str
    article: str
    start: int
    end: int
    speaker: str
    kind: str  # named | other_pro | other_anti | other_neutral


def load(limit: int | None) -> tuple[list[dict[str, Any]], list[GoldQuote]]:
    base = DATA / "basil"
    triplets = [json.loads(line) for line in require(base / "triplets.jsonl", "BASIL triplets.jsonl")
                .read_text(encoding="utf-8").splitlines() if line.strip()]
    triplets.sort(key=lambda t: (t["year"], t["triplet_id"]))
    if limit:
        triplets = triplets[:limit]
    keep = {t["triplet_id"] for t in triplets}
    quotes = []
    for line in require(base / "quotes.jsonl", "BASIL quotes.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        if q["triplet_id"] in keep:
            quotes.append(GoldQuote(q["triplet_id"], int(q["year"]), q["outlet"], q["article_uuid"], q["char_start"],
                                    q["char_end"], q["speaker"], q["speaker_kind"]))
    return triplets, quotes


def article_of(a: Mapping[str, Any]) -> Article:
    return Article(id=a["uuid"], path=a["file"], text=a["text"], title=a["title"], url=a["url"],
                   outlet=a["outlet_name"], published=a["date"])


# ----------------------------------------------------------------------------------------------- names


def norm(name: str) -> str:
    name = re.sub(r"[’']s\b", "", name.replace("_", " "))
    return " ".join(re.sub(r"[^\w\s-]", " ", name.lower()).split())


def same_speaker(predicted: str, gold: str) -> bool:
    p, g = norm(predicted), norm(gold)
    return bool(p and g) and (p == g or p.split()[-1] == g.split()[-1])


def named_words(words: str) -> bool:
    """Whether words as written name someone: a capitalised word that is not a pronoun or determiner."""
    return any(w[:1].isupper() and w.lower() not in NOT_NAMES for w in re.findall(r"[\w’'-]+", words))


# ----------------------------------------------------------------------------------------------- systems


@dataclass(frozen=True, slots=True)
class Said:
    """A system's reading of a found quote's speaker: the name it gives, whether that is a name, the id."""

    name: str
    named: bool
    ident: str | None


def read_speaker(q: Quote, text: str, entity_names: Mapping[str, str] | None) -> Said:
    sp = q.speaker
    if sp is None:
        return Said("", False, None)
    written = text[sp.start:sp.end]
    if entity_names is None:  # the words-as-written baseline
        return Said(written, named_words(written), norm(written) or None)
    if sp.entity and sp.entity in entity_names:
        return Said(entity_names[sp.entity], True, sp.entity)
    if sp.name is not None:
        return Said(text[sp.name.start:sp.name.end], True, None)
    return Said(written, False, None)


def found_quote(g: GoldQuote, quotes: Sequence[Quote]) -> Quote | None:
    need = 0.5 * (g.end - g.start)
    best, best_cover = None, 0
    for q in quotes:
        cover = sum(max(0, min(g.end, p.end) - max(g.start, p.start)) for p in q.pieces)
        if cover > best_cover:
            best, best_cover = q, cover
    return best if best is not None and best_cover >= need else None


Linked = tuple[dict[str, Analysis], dict[str, dict[str, str]]]


def run_system(make: Callable[[Any], Any] | None, gazetteer: Any, triplets: Sequence[Mapping[str, Any]],
               analyses: Mapping[str, tuple[Article, Analysis]]) -> Linked:
    """Per triplet, a fresh linker links its three articles one at a time; returns the linked analyses and, per
    triplet, the canonical names of its entities (``make=None``: the analyses as they are, no names)."""
    linked: dict[str, Analysis] = {}
    names: dict[str, dict[str, str]] = {}
    for t in triplets:
        if make is None:
            for a in t["articles"]:
                linked[a["uuid"]] = analyses[a["uuid"]][1]
            continue
        linker = make(gazetteer)
        for a in t["articles"]:
            (analysis,) = linker.link([analyses[a["uuid"]]])
            linked[a["uuid"]] = link_speakers(analysis)
        names[t["triplet_id"]] = {e.id: e.name for e in linker.all()}
    return linked, names


# ----------------------------------------------------------------------------------------------- scores


def score(gold: Sequence[GoldQuote], triplets: Mapping[str, Mapping[str, Any]], texts: Mapping[str, str],
          linked: Mapping[str, Analysis], names: Mapping[str, dict[str, str]] | None,
          verbose_errors: list[str] | None = None) -> dict[str, Counter[str]]:
    """Counts per group ("all", outlet) × ("all", "even", "odd")."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for g in gold:
        groups = [f"{o}|{f}" for o in ("all", g.outlet) for f in ("all", "even" if g.year % 2 == 0 else "odd")]
        q = found_quote(g, linked[g.article].quotes)
        said = read_speaker(q, texts[g.article], names.get(g.triplet, {}) if names is not None else None) \
            if q is not None else None
        if g.kind == "named":
            ok = said is not None and same_speaker(said.name, g.speaker)
        else:
            mains = triplets[g.triplet]["main_entities"]
            ok = said is not None and said.named and not any(same_speaker(said.name, m) for m in mains)
        kind = "named" if g.kind == "named" else "other"
        for group in groups:
            c = counts[group]
            c["gold"] += 1
            c["found"] += q is not None
            c[f"{kind}_gold"] += 1
            c[f"{kind}_found"] += q is not None
            c[f"{kind}_ok"] += ok
        if verbose_errors is not None and q is not None and not ok:
            verbose_errors.append(f"  {g.outlet} {g.year} {g.kind}: gold {g.speaker!r}, "
                                  f"said {said.name if said else ''!r}")
    return counts


def reconciliation(gold: Sequence[GoldQuote], linked: Mapping[str, Analysis], texts: Mapping[str, str],
                   names: Mapping[str, dict[str, str]] | None) -> dict[str, Counter[str]]:
    cases: dict[tuple[str, str], dict[str, list[GoldQuote]]] = defaultdict(lambda: defaultdict(list))
    for g in gold:
        if g.kind == "named" and norm(g.speaker):
            cases[(g.triplet, norm(g.speaker).split()[-1])][g.outlet].append(g)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for by_outlet in cases.values():
        if len(by_outlet) < 2:
            continue
        ids_per_outlet = []
        for outlet_gold in by_outlet.values():
            ids = set()
            for g in outlet_gold:
                q = found_quote(g, linked[g.article].quotes)
                if q is None:
                    continue
                said = read_speaker(q, texts[g.article], names.get(g.triplet, {}) if names is not None else None)
                if said.ident:
                    ids.add(said.ident)
            ids_per_outlet.append(ids)
        year = next(iter(by_outlet.values()))[0].year
        for fold in ("all", "even" if year % 2 == 0 else "odd"):
            c = counts[fold]
            c["cases"] += 1
            c["all_found"] += all(ids_per_outlet)
            c["same"] += bool(set.intersection(*ids_per_outlet))
    return counts


# ----------------------------------------------------------------------------------------------- report


def _share(n: float, d: float) -> float:
    return n / d if d else 0.0


@dataclass(slots=True)
class Evaluation:
    """One run: the per-system counts (:func:`score`, :func:`reconciliation`) and what the run took."""

    triplets: list[dict[str, Any]]
    articles: list[Article]
    gold: list[GoldQuote]
    systems: list[str]
    results: dict[str, dict[str, Counter[str]]]
    recon: dict[str, dict[str, Counter[str]]]
    errors: dict[str, list[str]]
    t_analyze: float
    t_link: float


def evaluate(limit: int | None = None, analyzer: Analyzer | None = None, verbose: bool = False) -> Evaluation:
    """Analyse the first ``limit`` triplets (by year, id; all when None) once and score every system on them.
    ``analyzer``: an already-loaded one to share (spaCy is loaded once); ``verbose``: keep the wrong speakers."""
    triplets, gold = load(limit)
    by_id = {t["triplet_id"]: t for t in triplets}
    articles = [article_of(a) for t in triplets for a in t["articles"]]
    texts = {a.id: a.text for a in articles}
    analyzer = analyzer if analyzer is not None else Analyzer()
    t0 = time.perf_counter()
    analyses = {article.id: (article, analysis) for article, analysis, _ in analyzer.analyze(articles)}
    t_analyze = time.perf_counter() - t0
    gazetteer = analyzer.gazetteer()

    systems: list[tuple[str, Callable[[Any], Any] | None]] = []
    for name, make in LINKERS.items():
        try:
            make(gazetteer)
        except Exception as exc:  # a linker mid-rewrite: report the others
            print(f"SKIP {name}: cannot be built ({type(exc).__name__}: {exc})")
            continue
        systems.append((f"newsweave + {name}", make))
    systems.append((WORDS_AS_WRITTEN, None))

    t0 = time.perf_counter()
    results: dict[str, dict[str, Counter[str]]] = {}
    recon: dict[str, dict[str, Counter[str]]] = {}
    errors: dict[str, list[str]] = {}
    for name, make in systems:
        linked, names = run_system(make, gazetteer, triplets, analyses)
        entity_names = names if make is not None else None
        errors[name] = []
        results[name] = score(gold, by_id, texts, linked, entity_names, errors[name] if verbose else None)
        recon[name] = reconciliation(gold, linked, texts, entity_names)
    t_link = time.perf_counter() - t0
    return Evaluation(triplets, articles, gold, [name for name, _ in systems], results, recon, errors, t_analyze,
                      t_link)


GATED_SYSTEM = "newsweave + new linker"
"""The system whose speaker accuracy the quality gate (``benchmarks/gate.py``) checks."""


def figures(limit: int | None = None, analyzer: Analyzer | None = None) -> dict[str, float]:
    """The gated figures on the first ``limit`` triplets (all when None), as the tables print them (outlet "all",
    all years): quote recall, and the new linker's named-speaker accuracy on found quotes ("speaker acc")."""
    ev = evaluate(limit, analyzer)
    if GATED_SYSTEM not in ev.results:
        raise RuntimeError(f"speakers: {GATED_SYSTEM!r} could not be built (see the SKIP line above)")
    c = ev.results[GATED_SYSTEM]["all|all"]
    return {"speakers.quote_recall": _share(c["found"], c["gold"]),
            "speakers.named_speaker_accuracy": _share(c["named_ok"], c["named_found"])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="only the first N triplets (by year, id)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the speakers each system gets wrong")
    args = ap.parse_args()
    ev = evaluate(args.limit, verbose=args.verbose)
    results, recon = ev.results, ev.recon

    first = results[ev.systems[0]]
    rows = []
    for outlet in (*OUTLETS, "all"):
        row: list[object] = [outlet]
        for fold in ("all", "even", "odd"):
            c = first[f"{outlet}|{fold}"]
            row += [c["gold"], _share(c["found"], c["gold"])]
        rows.append(row)
    n_named = first["all|all"]["named_gold"]
    print(table(["outlet", "gold quotes", "recall", "gold (even yrs)", "recall (even)", "gold (odd yrs)",
                 "recall (odd)"], rows,
                title=f"BASIL: {len(ev.triplets)} triplets, {len(ev.articles)} articles, {len(ev.gold)} gold "
                      f"quote spans ({n_named} with a named speaker); quote found = newsweave content covers >= 50 % "
                      f"of the span; spaCy+newsweave {ev.t_analyze:.0f}s, linking + scoring {ev.t_link:.1f}s"))
    print()
    rows = []
    for name in ev.systems:
        for outlet in (*OUTLETS, "all"):
            row = [name, outlet]
            for fold in ("all", "even", "odd"):
                c = results[name][f"{outlet}|{fold}"]
                row += [c["named_found"], _share(c["named_ok"], c["named_found"])]
            c = results[name][f"{outlet}|all"]
            row += [_share(c["named_ok"], c["named_gold"]), c["other_found"], _share(c["other_ok"], c["other_found"])]
            rows.append(row)
    print(table(["system", "outlet", "named found", "speaker acc", "found (even)", "acc (even)", "found (odd)",
                 "acc (odd)", "named end-to-end", "other_* found", "other_* acc"], rows,
                title="Speaker accuracy on found quotes (named: surname match with the gold speaker; other_*: a "
                      "named speaker who is not a main entity)"))
    print()
    rows = []
    for name in ev.systems:
        for fold in ("all", "even", "odd"):
            c = recon[name][fold]
            rows.append([name, fold, c["cases"], _share(c["all_found"], c["cases"]), _share(c["same"], c["cases"])])
    print(table(["system", "years", "cases (speaker in >= 2 outlets)", "speaker id in every outlet",
                 "one id across outlets"], rows,
                title="Reconciliation: the same named speaker quoted by several outlets of a triplet gets one id"))
    if args.verbose:
        for name in ev.systems:
            print(f"\n{name}: found quotes with a wrong speaker ({len(ev.errors[name])})")
            for line in ev.errors[name]:
                print(line)


if __name__ == "__main__":
    main()
