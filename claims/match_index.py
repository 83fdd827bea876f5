"""The per-process index of claims whose verdict is published, for suggesting earlier
fact-checks (claims.services.claim_matches_refresh).

Built on first use and kept fresh cheaply: a one-row stamp of the verdicts table (how many
are published, when any verdict last changed) is read on every use; only when it moved are
the published claim ids read again and the difference added to or removed from the index
(claim texts never change, so an indexed claim never needs re-indexing).
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from claims.matching import ClaimMatcher
from claims.models import Verdict


@dataclass(frozen=True, slots=True)
class EarlierMatch:
    earlier_claim_id: int
    verdict_id: int
    score: float


class PublishedClaimIndex:
    def __init__(self) -> None:
        # ClaimMatcher is not safe to change from one thread while another searches it.
        self._lock = threading.Lock()
        self._matcher: ClaimMatcher | None = None
        self._verdicts: dict[int, int] = {}  # claim id → its published verdict's id
        self._stamp: tuple | None = None

    def __len__(self) -> int:
        return len(self._verdicts)

    def search(
        self,
        claims: Iterable[tuple[int, str]],
        *,
        exclude: Collection[int],
        top: int,
        min_score: float,
    ) -> dict[int, list[EarlierMatch]]:
        """For each (claim id, text): the best earlier published claims, best first."""
        return self.search_each(
            ((claim_id, text, exclude) for claim_id, text in claims), top=top, min_score=min_score
        )

    def search_each(
        self,
        claims: Iterable[tuple[int, str, Collection[int]]],
        *,
        top: int,
        min_score: float,
    ) -> dict[int, list[EarlierMatch]]:
        """As ``search``, each (claim id, text, exclude) with the ids it must not be shown
        (claims of many articles at once: each leaves out its own article's)."""
        with self._lock:
            self._refresh()
            matcher, verdicts = self._matcher, self._verdicts
            out: dict[int, list[EarlierMatch]] = {}
            for claim_id, text, exclude in claims:
                hits = matcher.search(text, top=top, min_score=min_score, exclude=exclude)
                out[claim_id] = [
                    EarlierMatch(m.id, verdicts[m.id], min(1.0, max(0.0, m.score)))
                    for m in hits
                    if m.id in verdicts
                ]
            return out

    def _refresh(self) -> None:
        # The stamp is read before the ids: a verdict published in between is picked up
        # now or, at worst, on the next use (its stamp differs), never lost.
        stamp = self._read_stamp()
        if stamp == self._stamp and self._matcher is not None:
            return
        published = Verdict.objects.filter(state=Verdict.State.PUBLISHED)
        current = dict(published.values_list("claim_id", "pk"))
        if self._matcher is None:
            rows = published.values_list("claim_id", "claim__text")
            self._matcher = ClaimMatcher(corpus=list(rows))
        else:
            for claim_id in self._verdicts.keys() - current.keys():
                self._matcher.remove(claim_id)
            new = current.keys() - self._verdicts.keys()
            if new:
                for claim_id, text in published.filter(claim_id__in=new).values_list(
                    "claim_id", "claim__text"
                ):
                    self._matcher.add(claim_id, text)
        self._verdicts = current
        self._stamp = stamp

    @staticmethod
    def _read_stamp() -> tuple:
        row = Verdict.objects.aggregate(
            published=Count("pk", filter=Q(state=Verdict.State.PUBLISHED)),
            changed=Max("updated_at"),
        )
        return row["published"], row["changed"]


_index: PublishedClaimIndex | None = None
_index_lock = threading.Lock()


def published_claim_index() -> PublishedClaimIndex:
    global _index
    with _index_lock:
        if _index is None:
            _index = PublishedClaimIndex()
        return _index


def published_claim_index_reset() -> None:
    """Forget the index (tests, whose database is rolled back under it)."""
    global _index
    with _index_lock:
        _index = None
