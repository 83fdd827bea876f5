"""Claim matching: find earlier claims that a new claim restates or alters.

Pure Python, no ORM. The workbench keeps one ``ClaimMatcher`` per process and calls
``add``/``remove`` when verdicts change; ``search`` is the hot path.

A new claim is scored against earlier ones by four signals, combined linearly:

* BM25 over light-stemmed word tokens, divided by the score of a claim identical to the new
  one, so it reads as "how much of the new claim's information is in the earlier one";
* the same over the words' roots (NLTK's ISRI root stemmer: «تعترف» and «اعتراف» are عرف),
  which finds restatements that use a verb where the earlier claim used a noun;
* cosine of tf-idf vectors of character n-grams of the stems, which catches the same root
  in other forms (verb vs noun, broken plurals, spelling variants) that stemming misses;
* rapidfuzz's token_set_ratio on the stemmed text, computed only for the best candidates,
  which rewards the same words regardless of order.

Both BM25 signals also count the countries a claim names (``#tr``), whether by name,
adjective or capital: «أنقرة», «تركيا» and «التركية» are the same country
(claims/matching_places.py, built from the reference gazetteer).

Altered versions (a number, a name or a negation changed) share most content words with the
earlier claim, so they score high too; that is intended, a fact-checker wants to see both.

An index is not safe to change from one thread while another searches it.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from claims.analysis.normalize import fold
from claims.analysis.tokenize import WORD_RE

__all__ = ["ClaimMatcher", "Match", "MatcherConfig", "analyze_terms", "stem"]


@dataclass(frozen=True, slots=True)
class Match:
    id: Hashable
    score: float


@dataclass(frozen=True, slots=True)
class MatcherConfig:
    k1: float = 1.2
    b: float = 0.5
    ngram_sizes: tuple[int, ...] = (3,)
    # Character n-grams in more than this share of the claims (and more than 50) are left out
    # of the n-gram vectors: they cost most of the time and tell the least. The set is fixed
    # between norm refreshes so that query and claim vectors always agree on it.
    ngram_max_df: float = 0.1
    # A claim sharing no word with the new one is a candidate only through n-grams found in
    # at most this share of the claims (or 50 claims), which keeps the work per query small.
    candidate_max_df: float = 0.05
    # How many BM25/n-gram candidates get the (dearer) fuzzy re-rank.
    candidates: int = 50
    weight_bm25: float = 0.30
    weight_root: float = 0.33
    weight_ngram: float = 0.24
    weight_fuzzy: float = 0.13
    # Countries named by their name, adjective or capital count as shared words (#tr).
    places: bool = True
    # Re-weight n-gram statistics once the corpus has grown or shrunk by this fraction.
    refresh_drift: float = 0.1


# Function words carry no claim content; with them the n-gram vectors of short headlines are
# dominated by shared particles. Negations are among them: an altered claim that negates an
# earlier one must still find it.
_STOPWORDS_AR = (
    "في من على إلى الى عن أن إن ان أو او ثم مع بعد قبل عند حتى منذ خلال بين هذا هذه ذلك "
    "تلك هؤلاء الذي التي الذين اللذين اللتين ما ماذا هل قد لقد كان كانت يكون تكون هو هي "
    "هم هن نحن أنا انت أنت كل بعض أي غير إلا الا لدى لكن حول ضد عبر نحو لا لم لن "
    "ليس ليست ولا ولم ولن وقد فقد كما أيضا ايضا إنه انه أنه وأن وان فى"
)
_STOPWORDS_EN = (
    "a an the of in on at to for from by with about as into over after before between "
    "and or but if then than so that this these those it its is are was were be been being "
    "has have had do does did will would shall should can could may might must "
    "he she they we you i his her their our your them him us me not no nor"
)
STOPWORDS = frozenset(fold(w) for w in (_STOPWORDS_AR + " " + _STOPWORDS_EN).split())

# Light stemming (after Larkey et al., "light10"), on folded text: ة is ه, ى is ي, hamzas
# are bare. Longest affix first; a stem keeps at least two letters.
_AR_PREFIXES = ("وال", "فال", "بال", "كال", "ولل", "لل", "ال")
# No dual "ان": it would cut country and people's names (ايران, لبنان, سلمان).
# Prepositions glued to a noun without the article (بمواجهة, لمصر).
_AR_GLUED = ("ب", "ل", "ك")
_AR_SUFFIXES = ("هما", "كما", "ها", "ات", "ون", "ين", "يه", "وا", "هم", "كم", "نا", "ه", "ي")
_ARABIC = re.compile("[\u0621-\u064a]")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Light stem of one folded word (Arabic affixes or English inflections)."""
    if _ARABIC.match(word):
        return _stem_ar(word)
    if word.isalpha():
        return _stem_en(word)
    return word


