"""Disagreements: where reports give incompatible values of the same thing, every value with its sources.

* **number / date / place / polarity** — sentences of different reports that state the same proposition apart
  from one value (the claim model's probability ≥ ``ConflictParams.same_slot``) and give that slot values that
  cannot both be right (:mod:`newsweave.fuse.conflicts`).  Sentences linked by such conflicts form one
  disagreement per slot; its values are the distinct values given.
* **title** — a person's titles none of which contains the other (by words and synonyms; lone ranks and
  descriptions aside).
* **speaker** — one utterance given to different named people (a pronoun or an unresolved name is no value).
* **name** — a different person named inside the same quotation ("Wendy" / "Debbie Wasserman Schultz").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from ..model import Citation, Claim, Disagreement, MentionKind, QuoteGroup, Value, content_id
from .conflicts import Conflict
from .context import FuseContext
from .quotes import canonical_text
from .words import lemma


def disagreement(kind: str, subject: str, values: Sequence[Value], claim: str | None) -> Disagreement:
    key = [kind, subject] + [f"{c.article}:{c.start}" for v in values for c in v.citations]
    return Disagreement(content_id("d", *key), kind, subject, tuple(values), claim)


def value(ctx: FuseContext, text: str, cites: Sequence[tuple[str, int, int]]) -> Value:
    citations = tuple(dict.fromkeys(Citation(a, s, e) for a, s, e in cites))
    articles = [c.article for c in citations]
    return Value(text, citations, ctx.independent(articles), all(ctx.derived(a) for a in articles))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def slot_disagreements(ctx: FuseContext, found: Sequence[tuple[int, int, Conflict]],
                       claim_of: Mapping[int, Claim]) -> list[Disagreement]:
    """Disagreements from the conflicting sentence pairs ``(i, j, conflict)`` (indices into ``ctx.sentences``).
    The sentences of one claim say the same, so a disagreement is between claims: for each slot, claims whose every
    pair conflicts on it form one disagreement (a value per claim, with the words of each sentence that gives it)."""
    sents = ctx.sentences
    edges: dict[tuple[str, str], dict[tuple[str, str], list[tuple[int, int, Conflict]]]] = defaultdict(
        lambda: defaultdict(list))
    for i, j, c in found:
        if not c.clear or i not in claim_of or j not in claim_of:
            continue
        a, b = claim_of[i].id, claim_of[j].id
        if a != b:
            flipped = replace(c, a_start=c.b_start, a_end=c.b_end, b_start=c.a_start, b_end=c.a_end)
            edges[(c.kind, c.subject)][(a, b) if a < b else (b, a)].append((i, j, c) if a < b else (j, i, flipped))
    claims = {c.id: c for c in claim_of.values()}
    out = []
    for (kind, subject), linked in edges.items():
        group = {cid: frozenset({cid}) for pair in linked for cid in pair}
        for a, b in sorted(linked, key=lambda k: -len(linked[k])):
            ga, gb = group[a], group[b]
            if ga is gb or not all(((x, y) if x < y else (y, x)) in linked for x in ga for y in gb):
                continue  # values are shown side by side only when every two of them clash
            merged = ga | gb
            for cid in merged:
                group[cid] = merged
        for members in sorted({g for g in group.values() if len(g) >= 2}, key=sorted):  # not in hash order
            spans: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
            for (a, b), found_here in linked.items():
                if a in members and b in members:
                    for i, j, c in found_here:
                        spans[a].append((sents[i].article, c.a_start, c.a_end))
                        spans[b].append((sents[j].article, c.b_start, c.b_end))
            values = [value(ctx, _label(ctx, kind, subject, cites), cites) for _, cites in sorted(spans.items())]
            best = max((claims[cid] for cid in members), key=lambda c: (c.independent, len(c.support)))
            title = {"date": "when", "place": "where"}.get(kind, subject)
            if kind == "polarity":
                title = f"whether: {subject}"
            elif kind == "number":
                title = subject if subject.endswith("s") else subject + "s"
            out.append(disagreement(kind, title, values, best.id))
    return out


def _label(ctx: FuseContext, kind: str, subject: str, cites: Sequence[tuple[str, int, int]]) -> str:
    """How a value is shown: the words that give it (for polarity, whether they affirm or deny)."""
    article, start, end = cites[0]
    text = " ".join(ctx.articles[article].text[start:end].split())
    if kind == "polarity":
        sentence = next((s for s in ctx.sentences if s.article == article and s.start <= start < s.end), None)
        denied = sentence is not None and subject in sentence.polarity.negated
        return ("denied: " if denied else "affirmed: ") + text
    return text


def title_disagreements(ctx: FuseContext, within: Callable[[frozenset[str], frozenset[str]], bool]
                        ) -> list[Disagreement]:
    """A person's titles that cannot both be right."""
    out = []
    for entity in ctx.entities.values():
        if entity.kind is not MentionKind.PERSON:
            continue
        forms: dict[frozenset[str], list[tuple[str, Citation]]] = defaultdict(list)
        for title in entity.titles:
            first, *rest = re.findall(r"[\w.-]+", title.text) or [""]
            if first.lower() in ("the", "a", "an") or not any(w[:1].isupper() for w in rest):
                continue  # a description ("the lead official in the talks", "Russian negotiator"), not a title
            core = _title_core(title.text, ctx)
            if not core:
                continue
            for c in title.citations:
                if c.article in ctx.articles:
                    forms[core].append((title.text, c))
        cores = [k for k in forms if forms[k] and len(k) >= 2]  # a lone rank ("Colonel") fits any post
        distinct = [k for k in cores if not any(k != o and within(k, o) for o in cores)]
        if len(distinct) < 2 or len({c.article for k in distinct for _, c in forms[k]}) < 2:
            continue
        values = []
        for k in distinct:
            cites = [c for _, c in forms[k]] + [c for o in cores if o != k and o not in distinct and within(o, k)
                                                for _, c in forms[o]]
            text = Counter(t for t, _ in forms[k]).most_common(1)[0][0]
            values.append(value(ctx, text, [(c.article, c.start, c.end) for c in cites]))
        out.append(disagreement("title", f"{entity.name}’s title", values, None))
    return out


