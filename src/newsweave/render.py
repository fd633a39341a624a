"""Render: an :class:`~newsweave.model.Account` → ``account.json`` and a self-contained ``report.html``.

Both views come from the same records.  The JSON is derived from the records' fields (no hand-written
copies); its shape is documented by ``docs/account.schema.json``.  The HTML page needs nothing but a
browser: the text of every article is on the page, and each citation link scrolls to and highlights
the exact span ``article.text[start:end]`` it stands for.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import StoreError
from .model import (
    Account,
    Action,
    ActorRef,
    Analysis,
    Article,
    Citation,
    Entity,
    EventAction,
    Evidence,
    MentionForm,
    MentionKind,
    Quote,
    to_jsonable,
)
from .provenance import independent

SCHEMA_VERSION = 1
"""Version of the ``account.json`` shape; bumped on any incompatible change."""

ANNOTATIONS = ("sentences", "mentions", "dates", "quotes", "actions")


def _entity_json(entity: Entity) -> dict[str, Any]:
    record: dict[str, Any] = to_jsonable(entity)
    record["mention_count"] = len(entity.mentions)
    return record


def account_json(account: Account) -> dict[str, Any]:
    """The account as JSON-ready data: articles carry their annotations, everything else as recorded."""
    from . import __version__

    analyses = {a.article: a for a in account.analyses}
    provenance = {p.article: p for p in account.provenance}
    articles = []
    for article in account.articles:
        record = to_jsonable(article)
        analysis = analyses.get(article.id, Analysis(article.id))
        for name in ANNOTATIONS:
            record[name] = to_jsonable(getattr(analysis, name))
        record["quotes"] = [quote_json(article, q) for q in analysis.quotes]
        record["actions"] = [action_json(article, a) for a in analysis.actions]
        prov = provenance.get(article.id)
        record["provenance"] = None if prov is None else {k: v for k, v in to_jsonable(prov).items() if k != "article"}
        articles.append(record)
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": f"newsweave {__version__}",
        "articles": articles,
        "events": [_with_words(to_jsonable(e), {a.id: a.text for a in account.articles}) for e in account.events],
        "stories": to_jsonable(account.stories),
        "entities": [_entity_json(e) for e in account.entities],
        "failures": to_jsonable(account.failures),
    }


def _with_words(value: Any, texts: dict[str, str]) -> Any:
    """Every citation in an event record gains the words it cites (``text``), so a reader of the JSON need not
    slice the articles."""
    if isinstance(value, dict):
        if set(value) == {"article", "start", "end"} and value["article"] in texts:
            return {**value, "text": texts[value["article"]][value["start"]:value["end"]]}
        return {k: _with_words(v, texts) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_words(v, texts) for v in value]
    return value


def action_json(article: Article, action: Action) -> dict[str, Any]:
    """An action's fields, each span with the words it stands for (``text``); an actor also with ``name``, who
    the words stand for ("Moscow" → Russia), and ``entity`` once linked."""
    record: dict[str, Any] = to_jsonable(action)
    for key in ("trigger", "source", "target", "date", "place"):
        if record[key] is not None:
            record[key]["text"] = article.text[record[key]["start"]:record[key]["end"]]
    return record


def plover_records(account: Account) -> list[dict[str, Any]]:
    """The events' actions as PLOVER-style records (the field names of the PLOVER gold standard: ``event``,
    ``mode``, ``source`` / ``target`` as ``actorText`` lists, ``eventText``, ``text``, ``date``), one per action
    merged across reports, each with newsweave's citations of every report that states it."""
    articles = {a.id: a for a in account.articles}
    analyses = {a.article: a for a in account.analyses}
    story_of = {e: s.id for s in account.stories for e in s.events}

    def words(c: Citation) -> str:
        return articles[c.article].text[c.start:c.end] if c.article in articles else ""

    def date_of(c: Citation) -> str | None:
        analysis = analyses.get(c.article)
        found = next((d for d in analysis.dates if d.start == c.start), None) if analysis else None
        return found.value if found is not None else None

    records = []
    for event in account.events:
        when = event.when.value if event.when and event.when.value[:1].isdigit() else None
        for action in event.actions:
            statement = articles.get(action.statement.article)
            trigger = next((t for t in action.triggers if t.article == action.statement.article
                            and action.statement.start <= t.start < action.statement.end), action.triggers[0])
            dates = [v for v in map(date_of, action.dates) if v]
            coded = _coded_action(analyses.get(trigger.article), trigger)
            records.append({
                "id": action.id,
                "event": action.type,
                "mode": action.mode,
                "modes": list(action.modes),
                "source": [] if action.source is None else [{"actorText": action.source.name,
                                                              "entity": action.source.entity,
                                                              "affiliation": action.source.affiliation,
                                                              **_actor_code(coded.source if coded else None)}],
                "target": [] if action.target is None else [{"actorText": action.target.name,
                                                              "entity": action.target.entity,
                                                              "affiliation": action.target.affiliation,
                                                              **_actor_code(coded.target if coded else None)}],
                "context": coded.context if coded else "",
                "cameo": coded.cameo if coded else None,
                "plover_mode": coded.plover_mode if coded else "",
                "confidence": coded.confidence if coded else None,
                "eventText": words(trigger),
                "text": words(action.statement),
                "date": dates[0] if dates else when or (statement.published if statement else None),
                "location": words(action.places[0]) if action.places else (event.where.value if event.where else None),
                "publication": statement.outlet if statement else None,
                "url": statement.url if statement else None,
                "newsweave": {
                    "event": event.id,
                    "story": story_of.get(event.id),
                    "independent": action.independent,
                    "citations": [{**to_jsonable(c), "text": words(c), "url": articles[c.article].url,
                                   "outlet": articles[c.article].outlet}
                                  for c in action.support if c.article in articles],
                },
            })
    return records


