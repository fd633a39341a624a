"""Merging the reports' coded actions into the event's "who did what to whom", on hand-built records (fast)."""

from __future__ import annotations

from newsweave.fuse.actions import merge_actions
from newsweave.fuse.context import FuseContext
from newsweave.model import Action, ActorRef, Analysis, Article, Sentence, Span

TEXT = "Russia demanded guarantees from NATO. Its expansion supports the country."


def _event(*actions: Action) -> FuseContext:
    article = Article(id="a", path="a.txt", text=TEXT)
    analysis = Analysis(article="a", sentences=(Sentence(0, 37), Sentence(38, len(TEXT))), actions=actions)
    return FuseContext({"a": article}, {"a": analysis}, {}, {})


def _ref(words: str, *, code: str | None = None, name: str | None = None) -> ActorRef:
    start = TEXT.index(words)
    return ActorRef(start, start + len(words), code=code, name=name)


def _action(kind: str, trigger: str, source: ActorRef | None, target: ActorRef | None) -> Action:
    start = TEXT.index(trigger)
    return Action(kind, "", Span(start, start + len(trigger)), source, target)


def test_actors_a_reader_can_identify_are_told() -> None:
    (merged,) = merge_actions(_event(_action("DEMAND", "demanded", _ref("Russia", code="RUS", name="Russia"),
                                             _ref("NATO", code="IGOWSTNAT", name="NATO"))))
    assert (merged.type, merged.source and merged.source.name, merged.target and merged.target.name) == \
        ("DEMAND", "Russia", "NATO")


def test_words_that_name_no_known_actor_are_nobody() -> None:
    """"Its expansion supports the country": no entity, no name it stands for, no CAMEO code on either side."""
    assert merge_actions(_event(_action("SUPPORT", "supports", _ref("Its expansion"), _ref("the country")))) == []


def test_a_generic_agent_with_a_cameo_code_stays_an_actor() -> None:
    (merged,) = merge_actions(_event(_action("SUPPORT", "supports", _ref("Its expansion", code="MIL"), None)))
    assert merged.source is not None and merged.target is None
