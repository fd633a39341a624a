"""Provenance: copies, partial copies, paraphrases, spins and translations, with their evidence."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import seed_article_id

from newsweave import Account, Store, Weaver
from newsweave.model import Analysis, Article, Provenance, ProvenanceLabel, Sentence
from newsweave.provenance import (
    Phrasebook,
    ProvenanceParams,
    Provenancer,
    article_bands,
    article_mismatches,
    independent,
    nearest,
    translation_markers,
)

ORIGINAL = """Storm floods river towns

Heavy rain flooded three towns along the river on Monday, forcing hundreds of families from their homes.
The mayor of the largest town said the water rose faster than at any time in the last fifty years.
Emergency crews used boats to reach people trapped on the upper floors of their houses.
Forecasters expect more rain later in the week, and officials urged residents not to return yet.
Schools in the region will stay closed until the roads are cleared of mud and debris.
The regional government promised money to repair bridges damaged by the flood.
"""

OTHER = """Farmers count losses after flood

Farmers in the valley said on Tuesday that the flood destroyed most of this year's harvest.
Many fields remain under water, and the cattle had to be moved to higher ground.
An association of growers asked the government for emergency help with feed and seed.
Insurance experts warned that few small farms are covered against floods.
"""


def _provenance(account: Account) -> dict[str, Provenance]:
    return {p.article: p for p in account.provenance}


def _weave(tmp_path: Path, weaver: Weaver, files: dict[str, str]) -> tuple[Account, dict[str, str]]:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with Store(":memory:") as store:
        account = weaver.weave([tmp_path], store)
    ids = {Path(a.path).name: a.id for a in account.articles}
    return account, ids


def test_a_verbatim_copy_is_a_copy_of_the_original(tmp_path: Path, weaver: Weaver) -> None:
    copy = ORIGINAL.replace("Storm floods river towns", "River towns flooded") + "Share this story with friends.\n"
    account, ids = _weave(tmp_path, weaver, {"a.txt": ORIGINAL, "b.txt": copy, "c.txt": OTHER})
    prov = _provenance(account)
    assert prov[ids["b.txt"]].label is ProvenanceLabel.COPY
    assert prov[ids["b.txt"]].derived_from == ids["a.txt"]
    assert prov[ids["a.txt"]].label is ProvenanceLabel.ORIGINAL
    assert prov[ids["c.txt"]].label is ProvenanceLabel.ORIGINAL
    assert any(e.kind == "shared-passage" and e.source is not None for e in prov[ids["b.txt"]].evidence)
    assert independent(ids.values(), prov) == 2  # the copy counts once


def test_a_synonym_spin_is_spun_with_its_substitutions(tmp_path: Path, weaver: Weaver) -> None:
    spun = (ORIGINAL.replace("Heavy rain", "Weighty rain").replace("forcing hundreds", "compelling hundreds")
            .replace("water rose faster", "water ascended quicker").replace("Emergency crews", "Exigency crews")
            .replace("trapped on the upper floors", "caught on the higher storeys")
            .replace("officials urged", "functionaries urged").replace("stay closed", "remain shut")
            .replace("promised money", "pledged funds"))
    account, ids = _weave(tmp_path, weaver, {"a.txt": ORIGINAL, "b.txt": spun})
    prov = _provenance(account)[ids["b.txt"]]
    assert prov.label is ProvenanceLabel.SPUN
    assert prov.derived_from == ids["a.txt"]
    notes = " ".join(e.note for e in prov.evidence if e.kind == "substitution")
    assert "“compelling” for “forcing”" in notes
    assert _provenance(account)[ids["a.txt"]].label is ProvenanceLabel.ORIGINAL


def test_a_reordered_rewrite_is_a_paraphrase(tmp_path: Path, weaver: Weaver) -> None:
    lines = ORIGINAL.strip().splitlines()
    shuffled = "\n".join([lines[0], "", lines[6], lines[4], lines[2], lines[7], lines[3], lines[5]]) + "\n"
    account, ids = _weave(tmp_path, weaver, {"a.txt": ORIGINAL, "b.txt": shuffled})
    prov = _provenance(account)[ids["b.txt"]]
    assert prov.label is ProvenanceLabel.PARAPHRASE
    assert prov.derived_from == ids["a.txt"]


def test_article_mismatches_reveal_a_spinner_and_spare_correct_english() -> None:
    assert [e.note.split("”")[0] for e in article_mismatches("They want a assure and an preliminary deal.")] == \
        ["“a assure", "“an preliminary"]
    clean = "an hour, a unanimous vote, an FBI agent, a NATO summit, a European deal, an honest man, a one-off"
    assert article_mismatches(clean) == []


def test_translation_markers_need_two_kinds() -> None:
    score, evidence = translation_markers("The meeting held this Thursday ended. For his part, Grushkó spoke.")
    assert score >= 2.0 and {e.kind for e in evidence} == {"marker"}
    assert translation_markers("The meeting this Thursday will be long.")[0] == 0.0


def test_seed_provenance_spun_and_translations(seeds_account: Account) -> None:
    prov = _provenance(seeds_account)
    spun = prov[seed_article_id(seeds_account, "003")]
    assert spun.label is ProvenanceLabel.SPUN
    assert spun.derived_from is None and "not in the corpus" in spun.note
    words = [seeds_account.article(spun.article).text[e.start:e.end] for e in spun.evidence]
    assert "a assure" in words and "an preliminary" in words
    for prefix in ("000", "002"):
        assert prov[seed_article_id(seeds_account, prefix)].label is ProvenanceLabel.TRANSLATION
    assert prov[seed_article_id(seeds_account, "004")].label is ProvenanceLabel.ORIGINAL


def test_seed_rewrite_of_another_outlets_report_is_a_paraphrase(seeds_account: Account) -> None:
    prov = _provenance(seeds_account)[seed_article_id(seeds_account, "001")]
    assert prov.label is ProvenanceLabel.PARAPHRASE
    assert prov.derived_from is None and "Al Jazeera" in prov.note
    kinds = {e.kind for e in prov.evidence}
    assert {"credit", "artefact"} <= kinds
    words = [seeds_account.article(prov.article).text[e.start:e.end] for e in prov.evidence]
    assert "told Al Jazeera" in words and "a a" in words


def test_interviews_credited_to_the_articles_own_outlet_are_not_evidence(tmp_path: Path, weaver: Weaver) -> None:
    text = ("Minister warns of cuts | Al Jazeera\n\n"
            "The finance minister warned of deep cuts on Monday, he told Al Jazeera in the capital.\n"
            "\"We have no choice,\" she told Al Jazeera. The opposition said the plan was a a mistake.\n"
            "\"The budget is broken,\" Al Jazeera said the minister added.\n")
    account, ids = _weave(tmp_path, weaver, {"a.txt": text})
    prov = _provenance(account)[ids["a.txt"]]
    article = account.article(ids["a.txt"])
    assert article.outlet == "Al Jazeera"
    assert prov.label is not ProvenanceLabel.PARAPHRASE
    assert not [e for e in prov.evidence if e.kind == "credit"]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_evidence_span_lies_in_its_article(seeds_account: Account, prefix: str) -> None:
    article = seeds_account.article(seed_article_id(seeds_account, prefix))
    prov = _provenance(seeds_account)[article.id]
    assert 0.5 <= prov.confidence <= 1.0
    for e in prov.evidence:
        assert 0 <= e.start < e.end <= len(article.text)


@pytest.mark.parametrize(("shared", "limit", "kept"), [
    ({"c": 28, "a": 28, "b": 28}, 2, ["a", "b"]),  # copies of one text: the earliest stored
    ({"a": 3, "b": 28, "c": 10}, 2, ["b", "c"]),  # the most bands shared first, however late
    ({"e": 0, "a": 0, "d": 1}, 5, ["d", "a", "e"]),  # event members sharing no band come last; fewer than limit
    ({"x": 5, "a": 5}, 1, ["a"]),  # an article not stored yet ranks after the stored ones
])
def test_an_article_is_compared_with_the_articles_sharing_most_bands_then_the_earliest(
        shared: dict[str, int], limit: int, kept: list[str]) -> None:
    assert nearest(shared, {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}, limit) == kept


class _Same:
    """An embedder giving equal texts equal vectors."""

    dimension = 8

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.stack([np.random.default_rng(abs(hash(t)) % 2**32).normal(size=8) for t in texts]) \
            if texts else np.zeros((0, 8))
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)


class _Recording(Provenancer):
    """Records which stored articles each run compares the new ones with."""

    def assess_new(self, new: Sequence[tuple[Article, Analysis]], old: Sequence[tuple[Article, Analysis]],
                   order: Mapping[str, int], event_of: Mapping[str, str],
                   current: Mapping[str, Provenance]) -> tuple[list[Provenance], dict[str, list[tuple[int, int]]]]:
        self.old = [a.id for a, _ in old]
        return super().assess_new(new, old, order, event_of, current)


def _copied_store(copies: int) -> Store:
    """A store holding ``copies`` copies of one wire story, the first the original the others derive from."""
    store = Store(":memory:")
    for n in range(copies):
        article, analysis = _wire(n)
        store.add_article(article, analysis)
        label = Provenance(article.id, ProvenanceLabel.COPY, 0.9, "w000") if n else \
            Provenance(article.id, ProvenanceLabel.ORIGINAL, 0.9)
        store.save_assessment([label], {article.id: article_bands(article, analysis)})
    return store


def _wire(n: int) -> tuple[Article, Analysis]:
    text = ORIGINAL.split("\n", 2)[2]
    sentences = []
    start = 0
    for line in text.splitlines(keepends=True):
        sentences.append(Sentence(start, start + len(line.rstrip())))
        start += len(line)
    article = Article(f"w{n:03d}", f"/wire/{n}.txt", text, "Storm floods river towns",
                      published=f"2024-03-{n % 28 + 1:02d}")
    return article, Analysis(article.id, tuple(sentences))


def test_a_new_copy_of_a_text_copied_many_times_is_compared_with_a_bounded_few_the_source_among_them() -> None:
    store = _copied_store(30)
    article, analysis = _wire(99)
    store.add_article(dataclasses.replace(article, published="2024-04-30"), analysis)
    provenancer = _Recording(_Same(), Phrasebook(), ProvenanceParams(candidates=3))  # type: ignore[arg-type]
    weaver = Weaver(embedder=_Same(), provenancer=provenancer)  # type: ignore[arg-type]
    written = weaver._provenance(store, lambda *_: None)
    assert sorted(provenancer.old) == ["w000", "w001", "w002"]  # not the 30 copies: the earliest, the source first
    assert "w099" in written
    label = store.provenance_by_id(["w099"])["w099"]
    assert label.label is ProvenanceLabel.COPY
    assert independent(["w099", "w005", "w000"], store.provenance_chains(["w099", "w005"])) == 1


class _Counting(Provenancer):
    """Records the pairs each assessment compares."""

    def _derive(self, docs: Mapping[str, Any], candidates: set[tuple[str, str]],
                order: Mapping[str, int]) -> dict[str, Any]:
        self.pairs = set(candidates)
        return super()._derive(docs, candidates, order)


def test_a_batch_of_copies_compares_each_article_with_a_bounded_few_and_still_finds_one_source() -> None:
    pairs = [_wire(n) for n in range(12)]
    provenancer = _Counting(_Same(), Phrasebook(), ProvenanceParams(candidates=3))  # type: ignore[arg-type]
    labels = {p.article: p for p in provenancer.assess(pairs, {a.id: "e1" for a, _ in pairs})}
    assert len(provenancer.pairs) <= 12 * 3 < 12 * 11 // 2
    assert all(any(a == aid or b == aid for a, b in provenancer.pairs) for aid in labels)
    assert labels["w000"].label is ProvenanceLabel.ORIGINAL
    assert independent(labels, labels) == 1  # every copy leads back to the first
