"""A big event fused in blocks: what two blocks both report is told once, with the sources of both."""

from __future__ import annotations

import numpy as np

from newsweave.fuse import Fuser, Fusion
from newsweave.fuse_events import merge
from newsweave.model import (
    Citation,
    Claim,
    Disagreement,
    QuoteGroup,
    QuoteKind,
    QuoteVariant,
    TimelineEntry,
    Value,
)

SAID = "There is a real risk of an armed conflict in Europe"
OTHER = "We will not compromise on the core principles of the alliance"
TALKS = "The talks in Brussels ended on Wednesday without a deal."
TEXTS = {a: f"{TALKS} He said: “{SAID}.” She said: “{OTHER}.”" for a in ("a1", "a2", "b1", "b2")}
STOLTENBERG = "e:stoltenberg"


class _Same:
    """An embedder giving equal texts equal vectors (unrelated ones nearly orthogonal)."""

    dimension = 64

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.stack([np.random.default_rng(abs(hash(t)) % 2**32).normal(size=64) for t in texts]) if texts \
            else np.zeros((0, 64))
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)


def _fuser() -> Fuser:
    return Fuser(_Same(), synonyms={})  # type: ignore[arg-type]


def _span(article: str, words: str) -> Citation:
    start = TEXTS[article].index(words)
    return Citation(article, start, start + len(words))


def _group(articles: tuple[str, str], words: str = SAID, speaker: str | None = STOLTENBERG) -> QuoteGroup:
    variants = tuple(QuoteVariant(f"q-{a}-{words[:5]}", a, QuoteKind.DIRECT, (_span(a, words),), None,
                                  1.0 if n == 0 else 0.9) for n, a in enumerate(articles))
    return QuoteGroup(f"g-{articles[0]}-{words[:5]}", speaker, "Jens Stoltenberg", variants[0].quote, variants, 2)


def _claim(article: str) -> Claim:
    cite = _span(article, TALKS)
    return Claim(f"c-{article}", cite, (cite, _span("a2" if article == "a1" else "b2", TALKS)), 2)


def _merged(a: Fusion, b: Fusion) -> Fusion:
    return merge([a, b], TEXTS, _fuser(), {}, frozenset({STOLTENBERG}))


def test_the_same_quote_reported_in_two_blocks_is_one_quote_group_with_the_sources_of_both() -> None:
    fused = _merged(Fusion(quote_groups=(_group(("a1", "a2")),)), Fusion(quote_groups=(_group(("b1", "b2")),)))
    assert len(fused.quote_groups) == 1
    group = fused.quote_groups[0]
    assert [v.article for v in group.variants] == ["a1", "a2", "b1", "b2"]  # the canonical rendering first
    assert group.canonical == group.variants[0].quote and group.independent == 4
    assert group.speaker == STOLTENBERG


def test_different_quotes_of_two_blocks_stay_apart_and_one_block_keeps_its_groups() -> None:
    own = (_group(("a1", "a2")), _group(("a1", "a2"), OTHER))
    fused = _merged(Fusion(quote_groups=own), Fusion(quote_groups=(_group(("b1", "b2"), OTHER),)))
    by_words = {TEXTS[g.variants[0].article][g.variants[0].content[0].start:g.variants[0].content[0].end]:
                sorted(v.article for v in g.variants) for g in fused.quote_groups}
    assert by_words == {SAID: ["a1", "a2"], OTHER: ["a1", "a2", "b1", "b2"]}
    alone = merge([Fusion(quote_groups=own), Fusion()], TEXTS, _fuser(), {})
    assert sorted(g.id for g in alone.quote_groups) == sorted(g.id for g in own)


def _disagreement(articles: tuple[str, str], values: tuple[str, str], subject: str = "troops") -> Disagreement:
    return Disagreement(f"d-{articles[0]}-{subject}", "number", subject,
                        tuple(Value(v, (_span(a, TALKS),), 1) for a, v in zip(articles, values, strict=True)))


def test_a_disagreement_both_blocks_find_is_one_with_the_citations_of_both() -> None:
    a = Fusion(disagreements=(_disagreement(("a1", "a2"), ("100", "200")),
                              _disagreement(("a1", "a2"), ("3", "4"), "days")))
    b = Fusion(disagreements=(_disagreement(("b1", "b2"), ("200", "100")),
                              _disagreement(("b1", "b2"), ("100", "300"))))
    fused = _merged(a, b)
    found = sorted((d.subject, sorted((v.value, sorted(c.article for c in v.citations), v.independent)
                                      for v in d.values)) for d in fused.disagreements)
    assert found == [("days", [("3", ["a1"], 1), ("4", ["a2"], 1)]),
                     ("troops", [("100", ["a1", "b2"], 2), ("200", ["a2", "b1"], 2)]),
                     ("troops", [("100", ["b1"], 1), ("300", ["b2"], 1)])]


def _entry(article: str, when: str) -> TimelineEntry:
    return TimelineEntry(when, True, _span(article, "Wednesday"), _span(article, TALKS), (_span(article, TALKS),))


def test_a_timeline_entry_both_blocks_date_by_one_claim_is_one_entry_with_every_sentence() -> None:
    a = Fusion(claims=(_claim("a1"),), timeline=(_entry("a1", "2022-01-12"),))
    b = Fusion(claims=(_claim("b1"),), timeline=(_entry("b1", "2022-01-12"), _entry("b1", "2022-01-13")))
    fused = _merged(a, b)
    assert len(fused.claims) == 1  # the two blocks' claims state the same words
    assert [(t.when, sorted(c.article for c in t.citations)) for t in fused.timeline] == [
        ("2022-01-12", ["a1", "b1"]), ("2022-01-13", ["b1"])]
