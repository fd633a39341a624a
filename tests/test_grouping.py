"""Incremental grouping on hand-made profiles: event merges, story links, restoring state."""

from __future__ import annotations

import json

import numpy as np
import pytest

from newsweave.group import Grouper, GroupingParams, Profile, content_terms, figures, mention_keys
from newsweave.model import Analysis, Article, Mention, MentionForm, MentionKind
from newsweave.store import Store


def _vector(*components: float) -> np.ndarray:
    v = np.zeros(8, dtype=np.float32)
    v[: len(components)] = components
    return v / np.linalg.norm(v)


def _profile(article: str, vector: np.ndarray, actors: dict[str, float], place: str, day: str) -> Profile:
    return Profile(article, vector, actors, {place: 3.0}, {day: 1.0}, None, frozenset({place}), frozenset({day}))


def _look_alikes() -> list[Profile]:
    """Two meetings of the same ministers: one in Brussels on one day, one in Stockholm on another."""
    near, far = _vector(1.0, 0.1), _vector(1.0, 0.0, 0.8)
    ministers = {"lavrov": 3.0, "blinken": 3.0, "nato": 2.0}
    return [
        _profile("a1", near, ministers, "brussels", "2022-01-12"),
        _profile("a2", near, ministers, "brussels", "2022-01-12"),
        _profile("b1", far, ministers, "stockholm", "2021-12-02"),
        _profile("b2", far, ministers, "stockholm", "2021-12-02"),
        _profile("x1", _vector(0.0, 0.0, 0.0, 1.0), {"fifa": 3.0}, "doha", "2022-11-20"),
    ]


def test_look_alike_events_are_two_events_of_one_story() -> None:
    grouper = Grouper(GroupingParams())
    for p in _look_alikes():
        grouper.add(p)
    ev = grouper.event_of
    assert ev["a1"] == ev["a2"] and ev["b1"] == ev["b2"] and ev["a1"] != ev["b1"]
    assert grouper.story_of[ev["a1"]] == grouper.story_of[ev["b1"]]
    assert grouper.story_of[ev["x1"]] != grouper.story_of[ev["a1"]]
    assert sorted(len(evs) for evs in grouper.stories().values()) == [1, 2]


def test_restored_state_places_a_new_article_like_the_live_one() -> None:
    profiles = _look_alikes()
    live = Grouper(GroupingParams())
    for p in profiles[:-1]:
        live.add(p)
    restored = Grouper(GroupingParams())
    restored.load(profiles[:-1], dict(live.event_of), dict(live.story_of))
    newcomer = _profile("a3", _vector(1.0, 0.1), {"lavrov": 2.0, "nato": 2.0}, "brussels", "2022-01-12")
    assert live.add(newcomer) == restored.add(newcomer) == live.event_of["a1"]
    assert restored.story_of[restored.event_of["a3"]] == restored.story_of[restored.event_of["b1"]]


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
