"""Who did what to whom: political actions coded as PLOVER events, with actors, mode, date and place."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.actions import TYPES, Action, ActionCoder, ActorRef, CameoVerbs, CoderParams, Lexicon, split_code
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
    assert invasion.mode == "hypothetical" and invasion.type in ("FIGHT", "COERCE")  # CAMEO 192: occupy territory


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
    ("Russia will withdraw its troops from Belarus.", "AGREE", "Russia", "Belarus"),  # intent to yield (035)
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
    assert first.type in ("ASSAULT", "FIGHT")  # CAMEO codes a bare "kill" 190 (FIGHT); the point is the actor
    assert (first.source, words(text, first.target)) == (None, "Three civilians")


def test_a_speaker_quoted_as_saying_stands_in_for_a_pronoun_actor(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "King Abdullah was quoted as saying he is ready to host talks."
    first = code(nlp, coder, text)[0]
    assert (first.type, words(text, first.source)) == ("AGREE", "King Abdullah")


@pytest.mark.parametrize(("text", "rule", "kind"), [
    ("The rebels agreed to release the hostages.", False, "AGREE"),  # CAMEO 035: an expressed intent to yield
    ("Russia announced it would withdraw troops.", False, "AGREE"),  # an announced retreat is an intent to yield
    ("Russia announced it would withdraw troops.", True, "CONCEDE"),  # manual 3.4, when "retreat-concede" is on
])
def test_an_intent_to_yield_is_an_agreement_and_an_announced_retreat_a_concession_only_by_rule(  # type: ignore[no-untyped-def]
        nlp, coder, text, rule, kind) -> None:
    params = CoderParams(disabled=coder.params.disabled - {"retreat-concede"}) if rule else coder.params
    assert coder.with_params(params).code(nlp(text))[0].type == kind


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
    actions = code(nlp, coder, text)
    assert len(actions) >= 2, "an action in each sentence"
    spans = [span for a in actions for span in (a.trigger, a.source, a.target, a.date, a.place) if span is not None]
    assert all(isinstance(span.start, int) and 0 <= span.start < span.end <= len(text) for span in spans)
    assert {"rallied", "demanded"} <= {words(text, a.trigger) for a in actions}
    assert words(text, next(a for a in actions if a.type == "DEMAND").source) == "Russia"


@pytest.fixture(scope="module")
def seeds(nlp) -> list[tuple[str, Action]]:  # type: ignore[no-untyped-def]
    """Every action in the bundled NATO–Russia example reports, with the article text it points into."""
    analyzer = Analyzer(nlp=nlp)
    coder = ActionCoder()
    articles = [Article(id=f"a{i:016d}", path=str(p), text=p.read_text(encoding="utf-8"))
                for i, p in enumerate(sorted(EXAMPLES.glob("*.txt")))]
    out: list[tuple[str, Action]] = []
    for article, analysis, doc in analyzer.analyze(articles):
        out += [(article.text, a) for a in coder.code(doc, analysis.mentions, analysis.quotes, date="2022-01-12")]
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


def _coded(seeds: list[tuple[str, Action]], kinds: set[str], source: str, target: str | None = None) -> bool:
    """Whether an action of these types, sure enough to be shown in the account, has an actor (and recipient) of
    these CAMEO country codes."""
    threshold = CoderParams().threshold
    return any(a.type in kinds and a.mode != "negated" and a.source is not None and a.confidence >= threshold
               and split_code(a.source.code)[0] == source
               and (target is None or (a.target is not None and split_code(a.target.code)[0] == target))
               for _, a in seeds)


def test_seeds_russia_demands_of_nato(seeds) -> None:  # type: ignore[no-untyped-def]
    assert _has(seeds, {"DEMAND"}, RUSSIA, NATO)
    assert _coded(seeds, {"DEMAND"}, "RUS", "IGO")  # RUS… → IGOWSTNAT (NATO)


def test_seeds_nato_rejects_russia(seeds) -> None:  # type: ignore[no-untyped-def]
    assert _has(seeds, {"REJECT"}, NATO, RUSSIA)
    assert _coded(seeds, {"REJECT"}, "IGO", "RUS")


def test_seeds_nato_offers_russia_talks(seeds) -> None:  # type: ignore[no-untyped-def]
    assert _has(seeds, {"AGREE", "CONSULT"}, {"NATO"}, {"Russia"}, trigger="offered")


def test_seeds_grushko_or_russia_threatens(seeds) -> None:  # type: ignore[no-untyped-def]
    assert _has(seeds, {"THREATEN"}, {"Grushko", "Russia"})
    assert _coded(seeds, {"THREATEN"}, "RUS")


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


@pytest.mark.parametrize(("text", "mode"), [
    ("Grushko said escalation was absolutely possible.", ""),  # the control: an escalation is coded
    ("Grushko said de-escalation was absolutely possible.", "negated"),
])
def test_de_escalation_is_no_escalation(coder: ActionCoder, nlp, text: str, mode: str) -> None:  # type: ignore[no-untyped-def]
    escalations = [a for a in coder.code(nlp(text)) if text[a.trigger.start:a.trigger.end] == "escalation"]
    assert escalations, "the escalation noun is coded"
    assert [a.mode for a in escalations] == [mode]


@pytest.mark.parametrize("text", ["Talks aimed at averting a possible Russian invasion of Ukraine ended.",
                                  "NATO fears a possible invasion of Ukraine."])
def test_an_averted_or_merely_possible_attack_did_not_happen_and_is_no_threat(coder: ActionCoder, nlp,  # type: ignore[no-untyped-def]
                                                                              text: str) -> None:
    invasions = [a for a in coder.code(nlp(text)) if "invasion" in text[a.trigger.start:a.trigger.end]]
    assert invasions and all(a.mode == "hypothetical" and a.type != "THREATEN" for a in invasions)


# ---------------------------------------------------------------------------------------------- CAMEO dictionary


def test_the_cameo_dictionary_ships_compiled_with_its_plover_table() -> None:
    cameo = CameoVerbs.load()
    assert len(cameo.blocks) > 350 and cameo.knows("demand") and cameo.knows("veto")
    # the 2016 category names of the PLOVER gold standard where the 2021 table renamed them
    assert [cameo.plover(c).type for c in ("100", "1056", "020", "090", "111", "190", "163", "0813")] == \
        ["DEMAND", "DEMAND", "DEMAND", "INVESTIGATE", "DISAPPROVE", "FIGHT", "SANCTION", "CONCEDE"]
    assert cameo.plover("191").type == "COERCE"  # a code the table files under another type keeps it
    assert cameo.plover("010") is None and cameo.plover("---") is None  # public statements are no PLOVER event
    assert (cameo.plover("0871").mode, cameo.plover("0871").context) == ("ceasefire", "military")


@pytest.mark.parametrize(("text", "trigger", "cameo", "kind"), [
    ("President Bill Clinton imposed sanctions on the Taliban.", "imposed sanctions", "163", "SANCTION"),
    ("The United States vetoed a resolution.", "vetoed a resolution", "129", "REJECT"),
    ("Iran asked for humanitarian aid.", "asked", "0233", "DEMAND"),  # a multi-word verb with its pattern
    ("Students staged a demonstration.", "staged a demonstration", "141", "PROTEST"),  # lemmatiser says "stag"
])
def test_a_cameo_pattern_refines_the_verb_by_its_object_or_preposition(nlp, coder, text, trigger, cameo, kind) -> None:  # type: ignore[no-untyped-def]
    first = code(nlp, coder, text)[0]
    assert (words(text, first.trigger), first.cameo, first.type) == (trigger, cameo, kind)


def test_a_verb_with_a_code_of_its_own_ignores_patterns_written_for_its_block_fellows(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "Soldiers beat the prisoners with sticks."  # BEAT [182]; "- * (WITH) [130]" was written for THREATEN
    first = code(nlp, coder, text)[0]
    assert (first.type, first.cameo) == ("ASSAULT", "182")


def test_a_protest_is_dissent_by_people_and_disapproval_by_a_state(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    assert code(nlp, coder, "Students protested against the decision.")[0].type == "PROTEST"
    assert code(nlp, coder, "The Russian government protested against the decision.")[0].type == "DISAPPROVE"


def test_switching_cameo_off_leaves_the_additions_alone(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "President Bill Clinton imposed sanctions on the Taliban."
    first = coder.with_params(CoderParams(disabled=frozenset({"cameo"}))).code(nlp(text))[0]
    assert (first.type, first.cameo) == ("SANCTION", None)  # the light verb with its event noun
    lex = Lexicon.load()
    assert "SANCTION:noun" in lex.groups()
    no_sanctions = CoderParams(disabled=frozenset({"cameo", "SANCTION:noun", "SANCTION:verb"}))
    off = coder.with_params(no_sanctions).code(nlp(text))
    assert all(a.type != "SANCTION" for a in off)


# ---------------------------------------------------------------------------------------------- actor codes


@pytest.mark.parametrize(("text", "date", "source", "target"), [
    ("Vladimir Putin met Barack Obama in Moscow.", "2010-06-01", "RUSGOV", "USAGOV"),  # known people, their roles
    ("President Bill Clinton imposed sanctions on the Taliban.", "2000-01-01", "USAGOV", "AFGREB"),
    ("President Bill Clinton imposed sanctions on the Taliban.", "2010-06-01", "USAELI", "AFGREB"),  # out of office
    ("Iranian police arrested protesters.", None, "IRNCOP", "OPP"),  # a nationality and Phoenix agents
    ("Russian Deputy Foreign Minister Alexander Grushko warned NATO.", None, "RUSGOV", "IGOWSTNAT"),  # a title
])
def test_actors_get_cameo_codes_from_the_actor_knowledge_base(nlp, coder, text, date, source, target) -> None:  # type: ignore[no-untyped-def]
    first = coder.code(nlp(text), date=date)[0]
    assert first.source is not None and first.target is not None
    assert (first.source.code, first.target.code) == (source, target)


@pytest.mark.parametrize(("code", "parts"), [
    ("RUSGOV", ("RUS", "GOV")), ("USA", ("USA", None)), ("IGOWSTNAT", ("IGO", None)), ("COP", (None, "COP")),
    (None, (None, None)),
])
def test_an_actor_code_splits_into_plover_code_and_sector(code, parts) -> None:  # type: ignore[no-untyped-def]
    assert split_code(code) == parts


# ---------------------------------------------------------------------------------------------- confidence


def test_every_action_has_a_confidence_and_a_bare_event_noun_is_less_sure_than_a_named_actors_verb(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    text = "Russia demanded guarantees. There were protests."
    actions = code(nlp, coder, text)
    assert all(0.0 < a.confidence <= 1.0 for a in actions)
    demand = next(a for a in actions if a.type == "DEMAND")
    protest = next(a for a in actions if a.type == "PROTEST")
    assert demand.confidence > protest.confidence
    between = coder.with_params(CoderParams(threshold=(demand.confidence + protest.confidence) / 2))
    assert between.shown(demand) and not between.shown(protest)  # the actorless event abstains from the account


def test_a_higher_threshold_shows_fewer_actions(nlp, coder) -> None:  # type: ignore[no-untyped-def]
    actions = code(nlp, coder, "Russia demanded guarantees. There were protests. NATO rejected the demands.")
    strict = coder.with_params(CoderParams(threshold=0.95))
    assert sum(map(coder.shown, actions)) > sum(map(strict.shown, actions))
