"""Entities in the store: linking reads only what the new mentions reach, and writes only what they add.

Hand-built articles and mentions (no model), stores in memory: each test states one property of the entity
index — the entities decoded, the citations written, an older store upgraded, the same links as in memory.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from newsweave.gazetteer import Gazetteer
from newsweave.linker import Linker
from newsweave.model import (
    Analysis,
    Article,
    Citation,
    Entity,
    LinkState,
    Mention,
    MentionKind,
    Span,
    Title,
    to_jsonable,
)
from newsweave.names import same_surname, surname_lengths
from newsweave.store import MIGRATIONS, Store
from newsweave.store_entities import EntityUpdate


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()  # empty: these properties need no world knowledge


def _article(aid: str, text: str, names: Sequence[str], titled: Sequence[str] = (),
             orgs: Sequence[str] = ()) -> tuple[Article, Analysis]:
    """An article whose mentions are every occurrence of ``names`` (longest first); a name in ``titled`` has
    the words before it, up to a comma or full stop, as its title; ``orgs`` are organisations."""
    taken: list[tuple[int, int]] = []
    mentions: list[Mention] = []
    for name in sorted(names, key=len, reverse=True):
        for match in re.finditer(r"\b" + re.escape(name) + r"(?!\w)", text):
            s, e = match.span()
            if any(a < e and s < b for a, b in taken):
                continue
            taken.append((s, e))
            roles: tuple[Span, ...] = ()
            if name in titled:
                before = text[:s].rstrip()
                start = max(before.rfind("."), before.rfind(",")) + 1
                while start < len(before) and before[start] == " ":
                    start += 1
                roles = (Span(start, len(before)),) if before[start:] else ()
            kind = MentionKind.ORGANIZATION if name in orgs else MentionKind.PERSON
            mentions.append(Mention(s, e, kind, "ORG" if name in orgs else "PERSON", roles=roles))
    mentions.sort(key=lambda m: m.start)
    return Article(aid, f"{aid}.txt", text, published="2022-01-12"), Analysis(aid, mentions=tuple(mentions))


class CountingIndex:
    """A store seen through the linker's index, counting what is read."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.decoded: list[str] = []
        self.surname_rows = 0

    def entity_keys(self, keys: Iterable[str]) -> dict[str, str]:
        return self.store.entity_keys(keys)

    def keys_starting(self, prefix: str) -> list[str]:
        return self.store.keys_starting(prefix)

    def surnames(self, initial: str, shortest: int, longest: int) -> list[tuple[str, str]]:
        rows = self.store.surnames(initial, shortest, longest)
        self.surname_rows += len(rows)
        return rows

    def entity_states(self, ids: Iterable[str]) -> dict[str, tuple[Entity, LinkState]]:
        found = self.store.entity_states(ids)
        self.decoded += found
        return found


def _link_into(store: Store, gazetteer: Gazetteer, pairs: Sequence[tuple[Article, Analysis]],
               index: object | None = None) -> tuple[list[Analysis], list[EntityUpdate]]:
    """One run's linking: a fresh linker over the store, its updates written back."""
    for article, analysis in pairs:
        store.add_article(article, analysis)
    linker = Linker(gazetteer, index=index or store)  # type: ignore[arg-type]
    linked = linker.link(pairs)
    updates = linker.updates()
    store.save_links(linked, updates)
    return linked, updates


def _crowd(n: int) -> list[tuple[Article, Analysis]]:
    """``n`` articles, each naming one person no other article names (ten-letter surnames of hashed letters,
    none beginning with the S of the one tested)."""
    out = []
    for i in range(n):
        letters = hashlib.sha1(str(i).encode()).hexdigest()[:10]
        name = "Maria " + "".join(chr(ord("a") + int(c, 16)) for c in letters).capitalize()
        out.append(_article(f"crowd{i}", f"{name} opened a bakery in Lund.", [name]))
    return out


def test_the_surname_block_holds_every_surname_that_is_the_same_surname() -> None:
    rng = random.Random(17)
    letters = "abcdefghik"
    accepted = 0
    for _ in range(20_000):
        a = "".join(rng.choice(letters) for _ in range(rng.randint(1, 22)))
        b = list(a)
        for _ in range(rng.randint(0, 3)):  # a few edits: inserted, dropped or changed letters
            i = rng.randrange(len(b) + 1)
            op = rng.choice("idc") if b else "i"
            if op == "i":
                b.insert(i, rng.choice(letters))
            elif op == "d":
                b.pop(min(i, len(b) - 1))
            else:
                b[min(i, len(b) - 1)] = rng.choice(letters)
        if same_surname(a, "".join(b)):
            accepted += 1
            shortest, longest = surname_lengths(a)
            assert b[:1] == list(a[:1]) and shortest <= len(b) <= longest, (a, "".join(b))
    assert accepted > 5_000  # the pairs tried are mostly close enough to be accepted
    assert surname_lengths("stoltenberg") == (8, 14)  # and the block is narrow: 11 letters, ±15% and one


