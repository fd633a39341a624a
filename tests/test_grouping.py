"""Grouping on hand-made profiles: what makes one event, what makes one story, and the state that survives."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from newsweave.gazetteer import Gazetteer, Place
from newsweave.group import (
    Grouper,
    GroupingParams,
    Profile,
    Storylines,
    build_profile,
    content_terms,
    figures,
    mention_keys,
    story_subject,
    subject_similarity,
)
from newsweave.group.pairs import gap_feature, near
from newsweave.model import Analysis, Article, Mention, MentionForm, MentionKind, Sentence
from newsweave.store import Store


def _vector(*components: float) -> np.ndarray:
    v = np.zeros(8, dtype=np.float32)
    v[: len(components)] = components
    return v / np.linalg.norm(v)


def _profile(article: str, vector: np.ndarray, actors: dict[str, float], place: str, day: str,
             terms: dict[str, float] | None = None, published: str | None = None) -> Profile:
    return Profile(article, vector, actors, {place: 3.0}, {day: 1.0}, published, frozenset({place}),
                   frozenset({day}), terms or {})


def _look_alikes() -> list[Profile]:
    """Two meetings on the NATO–Russia talks: one in Brussels on one day, one in Stockholm on another, with
    other people and other words but the same subject."""
    near_, far = _vector(1.0, 0.1), _vector(1.0, 0.0, 2.0)
    council = {"stoltenberg": 3.0, "sherman": 2.0, "grushko": 2.0, "nato": 2.0, "russia": 2.0}
    ministerial = {"lavrov": 3.0, "blinken": 3.0, "nato": 2.0, "russia": 2.0}
    brussels = {"talks": 2.0, "security": 2.0, "council": 2.0, "troops": 1.0}
    stockholm = {"talks": 2.0, "security": 2.0, "ministerial": 2.0, "osce": 1.0}
    return [
        _profile("x1", _vector(0.0, 0.0, 0.0, 1.0), {"fifa": 3.0}, "doha", "2022-11-20", {"football": 3.0}),
        _profile("a1", near_, council, "brussels", "2022-01-12", brussels),
        _profile("a2", near_, council, "brussels", "2022-01-12", brussels),
        _profile("b1", far, ministerial, "stockholm", "2021-12-02", stockholm),
        _profile("b2", far, ministerial, "stockholm", "2021-12-02", stockholm),
    ]


def _partition(grouper: Grouper) -> set[frozenset[str]]:
    return {frozenset(m) for m in grouper.members.values() if m}


# -- events ----------------------------------------------------------------------------------------


def test_look_alike_events_are_two_events_of_one_story() -> None:
    grouper = Grouper(GroupingParams())
    for p in _look_alikes():
        grouper.add(p)
    assert _partition(grouper) == {frozenset({"a1", "a2"}), frozenset({"b1", "b2"}), frozenset({"x1"})}
    ev = grouper.event_of
    assert grouper.story_of[ev["a1"]] == grouper.story_of[ev["b1"]]
    assert grouper.story_of[ev["x1"]] != grouper.story_of[ev["a1"]]
    assert sorted(len(evs) for evs in grouper.stories().values()) == [1, 2]


@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4], [4, 2, 0, 3, 1], [3, 1, 4, 0, 2]])
def test_the_events_do_not_depend_on_the_order_reports_arrive_in(order: list[int]) -> None:
    profiles = _look_alikes()
    grouper = Grouper(GroupingParams())
    for k in order:
        grouper.add(profiles[k])
    assert _partition(grouper) == {frozenset({"a1", "a2"}), frozenset({"b1", "b2"}), frozenset({"x1"})}


def _text_only(threshold: float, **weights: float) -> GroupingParams:
    """Parameters that compare reports by their embeddings alone (plus the weights given): the tests below
    isolate one mechanism at a time."""
    zero = dict.fromkeys(("actor_weight", "place_weight", "term_weight", "figure_weight", "day_weight",
                          "year_weight", "gap_weight", "conflict_penalty"), 0.0)
    return replace(GroupingParams(), text_weight=1.0, event_threshold=threshold, **(zero | weights))


@pytest.mark.parametrize(("december", "events"), [("2010-07-04", 1), ("2010-12-12", 2)])
def test_reports_published_months_apart_are_two_events(december: str, events: int) -> None:
    """The same people, alike enough to be one event when published two days apart — not five months apart."""
    params = _text_only(0.6, gap_weight=GroupingParams().gap_weight)
    grouper = Grouper(params)
    grouper.add(Profile("july", _vector(1.0, 0.46), {}, {}, {}, "2010-07-02"))  # cosine 0.65
    grouper.add(Profile("later", _vector(1.0, -0.46), {}, {}, {}, december))
    assert grouper.similarity(grouper.profiles["july"], grouper.profiles["later"]) > 0.6 - GroupingParams().gap_weight
    assert len(_partition(grouper)) == events


def test_reports_published_more_than_half_a_year_apart_are_never_one_event() -> None:
    """Word for word the same subject, but published seven months apart: two happenings."""
    grouper = Grouper(_text_only(0.5))
    grouper.add(Profile("february", _vector(1.0), {}, {}, {}, "2016-02-25"))
    grouper.add(Profile("september", _vector(1.0), {}, {}, {}, "2016-09-25"))
    grouper.add(Profile("undated", _vector(1.0), {}, {}, {}))  # no date: it may join either
    assert grouper.event_of["february"] != grouper.event_of["september"]
    assert grouper.event_of["undated"] in {grouper.event_of["february"], grouper.event_of["september"]}


def test_a_report_that_fits_two_events_can_make_them_one() -> None:
    """Two reports a little too far apart to be one event (cosine 0.45 < 0.5); a third close to both shows
    they are one (average link: (0.45 + 0.85) / 2 ≥ 0.5), and the event keeps an old id."""
    grouper = Grouper(_text_only(0.5))
    grouper.add(Profile("a", _vector(1.0, 0.616), {}, {}, {}))
    grouper.add(Profile("b", _vector(1.0, -0.616), {}, {}, {}))
    assert grouper.event_of["a"] != grouper.event_of["b"]
    old = {grouper.event_of["a"], grouper.event_of["b"]}
    grouper.add(Profile("c", _vector(1.0), {}, {}, {}))
    assert _partition(grouper) == {frozenset({"a", "b", "c"})}
    assert grouper.event_of["c"] in old


def test_a_report_can_take_apart_an_event_that_held_two_happenings() -> None:
    """a and b just make one event (cosine 0.55); c is very like a and unlike b: on average b no longer
    belongs with them, and the event keeps its id for the larger part."""
    grouper = Grouper(_text_only(0.5))
    grouper.add(Profile("a", _vector(1.0, 0.55), {}, {}, {}))
    grouper.add(Profile("b", _vector(1.0, -0.55), {}, {}, {}))
    event = grouper.event_of["a"]
    assert grouper.event_of["b"] == event
    grouper.add(Profile("c", _vector(1.0, 1.2), {}, {}, {}))
    assert _partition(grouper) == {frozenset({"a", "c"}), frozenset({"b"})}
    assert grouper.event_of["a"] == event


def test_restored_state_places_a_new_article_like_the_live_one() -> None:
    profiles = _look_alikes()
    live = Grouper(GroupingParams())
    for p in profiles:
        live.add(p)
    restored = Grouper(GroupingParams())
    restored.load(profiles, dict(live.event_of), dict(live.story_of))
    newcomer = _profile("a3", _vector(1.0, 0.1), {"stoltenberg": 2.0, "nato": 2.0}, "brussels", "2022-01-12",
                        {"talks": 1.0, "council": 1.0})
    assert live.add(newcomer) == restored.add(newcomer) == live.event_of["a1"]
    assert restored.story_of[restored.event_of["a3"]] == restored.story_of[restored.event_of["b1"]]


def test_an_event_has_a_day_only_when_most_of_its_reports_are_dated() -> None:
    grouper = Grouper(GroupingParams(event_threshold=-9.0))  # everything joins one event
    v = _vector(1.0)
    grouper.add(Profile("a", v, {}, {}, {}, "1923-04-22"))  # one report's misread byline
    assert grouper.event_day(grouper.event_of["a"]) is not None
    for k in range(3):
        grouper.add(Profile(f"u{k}", v, {}, {}, {}))
    assert grouper.event_day(grouper.event_of["a"]) is None


# -- what two reports are compared by ---------------------------------------------------------------


@pytest.mark.parametrize(("days", "value"), [(0, 0.0), (7, 0.0), (365, 1.0), (2000, 1.0)])
def test_the_publication_gap_counts_from_a_week_and_is_full_at_a_year(days: int, value: float) -> None:
    assert float(gap_feature(np.array([days]))[0]) == pytest.approx(value)


def test_the_publication_gap_grows_with_each_doubling() -> None:
    values = gap_feature(np.array([14, 28, 56, 112]))
    assert np.allclose(np.diff(values), values[0])


def test_days_agree_within_a_day_and_a_weekday_agrees_with_its_dates() -> None:
    assert "2013-09-12" in near(["2013-09-13"]) and "friday" in near(["2013-09-13"])
    assert "2013-09-20" not in near(["2013-09-13"])
    assert near(["thursday"]) == {"thursday"}  # a weekday name is only itself: Wednesday is another day


def test_leads_naming_a_city_and_its_country_place_the_happening_in_one_country() -> None:
    gazetteer = Gazetteer(places={"athens": Place("Athens", "capital", "Greece", 600_000)},
                          countries={"greece": "Greece"})
    text = "Riots in Athens\nPolice clashed with protesters in Athens on Saturday."
    start = text.index("Athens", 10)
    article = Article("a", "a.txt", text)
    analysis = Analysis("a", sentences=(Sentence(0, 15), Sentence(16, len(text))),
                        mentions=(Mention(start, start + 6, MentionKind.PLACE, "GPE"),))
    profile = build_profile(article, analysis, _vector(1.0), gazetteer)
    assert profile.lead_places == {"athens", "greece"}
    assert build_profile(article, analysis, _vector(1.0)).lead_places == {"athens"}


def test_shared_words_and_figures_raise_the_similarity() -> None:
    grouper = Grouper(GroupingParams())
    base = _vector(1.0, 0.2)
    a = Profile("a", base, {}, {}, {}, terms={"pirate": 2.0, "navy": 1.0}, figures={"23": 1.0})
    b = Profile("b", base, {}, {}, {}, terms={"pirate": 1.0, "navy": 1.0}, figures={"23": 1.0})
    c = Profile("c", base, {}, {}, {}, terms={"earthquake": 1.0}, figures={"6.1": 1.0})
    for q in (a, b, c):
        grouper.add(q)
    assert grouper.similarity(a, b) > grouper.similarity(a, c)


def test_a_report_giving_no_numbers_is_not_held_apart_by_the_figures() -> None:
    grouper = Grouper(GroupingParams())
    base = _vector(1.0, 0.2)
    terms = {"flood": 1.0, "river": 1.0}
    a = Profile("a", base, {}, {}, {}, terms=terms, figures={"3": 1.0})
    b = Profile("b", base, {}, {}, {}, terms=terms, figures={"3": 1.0})
    c = Profile("c", base, {}, {}, {}, terms=terms, figures={})
    d = Profile("d", base, {}, {}, {}, terms=terms, figures={"7": 1.0})
    for q in (a, b, c, d):
        grouper.add(q)
    assert grouper.similarity(a, b) >= grouper.similarity(a, c) > grouper.similarity(a, d)


def test_profiles_name_the_years_they_are_about() -> None:
    p = Profile("a", _vector(1.0), {}, {}, {"2008-12-09": 1.0, "2008": 1.0, "1972": 1.0}, "2009-01-02")
    assert p.years == {"2008", "1972", "2009"}
    assert p.days == {"2008-12-09": 1.0}


# -- stories ----------------------------------------------------------------------------------------


def _store_of_politics(grouper: Grouper) -> None:
    """A president in most reports of the store, each report otherwise about its own subject."""
    for k in range(12):
        direction = np.zeros(8, dtype=np.float32)
        direction[3 + k % 5] = 1.0 if k % 2 else -1.0
        grouper.add(Profile(f"bg{k}", direction, {"obama": 3.0, f"senator{k}": 2.0},
                            {}, {}, terms={f"subject{k}": 3.0, "president": 1.0}))


def test_a_shared_president_alone_does_not_make_a_story() -> None:
    """Two events whose reports both name the president again and again — and nothing else in common."""
    grouper = Grouper(replace(GroupingParams(), event_threshold=0.99))  # two events, whatever they share
    _store_of_politics(grouper)
    a = Profile("taxes", _vector(1.0, 0.2), {"obama": 6.0, "boehner": 1.0}, {}, {}, terms={"tax": 3.0, "returns": 2.0})
    b = Profile("mail", _vector(0.2, 1.0), {"obama": 6.0, "gowdy": 1.0}, {}, {}, terms={"email": 3.0, "server": 2.0})
    grouper.add(a)
    grouper.add(b)
    ev = grouper.event_of
    actors = grouper.bags["actors"]
    assert actors.space.cosine(actors.events[ev["taxes"]], actors.events[ev["mail"]]) > 0.4  # as plain TF-IDF
    assert subject_similarity(grouper, ev["taxes"], ev["mail"]) < GroupingParams().story_threshold
    assert grouper.story_of[ev["taxes"]] != grouper.story_of[ev["mail"]]


def test_the_protagonist_is_left_out_of_the_subject_two_events_share() -> None:
    grouper = Grouper(replace(GroupingParams(), event_threshold=0.99))  # three events, whatever they share
    _store_of_politics(grouper)
    v = _vector(0.0, 1.0, 0.3)
    common = {"klitschko": 4.0}
    grouper.add(Profile("a", v, {**common, "rahman": 1.0}, {}, {}, terms={"heavyweight": 2.0, "title": 2.0}))
    grouper.add(Profile("b", v, {**common, "thompson": 1.0}, {}, {}, terms={"heavyweight": 2.0, "title": 2.0}))
    grouper.add(Profile("c", v, {**common, "wladimir": 1.0}, {}, {}, terms={"wedding": 2.0, "actress": 2.0}))
    ev = grouper.event_of
    assert len({ev["a"], ev["b"], ev["c"]}) == 3
    assert subject_similarity(grouper, ev["a"], ev["b"]) > subject_similarity(grouper, ev["a"], ev["c"])


def test_events_years_apart_never_share_a_story() -> None:
    v = _vector(1.0, 0.2)
    subject = ({"netanyahu": 3.0, "congress": 1.0}, {"speech": 2.0, "israel": 2.0})
    # three events (whatever they share), any two of which would otherwise be one story
    grouper = Grouper(replace(GroupingParams(), event_threshold=0.99, story_threshold=-9.0))
    grouper.add(Profile("2012", v, *subject[:1], {}, {}, "2012-09-20", terms=subject[1]))
    grouper.add(Profile("2015", v, *subject[:1], {}, {}, "2015-02-25", terms=subject[1]))
    grouper.add(Profile("later", v, *subject[:1], {}, {}, "2015-03-03", terms=subject[1]))
    stories = {grouper.story_of[grouper.event_of[a]] for a in ("2012", "2015", "later")}
    assert len(stories) == 2
    assert grouper.story_of[grouper.event_of["2015"]] == grouper.story_of[grouper.event_of["later"]]


def test_storylines_join_into_the_larger_story_and_keep_its_span() -> None:
    lines = Storylines()
    for event, story, day in (("e1", "s1", 100), ("e2", "s1", 150), ("e3", "s2", 400)):
        lines.place(event, story)
        lines.date(event, day)
    assert lines.span("s1") == (100, 150)
    assert not lines.fit("s1", "s2", 183)
    assert lines.fit("s1", "s2", 365)
    assert lines.join("s2", "s1") == "s1" and lines.story_of["e3"] == "s1"
    lines.drop("e3")
    assert lines.span("s1") == (100, 150)


def test_a_story_is_named_by_what_its_events_share() -> None:
    grouper = Grouper(GroupingParams(story_threshold=-9.0, event_threshold=0.9))
    _store_of_politics(grouper)
    v = _vector(0.0, 1.0, 0.3)
    shared = {"hillary clinton": 3.0, "clinton": 3.0, "gowdy": 2.0}
    grouper.add(Profile("a", v, {**shared, "mccain": 2.0}, {}, {}, "2015-03-05",
                        terms={"email": 4.0, "server": 2.0, "mccain": 1.0}))
    grouper.add(Profile("b", _vector(0.0, 1.0, 0.35), {**shared, "benghazi": 2.0}, {}, {}, "2015-03-31",
                        terms={"email": 3.0, "interview": 2.0}))
    events = [grouper.event_of["a"], grouper.event_of["b"]]
    assert events[0] != events[1]
    subject = story_subject(grouper, events)
    assert subject[0] == ("actors", "hillary clinton")  # the full name, not the surname as well
    assert ("terms", "email") in subject
    assert all(key not in ("mccain", "benghazi", "clinton") for _, key in subject)  # one event's names only


# -- profiles ---------------------------------------------------------------------------------------


def test_people_are_keyed_by_full_name_and_pronouns_by_whom_they_name() -> None:
    text = "Reggie Bush is out. Bush hurt his knee. President Bush spoke."
    article = Article("x", "x.txt", text)

    def at(word: str, nth: int = 0) -> int:
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        return start

    mentions = (
        Mention(at("Reggie Bush"), at("Reggie Bush") + 11, MentionKind.PERSON, "PERSON"),
        Mention(at("Bush", 1), at("Bush", 1) + 4, MentionKind.PLACE, "GPE"),
        Mention(at("his"), at("his") + 3, MentionKind.PERSON, "PRON", form=MentionForm.PRONOUN, refers_to=1),
    )
    keys, persons = mention_keys(article, Analysis("x", mentions=mentions))
    assert keys == ["reggie bush", "reggie bush", "reggie bush"]
    assert persons == {1}


@pytest.mark.parametrize(
    ("text", "lead_stop", "expected"),
    [
        ("Pirates seized the ship.", 0, {"pirate": 1.0, "seized": 1.0, "ship": 1.0}),
        ("Pirates seized the ship. The navy said the pirates fled.", 24,
         {"pirate": 3.0, "seized": 2.0, "ship": 2.0, "navy": 1.0, "fled": 1.0}),
        ("Pelé's goal, an Olympic record", 0, {"pele": 1.0, "goal": 1.0, "olympic": 1.0, "record": 1.0}),
    ],
)
def test_content_terms_drop_stop_words_fold_plurals_and_count_the_lead_double(
    text: str, lead_stop: int, expected: dict[str, float]
) -> None:
    assert content_terms(text, lead_stop) == expected


def test_figures_are_the_numbers_a_text_gives() -> None:
    text = "The navy captured 23 pirates. A 6.1 quake killed 1,200 people in 2008; 23 were injured."
    assert figures(text, 30) == {"23": 3.0, "6.1": 1.0, "1200": 1.0, "2008": 1.0}


def test_profiles_keep_words_and_figures_in_the_store_and_old_profiles_still_load() -> None:
    p = Profile("a", _vector(1.0), {"nato": 1.0}, {"brussels": 1.0}, {}, None, frozenset(), frozenset(),
                {"talk": 2.0}, {"30": 1.0})
    with Store(":memory:") as store:
        for article in ("a", "b"):
            store.add_article(Article(article, f"{article}.txt", "NATO talks."), Analysis(article))
        store.add_profile(p)
        old = {"actors": {}, "places": {}, "dates": {}, "published": None}  # written before words and figures
        store.db.execute("INSERT INTO profiles (article, vector, features) VALUES (?, ?, ?)",
                         ("b", _vector(0.0, 1.0).tobytes(), json.dumps(old)))
        loaded = {q.article: q for q in store.profiles()}
    assert loaded["a"].terms == {"talk": 2.0} and loaded["a"].figures == {"30": 1.0}
    assert loaded["b"].terms == {} and loaded["b"].figures == {}
    grouper = Grouper(GroupingParams())
    for q in loaded.values():
        grouper.add(q)
    assert grouper.event_of["a"] != grouper.event_of["b"]


def test_large_events_are_compared_by_a_sample_and_never_split() -> None:
    params = replace(GroupingParams(), split_size=3, member_sample=2)
    grouper = Grouper(params)
    v = _vector(1.0, 0.1)
    for k in range(6):
        grouper.add(Profile(f"m{k}", v, {"cheeks": 2.0}, {}, {}, terms={"coach": 2.0, "fired": 1.0}))
    event = grouper.event_of["m0"]
    assert set(grouper.members[event]) == {f"m{k}" for k in range(6)}
    grouper.add(Profile("outsider", _vector(0.0, 1.0), {"fifa": 2.0}, {}, {}, terms={"football": 2.0}))
    assert set(grouper.members[event]) == {f"m{k}" for k in range(6)}


def test_placing_an_article_leaves_the_blas_thread_count_as_it_was() -> None:
    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [int(pool["num_threads"]) for pool in threadpool_info() if pool["user_api"] == "blas"]

    before = blas_threads()
    grouper = Grouper(GroupingParams())
    for p in _look_alikes():
        grouper.add(p)
    assert blas_threads() == before
    assert len(grouper.members) == 3
