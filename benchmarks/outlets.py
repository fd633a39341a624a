"""Outlets on BASIL: does newsweave name each article's outlet when the input does not say it outright?

    .venv/bin/python benchmarks/outlets.py

**Data** (``../shared/data/basil/triplets.jsonl``, or ``$NEWSWEAVE_DATA/basil``): 70 same-event triplets,
210 articles of The New York Times, HuffPost and Fox News, each with its URL, text and gold ``outlet_name``.
The texts are written to a temporary folder for the run only (never into the repository).

**Settings** — the same 210 articles given to newsweave (ingest + clean, as ``newsweave run`` reads them):

* *hostname only* (baseline): the outlet a reader is shown when the URL's host is all there is — the raw
  netloc ("www.nytimes.com", "thecaucus.blogs.nytimes.com");
* *JSONL url + text*: one record per article with only ``url`` and ``text`` (no ``outlet`` field);
* *.txt + sources.csv (url)*: one ``.txt`` per article (text only) and a ``sources.csv`` sidecar giving each
  file's ``url`` (and date) by its exact name;
* *.txt + sources.csv (glob → host)*: the files in one folder per outlet and a sidecar with one glob row per
  folder whose ``outlet`` is written as a hostname ("nyt/*.txt,www.nytimes.com");
* *.txt alone*: no URL and no sidecar — only what the texts say about themselves (bylines, datelines,
  credits).  BASIL keeps the body paragraphs only, so little is expected; the column that matters there is
  *wrong* (an outlet named that is not the article's, e.g. from "told Fox News").

**Scoring**: an article is *recognised* when the outlet assigned equals the gold name after name
normalisation only (case, punctuation, a leading "The": "The New York Times" == "New York Times"; a
hostname is *not* mapped for the comparison); *wrong* when another outlet is named; *not stated* when none.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, require, table

from newsweave.model import Article
from newsweave.pipeline import Weaver

OUTLETS = ("New York Times", "HuffPost", "Fox News")


@dataclass(frozen=True, slots=True)
class Item:
    key: str  # the file name / record number newsweave reads it under
    code: str  # nyt | hpo | fox
    gold: str
    url: str
    published: str
    text: str


def load() -> list[Item]:
    path = require(DATA / "basil" / "triplets.jsonl", "BASIL triplets.jsonl")
    items: list[Item] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        for art in json.loads(line)["articles"]:
            n = len(items)
            items.append(Item(f"{n:03d}", str(art["outlet"]).lower(), art["outlet_name"], art["url"],
                              str(art.get("date") or ""), art["text"]))
    return items


def name_key(name: str | None) -> str:
    """Name normalisation for the comparison: case, accents, punctuation and a leading "The" only."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name).lower()
    text = re.sub(r"^\W*the\b", "", "".join(c for c in text if not unicodedata.combining(c)).strip())
    return re.sub(r"[\W_]+", "", text)


def read(paths: list[Path]) -> list[Article]:
    articles, _failures, _ = Weaver().read(paths)
    return articles


def key_of(article: Article) -> str:
    """The item key an article was read from: "012.txt" → 012, "records.jsonl#line 13" → 012."""
    file, _, item = article.path.partition("#")
    if item:
        return f"{int(item.split()[1]) - 1:03d}"
    return Path(file).stem


def run_jsonl(items: list[Item], folder: Path) -> dict[str, str | None]:
    path = folder / "records.jsonl"
    path.write_text("".join(json.dumps({"url": i.url, "text": i.text}) + "\n" for i in items), encoding="utf-8")
    return {key_of(a): a.outlet for a in read([path])}


def write_texts(items: list[Item], folder: Path, *, by_outlet: bool = False) -> None:
    for i in items:
        target = folder / i.code / f"{i.key}.txt" if by_outlet else folder / f"{i.key}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(i.text, encoding="utf-8")


def run_sidecar_urls(items: list[Item], folder: Path) -> dict[str, str | None]:
    write_texts(items, folder)
    with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "published", "url"])
        writer.writerows([f"{i.key}.txt", i.published, i.url] for i in items)
    return {key_of(a): a.outlet for a in read([folder])}


