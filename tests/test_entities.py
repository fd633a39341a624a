"""Entities: one canonical entity per participant across spellings, outlets and roles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, seed_article_id

from newsweave import Account, Store, Weaver
from newsweave.entities import compatible_first, similar, skeleton
from newsweave.gazetteer import Gazetteer
from newsweave.model import Entity, MentionForm, MentionKind


def _entity(account: Account, name: str) -> Entity:
    found = [e for e in account.entities if e.name == name or name in e.aliases]
    assert len(found) == 1, f"{name!r} is in {[e.name for e in found]}"
    return found[0]


def _surface(account: Account, entity: Entity) -> set[str]:
    return {account.article(c.article).text[c.start:c.end] for c in entity.mentions}


@pytest.mark.parametrize(("a", "b"), [("Grushkó", "Grushko"), ("Zajárova", "Zakharova"), ("Gabuyev", "Gabuev"),
                                      ("Lukianov", "Lukyanov"), ("Aleksandr", "Alexander"), ("Sergei", "Sergey")])
def test_transliteration_variants_have_matching_skeletons(a: str, b: str) -> None:
    from newsweave.gazetteer import fold

    assert similar(skeleton(fold(a)), skeleton(fold(b)), 0.85)


def test_different_names_do_not_match() -> None:
    assert skeleton("bush") != skeleton("busch")
    assert not similar(skeleton("bush"), skeleton("busch"), 0.85)
    assert not similar(skeleton("lavrov"), skeleton("lukianov"), 0.85)
    assert not compatible_first([skeleton("jeb"), "bush"], [skeleton("george"), "bush"])
    assert compatible_first(["g", "bush"], [skeleton("george"), "bush"])


def test_each_seed_person_is_one_entity_with_every_spelling(seeds_account: Account) -> None:
    grushko = _entity(seeds_account, "Grushko")
    assert grushko.kind is MentionKind.PERSON
    assert grushko.name in ("Alexander Grushko", "Aleksandr Grushkó")
    assert {"Aleksandr Grushkó", "Alexander Grushko", "Grushkó", "Grushko"} <= {grushko.name, *grushko.aliases}
    zakharova = _entity(seeds_account, "Zakharova")
    assert zakharova.name == "Maria Zakharova"  # English spelling, from the untranslated source
    fomin = _entity(seeds_account, "Alexander Fomin")
    assert "Aleksandr Fomin" in {fomin.name, *fomin.aliases}
    for name, full in (("Stoltenberg", "Jens Stoltenberg"), ("Sherman", "Wendy Sherman"), ("Lavrov", "Sergey Lavrov"),
                       ("Putin", "Vladimir Putin"), ("Lukianov", "Fyodor Lukianov"), ("Thompson", "Adam Thomson")):
        entity = _entity(seeds_account, name)
        assert entity.name == full
        assert entity.kind is MentionKind.PERSON


def test_no_two_people_are_merged(seeds_account: Account) -> None:
    for entity in seeds_account.entities:
        if entity.kind is not MentionKind.PERSON:
            continue
        surnames = {skeleton(n.split()[-1].lower()) for n in (entity.name, *entity.aliases)}
        first = min(surnames)
        assert all(similar(first, s, 0.7) for s in surnames), (entity.name, entity.aliases)


def test_wendy_sherman_keeps_every_title_with_its_source(seeds_account: Account) -> None:
    sherman = _entity(seeds_account, "Wendy Sherman")
    sources = {t.text: {c.article for c in t.citations} for t in sherman.titles}
    expected = {
        "US Undersecretary of State": "000",
        "Deputy Secretary-General of the United States": "001",
        "Deputy Secretary of State": "003",
        "US Assistant Secretary of State": "004",
    }
    for title, prefix in expected.items():
        assert title in sources, sorted(sources)
        assert seed_article_id(seeds_account, prefix) in sources[title]
    for title in sherman.titles:
        for c in title.citations:
            assert seeds_account.article(c.article).text[c.start:c.end] == title.text


def test_nato_is_one_organisation_under_its_aliases_and_descriptions(seeds_account: Account) -> None:
    nato = _entity(seeds_account, "NATO")
    assert nato.kind is MentionKind.ORGANIZATION
    assert {"Alliance", "Atlantic Alliance", "allied military organization"} <= set(nato.aliases)


def test_organisation_split_by_the_model_is_joined_and_its_acronym_linked(seeds_account: Account) -> None:
    osce = _entity(seeds_account, "OSCE")
    assert "Organization for Security and Co-operation in Europe" in osce.aliases
    assert "Europe" not in osce.aliases


def test_wrong_labels_are_corrected_by_the_evidence(seeds_account: Account) -> None:
    assert _entity(seeds_account, "Kiev").kind is MentionKind.PLACE
    stoltenberg = _entity(seeds_account, "Jens Stoltenberg")
    by_surface = {(a.article, m.start) for a in seeds_account.analyses for m in a.mentions
                  if m.form is MentionForm.NAME
                  and seeds_account.article(a.article).text[m.start:m.end] == "Stoltenberg"}
    assert by_surface
    linked = {(c.article, c.start) for c in stoltenberg.mentions}
    assert by_surface <= linked
    assert _entity(seeds_account, "Al Jazeera").kind is MentionKind.ORGANIZATION


def test_descriptions_and_pronouns_resolve_to_the_named_person(seeds_account: Account) -> None:
    grushko = _entity(seeds_account, "Grushko")
    assert {"senior official", "diplomat"} <= _surface(seeds_account, grushko)
    zakharova = _entity(seeds_account, "Zakharova")
    assert "spokeswoman" in _surface(seeds_account, zakharova)
    stoltenberg = _entity(seeds_account, "Jens Stoltenberg")
    assert "he" in _surface(seeds_account, stoltenberg)
    for person in (grushko, stoltenberg):  # never "she" for a man the article calls "he"
        assert not {"she", "She"} & _surface(seeds_account, person)


def test_capital_and_seat_acting_stand_for_their_country(weaver: Weaver) -> None:
    gazetteer = weaver.analyzer.gazetteer()
    assert gazetteer.actor_country("the Kremlin") == "Russia"
    assert gazetteer.actor_country("Moscow") == "Russia"
    assert gazetteer.actor_country("Vienna") == "Austria"
    assert gazetteer.actor_country("Stockholm") == "Sweden"
    assert gazetteer.actor_country("Luhansk") is None  # a city, not a capital


def test_moscow_as_an_actor_links_to_russia(tmp_path: Path, weaver: Weaver) -> None:
    (tmp_path / "a.txt").write_text(
        "Russia and NATO meet\n\nMoscow demanded guarantees from NATO on Monday. Russia wants a reply soon, "
        "and the Kremlin said it would wait. Many tourists visit Moscow in summer.\n", encoding="utf-8")
    with Store(":memory:") as store:
        account = weaver.weave([tmp_path], store)
    russia = _entity(account, "Russia")
    assert {"Moscow", "Kremlin", "Russia"} <= _surface(account, russia)
    moscow = [e for e in account.entities if e.name == "Moscow"]
    assert moscow and moscow[0].kind is MentionKind.PLACE  # the tourists' Moscow is the city


def test_people_sharing_a_surname_stay_apart(tmp_path: Path, weaver: Weaver) -> None:
    (tmp_path / "a.txt").write_text(
        "Bushes campaign\n\nFormer President George Bush met voters in Texas on Monday. Bush said the state "
        "had changed.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Governor speaks\n\nFlorida Governor Jeb Bush spoke in Miami on Tuesday. Bush said taxes would fall.\n",
        encoding="utf-8")
    (tmp_path / "c.txt").write_text("Campaign notes\n\nBush told reporters in Ohio that he was confident.\n",
                                    encoding="utf-8")
    with Store(":memory:") as store:
        account = weaver.weave([tmp_path], store)
    george = _entity(account, "George Bush")
    jeb = _entity(account, "Jeb Bush")
    assert george.id != jeb.id
    c = next(a for a in account.articles if a.path.endswith("c.txt"))
    assert not any(m.article == c.id for m in george.mentions + jeb.mentions)  # ambiguous: left apart


def test_weaving_one_article_at_a_time_links_like_weaving_all_at_once(tmp_path: Path, weaver: Weaver,
                                                                      seeds_account: Account) -> None:
    def people(account: Account) -> dict[str, int]:
        return {e.name: len(e.mentions) for e in account.entities if e.kind is MentionKind.PERSON}

    with Store(tmp_path / "one-by-one.db") as store:
        for path in sorted(EXAMPLES.iterdir(), reverse=True):
            single = tmp_path / path.name
            shutil.copy(path, single)
            account = weaver.weave([single], store)
    assert people(account) == people(seeds_account)


def test_entities_are_listed_by_mentions_with_titles_in_the_account_json(seeds_account: Account) -> None:
    from newsweave.render import account_json

    data = account_json(seeds_account)
    counts = [e["mention_count"] for e in data["entities"]]
    assert counts == sorted(counts, reverse=True)
    ids = {e["id"] for e in data["entities"]}
    mentions = [m for a in data["articles"] for m in a["mentions"]]
    assert all(m["entity"] in ids for m in mentions if m["form"] == "name")


def test_gazetteer_knows_countries_by_code_and_outlets_as_organisations(weaver: Weaver) -> None:
    gazetteer: Gazetteer = weaver.analyzer.gazetteer()
    assert gazetteer.country("U.S.") == "United States"
    assert gazetteer.country("UK") == "United Kingdom"
    assert gazetteer.organisation("Atlantic Alliance") == "NATO"
    assert gazetteer.organisation("Reuters") == "Reuters"
    place = gazetteer.place("Kiev")
    assert place is not None and place.country == "Ukraine"


@pytest.mark.parametrize(("word", "country"), [("Russian", "Russia"), ("Russians", "Russia"), ("Ukrainian", "Ukraine"),
                                               ("Chinese", "China"), ("Israeli", "Israel"), ("German", "Germany"),
                                               ("Italian", "Italy"), ("American", "United States"),
                                               ("French", "France"), ("Mexican", "Mexico")])
def test_gazetteer_reads_a_nationality_as_its_country(weaver: Weaver, word: str, country: str) -> None:
    assert weaver.analyzer.gazetteer().demonym(word) == country


@pytest.mark.parametrize("word", ["Monday", "Stoltenberg", "Western", "Muslim", "European"])
def test_words_that_are_no_nationality_name_no_country(weaver: Weaver, word: str) -> None:
    assert weaver.analyzer.gazetteer().demonym(word) is None


def test_action_actors_stand_for_the_country_a_capital_or_nationality_names(weaver: Weaver) -> None:
    from newsweave.model import Article

    text = ("Russian negotiators demanded guarantees on Tuesday. NATO rejected Moscow's demands.\n"
            "The Kremlin warned the alliance.")
    article = Article("a-test", "t.txt", text)
    analysis = weaver.analyzer.annotate(article, weaver.analyzer.pipeline()(text))
    named = {(text[r.start:r.end], r.name) for a in analysis.actions for r in (a.source, a.target) if r is not None}
    assert ("Russian negotiators", "Russia") in named
    assert any(words.startswith("Moscow") and name == "Russia" for words, name in named)
    assert ("Kremlin", "Russia") in named or ("The Kremlin", "Russia") in named
