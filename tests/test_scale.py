"""Runs that cost what they add: queries by id, LSH buckets kept in the store, big events fused in blocks, pages
per event written for what changed, the account streamed, the map stage in order on workers and on Dask."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest

from newsweave import Account, Store, Weaver
from newsweave.fuse import Fusion
from newsweave.fuse_events import merge
from newsweave.mapstage import _ordered, mapper
from newsweave.model import Analysis, Article, Citation, Claim, Event, Provenance, ProvenanceLabel, Sentence, Story
from newsweave.provenance import LSH_THRESHOLD, NUM_PERM, band_keys, shingles
from newsweave.render import account_json
from newsweave.site import export_json, write_site

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "nato-russia-2022"


def _article(n: int, text: str = "", title: str = "") -> tuple[Article, Analysis]:
    text = text or f"Report number {n} says the talks in Oslo ended on Monday without a deal."
    return Article(f"a{n:03d}", f"/in/{n}.txt", text, title or f"Report {n}"), Analysis(f"a{n:03d}",
                                                                                       (Sentence(0, len(text)),))


@pytest.fixture
def store() -> Store:
    s = Store(":memory:")
    for n in range(5):
        s.add_article(*_article(n))
    return s


def test_pending_articles_are_found_through_the_indexes_in_the_order_stored(store: Store) -> None:
    assert store.ungrouped_ids() == ["a000", "a001", "a002", "a003", "a004"]
    assert store.unlinked_ids() == store.unassessed_ids() == store.ungrouped_ids()
    assert [a.id for a, _ in store.pairs(["a003", "a001", "missing"])] == ["a001", "a003"]
    assert set(store.analyses(["a002"])) == {"a002"}
    store.save_assessment([Provenance("a001", ProvenanceLabel.ORIGINAL, 0.9)], {"a001": [(0, 7)]})
    assert "a001" not in store.unassessed_ids()
    assert store.band_matches([(0, 7), (1, 7)]) == {"a001"}


def _scanned(store: Store) -> list[str]:
    """The articles the last pending-articles query read (the SQL that ran, with the watermark it used)."""
    seen: list[str] = []
    store.db.set_trace_callback(seen.append)
    return seen


def test_pending_articles_are_read_from_the_watermark_on(store: Store) -> None:
    store.save_grouping([], [(Event("e1", "Talks", "s1", ("a000", "a001", "a002", "a003", "a004")), None)], (), {},
                        [Story("s1", "Talks", ("e1",))], ())
    assert store.ungrouped_ids() == []
    assert store.meta("done:event_articles") == 5  # every article up to seq 5 is in an event
    store.add_article(*_article(5))
    store.add_article(*_article(6))
    assert store.ungrouped_ids() == ["a005", "a006"]
    assert store.meta("done:event_articles") == 5  # a005 (seq 6) is the first not done
    traced = _scanned(store)
    store.ungrouped_ids()
    assert any("a.seq > 5" in q for q in traced)  # the query starts after the watermark


def test_a_report_an_event_no_longer_holds_is_pending_again(store: Store) -> None:
    store.save_grouping([], [(Event("e1", "Talks", "s1", ("a000", "a001", "a002", "a003", "a004")), None)], (), {},
                        [Story("s1", "Talks", ("e1",))], ())
    assert store.ungrouped_ids() == []
    store.save_grouping([], [(Event("e1", "Talks", "s1", ("a000", "a002", "a003", "a004")), None)], (), {}, [], ())
    assert store.ungrouped_ids() == ["a001"]  # dropped from its event: found again despite the watermark
    store.save_grouping([], [], ["e1"], {}, [], ["s1"])
    assert store.ungrouped_ids() == ["a000", "a001", "a002", "a003", "a004"]  # the event gone: all pending again


def test_provenance_replaced_whole_makes_every_article_pending_again(store: Store) -> None:
    store.save_assessment([Provenance(f"a{n:03d}", ProvenanceLabel.ORIGINAL, 0.9) for n in range(5)], {})
    assert store.unassessed_ids() == []
    store.save_provenance([Provenance("a002", ProvenanceLabel.ORIGINAL, 0.9)])
    assert store.unassessed_ids() == ["a000", "a001", "a003", "a004"]


def test_grouping_writes_only_the_events_it_changed_and_drops_their_fusions(store: Store) -> None:
    event = Event("e1", "Talks", "s1", ("a000", "a001"))
    store.save_grouping([], [(event, 7000)], (), {}, [Story("s1", "Talks", ("e1",))], ())
    store.save_fusion("e1", "k", Fusion())
    assert store.unfused() == []
    store.save_grouping([], [(Event("e2", "Other", "s1", ("a002",)), None)], (), {}, [], ())
    assert store.unfused() == ["e2"]  # e1 untouched keeps its fusion
    assert store.event_members(["e1"]) == {"e1": ["a000", "a001"]}
    assert store.story_events(["s1"]) == {"s1": [("e1", 7000), ("e2", None)]}
    store.save_grouping([], [], ["e2"], {"e1": "s2"}, [Story("s2", "Moved", ())], ["s1"])
    assert store.events_by_id(["e1"])["e1"].story == "s2" and not store.events_by_id(["e2"])
    assert store.story_ids() == ["s2"]


@pytest.mark.parametrize("overlap", [True, False])
def test_lsh_buckets_kept_in_the_store_find_what_datasketch_finds(overlap: bool) -> None:
    from datasketch import MinHash, MinHashLSH

    base = " ".join(f"word{i}" for i in range(200))
    other = base if overlap else " ".join(f"other{i}" for i in range(200))
    a, b = shingles(base), shingles(other + " extra words at the end here")
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    hashes = []
    for name, sh in (("a", a), ("b", b)):
        mh = MinHash(num_perm=NUM_PERM)
        for h in sh:
            mh.update(h.to_bytes(8, "big"))
        lsh.insert(name, mh)
        hashes.append(mh)
    assert ("b" in lsh.query(hashes[0])) == bool(set(band_keys(a)) & set(band_keys(b))) == overlap


class _Words:
    """An embedder that gives equal texts equal vectors (a hash per text)."""

    dimension = 8

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.stack([np.random.default_rng(abs(hash(t)) % 2**32).normal(size=8) for t in texts]) if texts else \
            np.zeros((0, 8))
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)


class _Fuser:
    embedder = _Words()


def test_claims_of_two_blocks_stating_the_same_words_become_one_claim_with_all_support() -> None:
    texts = {"a": "The talks ended.", "b": "The talks ended.", "c": "Troops moved."}

    def claim(cid: str, article: str) -> Claim:
        cite = Citation(article, 0, len(texts[article]))
        return Claim(cid, cite, (cite,), 1)

    parts = [Fusion(claims=(claim("c1", "a"), claim("c3", "c"))), Fusion(claims=(claim("c2", "b"),))]
    fused = merge(parts, texts, _Fuser(), {})  # type: ignore[arg-type]
    supports = sorted(sorted(c.article for c in claim.support) for claim in fused.claims)
    assert supports == [["a", "b"], ["c"]]
    assert next(c for c in fused.claims if len(c.support) == 2).independent == 2


def test_pages_escape_every_text_and_link_only_http_urls(tmp_path: Path) -> None:
    s = Store(":memory:")
    article, analysis = _article(1, title="<script>alert(1)</script>")
    s.add_article(dataclassesreplace(article, url="javascript:alert(1)"), analysis)
    s.save_grouping([], [(Event("e1", "<b>Talks</b>", "s1", (article.id,)), None)], (), {},
                    [Story("s1", "Story & <i>co</i>", ("e1",))], ())
    counts = write_site(s, tmp_path)
    assert counts == {"events": 1, "stories": 1, "entities": 0}
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    page = (tmp_path / "events" / "e1.html").read_text(encoding="utf-8")
    assert "Story &amp; &lt;i&gt;co&lt;/i&gt;" in index and 'href="events/e1.html"' in index
    assert "&lt;script&gt;" in page and "<script>" not in page and "javascript:" not in page
    assert json.loads((tmp_path / "events" / "e1.json").read_text(encoding="utf-8"))["title"] == "<b>Talks</b>"
    write_site(s, tmp_path, events=(), stories=(), entities=(), dropped=["e1"])
    assert not (tmp_path / "events" / "e1.html").exists()


def dataclassesreplace(article: Article, **changes: object) -> Article:
    import dataclasses

    return dataclasses.replace(article, **changes)  # type: ignore[arg-type]


def test_the_streamed_account_is_the_account(store: Store) -> None:
    store.save_grouping([], [(Event("e1", "Talks", "s1", ("a000",)), None)], (), {}, [Story("s1", "T", ("e1",))], ())
    fh = io.StringIO()
    export_json(store, fh, batch=2)
    streamed = json.loads(fh.getvalue())
    whole = account_json(store.account())
    assert streamed == whole


def test_results_of_workers_come_back_in_input_order_with_a_bounded_number_in_flight() -> None:
    in_flight: list[int] = []
    live = 0

    def submit(batch: list[int]) -> list[int]:
        nonlocal live
        live += 1
        in_flight.append(live)
        return batch

    def result(batch: list[int]) -> list[int]:
        nonlocal live
        live -= 1
        return batch

    out = [x for b in _ordered(submit, result, [[1, 2], [3], [4, 5], [6]], 2) for x in b]  # type: ignore[arg-type]
    assert out == [1, 2, 3, 4, 5, 6] and max(in_flight) <= 2


@pytest.mark.parametrize("bad", ["local:x", "host:8786", "local"])
def test_a_dask_address_that_is_neither_local_n_nor_a_url_is_a_usage_error(bad: str) -> None:
    from newsweave.errors import UsageError

    with pytest.raises(UsageError):
        mapper(bad)


def _same(a: Account, b: Account) -> bool:
    x, y = account_json(a), account_json(b)
    for data in (x, y):
        for event in data["events"]:
            event["disagreements"].sort(key=lambda d: d["id"])  # their order follows set order (hash seed)
    return x == y


@pytest.mark.slow
def test_a_store_grown_run_by_run_holds_the_account_of_one_run(weaver: Weaver, seeds_account: Account) -> None:
    files = sorted(p for p in EXAMPLES.iterdir() if p.is_file())
    with Store(":memory:") as store:
        weaver.weave(files[:2], store)
        grown = weaver.weave(files[2:], store)
    assert _same(grown, seeds_account)


@pytest.mark.slow
def test_dask_local_cluster_gives_the_account_of_a_single_process(weaver: Weaver, seeds_account: Account) -> None:
    pytest.importorskip("distributed")
    from newsweave.mapstage import DaskMapper

    dask = DaskMapper("local:2")
    try:
        distributed = Weaver(analyzer=weaver.analyzer, embedder=weaver.embedder, mapper=dask)
        with Store(":memory:") as store:
            account = distributed.weave([EXAMPLES], store)
    finally:
        dask.close()
    assert _same(account, seeds_account)


def test_bag_matrices_span_the_store_key_ids_when_only_part_of_the_store_is_loaded() -> None:
    from newsweave.group.index import Bags
    from newsweave.group.pairs import _bag_matrix

    bags = Bags()
    bags.space.reserve(50)  # the store knows 50 keys; two are loaded, with the store's ids
    bags.space.known("nato", 41, 3)
    bags.space.known("oslo", 7, 1)
    bags.space.documents = 60
    new = bags.space.add({"nato": 1.0, "brand-new": 2.0})
    assert list(new[0]) == [41, 50]  # a new key gets the store's next id
    matrix = _bag_matrix(bags, [("a", {"nato": 1.0, "brand-new": 1.0}), ("b", {"oslo": 1.0})])
    assert matrix.shape[1] > 50 and (matrix @ matrix.T).shape == (2, 2)