def _coded_action(analysis: Analysis | None, trigger: Citation) -> Action | None:
    """The coded action behind a merged action's trigger (for its CAMEO codes, context and confidence)."""
    if analysis is None:
        return None
    return next((a for a in analysis.actions if (a.trigger.start, a.trigger.end) == (trigger.start, trigger.end)),
                None)


def _actor_code(ref: ActorRef | None) -> dict[str, Any]:
    """An actor's CAMEO code as PLOVER writes it: ``code`` (country or IGO …), ``sector``, and the full code."""
    if ref is None or not ref.code:
        return {}
    from .actions import split_code

    country, sector = split_code(ref.code)
    return {"code": country, "sector": sector, "cameo": ref.code}


def quote_text(article: Article, quote: Quote) -> str:
    """The quoted words, pieces joined by an ellipsis ("We are ready … And we hope …")."""
    return " … ".join(article.text[p.start:p.end] for p in quote.pieces)


def quote_json(article: Article, quote: Quote) -> dict[str, Any]:
    """A quote's fields, plus the words its spans stand for (``text``, cue ``text``, speaker ``text`` and
    ``name``) so that a reader of the JSON need not slice the article."""
    record: dict[str, Any] = to_jsonable(quote)
    record["article"] = article.id
    record["text"] = quote_text(article, quote)
    if quote.cue is not None:
        record["cue"]["text"] = article.text[quote.cue.start:quote.cue.end]
    sp = quote.speaker
    if sp is not None:
        speaker = record["speaker"]
        speaker["text"] = article.text[sp.start:sp.end]
        speaker["name_span"] = to_jsonable(sp.name)
        speaker["name"] = article.text[sp.name.start:sp.name.end] if sp.name else None
        speaker["role_span"] = to_jsonable(sp.role)
        speaker["role"] = article.text[sp.role.start:sp.role.end] if sp.role else None
    return record


def write_outputs(account: Account, out_dir: str | Path) -> dict[str, Path]:
    """Write ``account.json`` and ``report.html`` into ``out_dir``; returns their paths."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        json_path = out / "account.json"
        html_path = out / "report.html"
        _write_atomic(json_path, json.dumps(account_json(account), ensure_ascii=False, indent=1))
        _write_atomic(html_path, render_html(account))
    except OSError as exc:
        raise StoreError(f"cannot write the outputs to {out} ({exc.strerror or exc}); check the folder") from exc
    return {"json": json_path, "html": html_path}


def _write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


# ----------------------------------------------------------------------------------------------
# HTML


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of an article's text for the page: plain, or an annotated span (mention / date)."""

    text: str
    start: int
    css: str = ""
    entity: str | None = None
    tip: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    pieces: tuple[Piece, ...]