def _stem_ar(word: str) -> str:
    if len(word) > 3 and word[0] == "و":
        word = word[1:]
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix) :]
            break
    else:
        # A preposition glued to a noun without the article (بمواجهة, لمصر); short words are
        # more often a root letter (بلد, لجنة).
        if len(word) >= 5 and word.startswith(_AR_GLUED):
            word = word[1:]
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


def ar_stem_prefixes() -> tuple[str, ...]:
    """Everything ``stem`` may take off the front of an Arabic word (the empty string first):
    a و, then an article-like prefix or a glued preposition. The rest comes off the end, so
    a word whose stem is S starts with one of these followed by S."""
    return tuple(
        dict.fromkeys(conj + p for conj in ("", "و") for p in ("", *_AR_PREFIXES, *_AR_GLUED))
    )


def _stem_en(word: str) -> str:
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    elif word.endswith(("ing", "ed")) and len(word) > 5:
        word = word[:-3] if word.endswith("ing") else word[:-2]
    # "raise", "raised", "raising" and "raises" all end up as "rais".
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


_isri = None


@lru_cache(maxsize=200_000)
def root(term: str) -> str:
    """The triliteral root of an Arabic stem (ISRI), or the stem itself."""
    global _isri
    if not _ARABIC.match(term):
        return term
    if _isri is None:
        from nltk.stem.isri import ISRIStemmer

        _isri = ISRIStemmer()
    return _isri.stem(term)


def analyze_terms(text: str) -> list[str]:
    """Stems of the content words of ``text``, in order."""
    return [stem(w) for w in WORD_RE.findall(fold(text)) if w not in STOPWORDS]


def analyze_text(text: str, places: bool = True) -> tuple[list[str], list[str], list[str]]:
    """Stems and roots of the content words, and the countries named, as ``#xx`` terms."""
    words = WORD_RE.findall(fold(text))
    terms = [stem(w) for w in words if w not in STOPWORDS]
    roots = [root(t) for t in terms]
    if not places:
        return terms, roots, []
    from claims.matching_places import seed_gazetteer

    return terms, roots, ["#" + code.lower() for code in seed_gazetteer().codes(words)]


