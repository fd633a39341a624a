"""Events and stories on unseen political news: the BASIL pile (70 triplets → 210 articles in one pile).

    .venv/bin/python benchmarks/grouping_basil.py [--seeds 3] [--page FILE]

**Data** (``../shared/data/basil/triplets.jsonl``): 70 events of 2010–2016, each reported by the New York Times,
HuffPost and Fox News (long political articles: median 596 words).  All 210 articles are mixed into one pile and
given to newsweave one at a time, in shuffled orders, as JSONL records with their title, publication date, URL
and text (the outlet comes from the URL, as ``newsweave run`` finds it).  The texts are read from the shared
data folder and cached (analyses only) under ``benchmarks/.cache``, never copied into the repository.

**Measured** (shipped parameters, mean of ``--seeds`` orders):

* **events** — B³ precision / recall / F1 against the triplet as the gold event (target F1 ≥ 0.95); baselines in
  the same run: TF-IDF cosine over the full text with the same single-pass clustering, its threshold the best of
  a sweep on this pile (optimistic), and the wave-1 grouper (newsweave before issue 20);
* **stories** — there is no story gold: counted are the stories, those holding more than one triplet, and the
  share of stories holding triplets a year or more apart (target 0);
* **the story page** of the first order: every story with its title and its events (date, outlets, headline of
  the most central report), as the report's "Stories and events" section lists them — to read whether the
  stories are real stories (``--page FILE`` also writes it to a file).

The two-fold estimate (parameters fitted on the BASIL triplets of even years with the ECB+ topics of one parity,
measured on the odd years, and back) is printed by ``benchmarks/grouping.py --two-fold``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import table
from grouping import apart_share, measure, measure_tfidf, measure_wave1, tfidf_threshold
from grouping_data import Corpus, load_basil
from grouping_fit import orders, run

from newsweave.group import Grouper, GroupingParams, describe_event, describe_stories


def story_page(grouper: Grouper, corpus: Corpus) -> str:
    """The stories of one run as the report lists them: title, then each event's date, outlets and title."""
    events = [describe_event(event, grouper.story_of[event], members, grouper, corpus.articles, corpus.analyses)
              for event, members in grouper.members.items() if members]
    stories = describe_stories(grouper, events, corpus.articles, corpus.analyses)
    by_id = {e.id: e for e in events}

    def day(event_id: str) -> str:
        return min(corpus.info[a]["date"] for a in by_id[event_id].articles)

    lines = []
    for story in sorted(stories, key=lambda s: min(day(e) for e in s.events)):
        evs = sorted(story.events, key=day)
        triplets = {corpus.gold_event[a] for e in evs for a in by_id[e].articles}
        first, last = day(evs[0]), day(evs[-1])
        span = (date.fromisoformat(last) - date.fromisoformat(first)).days
        note = f"{len(evs)} event{'s' if len(evs) > 1 else ''}, {len(triplets)} triplet"
        note += "s" if len(triplets) > 1 else ""
        note += f", {span} days" if span else ""
        lines.append(f"STORY  {story.title}   [{note}]")
        for e in evs:
            event = by_id[e]
            outlets = ", ".join(sorted(corpus.info[a]["outlet"] for a in event.articles))
            gold = sorted({corpus.info[a]["event"] for a in event.articles})
            lines.append(f"   {day(e)}  ({outlets})  {event.title}")
            lines.append(f"              gold: {' | '.join(gold)}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=3, help="how many shuffled stream orders to average")
    ap.add_argument("--fresh", action="store_true", help="re-analyse instead of using the cached analyses")
    ap.add_argument("--page", help="also write the story page of the first order to this file")
    args = ap.parse_args()
    basil = load_basil(args.fresh)
    params = GroupingParams()
    profiles = basil.profiles()
    ours = measure(basil, profiles, params, args.seeds)
    wave1 = measure_wave1(basil, args.seeds)
    threshold = tfidf_threshold(basil)
    base = measure_tfidf(basil, threshold, args.seeds)
    keys = ("event P", "event R", "event F1", "stories", "multi-event stories", "stories years apart",
            "share years apart", "ms/article")
    rows = [["newsweave (shipped)", *(f"{ours[k]:.2f}" if k == "ms/article" else ours[k] for k in keys)],
            ["wave-1 grouper (before issue 20)", *(f"{wave1[k]:.2f}" if k == "ms/article" else wave1[k] for k in keys)],
            [f"tfidf (t={threshold}, best of sweep)", *(base.get(k, "-") for k in keys)]]
    print(table(["system", *keys], rows, title=f"BASIL dev pile: {len(basil.gold_event)} articles of 70 triplets, "
                                              f"one at a time, mean of {args.seeds} shuffled orders"))
    grouper = run(profiles, orders(list(basil.gold_event), 1)[0], params)
    n, multi, apart = apart_share(grouper, basil)
    page = story_page(grouper, basil)
    print(f"\nStory page (first order): {n} stories, {multi} holding more than one triplet, {apart} holding triplets "
          f"a year or more apart\n")
    print(page)
    if args.page:
        Path(args.page).write_text(page + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
