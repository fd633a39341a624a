"""Layouts of the two small plots of the event page, drawn by the template as inline SVG (no script, no inline
style): the timeline, and the provenance graph — originals on the left, their copies, spins and translations on
the right, an edge from each to its original."""

from __future__ import annotations

from typing import Any

WIDTH = 720
ROW = 24


def timeline_plot(entries: list[dict[str, Any]], words: dict[str, str]) -> dict[str, Any]:
    """Points along a horizontal axis in date order, labels alternating above and below."""
    n = len(entries)
    points = []
    for i, entry in enumerate(entries):
        x = 40 + (WIDTH - 80) * (i / (n - 1) if n > 1 else 0.5)
        statement = entry["statement"]
        text = words.get(f"{statement['article']}:{statement['start']}:{statement['end']}", "")
        points.append({"x": round(x, 1), "y": 60, "label_y": 40 if i % 2 == 0 else 88, "when": entry["when"],
                       "resolved": entry["resolved"], "title": text[:200], "statement": statement})
    return {"width": WIDTH, "height": 110, "points": points}


def provenance_graph(provenance: list[dict[str, Any]], articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Two columns: the originals (and the originals of the derived texts shown) and the derived texts."""
    derived = [p for p in provenance if p["derived_from"]]
    left_ids = list(dict.fromkeys([p["article"] for p in provenance if not p["derived_from"]]
                                  + [p["derived_from"] for p in derived]))
    left = {a: i for i, a in enumerate(left_ids)}
    right = {p["article"]: i for i, p in enumerate(derived)}

    def label(article: str) -> str:
        row = articles.get(article)
        if row is None:
            return article
        return f"{row.get('outlet') or 'outlet not stated'} — {row.get('title') or ''}"[:60]

    nodes = [{"x": 10, "y": 20 + i * ROW, "id": a, "text": label(a)} for a, i in left.items()]
    nodes += [{"x": WIDTH // 2 + 40, "y": 20 + i * ROW, "id": a, "text": label(a)} for a, i in right.items()]
    edges = [{"x1": WIDTH // 2 - 20, "y1": 16 + left[p["derived_from"]] * ROW, "x2": WIDTH // 2 + 34,
              "y2": 16 + right[p["article"]] * ROW, "label": p["label"]} for p in derived]
    return {"width": WIDTH, "height": 30 + ROW * max(len(left), len(right), 1), "nodes": nodes, "edges": edges}