def run_sidecar_globs(items: list[Item], folder: Path) -> dict[str, str | None]:
    write_texts(items, folder, by_outlet=True)
    hosts = {i.code: Counter[str]() for i in items}
    for i in items:
        hosts[i.code][urlparse(i.url).netloc] += 1
    rows = [[f"{code}/*.txt", counts.most_common(1)[0][0]] for code, counts in sorted(hosts.items())]
    with (folder / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["file", "outlet"], *rows])
    return {key_of(a): a.outlet for a in read([folder])}


def run_text_only(items: list[Item], folder: Path) -> dict[str, str | None]:
    write_texts(items, folder)
    return {key_of(a): a.outlet for a in read([folder])}


def score(items: list[Item], predicted: dict[str, str | None]) -> tuple[float, float, float, dict[str, str]]:
    right = wrong = 0
    per: Counter[str] = Counter()
    totals: Counter[str] = Counter(i.gold for i in items)
    for i in items:
        got = predicted.get(i.key)
        if not got:
            continue
        if name_key(got) == name_key(i.gold):
            right += 1
            per[i.gold] += 1
        else:
            wrong += 1
    n = len(items)
    return right / n, wrong / n, (n - right - wrong) / n, {o: f"{per[o]}/{totals[o]}" for o in OUTLETS}


SETTINGS: dict[str, Callable[[list[Item], Path], dict[str, str | None]]] = {
    "hostname only (baseline)": lambda items, _f: {i.key: urlparse(i.url).netloc for i in items},
    "JSONL url + text": run_jsonl,
    ".txt + sources.csv (url)": run_sidecar_urls,
    ".txt + sources.csv (glob → host)": run_sidecar_globs,
    ".txt alone (text only)": run_text_only,
}
"""Each setting (by the name the table shows): how newsweave is given the articles, read back as key → outlet."""


@dataclass(frozen=True, slots=True)
class Result:
    right: float
    wrong: float
    missing: float
    per: dict[str, str]  # gold outlet → "recognised/total"
    seconds: float
    predicted: dict[str, str | None]


def evaluate(items: list[Item] | None = None, settings: Sequence[str] | None = None) -> dict[str, Result]:
    """Score each setting (all, or those named) on the items (all 210 when None), each in a fresh temporary
    folder."""
    items = load() if items is None else items
    results: dict[str, Result] = {}
    for name in settings if settings is not None else SETTINGS:
        with tempfile.TemporaryDirectory(prefix="nw-outlets-") as tmp:
            start = time.perf_counter()
            predicted = SETTINGS[name](items, Path(tmp))
            seconds = time.perf_counter() - start
        right, wrong, missing, per = score(items, predicted)
        results[name] = Result(right, wrong, missing, per, seconds, predicted)
    return results


GATED_SETTING = "JSONL url + text"
"""The setting whose recognised share the quality gate (``benchmarks/gate.py``) checks."""


def figures() -> dict[str, float]:
    """The gated figure on all 210 articles: the recognised share of the JSONL url + text setting."""
    return {"outlets.jsonl_recognised": evaluate(settings=[GATED_SETTING])[GATED_SETTING].right}


def main() -> None:
    items = load()
    rows = []
    examples: list[str] = []
    for name, r in evaluate(items).items():
        rows.append([name, len(items), r.right, r.wrong, r.missing, *r.per.values(), f"{r.seconds:.1f}"])
        shown = Counter(str(v) for v in r.predicted.values())
        examples.append(f"  {name}: " + ", ".join(f"{k} ×{v}" for k, v in shown.most_common(4)))
    print(table(["setting", "articles", "recognised", "wrong", "not stated", *OUTLETS, "s"], rows,
                title=f"BASIL outlets: {len(items)} articles (recognised = assigned outlet equals the gold name)"))
    print("\nmost frequent outlets assigned:")
    print("\n".join(examples))


if __name__ == "__main__":
    main()
