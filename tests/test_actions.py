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


RECIPIENTS = [
    # (text, type, source, target) — where the recipient of the main action is found
    ("Israel threatened to ban rallies in Jerusalem.", "THREATEN", "Israel", "Jerusalem"),
    ("Russia will withdraw its troops from Belarus.", "CONCEDE", "Russia", "Belarus"),
    ("Japan will provide 5,000 tons of food aid to North Korea.", "AGREE", "Japan", "North Korea"),
    ("Italy announced a suspension of flights with Serbia.", "SANCTION", "Italy", "Serbia"),
    ("The United States suspended part of its aid program for Egypt.", "SANCTION", "United States", "Egypt"),
    ("Poland demanded an immediate admission by Moscow that it had lied.", "DEMAND", "Poland", "Moscow"),
    ("Police prevented a rally organized by opposition parties.", "COERCE", "Police", "opposition parties"),
    ("Iran threatened to halt talks if the United States imposed new sanctions.", "THREATEN", "Iran",
     "United States"),
    ("Serbia lodged an official protest with Albania.", "DISAPPROVE", "Serbia", "Albania"),
    ("Serb forces were engaged in fighting against the rebels.", "FIGHT", "Serb forces", "rebels"),
]


@pytest.mark.parametrize(("text", "kind", "source", "target"), RECIPIENTS)
def test_the_recipient_is_found_beyond_the_direct_object(nlp, coder, text, kind, source, target) -> None:  # type: ignore[no-untyped-def]
    first = code(nlp, coder, text)[0]
    assert (first.type, words(text, first.source), words(text, first.target)) == (kind, source, target)


def test_a_protest_is_aimed_at_whoever_its_purpose_clause_protests_against(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "Students began a hunger strike to protest against the government's decision."
    first = code(nlp, coder, text)[0]
    assert (first.type, words(text, first.trigger)) == ("PROTEST", "began a hunger strike")
    assert words(text, first.target) == "government"


def test_a_passive_with_no_agent_does_not_make_the_reporter_the_actor(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "Three civilians were killed in Baghdad, police said."
    first = code(nlp, coder, text)[0]
    assert (first.type, first.source, words(text, first.target)) == ("ASSAULT", None, "Three civilians")


def test_a_speaker_quoted_as_saying_stands_in_for_a_pronoun_actor(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "King Abdullah was quoted as saying he is ready to host talks."
    first = code(nlp, coder, text)[0]
    assert (first.type, words(text, first.source)) == ("AGREE", "King Abdullah")


@pytest.mark.parametrize(("text", "kind"), [
    ("The rebels agreed to release the hostages.", "AGREE"),  # CAMEO 035: an expressed intent to yield
    ("Russia announced it would withdraw troops.", "CONCEDE"),  # manual 3.4: an announced future retreat
])
def test_an_intent_to_yield_is_an_agreement_but_an_announced_retreat_a_concession(nlp, coder, text, kind) -> None:  # type: ignore[no-untyped-def]
    assert code(nlp, coder, text)[0].type == kind


@pytest.mark.parametrize(("text", "kind"), [
    ("Soldiers tortured the prisoners.", "ASSAULT"),  # CAMEO 1822: torture stays unconventional violence
    ("Soldiers attacked the village.", "FIGHT"),  # an attack by a military actor is conventional force
])
def test_only_generic_violence_by_soldiers_becomes_conventional_fighting(nlp, coder, text, kind) -> None:  # type: ignore[no-untyped-def]
    assert code(nlp, coder, text)[0].type == kind


def test_people_returning_somewhere_is_travel_not_a_retreat(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "The negotiators return to Geneva for talks."
    first = code(nlp, coder, text)[0]
    assert (first.type, words(text, first.source)) == ("CONSULT", "negotiators")
    assert all(a.type != "RETREAT" for a in code(nlp, coder, text))


def test_an_event_noun_modifying_a_generic_head_still_matches_its_verb_pattern(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "Syria ended mediation efforts between the rival militias."
    first = code(nlp, coder, text)[0]
    assert (first.type, words(text, first.target)) == ("SANCTION", "rival militias")


def test_an_actor_noun_keeps_its_of_complement(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "The deputy chief of the rebel militia rejected the plan."
    assert words(text, code(nlp, coder, text)[0].source) == "deputy chief of the rebel militia"


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


def test_a_threat_conditioned_on_the_threatener_itself_names_no_recipient(coder: ActionCoder, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "He warned that if Russia felt threatened, it would use military means."
    threats = [a for a in coder.code(nlp(text)) if a.type == "THREATEN"]
    assert threats and all(a.target is None or text[a.target.start:a.target.end] != "Russia" for a in threats)


def test_de_escalation_is_no_escalation(coder: ActionCoder, nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Grushko said de-escalation was absolutely possible."
    for a in coder.code(nlp(text)):
        if text[a.trigger.start:a.trigger.end] == "escalation":
            assert a.mode == "negated"


@pytest.mark.parametrize("text", ["Talks aimed at averting a possible Russian invasion of Ukraine ended.",
                                  "NATO fears a possible invasion of Ukraine."])
def test_an_averted_or_merely_possible_attack_did_not_happen_and_is_no_threat(coder: ActionCoder, nlp,  # type: ignore[no-untyped-def]
                                                                              text: str) -> None:
    invasions = [a for a in coder.code(nlp(text)) if "invasion" in text[a.trigger.start:a.trigger.end]]
    assert invasions and all(a.mode == "hypothetical" and a.type != "THREATEN" for a in invasions)
