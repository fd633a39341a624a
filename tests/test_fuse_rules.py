"""Fusing, rule by rule, on hand-built sentences: numbers, polarity, conflicts, meaning changes, captions, dates.

Fast: no model is loaded (the seeds' fused account is checked in ``test_fuse.py``)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from newsweave.fuse import ClaimParams, FuseContext, FuseSentence, agree, is_furniture, quantities
from newsweave.fuse.claims import group_claims
from newsweave.fuse.conflicts import conflicts
from newsweave.fuse.context import resolve_weekday
from newsweave.fuse.disagreements import name_disagreements, speaker_disagreements
from newsweave.fuse.places import PlaceRelation
from newsweave.fuse.quotes import meaning
from newsweave.fuse.timeline import names_a_thing
from newsweave.fuse.words import content_words, polarity
from newsweave.model import (
    Analysis,
    Article,
    Citation,
    Difference,
    Entity,
    MentionKind,
    Quote,
    QuoteGroup,
    QuoteKind,
    QuoteVariant,
    Span,
    Speaker,
)


def sentence(text: str, article: str = "a", *, days: tuple[str, ...] = (), places: tuple[str, ...] = (),
             vector: list[float] | None = None) -> FuseSentence:
    v = np.asarray(vector or [1.0, 0.0], dtype=np.float32)
    return FuseSentence(article, 0, 0, len(text), text, frozenset(), quantities(text), frozenset(days),
                        frozenset(places), content_words(text), polarity(text), False, v / np.linalg.norm(v))


def one(text: str) -> object:
    (q,) = quantities(text)
    return q


# -- numbers -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "same"), [
    ("nearly four hours of talks", "practically 4 hours of security talks", True),
    ("100,000 Russian troops", "100,000 soldiers", True),
    ("100,000 Russian troops", "90,000 soldiers", False),
    ("about 150 migrants", "about 200 migrants", False),
    ("about 200 migrants", "roughly 400 migrants", False),
    ("about 150 migrants", "160 migrants", True),
    ("more than 100 people", "150 people", True),
    ("up to 300 people", "150 people", True),
    ("between 150 and 200 people", "180 people", True),
    ("100,000 secret files", "hundreds of thousands of files", False),
    ("5 miles", "8 km", True),
    ("5 hours", "6 hours", False),
    ("$1.5 billion", "$1.47 billion", True),
    ("nearly two-dozen executive actions", "23 executive actions", True),  # "dozen" scales the number before it
    ("two hundred people", "200 people", True),
    ("two dozen people", "30 people", False),
])
def test_quantities_agree_only_when_their_intervals_meet(a: str, b: str, same: bool) -> None:
    assert agree(one(a), one(b)) is same  # type: ignore[arg-type]


def test_a_quantity_knows_what_it_counts() -> None:
    assert one("100,000 secret files were leaked").unit == "file"  # type: ignore[attr-defined]
    assert one("100,000 Russian troops near the border").unit == "troop"  # type: ignore[attr-defined]
    assert one("25 percent tariffs").unit == "percent"  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", ["an 18-year-old man", "on January 12, 2022", "in 2014", "a 1962 trade law",
                                  "at 5 p.m.", "one of the men", "the third summit"])
def test_dates_ages_times_and_ordinals_are_no_quantities(text: str) -> None:
    assert quantities(text) == []


# -- polarity and conflicts -----------------------------------------------------------------------

def test_a_negation_governs_the_word_it_denies() -> None:
    assert polarity("He is unlikely to meet Queen Elizabeth II.").negated == {"meet"}
    assert polarity("He does not name Trump as a defendant.").negated == {"name"}
    assert polarity("They don't accept the plan.").negated == {"accept"}
    assert not polarity("Not only the troops but also the tanks moved.").negated
    assert "meet" in polarity("He is expected to meet the queen.").asserted


def test_will_meet_and_unlikely_to_meet_conflict_in_polarity() -> None:
    a = sentence("Trump is expected to meet the Queen during his visit.")
    b = sentence("Trump is unlikely to meet Queen Elizabeth II during his visit.", "b")
    found = conflicts(a, b)
    assert [(c.kind, c.subject) for c in found] == [("polarity", "meet")]


@pytest.mark.parametrize(("a", "b"), [
    ("Allred said Zervos has no plans to file a lawsuit.", "Allred said Zervos is not filing a suit."),
    ("It's not enough just to not suck as much as the other side.", "And who sucked as much as the other side?"),
    ("Let's say there's no birth certificate.", "He has a certificate of live birth."),
    ("One party won't tax and will spend.", "The Democrats tax and spend."),
    ("They must show they're not eligible for federal assistance.", "Applicants are eligible for the money."),
    ("We get the best deal possible and if we don't get it, there should be no deal.", "We get the best deal."),
])
def test_what_is_not_a_proposition_affirmed_and_denied_is_no_polarity_conflict(a: str, b: str) -> None:
    assert not [c for c in conflicts(sentence(a), sentence(b, "b")) if c.kind == "polarity"]


def test_saying_and_believing_are_no_propositions_to_deny() -> None:
    a = sentence("He said he does not think the plan will pass.")
    b = sentence("Officials think the plan will pass.", "b")
    assert not conflicts(a, b)


@pytest.mark.parametrize(("a", "b", "kind"), [
    ("A caravan of about 150 migrants reached the border.", "A caravan of roughly 400 migrants reached the border.",
     "number"),
    ("The agency leaked 100,000 secret files.", "The agency leaked hundreds of thousands of files.", "number"),
])
def test_numbers_of_the_same_thing_that_cannot_both_be_right_conflict(a: str, b: str, kind: str) -> None:
    found = conflicts(sentence(a), sentence(b, "b"))
    assert [c.kind for c in found] == [kind] and found[0].clear


@pytest.mark.parametrize(("a", "b"), [
    ("Tariffs of 25 percent on steel and 10 percent on aluminium.", "A 10 percent tariff on aluminium imports."),
    ("The 18-year-old suspect was arrested.", "The 44-year-old victim died."),
    ("Nearly four hours of talks ended.", "Practically 4 hours of security talks ended."),
    ("The agency released 100,000 files.", "The agency released 55,000 pages."),
])
def test_different_things_or_agreeing_values_are_no_conflict(a: str, b: str) -> None:
    assert not [c for c in conflicts(sentence(a), sentence(b, "b")) if c.kind == "number"]


def test_a_weekday_and_its_date_agree_and_two_days_conflict() -> None:
    a = sentence("The council met in Brussels.", days=("2022-01-12",))
    assert not conflicts(a, sentence("The council met.", "b", days=("wednesday",)))
    found = conflicts(a, sentence("The council met.", "b", days=("2022-01-13",)))
    assert [c.kind for c in found] == ["date"]


def test_places_conflict_only_when_apart() -> None:
    def related(x: str, y: str) -> bool | None:
        where = {"brussels": "belgium", "vienna": "austria", "belgium": "belgium"}
        if x not in where or y not in where:
            return None
        return where[x] == where[y]
    a = sentence("The council met in Brussels.", places=("brussels",))
    assert not conflicts(a, sentence("The council met in Belgium.", "b", places=("belgium",)), related)
    assert not conflicts(a, sentence("The council met in Oval Office.", "b", places=("oval office",)), related)
    assert [c.kind for c in conflicts(a, sentence("It met in Vienna.", "b", places=("vienna",)), related)] == ["place"]


@pytest.fixture(scope="module")
def places() -> PlaceRelation:
    return PlaceRelation()


@pytest.mark.parametrize(("x", "y", "relation"), [
    ("Miami", "Florida", True),  # a region holds its cities ("Florida" is no Colombian Floridablanca)
    ("Denver", "Colorado", True),
    ("Florida", "Texas", False),
    ("Bellingham", "Seattle", False),  # two cities of one state are apart
    ("Brussels", "Belgium", True),
    ("Geneva", "Brussels", False),
    ("Tbilisi", "Georgia", None),  # Georgia the country or the state: no evidence they are apart
    ("WASHINGTON", "Massachusetts", None),  # a dateline's capital, not the state
    ("Brussels", "Oval Office", None),
])
def test_places_are_nested_in_their_country_and_region(places: PlaceRelation, x: str, y: str,
                                                       relation: bool | None) -> None:
    assert places(x, y) is relation


# -- claims ---------------------------------------------------------------------------------------

def test_a_contradiction_is_never_support_and_a_claim_takes_one_sentence_per_report() -> None:
    sents = [sentence("About 150 migrants reached the border.", "a"),
             sentence("About 150 migrants arrived at the border.", "b"),
             sentence("Roughly 400 migrants reached the border.", "c"),
             sentence("Some 150 migrants reached the frontier.", "a")]
    ctx = FuseContext({}, {}, {}, {}, sents)

    def conflicting(i: int, j: int) -> bool:
        return bool(conflicts(sents[i], sents[j]))
    prob = np.array([[0.9 if x.article != y.article else 0.0 for y in sents] for x in sents])
    groups = group_claims(ctx, ClaimParams(link=0.5), prob, conflicting)
    assert any(len(g) == 2 for g, _ in groups)
    assert all(len({s.article for s in g}) == len(g) for g, _ in groups)
    assert not any("Roughly 400" in s.text for g, _ in groups if len(g) > 1 for s in g)
    assert all(0.0 <= c <= 1.0 for _, c in groups)


# -- meaning changes --------------------------------------------------------------------------------

@pytest.mark.parametrize(("now", "was", "sentences", "flag"), [
    ("don't", "do not", ("We don't accept it", "We do not accept it"), None),
    ("could", "can", ("We could win", "We can win"), None),
    ("would", "will", ("they would leave", "they will leave"), None),
    ("colour", "color", ("", ""), None),
    ("danger", "risk", ("", ""), None),
    ("4", "four", ("", ""), None),
    ("may", "will", ("", ""), "modality"),
    ("not", "", ("We do not accept it", "We accept it"), "negation"),
    ("5", "4", ("", ""), "number"),
    ("Wendy", "Debbie", ("", ""), "name"),
    ("absolutely", "", ("", ""), "intensity"),
    ("reportedly", "", ("", ""), "hedge"),
])
def test_only_changes_of_meaning_are_flagged(now: str, was: str, sentences: tuple[str, str], flag: str | None) -> None:
    assert meaning(now.split(), was.split(), *sentences) == flag


# -- summary and timeline -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "furniture"), [
    ("FILE - In this Jan. 2, 2018, file photo, President Trump speaks to reporters. (AP Photo/Evan Vucci)", True),
    ("President Donald Trump speaks during a news conference at the White House on Tuesday, Jan. 2, 2018.", True),
    ("Watch: the senator's full remarks", True),
    ("Click here to sign up for our newsletter.", True),
    ("Migrants wait at the border fence. Photo: John Moore/Getty Images", True),
    ("The Senate voted 51-49 on Tuesday to confirm the nominee.", False),
    ("President Trump said on Tuesday that he would meet Kim Jong Un in Singapore.", False),
])
def test_captions_credits_video_blurbs_and_teasers_are_furniture(text: str, furniture: bool) -> None:
    assert is_furniture(text) is furniture


def test_weekdays_resolve_against_the_publication_date() -> None:
    assert resolve_weekday("sunday", "2018-04-30", "Protesters marched on Sunday.") == "2018-04-29"
    assert resolve_weekday("monday", "2018-04-30", "They met on Monday.") == "2018-04-30"
    assert resolve_weekday("thursday", "2018-04-30", "They will meet on Thursday.") == "2018-05-03"
    assert resolve_weekday("monday", None, "They met on Monday.") is None


@pytest.mark.parametrize(("text", "expression", "thing"), [
    ("He told Fox News Sunday that it was over.", "Sunday", True),
    ("Voters went to the polls on Super Tuesday in March.", "Tuesday", True),
    ("The tariffs rest on a 1962 trade law.", "1962", True),
    ("The talks took place on Sunday in Geneva.", "Sunday", False),
    ("In 1971, the treaty was signed.", "1971", False),
])
def test_a_date_inside_a_name_or_naming_a_thing_dates_nothing(text: str, expression: str, thing: bool) -> None:
    start = text.index(expression)
    assert names_a_thing(text, start, start + len(expression), 0) is thing


# -- actions ------------------------------------------------------------------------------------------

def test_an_action_with_an_unsaid_recipient_joins_the_one_that_names_it() -> None:
    from newsweave.fuse import _fill_unknown_parties
    from newsweave.model import Action, Span

    def act() -> tuple[str, Action]:
        return ("a1", Action("DEMAND", "", Span(0, 1), None, None))

    groups = {("DEMAND", "", "russia", "nato"): [act()], ("DEMAND", "", "russia", ""): [act(), act()],
              ("REJECT", "", "nato", ""): [act()], ("REJECT", "", "nato", "russia"): [act()],
              ("REJECT", "", "nato", "ukraine"): [act()]}
    _fill_unknown_parties(groups)
    assert len(groups[("DEMAND", "", "russia", "nato")]) == 3 and ("DEMAND", "", "russia", "") not in groups
    assert ("REJECT", "", "nato", "") in groups  # two recipients named: which one is meant is unknown


@pytest.mark.parametrize(("text", "alone"), [
    ("NATO rejected Russia's demands on Wednesday in Brussels.", True),
    ("“We are at a defining moment,” Stoltenberg said.", True),
    ("And he concludes that these trends alter the calculations.", False),
    ("Then we will have to create something similar.", False),
    ("They also said the talks were useful.", False),
    ("However, the talks ended without agreement.", False),
])
def test_a_summary_sentence_must_not_lean_on_the_one_before_it(text: str, alone: bool) -> None:
    from newsweave.fuse.summary import stands_alone

    assert stands_alone(text) is alone


# -- disagreements of attribution -----------------------------------------------------------------

def _quoted(said: dict[str, tuple[str, str]]) -> tuple[FuseContext, QuoteGroup]:
    """One utterance in several articles: article → (its text, the speaker's entity id); the speaker is named at
    the text's first word, the quotation is the text in its marks."""
    articles, analyses, variants = {}, {}, []
    for aid, (text, entity) in said.items():
        start, end = text.index("“") + 1, text.index("”")
        q = Quote(f"q{aid}", start, end, QuoteKind.DIRECT, (Span(start, end),),
                  speaker=Speaker(0, text.index(" "), entity=entity))
        articles[aid] = Article(id=aid, path=f"{aid}.txt", text=text)
        analyses[aid] = Analysis(aid, quotes=(q,))
        variants.append(QuoteVariant(q.id, aid, QuoteKind.DIRECT, (Citation(aid, start, end),),
                                     Citation(aid, 0, text.index(" ")), 1.0))
    entities = {e: Entity(e, e.capitalize(), MentionKind.PERSON) for _, e in said.values()}
    ctx = FuseContext(articles, analyses, {}, entities)
    return ctx, QuoteGroup("g", None, "", variants[0].quote, tuple(variants), len(said))


def test_one_utterance_given_to_two_named_people_is_a_speaker_disagreement() -> None:
    ctx, group = _quoted({"a": ("Cheney said “freedom means freedom for everyone” on Monday.", "dick"),
                          "b": ("Mary said “freedom means freedom for everyone” on Monday.", "mary")})
    (d,) = speaker_disagreements(ctx, [group])
    assert d.kind == "speaker" and {v.value for v in d.values} == {"Dick", "Mary"}
    ctx, group = _quoted({"a": ("Cheney said “freedom means freedom for everyone” on Monday.", "dick"),
                          "b": ("He said “freedom means freedom for everyone” on Monday.", "dick")})
    assert not speaker_disagreements(ctx, [group])


def test_another_person_named_inside_the_same_quotation_is_a_name_disagreement() -> None:
    ctx, group = _quoted({"a": ("Trump said “Debbie is a disaster” on Monday.", "trump"),
                          "b": ("Trump said “Wendy is a disaster” on Monday.", "trump")})
    canon, other = group.variants
    diff = Difference("substituted", Citation("b", 12, 17), Citation("a", 12, 18), "name")
    group = QuoteGroup("g", "trump", "Trump", canon.quote, (canon, replace(other, differences=(diff,))), 2)
    (d,) = name_disagreements(ctx, [group])
    assert d.kind == "name" and [v.value for v in d.values] == ["Debbie", "Wendy"]
