"""Build newsweave's phrase statistics: word and word-pair counts of news English.

    .venv/bin/python scripts/build_phrases.py [--data ../shared/data] [--out src/newsweave/data/phrases.tsv.gz]

The provenance stage uses them to recognise a synonym-spun text on its own: a spinner's substitutions
break the collocations of news English ("Secretary-Basic", "safety talks", "information convention").
Only counts are written — no text — and only pairs seen at least twice.

Sources (all under the evaluation-data folder): CoNLL-2003 (Reuters), PolNeAR (US political news), the
MSR paraphrase sentences (news), the MultiLing 2011 WikiNews articles and the article-extraction ground
truth. ECB+ is left out on purpose: the provenance benchmark generates its test articles from ECB+, so its
texts must be unseen by these statistics.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
ROOT = Path(__file__).resolve().parents[1]


def words(line: str) -> list[str]:
    return WORD.findall(line.lower().replace("’", "'"))


def _conll(data: Path) -> Iterator[str]:
    for name in ("train.txt", "valid.txt", "test.txt"):
        path = data / "conll2003" / name
        if not path.exists():
            continue
        sentence: list[str] = []
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw.strip() or raw.startswith("-DOCSTART-"):
                if sentence:
                    yield " ".join(sentence)
                sentence = []
                continue
            sentence.append(raw.split()[0])
        if sentence:
            yield " ".join(sentence)


def _polnear(data: Path) -> Iterator[str]:
    for path in sorted((data / "polnear" / "data").glob("*/text/*.txt")):
        yield from path.read_text(encoding="utf-8").splitlines()


def _msrp(data: Path) -> Iterator[str]:
    path = data / "paraphrase" / "msr_paraphrase_train.txt"
    if path.exists():
        for line in path.read_text(encoding="utf-8-sig").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) == 5:
                yield parts[3]
                yield parts[4]


def _multiling(data: Path) -> Iterator[str]:
    path = data / "summaries_multiling2011" / "multiling2011_clusters.jsonl"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                for doc in json.loads(line).get("documents", []):
                    yield from doc.get("sentences", [])


def _extraction(data: Path) -> Iterator[str]:
    path = data / "article_extraction" / "ground-truth.json"
    if path.exists():
        for record in json.loads(path.read_text(encoding="utf-8")).values():
            yield from str(record.get("articleBody") or "").splitlines()


def count(lines: Iterable[str]) -> tuple[Counter[str], Counter[str]]:
    unigrams: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    for line in lines:
        ws = words(line)
        unigrams.update(ws)
        bigrams.update(f"{a} {b}" for a, b in itertools.pairwise(ws))
    return unigrams, bigrams


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / ".." / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "newsweave" / "data" / "phrases.tsv.gz")
    parser.add_argument("--min-count", type=int, default=2)
    args = parser.parse_args()
    sources = (_conll, _polnear, _msrp, _multiling, _extraction)
    unigrams, bigrams = count(line for source in sources for line in source(args.data))
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(f"#tokens\t{sum(unigrams.values())}\n")
        for key, n in sorted(unigrams.items()):
            if n >= args.min_count:
                out.write(f"{key}\t{n}\n")
        for key, n in sorted(bigrams.items()):
            if n >= args.min_count:
                out.write(f"{key}\t{n}\n")
    kept = sum(1 for n in bigrams.values() if n >= args.min_count)
    print(f"{sum(unigrams.values())} tokens, {len(unigrams)} words, {kept} word pairs seen ≥ {args.min_count}× "
          f"→ {args.out} ({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