def paragraphs(article: Article, analysis: Analysis | None, entity_names: dict[str, str]) -> list[Paragraph]:
    """Split the article's text into its paragraphs (lines), each cut into plain and annotated pieces.

    Offsets are kept, so the page can map ``[start, end)`` back to the exact characters.
    """
    marks: list[tuple[int, int, str, str | None, str]] = []
    if analysis is not None:
        for m in analysis.mentions:
            name = entity_names.get(m.entity or "", "")
            tip = f"{m.kind.value}: {name}" if name else m.kind.value
            css = f"m m-{m.kind.value}" + ("" if m.form is MentionForm.NAME else " m-ref")
            if m.form is not MentionForm.NAME:
                tip = f"{m.form.value} → {name}" if name else m.form.value
            marks.append((m.start, m.end, css, m.entity, tip))
        for d in analysis.dates:
            marks.append((d.start, d.end, "m m-date", None, f"date: {d.value}" if d.value else "date"))
    marks.sort()
    out: list[Paragraph] = []
    text = article.text
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        pieces: list[Piece] = []
        cursor = start
        for m_start, m_end, css, entity, tip in marks:
            if m_start < cursor or m_start >= end or m_end > end:
                continue  # overlapping or crossing a line break: leave the text plain
            if m_start > cursor:
                pieces.append(Piece(text[cursor:m_start], cursor))
            pieces.append(Piece(text[m_start:m_end], m_start, css, entity, tip))
            cursor = m_end
        if cursor < end:
            pieces.append(Piece(text[cursor:end], cursor))
        out.append(Paragraph(start, end, tuple(pieces)))
    return out


@dataclass(frozen=True, slots=True)
class Cite:
    """A citation link on the page: numbered, with the words it stands for as its tooltip."""

    article: str
    start: int
    end: int
    words: str
    label: str


def report_labels(account: Account) -> dict[str, str]:
    """A short label per article (A, B, …, Z, AA, …): a citation link shows which report supports it."""
    labels = {}
    for n, article in enumerate(account.articles):
        label = ""
        n += 1
        while n:
            n, rem = divmod(n - 1, 26)
            label = chr(ord("A") + rem) + label
        labels[article.id] = label
    return labels


def cites(account: Account, labels: dict[str, str], citations: Sequence[Citation], *,
          first_per_article: bool = False) -> list[Cite]:
    """Citation links labelled by report; with ``first_per_article`` only each report's first span."""
    texts = {a.id: a for a in account.articles}
    out = []
    seen: dict[str, int] = {}
    for c in citations:
        article = texts.get(c.article)
        if article is None or (first_per_article and c.article in seen):
            continue
        seen[c.article] = seen.get(c.article, 0) + 1
        label = labels[c.article] if seen[c.article] == 1 else f"{labels[c.article]}{seen[c.article]}"
        out.append(Cite(c.article, c.start, c.end, article.text[c.start:c.end], label))
    return out


def _entities_by_kind(entities: Sequence[Entity]) -> Iterator[tuple[str, list[Entity]]]:
    order = [MentionKind.PERSON, MentionKind.ORGANIZATION, MentionKind.PLACE, MentionKind.GROUP,
             MentionKind.EVENT, MentionKind.OTHER]
    labels = {MentionKind.PERSON: "People", MentionKind.ORGANIZATION: "Organisations",
              MentionKind.PLACE: "Places", MentionKind.GROUP: "Groups and nationalities",
              MentionKind.EVENT: "Named events", MentionKind.OTHER: "Other"}
    for kind in order:
        members = [e for e in entities if e.kind is kind]
        if members:
            yield labels[kind], members


@dataclass(frozen=True, slots=True)
class SaidLine:
    """One quote in the report's "Who said what": its words, kind, cue and where it stands."""

    quote: Quote
    text: str
    cite: Cite
    speaker_words: str
    role: str
    cue: str


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    name: str
    entity: str | None
    lines: tuple[SaidLine, ...]