def test_the_linker_decodes_only_the_entities_the_new_mentions_reach(gazetteer: Gazetteer) -> None:
    with Store() as store:
        _link_into(store, gazetteer, [
            *_crowd(120),
            _article("s1", "NATO Secretary General Jens Stoltenberg spoke for NATO.", ["Jens Stoltenberg", "NATO"],
                     titled=["Jens Stoltenberg"], orgs=["NATO"]),
        ])
        assert len(store.entity_ids()) == 122
        counting = CountingIndex(store)
        linked, updates = _link_into(store, gazetteer, [
            _article("s2", "Stoltenberg said NATO would talk.", ["Stoltenberg", "NATO"], orgs=["NATO"])], counting)
        named = {e.name: e.id for e in store.entities_by_id(counting.decoded).values()}
        assert set(named) == {"Jens Stoltenberg", "NATO"}  # the two it links to, none of the 120 others
        assert counting.surname_rows <= 1  # the surname index is blocked: the crowd's surnames are not read
        assert {m.entity for m in linked[0].mentions} == set(named.values())
        assert {u.entity.id for u in updates} == set(named.values())


def test_writing_a_changed_entity_appends_its_new_mentions_and_keeps_the_old_rows(gazetteer: Gazetteer) -> None:
    with Store() as store:
        _link_into(store, gazetteer, [_article(
            "a", "NATO Secretary General Jens Stoltenberg spoke. Jens Stoltenberg left.", ["Jens Stoltenberg"],
            titled=["Jens Stoltenberg"])])
        (entity_id,) = store.entity_ids()
        before = store.db.execute("SELECT rowid, article, start, stop FROM entity_mentions").fetchall()
        _, updates = _link_into(store, gazetteer, [_article("b", "Jens Stoltenberg arrived.", ["Jens Stoltenberg"])])
        (update,) = updates
        assert update.entity.id == entity_id and update.entity.mentions == (Citation("b", 0, 16),)
        assert all(not t.citations for t in update.entity.titles)  # no new title: none written again
        assert [t.text for t in update.entity.titles] == ["NATO Secretary General"]  # its text is kept
        after = store.db.execute("SELECT rowid, article, start, stop FROM entity_mentions").fetchall()
        assert after[:len(before)] == before and len(after) == len(before) + 1
        summary = json.loads(store.db.execute("SELECT data FROM entities").fetchone()[0])
        assert summary["mentions"] == [] and summary["titles"] == [{"text": "NATO Secretary General", "citations": []}]
        entity = store.entities_by_id([entity_id])[entity_id]
        assert [c.article for c in entity.mentions] == ["a", "a", "b"]
        assert entity.titles == (Title("NATO Secretary General", (Citation("a", 0, 22),)),)
        assert store.mention_count(entity_id) == 3
        assert store.mention_page(entity_id, 1, 5) == list(entity.mentions[1:])


def _schema6_store(path: Path, entities: Sequence[tuple[Entity, LinkState, Sequence[str]]]) -> None:
    """A store as schema 6 made it: each entity's citations inside its record."""
    con = sqlite3.connect(path)
    for script in MIGRATIONS[:6]:
        con.executescript(script)
    for entity, state, keys in entities:
        con.execute("INSERT INTO entities (id, name, kind, data, state) VALUES (?, ?, ?, ?, ?)",
                    (entity.id, entity.name, entity.kind.value, json.dumps(to_jsonable(entity)),
                     json.dumps(to_jsonable(state))))
        con.executemany("INSERT INTO entity_keys (key, entity) VALUES (?, ?)", [(k, entity.id) for k in keys])
    con.execute("PRAGMA user_version = 6")
    con.commit()
    con.close()


def test_upgrading_a_schema_6_store_keeps_every_mention_and_title_in_order(tmp_path: Path,
                                                                          gazetteer: Gazetteer) -> None:
    cites = tuple(Citation(f"x{i % 3}", i, i + 4) for i in range(7))
    person = Entity("n1", "Jens Stoltenberg", MentionKind.PERSON, ("Stoltenberg",), cites,
                    (Title("Secretary General", (cites[0], cites[2])), Title("Prime Minister", (cites[5],))))
    org = Entity("n2", "NATO", MentionKind.ORGANIZATION, (), (Citation("x1", 9, 13),))
    _schema6_store(tmp_path / "old.db", [
        (person, LinkState({"person": 7}, {"Jens Stoltenberg": 7}, ("hens stoltenberg",), "stoltenberg"),
         ["p:hens stoltenberg"]),
        (org, LinkState({"organization": 1}, {"NATO": 1}), ["n:nato"])])
    with Store(tmp_path / "old.db") as store:
        assert store.schema_version == len(MIGRATIONS) == 8
        assert store.entities_by_id(["n1", "n2"]) == {"n1": person, "n2": org}
        assert store.entities() == [person, org]
        assert store.surnames("s", 9, 13) == [("stoltenberg", "n1")]
        summary, state = store.entity_states(["n1"])["n1"]
        assert state.last == "stoltenberg" and state.names == ("hens stoltenberg",)
        assert summary.mentions == () and {t.text for t in summary.titles} == {"Secretary General", "Prime Minister"}
        _link_into(store, gazetteer, [_article("new", "Jens Stoltenberg spoke.", ["Jens Stoltenberg"])])
        grown = store.entities_by_id(["n1"])["n1"]
        assert grown.mentions == (*cites, Citation("new", 0, 16)) and grown.titles == person.titles


