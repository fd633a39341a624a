"""The whole weave on the bundled example corpus, and its guarantees (idempotent, resumable, robust)."""

from __future__ import annotations

import contextlib
import gzip
import shutil
from pathlib import Path

from conftest import EXAMPLES, seed_article_id

from newsweave import Account, Store, Weaver, weave


def _event_of(account: Account, article_id: str) -> str:
    return next(e.id for e in account.events if article_id in e.articles)


def test_brussels_reports_form_one_event_and_stockholm_another(seeds_account: Account) -> None:
    ids = {p: seed_article_id(seeds_account, p) for p in ("000", "001", "002", "003", "004")}
    brussels = {_event_of(seeds_account, ids[p]) for p in ("000", "001", "003", "004")}
    stockholm = _event_of(seeds_account, ids["002"])
    assert len(brussels) == 1
    assert stockholm not in brussels
    stories = {e.id: e.story for e in seeds_account.events}
    assert stories[stockholm] == stories[brussels.pop()], "the two meetings belong to one story"
    assert len(seeds_account.stories) == 1


def test_brussels_event_is_placed_in_brussels_on_wednesday(seeds_account: Account) -> None:
    event = next(e for e in seeds_account.events if len(e.articles) == 4)
    assert event.where is not None and event.where.value == "Brussels"
    assert event.when is not None and event.when.value == "Wednesday"
    for cite in event.where.citations:
        assert seeds_account.article(cite.article).text[cite.start:cite.end] == "Brussels"


def test_no_boilerplate_survives_and_no_reporting_is_lost(seeds_account: Account) -> None:
    furniture = ("Share your love", "Read Also", "Advertisements", "Leave a Reply", "Leave a Comment",
                 "Source link", "Your email address", "venn photo", "newsletter", "Show More", "Related Articles",
                 "Press play", "Join MRT", "News brought by", "https://")
    for article in seeds_account.articles:
        for phrase in furniture:
            assert phrase not in article.text, (article.path, phrase)
    for article in seeds_account.articles:
        raw = Path(article.path).read_text(encoding="utf-8")
        kept = set(article.text.split("\n\n"))
        for line in raw.splitlines():
            line = line.strip()
            if len(line.split()) >= 25:  # every real paragraph of the reports is kept, word for word
                assert line in kept, (article.path, line[:60])


def test_every_span_lies_inside_its_article(seeds_account: Account) -> None:
    for analysis in seeds_account.analyses:
        text = seeds_account.article(analysis.article).text
        assert analysis.sentences
        for span in (*analysis.sentences, *analysis.mentions, *analysis.dates):
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start:span.end].strip() == text[span.start:span.end]


def test_running_twice_on_the_same_input_changes_nothing(tmp_path: Path, weaver: Weaver) -> None:
    db = tmp_path / "nw.db"
    with Store(db) as store:
        first = weaver.weave([EXAMPLES], store)
    with Store(db) as store:
        second = weaver.weave([EXAMPLES], store)
        assert store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 5
    assert first == second


def test_an_interrupted_run_resumes_where_it_stopped(tmp_path: Path, weaver: Weaver) -> None:
    db = tmp_path / "nw.db"
    articles, _, _ = weaver.read([EXAMPLES])

    class Interrupted(Exception):
        pass

    def stop_after_two(stage: str, done: int, total: int | None) -> None:
        if stage == "analyze" and done == 3:
            raise Interrupted

    with Store(db) as store:
        with contextlib.suppress(Interrupted):
            weaver.weave([EXAMPLES], store, progress=stop_after_two)
        assert store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
    with Store(db) as store:
        account = weaver.weave([EXAMPLES], store)
    assert {a.id for a in account.articles} == {a.id for a in articles}
    assert sum(len(e.articles) for e in account.events) == 5


def test_bad_files_are_recorded_and_the_rest_is_woven(tmp_path: Path, weaver: Weaver) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(EXAMPLES / sorted(p.name for p in EXAMPLES.iterdir())[4], corpus / "good.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me news\n\nBody text here.".encode("latin-1"))
    whole = gzip.compress(b"Title\n\n" + b"Some words. " * 500)
    (corpus / "cut.txt.gz").write_bytes(whole[: len(whole) // 2])
    (corpus / "broken.jsonl").write_text('{"text": "NATO met Russia in Brussels on Wednesday."}\n{oops\n',
                                         encoding="utf-8")
    db = tmp_path / "nw.db"
    account = weave([corpus], store=db, weaver=weaver)
    reasons = {Path(f.path).name: f.reason for f in account.failures}
    assert set(reasons) == {"empty.txt", "binary.txt", "latin1.txt", "cut.txt.gz", "broken.jsonl"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "gzip" in reasons["cut.txt.gz"]
    assert "JSON" in reasons["broken.jsonl"]
    assert len(account.articles) == 2  # the good file and the good JSONL line
    with Store(db) as store:  # what was stored survives a later run with only bad input
        weaver.weave([corpus / "empty.txt"], store)
        assert len(store.articles()) == 2


def test_weave_in_memory_returns_the_account(weaver: Weaver) -> None:
    account = weave([EXAMPLES / sorted(p.name for p in EXAMPLES.iterdir())[0]], weaver=weaver)
    assert len(account.articles) == 1
    assert account.articles[0].title.startswith("Russia: NATO rejects")
    assert len(account.events) == 1


def test_the_embedder_encodes_a_text_once_and_keeps_a_bounded_cache(weaver: Weaver) -> None:
    import numpy as np

    from newsweave.embed import MiniLMEmbedder

    embedder = MiniLMEmbedder(cache_size=3)
    embedder._model = weaver.embedder._load()  # type: ignore[attr-defined]  # share the loaded model
    calls: list[int] = []
    model_encode = embedder._model.encode  # type: ignore[attr-defined]

    def counting(texts: list[str], **kwargs: object) -> object:
        calls.append(len(texts))
        return model_encode(texts, **kwargs)

    embedder._model.encode = counting  # type: ignore[attr-defined]
    try:
        first = embedder.encode(["NATO met Russia.", "Talks ended.", "NATO met Russia."])
        again = embedder.encode(["Talks ended.", "A new sentence."])
    finally:
        embedder._model.encode = model_encode  # type: ignore[attr-defined]
    assert calls == [2, 1]  # the repeated sentence and the one met before are not encoded again
    assert np.allclose(first[0], first[2]) and np.allclose(first[1], again[0])
    embedder.encode(["one", "two", "three", "four"])
    assert len(embedder._cache) == 3
