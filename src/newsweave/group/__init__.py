"""Group: articles → events → stories, incrementally.

* :mod:`.profiles` — what grouping knows of one article (:class:`Profile`): its lead's embedding and weighted
  bags of who, where, when, what and which figures.
* :mod:`.index` — the nearest-vector index (faiss HNSW, the blocking) and the IDF-weighted bags.
* :mod:`.events` — :class:`Grouper`: reports of one happening become one event (average link over nearby
  reports, pair weights fitted by logistic regression; events that prove to be one are merged).
* :mod:`.stories` — events sharing a specific subject (keys weighed by rarity, more than a shared protagonist)
  within a plausible time span become one story.
* :mod:`.describe` — event and story records: titles, when and where, cited.
* :mod:`.params` — every weight and threshold, and where it came from.
"""

from ..model import Profile
from .describe import describe_event, describe_stories, event_when, event_where, story_subject, story_title
from .events import Grouper, central_article
from .index import Bags, TermSpace, VectorIndex
from .params import PAIR_FEATURES, SUBJECT_FEATURES, GroupingParams
from .profiles import (
    build_profile,
    content_terms,
    entity_key,
    figures,
    is_locative,
    lead_end,
    lead_text,
    mention_keys,
)
from .stories import Storylines, subject_similarity

__all__ = [
    "PAIR_FEATURES",
    "SUBJECT_FEATURES",
    "Bags",
    "Grouper",
    "GroupingParams",
    "Profile",
    "Storylines",
    "TermSpace",
    "VectorIndex",
    "build_profile",
    "central_article",
    "content_terms",
    "describe_event",
    "describe_stories",
    "entity_key",
    "event_when",
    "event_where",
    "figures",
    "is_locative",
    "lead_end",
    "lead_text",
    "mention_keys",
    "story_subject",
    "story_title",
    "subject_similarity",
]
