"""How reliably a connector forwards intro requests, learnt from the team's own asks.

Each finished ask is one Bernoulli trial for its connector: *forwarded* if it reached accepted
(and did not then go dark or get declined) or got as far as an introduction; *failed* if it was
declined or went dark (or dormant) before an introduction. Open asks say nothing yet.

The estimate is the mean of a Beta posterior (Gelman et al., *Bayesian Data Analysis*, 3rd ed.,
section 2.4)::

    reliability = (a + forwarded) / (a + b + forwarded + failed)

with the prior Beta(a=4, b=1): a connector nobody has asked yet is taken to forward 4 asks in
5 (warm contacts mostly do; Dodds, Muhamad & Watts, Science 2003, found chains among strangers
died far more often). The prior weighs as much as ``a + b = 5`` observed asks, which bounds how
far one outcome moves the estimate: by ``max(r, 1 - r) / (n + 1)`` where ``n`` counts the prior
and the outcomes so far, so never by more than 1/6.

Path ranking multiplies a path's score by ``reliability / prior mean`` for each connector on it
who has a record, so connectors nobody has asked are neutral (factor 1) and one outcome changes
a path's factor by at most ``1 / (0.8 * 6)`` ≈ 0.21 (in practice 1/6 for a first decline).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from intrograph.models import Ask, AskState, Path

__all__ = [
    "PRIOR",
    "Reliability",
    "connector_reliability",
    "max_step",
    "outcome",
    "rerank",
]

PRIOR = (4.0, 1.0)
S = AskState
_INTRODUCED_OR_LATER = frozenset({S.INTRODUCED, S.MEETING, S.WON, S.LOST})


@dataclass(frozen=True)
class Reliability:
    """A connector's record: outcomes seen, the posterior mean, and its ranking factor."""

    person: str
    forwarded: int
    failed: int
    value: float
    factor: float


def outcome(ask: Ask) -> bool | None:
    """Return True if the connector came through on this ask, False if not, None if open.

    An introduction counts whatever happens after it (a lost deal is not the connector's
    doing); an accepted ask counts as forwarded while it stays accepted.
    """
    if any(e.state in _INTRODUCED_OR_LATER for e in ask.history):
        return True
    if ask.state is S.ACCEPTED:
        return True
    if ask.state in (S.DECLINED, S.WENT_DARK, S.DORMANT):
        return False
    return None


def _value(forwarded: int, failed: int, prior: tuple[float, float]) -> float:
    a, b = prior
    return (a + forwarded) / (a + b + forwarded + failed)


def connector_reliability(
    asks: Iterable[Ask], prior: tuple[float, float] = PRIOR
) -> dict[str, Reliability]:
    """Return the reliability of every connector with at least one finished ask, by person id."""
    tally: dict[str, list[int]] = {}
    for ask in asks:
        result = outcome(ask)
        if result is None:
            continue
        counts = tally.setdefault(ask.connector.id, [0, 0])
        counts[0 if result else 1] += 1
    mean = _value(0, 0, prior)
    return {
        pid: Reliability(pid, ok, bad, _value(ok, bad, prior), _value(ok, bad, prior) / mean)
        for pid, (ok, bad) in tally.items()
    }


def max_step(prior: tuple[float, float] = PRIOR) -> float:
    """Return the most one outcome can move a reliability: 1 / (a + b + 1)."""
    return 1 / (sum(prior) + 1)


def rerank(paths: Sequence[Path], reliability: Mapping[str, Reliability], k: int) -> list[Path]:
    """Return the best ``k`` paths by score times each connector's factor, ranks renumbered.

    Each path gets ``adjusted_score`` and the ``reliability`` of its connectors who have a
    record. Equal adjusted scores keep their order by score and hops.
    """
    scored = []
    for path in paths:
        factor = 1.0
        known = {}
        for person in path.people[1:-1]:
            record = reliability.get(person.id)
            if record is not None:
                factor *= record.factor
                known[person.id] = round(record.value, 4)
        scored.append(path.model_copy(update={"adjusted_score": path.score * factor,
                                              "reliability": known}))
    scored.sort(key=lambda p: (-p.adjusted_score, -p.score, p.hops))
    return [p.model_copy(update={"rank": i}) for i, p in enumerate(scored[:k], start=1)]