def _title_core(title: str, ctx: FuseContext) -> frozenset[str]:
    """A title's own words, without the country or organisation it is of ("US Assistant Secretary of State" →
    {assistant, secretary, state}); hyphens and case do not matter."""
    names: set[str] = set()
    for aid, analysis in ctx.analyses.items():
        text = ctx.articles[aid].text
        for m in analysis.mentions:
            if m.kind in (MentionKind.PLACE, MentionKind.ORGANIZATION, MentionKind.GROUP):
                names.update(w.lower() for w in re.findall(r"[\w.]+", text[m.start:m.end].replace("’s", "")))
    words = re.findall(r"[\w.]+", title.replace("’s", "").replace("-", " ").lower())
    stop = {"the", "of", "for", "and", "in", "to", "a", "an", "'s"}
    return frozenset(lemma(w) for w in words if w not in stop and w not in names and w.rstrip(".") not in names
                     and w.replace(".", "") not in {"us", "usa", "uk"})


def speaker_disagreements(ctx: FuseContext, groups: Sequence[QuoteGroup]) -> list[Disagreement]:
    """One utterance given to different people: only named speakers count (a pronoun names nobody)."""
    out = []
    for g in groups:
        said: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
        for v in g.variants:
            if v.speaker is None:
                continue
            q = next(q for q in ctx.analyses[v.article].quotes if q.id == v.quote)
            entity = q.speaker.entity if q.speaker is not None else None
            if entity is None or entity not in ctx.entities or ctx.entities[entity].kind is not MentionKind.PERSON:
                continue
            said[ctx.entities[entity].name].append((v.article, v.speaker.start, v.speaker.end))
        if len(said) >= 2:
            values = [value(ctx, name, cites) for name, cites in said.items()]
            out.append(disagreement("speaker", f"who said “{_short(canonical_text(ctx, g))}”", values, None))
    return out


def name_disagreements(ctx: FuseContext, groups: Sequence[QuoteGroup]) -> list[Disagreement]:
    """A different person named in the same place of one quotation."""
    out = []
    for g in groups:
        for v in g.variants[1:]:
            for d in v.differences:
                if d.meaning != "name" or d.variant is None or d.canonical is None:
                    continue
                now = ctx.articles[d.variant.article].text[d.variant.start:d.variant.end]
                was = ctx.articles[d.canonical.article].text[d.canonical.start:d.canonical.end]
                values = [value(ctx, was, [(d.canonical.article, d.canonical.start, d.canonical.end)]),
                          value(ctx, now, [(d.variant.article, d.variant.start, d.variant.end)])]
                out.append(disagreement("name", f"who is named in “{_short(canonical_text(ctx, g))}”", values, None))
    return out
