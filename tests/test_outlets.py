"""Every article's outlet, by name: metadata, then a sidecar, then the URL's domain, then what the text says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsweave.clean import clean_document, recurrence_stats
from newsweave.cli import main
from newsweave.ingest import RawDocument, read_documents
from newsweave.model import Account, Analysis, Article, Event, Failure, Story
from newsweave.outlets import (
    outlet_for_url,
    outlet_from_text,
    outlet_name,
    registered_domain,
    resolve_outlet,
    same_outlet,
)
from newsweave.pipeline import Paths, Progress, Sources, Weaver, WeaveResult, _silent
from newsweave.sidecars import glob_regex
from newsweave.store import Store

BODY = (
    "Ministers of the two countries met in Vienna on Tuesday to discuss the border dispute that has strained "
    "relations for a decade. The talks lasted four hours and ended without a joint statement."
)
MORE = "A spokesman said further meetings were planned for the spring, but no date has been set."


def _read(*paths: Path, sources: Path | None = None) -> tuple[list[Article], list[Failure]]:
    """Ingest and clean, as a run does (no models are loaded for this)."""
    articles, failures, _ = Weaver().read(paths, sources=sources)
    return articles, failures


def _by_name(articles: list[Article]) -> dict[str, Article]:
    return {Path(a.path.split("#", 1)[0]).name: a for a in articles}


def _clean(lines: list[str], *, url: str | None = None, outlet: str | None = None,
           title: str | None = None) -> Article:
    raw = RawDocument(path="a.txt", text="\n\n".join(lines), title=title, url=url, outlet=outlet)
    return clean_document(raw, recurrence_stats([raw]))


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- the domain table ---------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "outlet"), [
    ("http://www.nytimes.com/2010/07/03/us/politics/03steele.html?_r=2", "The New York Times"),
    ("https://thecaucus.blogs.nytimes.com/2010/07/02/x/", "The New York Times"),
    ("https://mobile.nytimes.com/2012/x", "The New York Times"),
    ("https://edition.cnn.com/2022/01/12/europe/nato-russia/index.html", "CNN"),
    ("https://amp.cnn.com/cnn/2022/01/12/x", "CNN"),
    ("https://m.huffingtonpost.com/entry/x", "HuffPost"),
    ("https://www.huffpost.com/entry/x", "HuffPost"),
    ("http://latino.foxnews.com/latino/politics/x", "Fox News"),
    ("https://abcnews.go.com/Politics/x", "ABC News"),
    ("https://www.bbc.co.uk/news/world-europe-1", "BBC"),
    ("https://www.reuters.com/world/x", "Reuters"),
    ("https://apnews.com/article/x", "Associated Press"),
    ("https://actualidad.rt.com/", "RT"),
    ("www.aljazeera.com/news/2022/1/12/x", "Al Jazeera"),
    ("https://web.archive.org/web/20180101000000/https://www.washingtonpost.com/x", "The Washington Post"),
    ("https://www-politico-com.cdn.ampproject.org/c/s/www.politico.com/news/x", "Politico"),
])
def test_known_domains_and_their_subdomains_give_the_outlet_name(url: str, outlet: str) -> None:
    assert outlet_for_url(url) == outlet


@pytest.mark.parametrize(("url", "shown"), [
    ("https://example-news.co.uk/world/1", "example-news.co.uk"),
    ("https://www.news.example-news.co.uk/world/1", "example-news.co.uk"),
    ("http://daily.example.org/a", "example.org"),
    ("https://someone.substack.com/p/post", "someone.substack.com"),
])
def test_an_unknown_domain_is_shown_as_its_registered_domain(url: str, shown: str) -> None:
    assert outlet_for_url(url) == shown


def test_no_host_no_outlet() -> None:
    assert outlet_for_url("not a url") is None and outlet_for_url("") is None
    assert registered_domain("bbc.co.uk") == "bbc.co.uk" and registered_domain("a.b.abc.net.au") == "abc.net.au"


@pytest.mark.parametrize(("raw", "name"), [
    ("www.nytimes.com", "The New York Times"),
    ("huffingtonpost.com", "HuffPost"),
    ("The Huffington Post", "HuffPost"),
    ("POLITICO", "Politico"),
    ("AP", "Associated Press"),
    ("Fox News Network, LLC", "Fox News"),
    ("The Daily Example", "The Daily Example"),
    ("  Example   Wire ", "Example Wire"),
])
def test_outlet_names_are_normalised(raw: str, name: str) -> None:
    assert outlet_name(raw) == name


def test_names_compare_normalised() -> None:
    assert same_outlet("The New York Times", "New York Times")
    assert same_outlet("nytimes.com", "New York Times")
    assert same_outlet("HuffPost", "The Huffington Post")
    assert not same_outlet("Fox News", "HuffPost") and not same_outlet(None, "CNN")


# -- what the text says --------------------------------------------------------------------------


@pytest.mark.parametrize(("lines", "outlet"), [
    (["Oil prices rise again", "(Reuters) - Oil prices rose on Tuesday.", BODY], "Reuters"),
    (["Senate votes on the bill", "WASHINGTON (AP) — The Senate voted on Tuesday.", BODY], "Associated Press"),
    (["Talks end in Vienna", "KYIV, Jan 12 (Reuters) - Talks ended.", BODY], "Reuters"),
    (["Talks end in Vienna", "(CNN)The talks ended on Tuesday.", BODY], "CNN"),
    (["Talks end in Vienna", "By Jane Doe, CNN", BODY], "CNN"),
    (["Talks end in Vienna", "By JANE DOE, AP Diplomatic Writer", BODY], "Associated Press"),
    (["Talks end in Vienna", BODY, "Copyright 2018 The Associated Press. All rights reserved."], "Associated Press"),
    (["Talks end in Vienna", BODY, "Fox News' John Roberts contributed to this report."], "Fox News"),
])
def test_a_dateline_byline_copyright_or_staff_credit_names_the_outlet(lines: list[str], outlet: str) -> None:
    assert _clean(lines).outlet == outlet


@pytest.mark.parametrize("lines", [
    ["Talks end in Vienna", BODY, "The minister said the talks had failed, he told Reuters on Tuesday."],
    ["Talks end in Vienna", BODY, "According to The Associated Press, the talks ended."],
    ["Talks end in Vienna", BODY, "The Associated Press contributed to this report."],
    ["Talks end in Vienna", BODY, "Reuters contributed to this report."],
    ["Talks end in Vienna", "By Jane Doe, Staff Writer", BODY],
    ["Talks end in Vienna", "Sen. Ted Cruz (R-Texas) — said on Friday the talks had failed.", BODY],
    ["Talks end in Vienna", BODY, "Copyright Getty Images"],
    ["Talks end in Vienna", BODY, MORE, BODY, MORE, BODY, MORE, BODY, "(Reuters) - Oil prices rose on Tuesday."],
])
def test_a_wire_named_elsewhere_in_the_text_is_not_the_outlet(lines: list[str]) -> None:
    assert _clean(lines).outlet is None


def test_the_order_of_trust_metadata_then_url_then_text() -> None:
    dateline = ["Talks end in Vienna", "(Reuters) - The talks ended.", BODY]
    assert _clean(dateline, outlet="www.nytimes.com", url="https://www.foxnews.com/x").outlet == "The New York Times"
    assert _clean(dateline, url="https://www.huffingtonpost.com/entry/x").outlet == "HuffPost"
    assert _clean(dateline, url="https://example-news.co.uk/x").outlet == "example-news.co.uk"
    assert _clean(dateline).outlet == "Reuters"
    # an unknown domain is named as the site names itself, when its title suffix is that name
    assert _clean([BODY], title="Talks end – Example Gazette",
                  url="https://www.examplegazette.co.uk/x").outlet == "Example Gazette"
    assert resolve_outlet(None, None) is None


def test_title_suffix_and_source_credit_url_still_name_the_outlet() -> None:
    assert _clean(["NATO, Russia in a standoff – POLITICO", BODY]).outlet == "Politico"
    assert _clean(["Headline", BODY, "News brought by", "https://actualidad.rt.com/"]).outlet == "RT"
    assert outlet_from_text(["Headline", BODY, "Follow us", "https://twitter.com/someone"]) is None


# -- metadata ------------------------------------------------------------------------------------


def test_a_metadata_hostname_is_normalised_to_the_outlet_name(tmp_path: Path) -> None:
    records = [{"text": BODY, "title": "Talks end", "outlet": "www.nytimes.com"},
               {"text": MORE, "title": "Plans", "outlet": "huffingtonpost.com", "url": "https://www.foxnews.com/x"},
               {"text": BODY + " " + MORE, "title": "Both", "url": "https://www.foxnews.com/politics/x"}]
    _write(tmp_path / "batch.jsonl", "\n".join(json.dumps(r) for r in records))
    articles, failures = _read(tmp_path / "batch.jsonl")
    assert not failures
    assert [a.outlet for a in articles] == ["The New York Times", "HuffPost", "Fox News"]


def test_an_html_page_naming_no_site_gets_its_outlet_from_its_url(tmp_path: Path) -> None:
    page = (f"<html><head><title>Talks end</title><link rel='canonical' href='https://www.nytimes.com/2022/x.html'>"
            f"</head><body><article><h1>Talks end</h1><p>{BODY}</p><p>{MORE}</p></article></body></html>")
    _write(tmp_path / "page.html", page)
    (article,), _ = _read(tmp_path / "page.html")
    assert article.outlet == "The New York Times"


# -- sidecars -------------------------------------------------------------------------------------


def test_a_csv_sidecar_gives_outlet_date_and_url_by_exact_file_and_by_glob(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write(corpus / "fox" / "a.txt", f"Talks end\n\n{BODY}")
    _write(corpus / "fox" / "b.txt", f"Plans made\n\n{MORE}")
    _write(corpus / "misc" / "c.txt", f"Both sides\n\n{BODY} {MORE}")
    _write(corpus / "misc" / "d.txt", f"Nothing known\n\n{MORE} {BODY}")
    _write(corpus / "sources.csv", "file,outlet,published,url,notes\n"
                                   "fox/*.txt,foxnews.com,2022-01-12,,from the crawl\n"
                                   "fox/b.txt,,2022-01-13,,exact beats glob\n"
                                   "misc/c.txt,,2022-01-14T08:00:00,https://www.huffpost.com/entry/c,\n")
    articles, failures = _read(corpus)
    assert not failures
    got = _by_name(articles)
    assert set(got) == {"a.txt", "b.txt", "c.txt", "d.txt"}  # the sidecar is not an article
    assert (got["a.txt"].outlet, got["a.txt"].published) == ("Fox News", "2022-01-12")
    assert (got["b.txt"].outlet, got["b.txt"].published) == (None, "2022-01-13")  # exact row wins, whole
    assert (got["c.txt"].outlet, got["c.txt"].url) == ("HuffPost", "https://www.huffpost.com/entry/c")
    assert got["c.txt"].published == "2022-01-14"
    assert got["d.txt"].outlet is None


def test_a_json_sidecar_as_a_list_or_a_mapping(tmp_path: Path) -> None:
    _write(tmp_path / "one" / "a.txt", f"Talks end\n\n{BODY}")
    _write(tmp_path / "one" / "sources.json", json.dumps([{"file": "a.txt", "outlet": "Reuters",
                                                             "published": "2022-01-12"}]))
    _write(tmp_path / "two" / "b.txt", f"Plans made\n\n{MORE}")
    _write(tmp_path / "two" / "sources.json", json.dumps({"*.txt": {"url": "https://www.bbc.co.uk/news/1"}}))
    articles, failures = _read(tmp_path)
    assert not failures
    got = _by_name(articles)
    assert set(got) == {"a.txt", "b.txt"}
    assert (got["a.txt"].outlet, got["a.txt"].published) == ("Reuters", "2022-01-12")
    assert got["b.txt"].outlet == "BBC"


def test_the_nearest_sidecar_with_an_entry_for_the_file_wins(tmp_path: Path) -> None:
    _write(tmp_path / "sources.csv", "file,outlet\n**/*.txt,Outer Times\n")
    _write(tmp_path / "sub" / "sources.csv", "file,outlet\na.txt,Inner News\n")
    _write(tmp_path / "sub" / "a.txt", f"Talks end\n\n{BODY}")
    _write(tmp_path / "sub" / "b.txt", f"Plans made\n\n{MORE}")
    got = _by_name(_read(tmp_path)[0])
    assert got["a.txt"].outlet == "Inner News" and got["b.txt"].outlet == "Outer Times"


def test_metadata_beats_the_sidecar_and_an_explicit_sidecar_beats_a_found_one(tmp_path: Path) -> None:
    _write(tmp_path / "in" / "batch.jsonl", json.dumps({"text": BODY, "title": "T", "outlet": "CNN"}) + "\n"
           + json.dumps({"text": MORE, "title": "U"}))
    _write(tmp_path / "in" / "sources.csv", "file,outlet\nbatch.jsonl,Found Post\n")
    explicit = _write(tmp_path / "meta" / "fixes.csv", "file,outlet\n../in/batch.jsonl,Given Herald\n")
    assert [a.outlet for a in _read(tmp_path / "in")[0]] == ["CNN", "Found Post"]
    assert [a.outlet for a in _read(tmp_path / "in", sources=explicit)[0]] == ["CNN", "Given Herald"]


def test_a_broken_sidecar_is_a_failure_and_the_files_are_still_read(tmp_path: Path) -> None:
    _write(tmp_path / "a" / "x.txt", f"Talks end\n\n{BODY}")
    _write(tmp_path / "a" / "sources.json", "[{\"file\": \"x.txt\", ")
    _write(tmp_path / "b" / "y.txt", f"Plans made\n\n{MORE}")
    _write(tmp_path / "b" / "sources.csv", "name,outlet\ny.txt,Somewhere\n")
    _write(tmp_path / "c" / "z.txt", f"Both sides\n\n{BODY} {MORE}")
    _write(tmp_path / "c" / "sources.csv", "file,outlet,published\nz.txt,Gamma Times,12/01/2022\n")
    articles, failures = _read(tmp_path)
    assert set(_by_name(articles)) == {"x.txt", "y.txt", "z.txt"}
    reasons = {(Path(f.path).parent.name, f.item): f.reason for f in failures}
    assert "malformed sidecar JSON" in reasons[("a", None)]
    assert "no 'file' column" in reasons[("b", None)]
    assert "not an ISO date" in reasons[("c", "line 2")]
    # a bad value is left out; the rest of its entry still applies
    z = _by_name(articles)["z.txt"]
    assert (z.outlet, z.published) == ("Gamma Times", None)


def test_articles_in_a_file_named_like_a_sidecar_are_reported_not_read(tmp_path: Path) -> None:
    _write(tmp_path / "sources.json", json.dumps([{"text": BODY, "title": "Talks end in Vienna"}]))
    articles, (failure,) = _read(tmp_path)
    assert not articles and "rename the file" in failure.reason


def test_a_sidecar_given_among_the_paths_is_a_sidecar_not_an_article(tmp_path: Path) -> None:
    text = _write(tmp_path / "a.txt", f"Talks end\n\n{BODY}")
    sidecar = _write(tmp_path / "sources.json", json.dumps([{"file": "a.txt", "outlet": "Delta News"}]))
    items = list(read_documents([sidecar, text]))
    assert len(items) == 1 and isinstance(items[0], RawDocument) and items[0].outlet == "Delta News"


def test_a_file_given_alone_uses_the_sidecar_of_its_folder(tmp_path: Path) -> None:
    text = _write(tmp_path / "a.txt", f"Talks end\n\n{BODY}")
    _write(tmp_path / "sources.csv", "file;outlet\na.txt;Epsilon Post\n")  # a semicolon-separated sheet too
    (article,), failures = _read(text)
    assert not failures and article.outlet == "Epsilon Post"


def test_a_missing_explicit_sidecar_is_a_failure(tmp_path: Path) -> None:
    text = _write(tmp_path / "a.txt", f"Talks end\n\n{BODY}")
    articles, failures = _read(text, sources=tmp_path / "nope.csv")
    assert len(articles) == 1 and "no such sidecar" in failures[0].reason


@pytest.mark.parametrize(("pattern", "path", "matches"), [
    ("fox/*.txt", "fox/a.txt", True),
    ("fox/*.txt", "fox/deep/a.txt", False),
    ("fox/**/*.txt", "fox/deep/a.txt", True),
    ("**/*.txt", "a.txt", True),
    ("a?.txt", "ab.txt", True),
    ("[ab].txt", "c.txt", False),
])
def test_sidecar_globs(pattern: str, path: str, matches: bool) -> None:
    assert bool(glob_regex(pattern).fullmatch(path)) is matches


# -- what the user sees ----------------------------------------------------------------------------


class _ReadOnlyWeaver(Weaver):
    """The CLI's pipeline reduced to ingest and clean: what ``run`` shows of outlets, without the models."""

    def run(self, paths: Paths, store: Store, progress: Progress = _silent, *,
            sources: Sources = None, follow_links: bool = False, account: bool = True) -> WeaveResult:
        articles, failures, _ = self.read(paths, sources=sources)
        story, event = Story("s1", "Talks", ("e1",)), Event("e1", "Talks", "s1", tuple(a.id for a in articles))
        for a in articles:  # stored, as the CLI reads its summary and outputs from the store
            store.add_article(a, Analysis(a.id))
        store.save_groups([event], [story])
        account = Account(articles=tuple(articles), events=(event,), stories=(story,), failures=tuple(failures))
        return WeaveResult(account, tuple(failures), read=tuple(a.id for a in articles))


def test_run_sources_option_names_outlets_in_the_summary_json_and_report(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsweave.cli.Weaver", _ReadOnlyWeaver)
    corpus = tmp_path / "in"
    _write(corpus / "a.txt", f"Talks end in Vienna\n\n{BODY}\n\n{MORE}")
    _write(corpus / "b.txt", f"Nothing stated here\n\n{MORE}\n\n{BODY}")
    sidecar = _write(tmp_path / "meta.csv", "file,outlet\nin/a.txt,www.nytimes.com\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(corpus), "--sources", str(sidecar), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "(The New York Times, a.txt)" in result.output
    assert "(outlet not stated, b.txt)" in result.output and "unknown outlet" not in result.output
    stored = json.loads((out / "account.json").read_text(encoding="utf-8"))
    assert sorted(str(a["outlet"]) for a in stored["articles"]) == ["None", "The New York Times"]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "The New York Times" in html and "outlet not stated" in html and "unknown outlet" not in html


def test_a_missing_sources_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", str(tmp_path), "--sources", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