def who_said_what(account: Account, labels: dict[str, str]) -> list[SpeakerQuotes]:
    """Quotes grouped by speaker (by entity where known, else by the name the article gives), most quoted first."""
    names = {e.id: e.name for e in account.entities}
    articles = {a.id: a for a in account.articles}
    groups: dict[str, list[SaidLine]] = {}
    display: dict[str, tuple[str, str | None]] = {}
    for analysis in account.analyses:
        article = articles.get(analysis.article)
        if article is None:
            continue
        for q in analysis.quotes:
            sp = q.speaker
            text = article.text
            if sp is not None and sp.entity:
                named = text[sp.name.start:sp.name.end] if sp.name else ""
                key, shown = sp.entity, names.get(sp.entity) or named
            elif sp is not None and sp.name is not None:
                shown = text[sp.name.start:sp.name.end]
                key = "name:" + shown.lower()
            else:
                key, shown = "", ""
            display.setdefault(key, (shown or "Unattributed", sp.entity if sp else None))
            groups.setdefault(key, []).append(SaidLine(
                quote=q,
                text=quote_text(article, q),
                cite=Cite(article.id, q.start, q.end, text[q.start:q.end], labels[article.id]),
                speaker_words=text[sp.start:sp.end] if sp else "",
                role=text[sp.role.start:sp.role.end] if sp and sp.role else "",
                cue=text[q.cue.start:q.cue.end] if q.cue else "",
            ))
    order = sorted(groups, key=lambda k: (k == "", -len(groups[k]), display[k][0]))
    return [SpeakerQuotes(display[k][0], display[k][1], tuple(groups[k])) for k in order]


def link_url(url: str | None) -> str | None:
    """``url`` when it may be a link on a page: an ``http(s)`` URL with a host and no whitespace or control
    characters — never ``javascript:``, ``data:``, ``file:`` or a relative path.  ``None`` otherwise (the page
    then shows it as text)."""
    if not url:
        return None
    candidate = url.strip()
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return candidate


NO_OUTLET = "outlet not stated"
"""Shown for an article when nothing — metadata, a sidecar, its URL or its text — names its outlet."""


def render_html(account: Account) -> str:
    """The report: one self-contained HTML page (inline CSS and a little plain JavaScript)."""
    import jinja2

    from . import __version__

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_template),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["extract"] = lambda key, container: container[key]  # "id"|map("extract", articles): the record
    analyses = {a.article: a for a in account.analyses}
    entity_names = {e.id: e.name for e in account.entities}
    articles = {a.id: a for a in account.articles}
    events = {e.id: e for e in account.events}
    grouped = {aid for e in account.events for aid in e.articles}
    labels = report_labels(account)
    provenance = {p.article: p for p in account.provenance}
    return env.get_template("report.html.j2").render(
        account=account,
        version=__version__,
        articles=articles,
        events=events,
        ungrouped=[a for a in account.articles if a.id not in grouped],
        paragraphs={a.id: paragraphs(a, analyses.get(a.id), entity_names) for a in account.articles},
        entity_groups=list(_entities_by_kind(account.entities)),
        labels=labels,
        speakers=who_said_what(account, labels),
        cites=lambda citations, first=False: cites(account, labels, citations, first_per_article=first),
        provenance=provenance,
        independent=lambda ids: independent(ids, provenance),
        evidence_groups=_evidence_groups,
        trigger_in=lambda action: _trigger_in(articles, action),
        no_outlet=NO_OUTLET,
        link_url=link_url,
        affiliations=affiliation_lines,
    )


def affiliation_lines(entity: Entity, limit: int = 3) -> list[str]:
    """A known actor's latest roles, readable: "RUSGOV (Russia, government) since 2012-05-08"."""
    lines = []
    for a in sorted(entity.affiliations, key=lambda a: (a.start or "", a.end or "9999"))[-limit:]:
        span = (f"{a.start} – {a.end}" if a.start and a.end else f"since {a.start}" if a.start
                else f"until {a.end}" if a.end else "")
        lines.append(" ".join(part for part in (a.code, span) if part))
    return lines


def _trigger_in(articles: dict[str, Article], action: EventAction) -> tuple[str, str, str]:
    """The action's shown sentence cut around its trigger words: (before, trigger, after)."""
    st = action.statement
    text = articles[st.article].text if st.article in articles else ""
    trigger = next((t for t in action.triggers if t.article == st.article and st.start <= t.start and t.end <= st.end),
                   None)
    if trigger is None:
        return text[st.start:st.end], "", ""
    return text[st.start:trigger.start], text[trigger.start:trigger.end], text[trigger.end:st.end]


def _evidence_groups(evidence: Sequence[Evidence]) -> list[tuple[str, list[Evidence]]]:
    """Evidence with the same note shown once, with a link to each place it occurs."""
    groups: dict[str, list[Evidence]] = {}
    for e in evidence:
        groups.setdefault(e.note, []).append(e)
    return list(groups.items())


def _template(name: str) -> str:
    return resources.files("newsweave").joinpath("templates", name).read_text(encoding="utf-8")
