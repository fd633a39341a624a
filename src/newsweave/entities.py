"""Entities: mentions across articles → one canonical entity per real-world participant.

Within an article a surname ("Grushko") joins the full name it abbreviates ("Alexander Grushko"),
whatever label the NER model gave it; across articles, names that agree once accents and case are
gone ("Grushkó" / "Grushko") are one entity.  The canonical name is the best-supported full form.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .clean import strip_accents
from .model import Analysis, Article, Citation, Entity, Mention, MentionKind, content_id

NAME_KINDS = (MentionKind.PERSON, MentionKind.PLACE, MentionKind.ORGANIZATION)
HONORIFICS = frozenset("mr mrs ms dr sir president minister general colonel secretary".split())


def name_tokens(text: str) -> list[str]:
    """Accent-free, lower-case tokens of a name, without possessives, punctuation and honorifics."""
    cleaned = strip_accents(text).lower().replace("’", "'")
    if cleaned.endswith("'s"):
        cleaned = cleaned[:-2]
    tokens = ["".join(c for c in t if c.isalnum() or c == "-") for t in cleaned.split()]
    tokens = [t for t in tokens if t]
    while len(tokens) > 1 and tokens[0] in HONORIFICS:
        tokens = tokens[1:]
    return tokens


@dataclass(slots=True)
class _Cluster:
    key: tuple[str, str]
    kinds: Counter[MentionKind]
    forms: Counter[str]
    citations: list[Citation]
    refs: list[tuple[int, int]]  # (analysis index, mention index)


def canonicalize(pairs: Sequence[tuple[Article, Analysis]]) -> tuple[list[Entity], list[Analysis]]:
    """Group every mention of ``pairs`` into entities; return them and the analyses with ``entity`` set."""
    clusters: dict[tuple[str, str], _Cluster] = {}
    # Global surname → full-name keys, to attach a bare surname in one article to the full name in another.
    surname_index: dict[str, set[tuple[str, str]]] = defaultdict(set)
    local_keys: list[list[tuple[str, str] | None]] = []

    for article, analysis in pairs:
        keys: list[tuple[str, str] | None] = []
        full_by_surname: dict[str, tuple[str, str]] = {}
        for m in analysis.mentions:
            toks = name_tokens(article.text[m.start:m.end])
            if m.kind is MentionKind.PERSON and len(toks) >= 2:
                full_by_surname[toks[-1]] = ("person", " ".join(toks))
        for m in analysis.mentions:
            toks = name_tokens(article.text[m.start:m.end])
            if not toks:
                keys.append(None)
                continue
            if len(toks) == 1 and toks[0] in full_by_surname and m.kind in NAME_KINDS:
                key = full_by_surname[toks[0]]  # a bare surname, whatever the NER label, is the person named in full
            elif m.kind is MentionKind.PERSON:
                key = ("person", " ".join(toks))
                if len(toks) >= 2:
                    surname_index[toks[-1]].add(key)
            else:
                key = (m.kind.value, " ".join(toks))
            keys.append(key)
        local_keys.append(keys)

    for ai, ((article, analysis), keys) in enumerate(zip(pairs, local_keys, strict=True)):
        for mi, (m, local_key) in enumerate(zip(analysis.mentions, keys, strict=True)):
            if local_key is None:
                continue
            key = local_key
            if key[0] == "person" and " " not in key[1] and len(surname_index.get(key[1], ())) == 1:
                key = next(iter(surname_index[key[1]]))
            cluster = clusters.get(key)
            if cluster is None:
                cluster = clusters[key] = _Cluster(key, Counter(), Counter(), [], [])
            cluster.kinds[m.kind] += 1
            cluster.forms[_surface(article.text[m.start:m.end])] += 1
            cluster.citations.append(Citation(article.id, m.start, m.end))
            cluster.refs.append((ai, mi))

    entities: list[Entity] = []
    entity_of: dict[tuple[int, int], str] = {}
    for cluster in clusters.values():
        kind = MentionKind.PERSON if cluster.key[0] == "person" else cluster.kinds.most_common(1)[0][0]
        name = _canonical_name(cluster.forms)
        ent = Entity(
            id=content_id("n", cluster.key[0], cluster.key[1]),
            name=name,
            kind=kind,
            aliases=tuple(sorted(f for f in cluster.forms if f != name)),
            mentions=tuple(cluster.citations),
        )
        entities.append(ent)
        for ref in cluster.refs:
            entity_of[ref] = ent.id
    entities.sort(key=lambda e: (-len(e.mentions), e.name))

    analyses = [
        replace(analysis, mentions=tuple(_with_entity(m, entity_of.get((ai, mi)))
                                         for mi, m in enumerate(analysis.mentions)))
        for ai, (_, analysis) in enumerate(pairs)
    ]
    return entities, analyses


def _with_entity(m: Mention, entity: str | None) -> Mention:
    return replace(m, entity=entity) if entity != m.entity else m


def _surface(text: str) -> str:
    text = " ".join(text.split())
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text


def _canonical_name(forms: Counter[str]) -> str:
    """The best-supported full form: among the forms with the most words, the most frequent."""
    most_words = max(len(f.split()) for f in forms)
    full = [(n, f) for f, n in forms.items() if len(f.split()) == most_words]
    return max(full, key=lambda pair: (pair[0], pair[1]))[1]
