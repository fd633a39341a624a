"""The ``newsweave`` command line: a thin shell over the Python API that only translates its errors.

Exit codes (of *this* run's inputs, not of failures stored by earlier runs): 0 everything read; 1 the run
finished but some inputs failed (see the failures); 2 usage error; 3 nothing could be read; 4 store error;
5 a model package is missing.  Errors always reach stderr, ``-q`` or not.  All text from articles, files and
the store is escaped before rich sees it (a title "[/]" is words, not markup).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table

from .errors import NewsweaveError, StoreError
from .mapstage import mapper
from .model import Account, Failure
from .pipeline import Progress as ProgressCallback
from .pipeline import Weaver
from .render import NO_OUTLET, account_json, affiliation_lines, plover_records, write_outputs
from .site import export_json, write_site
from .store import Store

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_NOTHING, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
STAGES = {"read": "Reading", "analyze": "Analysing", "group": "Grouping", "link": "Linking",
          "provenance": "Sources", "fuse": "Fusing"}
HIT = ("\x02", "\x03")
"""Marks around a search hit in a snippet, turned into highlighted brackets after the text is escaped."""
WHOLE_REPORT = 1000
"""``run`` writes the whole-store account.json and report.html while the store holds at most this many articles."""
SOURCES_HELP = ("A sidecar (sources.csv or sources.json: file or glob, outlet, published, url) giving the outlet, "
                "date and URL of files; one in a folder being read is used without this option.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsweave")
def main() -> None:
    """newsweave — turn a pile of news reports into one account a reader can trust.

    Reads articles (text, HTML, JSONL, WARC, RSS/Atom, and .gz of these), removes boilerplate, finds
    who is named and when, groups the reports into events and stories, and writes a SQLite store,
    account.json and a report.html in which every statement links to the words that support it.

    \b
    Examples:
      newsweave run examples/nato-russia-2022 --out out
      newsweave show --out out
      newsweave analyze article.html --jsonl > annotations.jsonl
      newsweave export --plover --out out > actions.json
      newsweave serve --out out
      newsweave watch feeds.txt --out out --every 15m
    """


OUT_DIR = click.Path(file_okay=False, path_type=Path)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default=Path("out"), show_default=True, type=OUT_DIR,
              help="Folder for newsweave.db, account.json and report.html.")
@click.option("--store", "store_path", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite store to add to (default: OUT/newsweave.db).  Re-running on the same input changes nothing.")
@click.option("--sources", "sources", default=None, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=SOURCES_HELP)
@click.option("--follow-links", is_flag=True,
              help="Follow symbolic links inside the folders to files and folders outside them too.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary (errors and failures still show).")
@click.option("--workers", default=0, type=click.IntRange(0, 64),
              help="Analyse on a pool of this many processes (0: both cores when a run reads 64 articles or more).")
@click.option("--dask", "dask", default=None, metavar="local:N|tcp://HOST:PORT",
              help="Analyse as Dask tasks: on a local cluster of N worker processes, or on a running scheduler.")
@click.option("--report/--no-report", "report", default=None,
              help="Also write the whole store as account.json and report.html (default: while it holds at most "
                   f"{WHOLE_REPORT} articles; `newsweave export --json` streams it at any size).")
def run(paths: tuple[Path, ...], out_dir: Path, store_path: Path | None, sources: Path | None, follow_links: bool,
        quiet: bool, workers: int, dask: str | None, report: bool | None) -> None:
    """Weave the articles under PATHS (files or folders) into OUT: the store, and a page per event, story and
    entity (OUT/index.html), written again only for what this run changed."""
    errors = Console(stderr=True)
    with _errors(errors):
        weaver = Weaver()
        weaver.mapper = mapper(dask, workers)
        weaver.workers = workers or min(2, os.cpu_count() or 1)
        try:
            with Store(store_path or out_dir / "newsweave.db") as store, \
                    _progress(Console(stderr=True, quiet=quiet)) as progress:
                whole = store.article_count() if report is None else None
                result = weaver.run(paths, store, progress=progress, sources=sources, follow_links=follow_links,
                                    account=False)
                c = result.changes
                site = write_site(store, out_dir, events=c.events, stories=c.stories | _stories_of(store, c.events),
                                  entities=c.entities, dropped=c.dropped | c.dropped_stories)
                if report or (report is None and (whole or 0) + len(result.added) <= WHOLE_REPORT):
                    account = store.account()
                    written = write_outputs(account, out_dir)
                else:
                    account, written = None, {}
        finally:
            if weaver.mapper is not None:
                weaver.mapper.close()
        if quiet:
            _failures(errors, result.failures)
        else:
            if account is not None:
                _summary(Console(), account, result.failures)
            else:
                _failures(errors, result.failures)
            shown = ", ".join(escape(str(p)) for p in (out_dir / "newsweave.db", out_dir / "index.html",
                                                          *written.values()))
            errors.print(f"[green]wrote[/] {shown} ({site['events']} event, {site['stories']} story and "
                         f"{site['entities']} entity pages)")
        if not result.read:
            sys.exit(EXIT_NOTHING)
        if result.failures:
            sys.exit(EXIT_PARTIAL)


@main.command()
@click.option("--out", "out_dir", default=Path("out"), show_default=True, type=OUT_DIR,
              help="Folder holding newsweave.db.")
def show(out_dir: Path) -> None:
    """Print a terminal summary of the account stored in OUT (the store is only read)."""
    console = Console(stderr=True)
    with _errors(console), _reading(out_dir) as store:
        account = store.account()
        _summary(Console(), account, account.failures)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--jsonl", is_flag=True, default=True, show_default=True,
              help="One JSON object per article on stdout: its fields and every annotation as spans.")
@click.option("--sources", "sources", default=None, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=SOURCES_HELP)
@click.option("--follow-links", is_flag=True,
              help="Follow symbolic links inside the folders to files and folders outside them too.")
def analyze(paths: tuple[Path, ...], jsonl: bool, sources: Path | None, follow_links: bool) -> None:
    """Annotate the articles under PATHS without storing them (JSON lines on stdout)."""
    console = Console(stderr=True)
    with _errors(console):
        weaver = Weaver()
        articles, failures, _ = weaver.read(paths, sources=sources, follow_links=follow_links)
        out = sys.stdout
        for item in weaver.analyze_all(articles):
            if isinstance(item, Failure):
                failures.append(item)
                continue
            article, analysis = item
            record = account_json(Account(articles=(article,), analyses=(analysis,)))["articles"][0]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        _failures(console, failures)
        if not articles:
            sys.exit(EXIT_NOTHING)
        if failures:
            sys.exit(EXIT_PARTIAL)


@main.command()
@click.option("--plover", "fmt", flag_value="plover", default="plover", show_default=True,
              help="The events' actions as PLOVER-style JSON records (who did what to whom, with citations).")
@click.option("--json", "fmt", flag_value="json", help="The whole account as account.json, streamed.")
@click.option("--out", "out_dir", default=Path("out"), show_default=True, type=OUT_DIR,
              help="Folder holding newsweave.db.")
@click.option("--output", "-o", "output", default="-", show_default=True,
              help="File to write (\"-\": standard output).")
def export(fmt: str, out_dir: Path, output: str) -> None:
    """Export what the store in OUT holds in another format: PLOVER event records, or (--json) the whole account
    as account.json, streamed (memory stays flat however large the store)."""
    console = Console(stderr=True)
    with _errors(console):
        if fmt == "json":
            with _reading(out_dir) as store:
                if output == "-":
                    export_json(store, sys.stdout)
                else:
                    try:
                        with open(output, "w", encoding="utf-8") as fh:
                            export_json(store, fh)
                    except OSError as exc:
                        raise click.FileError(output, hint=exc.strerror or str(exc)) from exc
                    console.print(f"[green]wrote[/] the account to {escape(output)}")
            return
        with _reading(out_dir) as store:
            records = plover_records(store.account())
        text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
        if output == "-":
            sys.stdout.write(text)
        else:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise click.FileError(output, hint=exc.strerror or str(exc)) from exc
            console.print(f"[green]wrote[/] {len(records)} PLOVER records to {escape(output)}")


@main.command()
@click.argument("query")
@click.option("--out", "out_dir", default=Path("out"), show_default=True, type=OUT_DIR,
              help="Folder holding newsweave.db.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
def search(query: str, out_dir: Path, limit: int) -> None:
    """Full-text search (SQLite FTS5) over the stored articles.

    QUERY is words and "quoted phrases", all of which must occur (case does not matter); a word ending in *
    matches as a prefix.  Punctuation and operators are searched as words."""
    console = Console()
    with _errors(Console(stderr=True)), _reading(out_dir) as store:
        titles = {a.id: a.title for a in store.articles()}
        for article_id, snippet in store.search(query, limit, marks=HIT):
            console.print(f"[bold]{escape(titles.get(article_id, article_id))}[/] [dim]{article_id}[/]\n  "
                          f"{_highlighted(snippet)}")


@main.command()
@click.option("--out", "out_dir", default=Path("out"), show_default=True, type=OUT_DIR,
              help="Folder holding newsweave.db (opened read-only; what `run` or `watch` add later shows at once).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (one per core serves the most requests).")
def serve(out_dir: Path, host: str, port: int, workers: int) -> None:
    """Browse the store in OUT in a web browser: stories, events, entities, articles, search (each page also as
    JSON: add .json to its URL; the API is described at /openapi.json)."""
    console = Console(stderr=True)
    with _errors(console):
        import uvicorn

        from .web import create_app

        db = _stored(out_dir)
        app = create_app(db)  # fails here, with a clear message, when the store cannot be read
        console.print(f"[green]serving[/] {escape(str(db))} at http://{escape(host)}:{port}/ (Ctrl-C stops)")
        if workers == 1:
            uvicorn.run(app, host=host, port=port, log_level="warning")
        else:
            os.environ["NEWSWEAVE_STORE"] = str(db.resolve())
            uvicorn.run("newsweave.web.app:app_from_environment", factory=True, host=host, port=port,
                        workers=workers, log_level="warning")


@main.command()
@click.argument("sources", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", default=Path("out"), show_default=True, type=OUT_DIR,
              help="Folder for newsweave.db and watch/ (the fetched pages and the fetch state).")
@click.option("--every", default="15m", show_default=True, help="Time between two passes (90s, 15m, 1h).")
@click.option("--once", is_flag=True, help="One pass, then stop.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary (failures still show).")
def watch(sources: Path, out_dir: Path, every: str, once: bool, quiet: bool) -> None:
    """Fetch the RSS/Atom feeds and pages listed in SOURCES (one URL a line) and weave what is new into OUT.

    Polite: conditional GETs, robots.txt, one request a second per host, timeouts and size caps.  Failures are
    recorded per URL with the reason; an interrupted pass resumes where it stopped."""
    import time

    from .watch import Watch, parse_every, read_sources

    errors = Console(stderr=True)
    with _errors(errors):
        interval = parse_every(every)
        watcher = Watch(out_dir)
        while True:
            with _progress(Console(stderr=True, quiet=quiet)) as progress:
                result = watcher.once(read_sources(sources), progress)
            _failures(errors, result.failures)
            if not quiet:
                added = len(result.woven.added) if result.woven else 0
                errors.print(f"checked {result.checked} sources ({result.not_modified} unchanged) · "
                             f"{len(result.saved)} pages fetched · {added} new articles · "
                             f"{len(result.failures)} failures")
            if once:
                sys.exit(EXIT_PARTIAL if result.failures else EXIT_OK)
            time.sleep(interval)


def _stories_of(store: Store, events: Iterable[str]) -> set[str]:
    """The stories of the events (their pages list the events' titles)."""
    return {story for story, _ in store.event_places(events).values()}


def _highlighted(snippet: str) -> str:
    """A snippet as markup: its text escaped, each hit shown in bold between brackets."""
    return escape(snippet).replace(HIT[0], "[bold yellow]\\[").replace(HIT[1], "][/]")


@contextmanager
def _errors(console: Console) -> Iterator[None]:
    """Translate newsweave's errors into a one-line message and a graded exit code."""
    try:
        yield
    except NewsweaveError as exc:
        console.print(f"[red]error:[/] {escape(str(exc))}", soft_wrap=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/]: what was done is stored; run the same command again to go on")
        sys.exit(EXIT_INTERRUPTED)


@contextmanager
def _progress(console: Console) -> Iterator[ProgressCallback]:
    bar = Progress(TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=console, transient=True, disable=console.quiet)
    tasks: dict[str, TaskID] = {}

    def report(stage: str, done: int, total: int | None) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
        bar.update(tasks[stage], completed=done, total=total)

    with bar:
        yield report


@contextmanager
def _reading(out_dir: Path) -> Iterator[Store]:
    """The store in OUT, opened only to read; a store of an older schema is migrated first (when it can be)."""
    db = _stored(out_dir)
    try:
        store = Store(db, readonly=True)
    except StoreError as exc:
        if "to migrate" not in str(exc):
            raise
        Store(db).close()  # migrates it, or says why it cannot
        store = Store(db, readonly=True)
    with store:
        yield store


def _stored(out_dir: Path) -> Path:
    """The store a finished run left in OUT; a usage error saying what to run when there is none."""
    db = out_dir / "newsweave.db"
    if not db.exists():
        raise click.UsageError(f"no store at {db}: run `newsweave run PATH --out {out_dir}` first")
    return db


def _where(f: Failure) -> str:
    return escape(f"{f.path} ({f.item})" if f.item else f.path)


def _failures(console: Console, failures: Iterable[Failure]) -> None:
    for failure in failures:
        console.print(f"[red]failed[/] {_where(failure)}: {escape(failure.reason)}", soft_wrap=True)


def _summary(console: Console, account: Account, failures: Sequence[Failure]) -> None:
    """The account in the terminal, then ``failures`` (this run's, for ``run``; all stored ones, for ``show``).
    Every text from the account is escaped: rich must never read an article's words as markup."""
    articles = {a.id: a for a in account.articles}
    events = {e.id: e for e in account.events}
    earlier = len(account.failures) - len(failures)
    console.print(
        f"[bold]{len(account.articles)}[/] articles · [bold]{len(account.events)}[/] events · "
        f"[bold]{len(account.stories)}[/] stories · [bold]{len(account.entities)}[/] entities · "
        f"[bold]{len(failures)}[/] failures" + (f" [dim](and {earlier} stored from earlier runs)[/]" if earlier > 0
                                                else "")
    )
    for story in account.stories:
        console.print(f"\n[bold magenta]Story[/] {escape(story.title)}")
        for event_id in story.events:
            event = events[event_id]
            when = f" · {event.when.value}" if event.when else ""
            where = f" · {event.where.value}" if event.where else ""
            console.print(f"  [bold cyan]Event[/] {escape(event.title)}[dim]{escape(when + where)}[/]")
            prov = {p.article: p for p in account.provenance}
            for article_id in event.articles:
                a = articles[article_id]
                label = f", {prov[a.id].label.value}" if a.id in prov else ""
                meta = f"({a.outlet or NO_OUTLET}, {Path(a.path).name}{label})"
                console.print(f"    • {escape(a.title)} [dim]{escape(meta)}[/]")
            for s in event.summary:
                words = articles[s.statement.article].text[s.statement.start:s.statement.end]
                console.print(f"    [green]›[/] {escape(words)} [dim]({s.independent} independent)[/]")
            shared = sum(1 for c in event.claims if len(c.support) > 1)
            if event.claims:
                console.print(f"    [dim]{len(event.claims)} claims ({shared} stated by several reports) · "
                              f"{len(event.quote_groups)} quotes across reports · "
                              f"{len(event.disagreements)} disagreements · {len(event.timeline)} dated happenings · "
                              f"{len(event.actions)} actions[/]")
            for act in event.actions[:5]:
                target = f" → {act.target.name}" if act.target else ""
                src = act.source
                who = "—" if src is None else src.name + (f" ({src.affiliation})" if src.affiliation else "")
                mode = f" ({act.mode})" if act.mode else ""
                console.print(f"    [yellow]{escape(act.type + mode)}[/] {escape(who + target)} "
                              f"[dim]({act.independent} independent)[/]")
    people = [e for e in account.entities if e.kind.value == "person"][:12]
    if people:
        table = Table(title="Who is named most", show_edge=False)
        table.add_column("person")
        table.add_column("mentions", justify="right")
        table.add_column("also written")
        table.add_column("known actor, latest role")
        for e in people:
            role = "; ".join(affiliation_lines(e, 1)) if e.kb else ""
            table.add_row(escape(e.name), str(len(e.mentions)), escape(", ".join(e.aliases)), escape(role))
        console.print(table)
    _failures(console, failures)
