"""Who said what on PolNeAR: content spans (exact and overlap) and speaker accuracy, beside textacy.

    .venv/bin/python benchmarks/quotes.py [--split dev|train|all] [--limit N]

Gold: ``../shared/data/polnear/attributions.jsonl`` (source / cue / content as character spans into
``data/<split>/text/<doc>.txt``).  Documents annotated by several annotators are scored against one
of them: the first in sorted order.

Rules (stated here because every number depends on them):

* A content span is compared as a set of characters, each piece trimmed of white space, quotation
  marks and edge punctuation (gold content in PolNeAR includes the marks and a trailing comma).
* **exact**: the trimmed pieces are identical.  **overlap**: the predicted and gold characters share
  at least half of the shorter of the two.  Matching is one-to-one, largest overlap first.
* **direct quotes**: gold attributions whose content starts and ends with a quotation mark; a
  predicted ``direct`` quote is correct when it matches any gold attribution; recall is over gold
  direct quotes, matched by any prediction.  **all**: every attribution and every prediction.
* **speaker accuracy**, over matched pairs whose gold has a source: the predicted speaker span overlaps
  the gold source span, or the predicted speaker's resolved name ends with the same word as the gold
  source (the same person named elsewhere), or the gold source is a relative pronoun ("Collins, who
  said …") and the predicted speaker is the noun phrase right before it (its antecedent).

Baseline in the same run: textacy 0.13 ``extract.triples.direct_quotations`` on the same spaCy docs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, require, table

from newsweave.analyze import Analyzer
from newsweave.model import Article, QuoteKind

MARKS = "“”„‟\"«»‘’'`"
EDGE = MARKS + " \t\n.,;:!?-—–()[]"


@dataclass(frozen=True, slots=True)
class Attribution:
    content: frozenset[int]
    source: tuple[tuple[int, int], ...]
    source_text: str
    direct: bool


@dataclass(frozen=True, slots=True)
class Prediction:
    content: frozenset[int]
    speaker: tuple[int, int] | None
    speaker_name: str
    direct: bool


def chars(text: str, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    out: set[int] = set()
    for start, end in spans:
        while start < end and text[start] in EDGE:
            start += 1
        while end > start and text[end - 1] in EDGE:
            end -= 1
        out.update(range(start, end))
    return frozenset(out)


def load_gold(split: str) -> tuple[dict[str, str], dict[str, list[Attribution]]]:
    path = require(DATA / "polnear" / "attributions.jsonl", "PolNeAR attributions.jsonl")
    splits = ("train", "dev") if split == "all" else (split,)
    by_doc: dict[tuple[str, str], dict[str, list[dict[str, object]]]] = defaultdict(lambda: defaultdict(list))
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec["compartment"] in splits:
            by_doc[(rec["compartment"], rec["doc"])][rec["annotator"]].append(rec)
    texts: dict[str, str] = {}
    gold: dict[str, list[Attribution]] = {}
    for (compartment, doc), annotators in sorted(by_doc.items()):
        text_path = DATA / "polnear" / "data" / compartment / "text" / f"{doc}.txt"
        if not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        texts[doc] = text
        records = annotators[sorted(annotators)[0]]
        items = []
        for rec in records:
            content_spans = [tuple(s) for part in rec["content"] for s in part["spans"]]  # type: ignore[attr-defined]
            if not content_spans:
                continue
            raw = text[min(s[0] for s in content_spans):max(s[1] for s in content_spans)].strip()
            direct = len(raw) > 2 and raw[0] in MARKS and raw.rstrip(".,;:!?")[-1:] in MARKS
            source = tuple(tuple(s) for part in rec["source"] for s in part["spans"])  # type: ignore[attr-defined]
            source_text = " ".join(part["text"] for part in rec["source"])  # type: ignore[attr-defined]
            c = chars(text, content_spans)  # type: ignore[arg-type]
            if c:
                items.append(Attribution(c, source, source_text, direct))  # type: ignore[arg-type]
        gold[doc] = items
    return texts, gold


def predict_newsweave(texts: dict[str, str], analyzer: Analyzer) -> tuple[dict[str, list[Prediction]], list[object]]:
    articles = [Article(id=f"a{n:016x}", path=doc, text=text) for n, (doc, text) in enumerate(texts.items())]
    out: dict[str, list[Prediction]] = {}
    docs = []
    for article, analysis, doc in analyzer.analyze(articles):
        preds = []
        for q in analysis.quotes:
            sp = q.speaker
            name = ""
            if sp is not None:
                span = sp.name or sp
                name = article.text[span.start:span.end]
            preds.append(Prediction(chars(article.text, [(p.start, p.end) for p in q.pieces]),
                                    (sp.start, sp.end) if sp else None, name, q.kind is QuoteKind.DIRECT))
        out[article.path] = preds
        docs.append((article.path, doc))
    return out, docs


def predict_textacy(docs: Sequence[tuple[str, object]]) -> dict[str, list[Prediction]]:
    from textacy.extract.triples import direct_quotations

    out: dict[str, list[Prediction]] = {}
    for name, doc in docs:
        preds = []
        try:
            triples = list(direct_quotations(doc))  # type: ignore[arg-type]
        except Exception:  # textacy raises on some unbalanced quotes; count the document as no output
            triples = []
        for t in triples:
            content = chars(doc.text, [(t.content.start_char, t.content.end_char)])  # type: ignore[attr-defined]
            speaker = (t.speaker[0].idx, t.speaker[-1].idx + len(t.speaker[-1])) if t.speaker else None
            preds.append(Prediction(content, speaker, " ".join(s.text for s in t.speaker), True))
        out[name] = preds
    return out


def match(preds: Sequence[Prediction], gold: Sequence[Attribution], *, exact: bool) -> list[tuple[int, int]]:
    candidates = []
    for i, p in enumerate(preds):
        for j, g in enumerate(gold):
            inter = len(p.content & g.content)
            if not inter:
                continue
            ok = p.content == g.content if exact else inter >= 0.5 * min(len(p.content), len(g.content))
            if ok:
                candidates.append((inter, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


RELATIVE = frozenset({"who", "which", "that"})


def speaker_ok(p: Prediction, g: Attribution, text: str) -> bool | None:
    if not g.source:
        return None
    if p.speaker is None:
        return False
    if any(p.speaker[0] < e and s < p.speaker[1] for s, e in g.source):
        return True
    if g.source_text.strip().lower() in RELATIVE and len(g.source) == 1:
        # "Collins, who said …": the relative pronoun stands for the noun phrase right before it
        before = text[p.speaker[1]:g.source[0][0]]
        if len(before) <= 3 and not before.strip(" ,"):
            return True
    gold_last = g.source_text.replace("’s", "").replace("'s", "").split()
    mine = p.speaker_name.replace("’s", "").replace("'s", "").split()
    return bool(gold_last and mine and gold_last[-1].lower() == mine[-1].lower())


def score(texts: dict[str, str], gold: dict[str, list[Attribution]],
          preds: dict[str, list[Prediction]]) -> dict[str, float]:
    counts: dict[str, float] = defaultdict(float)
    for doc, g in gold.items():
        p = preds.get(doc, [])
        for rule in ("exact", "overlap"):
            pairs = match(p, g, exact=rule == "exact")
            counts[f"all_{rule}_tp"] += len(pairs)
            counts[f"direct_{rule}_tp_p"] += sum(1 for i, _ in pairs if p[i].direct)
            counts[f"direct_{rule}_tp_r"] += sum(1 for _, j in pairs if g[j].direct)
            if rule == "overlap":
                for i, j in pairs:
                    ok = speaker_ok(p[i], g[j], texts[doc])
                    if ok is not None:
                        counts["spk_n"] += 1
                        counts["spk_ok"] += ok
                        if g[j].direct:
                            counts["spk_direct_n"] += 1
                            counts["spk_direct_ok"] += ok
        counts["all_pred"] += len(p)
        counts["all_gold"] += len(g)
        counts["direct_pred"] += sum(1 for x in p if x.direct)
        counts["direct_gold"] += sum(1 for x in g if x.direct)
    out: dict[str, float] = {}
    for subset in ("direct", "all"):
        for rule in ("exact", "overlap"):
            tp_p = counts[f"{subset}_{rule}_tp_p"] if subset == "direct" else counts[f"all_{rule}_tp"]
            tp_r = counts[f"{subset}_{rule}_tp_r"] if subset == "direct" else counts[f"all_{rule}_tp"]
            prec = tp_p / counts[f"{subset}_pred"] if counts[f"{subset}_pred"] else 0.0
            rec = tp_r / counts[f"{subset}_gold"] if counts[f"{subset}_gold"] else 0.0
            out[f"{subset}_{rule}_p"], out[f"{subset}_{rule}_r"] = prec, rec
            out[f"{subset}_{rule}_f"] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    out["speaker"] = counts["spk_ok"] / counts["spk_n"] if counts["spk_n"] else 0.0
    out["speaker_direct"] = counts["spk_direct_ok"] / counts["spk_direct_n"] if counts["spk_direct_n"] else 0.0
    out["gold_all"], out["gold_direct"] = counts["all_gold"], counts["direct_gold"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("dev", "train", "all"), default="dev")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    args = ap.parse_args()
    texts, gold = load_gold(args.split)
    if args.limit:
        keep = sorted(texts)[: args.limit]
        texts = {d: texts[d] for d in keep}
        gold = {d: gold[d] for d in keep}
    analyzer = Analyzer()
    t = time.perf_counter()
    ours, docs = predict_newsweave(texts, analyzer)
    ours_s = time.perf_counter() - t
    t = time.perf_counter()
    theirs = predict_textacy(docs)
    theirs_s = time.perf_counter() - t
    results = {"newsweave": score(texts, gold, ours), "textacy direct_quotations": score(texts, gold, theirs)}
    rows = []
    for name, r in results.items():
        rows.append([name, r["direct_exact_f"], r["direct_overlap_p"], r["direct_overlap_r"], r["direct_overlap_f"],
                     r["all_exact_f"], r["all_overlap_p"], r["all_overlap_r"], r["all_overlap_f"],
                     r["speaker_direct"], r["speaker"]])
    r0 = results["newsweave"]
    print(table(["system", "direct exact F1", "direct ovl P", "direct ovl R", "direct ovl F1", "all exact F1",
                 "all ovl P", "all ovl R", "all ovl F1", "speaker acc (direct)", "speaker acc (all)"], rows,
                title=f"PolNeAR {args.split}: {len(texts)} docs, {int(r0['gold_all'])} attributions "
                      f"({int(r0['gold_direct'])} direct); newsweave {ours_s:.0f}s incl. spaCy, "
                      f"textacy {theirs_s:.1f}s on the same docs"))


if __name__ == "__main__":
    main()