FIRST = [
    _article("a1", "Donald Trump met Melania Trump. Trump smiled.", ["Donald Trump", "Melania Trump", "Trump"]),
    _article("a2", "Hillary Clinton and Bill Clinton voted. Clinton spoke.", ["Hillary Clinton", "Bill Clinton",
                                                                             "Clinton"]),
    _article("a3", "NATO Secretary General Jens Stoltenberg met the Promises Treatment Centre.",
             ["Jens Stoltenberg", "Promises Treatment Centre"], titled=["Jens Stoltenberg"],
             orgs=["Promises Treatment Centre"]),
    _article("a4", "Sergei Lavrov and Maria Zakharova spoke.", ["Sergei Lavrov", "Maria Zakharova"]),
]
SECOND = [
    _article("b1", "Trump said no. Melania Trump agreed.", ["Trump", "Melania Trump"]),
    _article("b2", "Mr. Clinton spoke. Stoltenberg answered.", ["Mr. Clinton", "Stoltenberg"]),
    _article("b3", "The Promises Treatment Center and Sergey Lavrov and María Zajárova.",
             ["Promises Treatment Center", "Sergey Lavrov", "María Zajárova"], orgs=["Promises Treatment Center"]),
    _article("b4", "George Bush and Jeb Bush met. Bush spoke. Ignatov spoke.", ["George Bush", "Jeb Bush", "Bush",
                                                                               "Ignatov"]),
]
THIRD = [
    _article("c1", "Bush said. Ignatov Holdings said. Zakharova said.", ["Bush", "Ignatov", "Zakharova"],
             orgs=["Ignatov"]),
]


def test_linking_run_by_run_through_the_store_gives_the_links_of_one_linker_in_memory(gazetteer: Gazetteer) -> None:
    memory = Linker(gazetteer)
    expected = [a for batch in (FIRST, SECOND, THIRD) for a in memory.link(batch)]
    with Store() as store:
        got = [a for batch in (FIRST, SECOND, THIRD) for a in _link_into(store, gazetteer, batch)[0]]
        assert got == expected
        assert {e.id: e for e in store.entities()} == {e.id: e for e in memory.all()}
        everything = store.entities_by_id(store.entity_ids())
        some = {"a3", "b2", "c1"}
        for entity_id, within in store.entities_by_id(everything, articles=some).items():
            full = everything[entity_id]
            assert within == replace(full, mentions=tuple(c for c in full.mentions if c.article in some), titles=tuple(
                Title(t.text, tuple(c for c in t.citations if c.article in some)) for t in full.titles))
    assert len({m.entity for a in expected for m in a.mentions}) >= 10  # namesakes kept apart


def test_the_web_reader_reads_a_count_a_page_and_the_first_title_citations_not_every_mention(tmp_path: Path) -> None:
    from newsweave.web.queries import TITLE_CITATIONS, Reader

    mentions = tuple(Citation(f"art{i % 4}", i, i + 3) for i in range(30))
    often = tuple(Citation(f"art{i % 4}", i, i + 2) for i in range(TITLE_CITATIONS + 2))
    entity = Entity("n1", "Jens Stoltenberg", MentionKind.PERSON, (), mentions,
                    (Title("Prime Minister", (often[0],)), Title("Secretary General", often)))
    with Store(tmp_path / "s.db") as store:
        store.save_entities([EntityUpdate(entity, LinkState(last="stoltenberg"), ("p:hens stoltenberg",))])
    reader = Reader(tmp_path / "s.db")
    summary = reader.entity("n1")
    assert summary is not None and summary.mentions == ()
    assert summary.titles == (Title("Secretary General", often[:TITLE_CITATIONS]), Title("Prime Minister", (often[0],)))
    assert reader.entity_mention_count("n1") == 30
    assert reader.entity_mentions("n1", 20, 20) == list(mentions[20:])
    assert reader.entity_articles("n1", 3) == ["art1", "art0", "art3"]  # the latest mention's article first
    assert reader.entity("nobody") is None