def _counts(items: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def _ngrams(terms: list[str], sizes: tuple[int, ...]) -> dict[str, int]:
    grams: dict[str, int] = {}
    for term in terms:
        padded = f" {term} "
        for n in sizes:
            for i in range(len(padded) - n + 1):
                g = padded[i : i + n]
                grams[g] = grams.get(g, 0) + 1
    return grams


class ClaimMatcher:
    """In-memory index of earlier claims; ``search`` returns the most similar, best first."""

    def __init__(
        self, corpus: Iterable[tuple[Hashable, str]] = (), config: MatcherConfig | None = None
    ) -> None:
        self.config = config or MatcherConfig()
        self._slot: dict[Hashable, int] = {}  # id -> internal document number
        self._ids: list[Hashable | None] = []
        self._free: set[int] = set()  # slots of removed claims
        self._terms: list[dict[str, int] | None] = []
        self._joined: list[str] = []  # stemmed text for the fuzzy re-rank
        self._lengths: list[int] = []
        self._total_length = 0
        self._term_postings: dict[str, dict[int, int]] = {}
        self._root_postings: dict[str, dict[int, int]] = {}
        self._root_lengths: list[int] = []
        self._root_counts: list[dict[str, int] | None] = []
        self._total_root_length = 0
        self._gram_postings: dict[str, dict[int, float]] = {}  # value: 1 + log(tf)
        self._gram_norms: list[float] = []
        self._norms_at = 0  # corpus size the n-gram norms were computed for
        self._stop_grams: frozenset[str] = frozenset()
        self._bulk = True  # the norms are computed once, after the whole corpus is in
        for doc_id, text in corpus:
            self.add(doc_id, text)
        self._bulk = False
        self._refresh_norms()

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, doc_id: Hashable) -> bool:
        return doc_id in self._slot

    def add(self, doc_id: Hashable, text: str) -> None:
        """Index ``text`` under ``doc_id``, replacing what was indexed under it before."""
        if doc_id in self._slot:
            self.remove(doc_id)
        terms, roots, concepts = analyze_text(text, self.config.places)
        counts = _counts(terms + concepts)
        if self._free:
            slot = self._free.pop()
        else:
            slot = len(self._ids)
            self._ids.append(None)
            self._terms.append(None)
            self._joined.append("")
            self._lengths.append(0)
            self._root_lengths.append(0)
            self._root_counts.append(None)
            self._gram_norms.append(1.0)
        self._slot[doc_id] = slot
        self._ids[slot] = doc_id
        self._terms[slot] = counts
        self._joined[slot] = " ".join(terms)
        self._lengths[slot] = len(terms) + len(concepts)
        self._total_length += self._lengths[slot]
        for t, tf in counts.items():
            self._term_postings.setdefault(t, {})[slot] = tf
        rcounts = _counts(roots + concepts)
        self._root_counts[slot] = rcounts
        for r, tf in rcounts.items():
            self._root_postings.setdefault(r, {})[slot] = tf
        self._root_lengths[slot] = len(terms) + len(concepts)
        self._total_root_length += self._root_lengths[slot]
        grams = _ngrams(terms, self.config.ngram_sizes)
        for g, tf in grams.items():
            self._gram_postings.setdefault(g, {})[slot] = 1.0 + math.log(tf)
        if not self._bulk:
            self._gram_norms[slot] = self._gram_norm(grams)
            self._maybe_refresh()

    def remove(self, doc_id: Hashable) -> None:
        """Drop ``doc_id`` from the index (KeyError if it is not there)."""
        slot = self._slot.pop(doc_id)
        counts = self._terms[slot]
        assert counts is not None
        for t in counts:
            self._drop_posting(self._term_postings, t, slot)
        old_terms = self._joined[slot].split()
        for g in _ngrams(old_terms, self.config.ngram_sizes):
            self._drop_posting(self._gram_postings, g, slot)
        for r in self._root_counts[slot] or ():
            self._drop_posting(self._root_postings, r, slot)
        self._root_counts[slot] = None
        self._total_root_length -= self._root_lengths[slot]
        self._root_lengths[slot] = 0
        self._total_length -= self._lengths[slot]
        # The slot is reused by the next add; the other documents keep their numbers.
        self._ids[slot] = None
        self._free.add(slot)
        self._terms[slot] = None
        self._joined[slot] = ""
        self._lengths[slot] = 0
        self._maybe_refresh()

    def search(
        self,
        text: str,
        top: int = 5,
        min_score: float = 0.0,
        exclude: Collection[Hashable] = (),
    ) -> list[Match]:
        """The ``top`` earlier claims most similar to ``text``, best first.

        Scores are in [0, 1] while the three weights add up to 1; the same text scores 1.

        ``exclude`` names ids never to return, such as the claim's own entry when the claim
        being matched is already in the index.
        """
        n_docs = len(self._slot)
        if not n_docs or top <= 0:
            return []
        cfg = self.config
        terms, roots, concepts = analyze_text(text, cfg.places)
        # Scores come back as dense lists indexed by slot (cheaper than dicts for a few thousand
        # postings); only the candidates, claims sharing a word or a telling n-gram, are ranked.
        touched: set[int] = set()
        bm25, bm25_scale = self._bm25(
            terms + concepts,
            n_docs,
            touched,
            self._term_postings,
            self._lengths,
            self._total_length,
        )
        if cfg.weight_root:
            rbm25, rbm25_scale = self._bm25(
                roots + concepts,
                n_docs,
                touched,
                self._root_postings,
                self._root_lengths,
                self._total_root_length,
            )
        grams = _ngrams(terms, cfg.ngram_sizes)
        cosine, cosine_scale = self._cosine(grams, n_docs, touched)
        for doc_id in exclude:
            touched.discard(self._slot.get(doc_id, -1))
        wb = cfg.weight_bm25 * bm25_scale
        wn = cfg.weight_ngram * cosine_scale
        cap = cfg.weight_bm25
        norms = self._gram_norms
        first = {
            slot: min(wb * bm25[slot], cap) + wn * cosine[slot] / norms[slot] for slot in touched
        }
        if cfg.weight_root:
            wr = cfg.weight_root * rbm25_scale
            rcap = cfg.weight_root
            for slot in first:
                first[slot] += min(wr * rbm25[slot], rcap)
        pool = heapq.nlargest(max(cfg.candidates, top), first, key=first.__getitem__)
        joined = " ".join(terms)
        joined_docs = self._joined
        wf = cfg.weight_fuzzy / 100
        scored = [
            (first[slot] + wf * fuzz.token_set_ratio(joined, joined_docs[slot]), slot)
            for slot in pool
        ]
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        ids = self._ids
        return [
            Match(ids[slot], round(score, 4)) for score, slot in scored[:top] if score >= min_score
        ]

    # -- scoring ------------------------------------------------------------------------------

    def _idf(self, df: int, n_docs: int) -> float:
        return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))

    def _bm25(
        self,
        terms: list[str],
        n_docs: int,
        touched: set[int],
        index: dict[str, dict[int, int]],
        lengths: list[int],
        total_length: int,
    ) -> tuple[list[float], float]:
        """BM25 per slot, and 1 / the score of a claim identical to the query (which scores 1)."""
        k1, b = self.config.k1, self.config.b
        avgdl = total_length / n_docs or 1.0
        scores = [0.0] * len(self._ids)
        counts: dict[str, int] = {}
        for t in terms:
            counts[t] = counts.get(t, 0) + 1
        self_norm = k1 * (1.0 - b + b * len(terms) / avgdl)
        mass = 0.0
        for t, qtf in counts.items():
            postings = index.get(t)
            # An unseen word is information the earlier claims lack; it counts as rare.
            idf = self._idf(len(postings) if postings else 0, n_docs)
            mass += idf * qtf * (k1 + 1.0) / (qtf + self_norm)
            if postings is None:
                continue
            touched.update(postings)
            for slot, tf in postings.items():
                norm = k1 * (1.0 - b + b * lengths[slot] / avgdl)
                scores[slot] += idf * tf * (k1 + 1.0) / (tf + norm)
        return scores, (1.0 / mass if mass else 0.0)

    def _gram_idf(self, g: str, n_docs: int) -> float:
        postings = self._gram_postings.get(g)
        return math.log((n_docs + 1) / ((len(postings) if postings else 0) + 1)) + 1.0

    def _gram_norm(self, grams: dict[str, int]) -> float:
        n_docs = max(len(self._slot), 1)
        total = 0.0
        stop = self._stop_grams
        for g, tf in grams.items():
            if g in stop:
                continue
            w = (1.0 + math.log(tf)) * self._gram_idf(g, n_docs)
            total += w * w
        return math.sqrt(total) or 1.0

    def _cosine(
        self, grams: dict[str, int], n_docs: int, touched: set[int]
    ) -> tuple[list[float], float]:
        """Dot products per slot (divide by the slot's norm), and 1 / the query's norm."""
        scores = [0.0] * len(self._ids)
        q_total = 0.0
        candidate_df = max(self.config.candidate_max_df * n_docs, 50)
        stop = self._stop_grams
        for g, tf in grams.items():
            if g in stop:
                continue
            postings = self._gram_postings.get(g)
            df = len(postings) if postings else 0
            idf = math.log((n_docs + 1) / (df + 1)) + 1.0
            qw = (1.0 + math.log(tf)) * idf
            q_total += qw * qw
            if not df:
                continue
            qw *= idf
            for slot, dw in postings.items():
                scores[slot] += qw * dw
            if df <= candidate_df:
                touched.update(postings)
        return scores, 1.0 / (math.sqrt(q_total) or 1.0)

    # -- maintenance --------------------------------------------------------------------------

    @staticmethod
    def _drop_posting(index: dict[str, dict[int, object]], key: str, slot: int) -> None:
        postings = index.get(key)
        if postings is not None:
            postings.pop(slot, None)
            if not postings:
                del index[key]

    def _maybe_refresh(self) -> None:
        # Idf moves with the corpus size; norms computed at add time drift from the idf used at
        # query time. Recomputing them all only on a geometric drift keeps ``add`` amortised O(1).
        n = len(self._slot)
        if abs(n - self._norms_at) > self.config.refresh_drift * max(self._norms_at, 1):
            self._refresh_norms()

    def _refresh_norms(self) -> None:
        n_docs = max(len(self._slot), 1)
        max_df = max(self.config.ngram_max_df * n_docs, 50)
        self._stop_grams = frozenset(g for g, p in self._gram_postings.items() if len(p) > max_df)
        totals = [0.0] * len(self._ids)
        for g, postings in self._gram_postings.items():
            if g in self._stop_grams:
                continue
            w = self._gram_idf(g, n_docs)
            for slot, dw in postings.items():
                totals[slot] += (dw * w) ** 2
        self._gram_norms = [math.sqrt(t) or 1.0 for t in totals]
        self._norms_at = len(self._slot)
