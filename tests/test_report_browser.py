"""The report in a real browser (Debian's headless Chromium): a citation link highlights its exact words."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsweave import Account, write_outputs

CHROMIUM = Path(os.environ.get("NEWSWEAVE_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (make test installs it as root)"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, seeds_account: Account) -> Path:
    return write_outputs(seeds_account, tmp_path_factory.mktemp("report"))["html"]


def test_clicking_a_citation_highlights_and_shows_the_cited_words(report: Path, seeds_account: Account) -> None:
    from playwright.sync_api import sync_playwright

    event = next(e for e in seeds_account.events if len(e.articles) == 4)
    assert event.where is not None
    cite = event.where.citations[-1]
    expected = seeds_account.article(cite.article).text[cite.start:cite.end]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.goto(report.as_uri())
            assert page.locator("section.story").count() == len(seeds_account.stories)
            link = page.locator(f'#event-{event.id} .where a.cite[data-start="{cite.start}"]'
                                f'[data-article="{cite.article}"]')
            link.click()
            marks = page.locator("mark.cite-hl")
            page.wait_for_function("document.querySelectorAll('mark.cite-hl').length > 0", timeout=5000)
            assert "".join(marks.all_inner_texts()) == expected
            assert marks.first.is_visible()
            # the page scrolls smoothly to the words: wait (bounded) until they are inside the viewport
            page.wait_for_function("(() => { const r = document.querySelector('mark.cite-hl').getBoundingClientRect();"
                                   " return r.top >= 0 && r.bottom <= window.innerHeight; })()", timeout=5000)
            assert page.evaluate("location.hash") == f"#cite-{cite.article}-{cite.start}-{cite.end}"
        finally:
            browser.close()


def test_a_citation_across_annotated_words_highlights_the_whole_span(report: Path,
                                                                     seeds_account: Account) -> None:
    """A span that starts and ends inside entity mentions still highlights exactly its characters."""
    from playwright.sync_api import sync_playwright

    analysis = next(a for a in seeds_account.analyses if len(a.mentions) > 3)
    first, second = analysis.mentions[0], analysis.mentions[1]
    start, end = first.start + 1, second.end - 1
    expected = seeds_account.article(analysis.article).text[start:end]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{report.as_uri()}#cite-{analysis.article}-{start}-{end}")
            page.wait_for_function("document.querySelectorAll('mark.cite-hl').length > 0", timeout=5000)
            got = page.evaluate("Array.from(document.querySelectorAll('mark.cite-hl')).map(m => m.textContent)"
                                ".join('')")
            # paragraph breaks are not rendered as characters; compare the words
            assert got.split() == expected.split()
        finally:
            browser.close()
