"""Who did what to whom: political actions coded as PLOVER events, with actors, mode, date and place."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.actions import TYPES, Action, ActionCoder, ActorRef, Lexicon
from newsweave.analyze import Analyzer, load_spacy
from newsweave.model import Article, Span

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "nato-russia-2022"


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_spacy()


@pytest.fixture(scope="module")
def coder() -> ActionCoder:
    return ActionCoder()


def words(text: str, span: Span | ActorRef | None) -> str | None:
    return text[span.start:span.end] if span is not None else None


def code(nlp, coder: ActionCoder, text: str) -> tuple[Action, ...]:  # type: ignore[no-untyped-def]
    return coder.code(nlp(text))


def test_the_lexicon_ships_with_the_package_and_covers_every_plover_type() -> None:
    lex = Lexicon.load()
    typed = {e.type for e in lex.verbs.values()} | {e.type for e in lex.nouns.values()}
    assert set(TYPES) <= typed
    assert lex.nouns["talks"].type == "CONSULT"
    assert lex.nouns["sanction"].type == "SANCTION"
    assert lex.nouns["demand"].type == "DEMAND"


def test_a_demand_has_the_demanding_actor_as_source_and_the_addressee_as_target(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "Russia demands that NATO stop expanding."
    first = code(nlp, coder, text)[0]
    assert (first.type, first.mode) == ("DEMAND", "")
    assert words(text, first.source) == "Russia"
    assert words(text, first.target) == "NATO"
    assert words(text, first.trigger) == "demands"


def test_a_rejection_of_someones_demands_targets_whoever_made_them(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "NATO rejected Moscow's demands."
    actions = code(nlp, coder, text)
    assert (actions[0].type, words(text, actions[0].source), words(text, actions[0].target)) == \
        ("REJECT", "NATO", "Moscow")
    # the rejected demands are themselves an action, Moscow's, ranked after the main one
    assert any(a.type == "DEMAND" and words(text, a.source) == "Moscow" for a in actions[1:])


def test_never_compromising_is_not_an_agreement(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "NATO will never compromise on its core principles."
    actions = code(nlp, coder, text)
    assert actions, "the refusal is coded"
    for a in actions:
        assert a.type not in ("AGREE", "CONCEDE") or a.mode == "negated"
    assert actions[0].type == "REJECT" and words(text, actions[0].source) == "NATO"


def test_a_past_negated_action_keeps_its_type_with_mode_negated(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "Serbia did not withdraw its troops from the border."
    first = code(nlp, coder, text)[0]
    assert (first.type, first.mode) == ("RETREAT", "negated")


def test_a_warning_of_consequences_if_force_is_used_is_a_threat(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "If Russia uses force there will be severe consequences, Stoltenberg warned."
    first = code(nlp, coder, text)[0]
    assert first.type == "THREATEN"
    assert words(text, first.source) == "Stoltenberg"
    assert first.mode in ("", "hypothetical")


def test_conditional_consequences_without_a_warning_verb_are_still_a_threat(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "If Russia invades Ukraine, the European Union will impose sanctions on Moscow."
    actions = code(nlp, coder, text)
    assert actions[0].type == "THREATEN"
    assert words(text, actions[0].source) == "European Union"
    assert words(text, actions[0].target) == "Moscow"
    invasion = next(a for a in actions if words(text, a.trigger) == "invades")
    assert invasion.mode == "hypothetical" and invasion.type == "FIGHT"


def test_reported_future_use_of_military_means_is_a_threat_by_the_reported_actor(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "Grushko said Russia would use military means."
    first = code(nlp, coder, text)[0]
    assert first.type == "THREATEN"
    assert words(text, first.source) == "Russia"


def test_a_meeting_has_its_place_and_date_spans(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "The NATO-Russia Council met in Brussels on Wednesday."
    first = code(nlp, coder, text)[0]
    assert first.type == "CONSULT"
    assert words(text, first.place) == "Brussels"
    assert words(text, first.date) == "Wednesday"
    assert words(text, first.source) == "NATO-Russia Council"
    assert first.target is None


def test_actors_expand_to_their_whole_noun_phrase(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "Senior Hungarian and Romanian officials agreed on Wednesday to cooperate on refugees."
    first = code(nlp, coder, text)[0]
    assert first.type == "AGREE"
    assert words(text, first.source) == "Senior Hungarian and Romanian officials"


def test_a_light_verb_takes_its_event_from_the_object_noun(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "President Bill Clinton imposed sanctions on the Taliban."
    first = code(nlp, coder, text)[0]
    assert first.type == "SANCTION"
    assert words(text, first.source) == "President Bill Clinton"
    assert "Taliban" in (words(text, first.target) or "")


def test_spans_are_offsets_into_the_text_not_copies(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "Protesters rallied in Kyiv. Russia demanded guarantees from NATO."
    for a in code(nlp, coder, text):
        for span in (a.trigger, a.source, a.target, a.date, a.place):
            if span is not None:
                assert 0 <= span.start < span.end <= len(text)
                assert isinstance(span.start, int)


@pytest.fixture(scope="module")
def seeds(nlp) -> list[tuple[str, Action]]:  # type: ignore[no-untyped-def]
    """Every action in the bundled NATO–Russia example reports, with the article text it points into."""
    analyzer = Analyzer(nlp=nlp)
    coder = ActionCoder()
    articles = [Article(id=f"a{i:016d}", path=str(p), text=p.read_text(encoding="utf-8"))
                for i, p in enumerate(sorted(EXAMPLES.glob("*.txt")))]
    out: list[tuple[str, Action]] = []
    for article, analysis, doc in analyzer.analyze(articles):
        out += [(article.text, a) for a in coder.code(doc, analysis.mentions, analysis.quotes)]
    return out


def _has(seeds: list[tuple[str, Action]], kinds: set[str], source: set[str], target: set[str] | None = None,
         trigger: str | None = None) -> bool:
    for text, a in seeds:
        src, tgt, trig = words(text, a.source) or "", words(text, a.target) or "", words(text, a.trigger) or ""
        if a.type in kinds and a.mode != "negated" and any(s in src for s in source) \
                and (target is None or any(t in tgt for t in target)) and (trigger is None or trigger in trig):
            return True
    return False


RUSSIA = {"Russia", "Moscow", "Russian", "Kremlin"}
NATO = {"NATO", "Alliance", "alliance", "West", "allies"}


def test_seeds_russia_demands_of_nato(seeds) -> None:  # type: ignore[no-untyped-def]
    assert _has(seeds, {"DEMAND"}, RUSSIA, NATO)


def test_seeds_nato_rejects_russia(seeds) -> None:  # type: ignore[no-untyped-def]
    assert _has(seeds, {"REJECT"}, NATO, RUSSIA)


def test_seeds_nato_offers_russia_talks(seeds) -> None:  # type: ignore[no-untyped-def]
    assert _has(seeds, {"AGREE", "CONSULT"}, {"NATO"}, {"Russia"}, trigger="offered")


def test_seeds_grushko_or_russia_threatens(seeds) -> None:  # type: ignore[no-untyped-def]
    assert _has(seeds, {"THREATEN"}, {"Grushko", "Russia"})


def test_seeds_the_brussels_meeting_is_a_consultation_placed_in_brussels(seeds) -> None:  # type: ignore[no-untyped-def]
    assert any(a.type == "CONSULT" and words(text, a.place) == "Brussels" for text, a in seeds)


def test_seeds_speech_acts_on_a_quote_cue_carry_the_quote_and_its_speaker(seeds) -> None:  # type: ignore[no-untyped-def]
    warned = [(text, a) for text, a in seeds if a.type == "THREATEN" and a.quote is not None]
    assert warned
    assert all(a.source is not None for _, a in warned)
