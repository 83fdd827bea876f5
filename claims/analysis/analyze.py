"""``analyze(text, …)``: sentences, values, entities, claims, then every enabled check."""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from datetime import date

from claims.analysis.attribution import find_attribution
from claims.analysis.entities import find_entities
from claims.analysis.normalize import fold
from claims.analysis.refs import References
from claims.analysis.segment import detect_language, split_sentences
from claims.analysis.text import MatchText
from claims.analysis.tokenize import tokenize
from claims.analysis.types import (
    AnalysisResult,
    AnalyzedText,
    ClaimSpan,
    EntityMention,
    Sentence,
    Value,
)
from claims.analysis.values import extract_values

logger = logging.getLogger(__name__)

ANALYSIS_VERSION = "analysis-1"

_COMPARATIVE_RE = re.compile(
    r"(?<!\w)(?:اكثر|اكبر|اعلي|اقل|اصغر|اول|اخر|افضل|اسوا|ارتفع|انخفض|تضاعف|زياده|تراجع|"
    r"قياسي|more|less|fewer|most|largest|biggest|highest|lowest|record|first|worst|best|"
    r"increase[ds]?|decrease[ds]?|doubled|rose|fell|than)(?!\w)"
)
_DINAR_BY_COUNTRY = {
    "country-ly": "LYD",
    "country-kw": "KWD",
    "country-jo": "JOD",
    "country-bh": "BHD",
    "country-iq": "IQD",
    "country-tn": "TND",
    "country-dz": "DZD",
    "country-rs": "RSD",
}


def _score(
    values: list[Value],
    entities: list[EntityMention],
    attribution,
    comparative: bool,
    is_title: bool,
) -> float:
    score = 0.0
    kinds = {v.type for v in values}
    score += 0.35 * min(len(kinds), 2)
    if {"un_resolution", "money", "percentage"} & kinds:
        score += 0.1
    named = {e.slug for e in entities}
    score += min(0.1 * len(named), 0.25)
    if attribution is not None:
        score += 0.1 if attribution.vague else 0.15
    if comparative:
        score += 0.1
    score = min(score, 1.0)
    if is_title:
        score *= 0.6
    return score


def _build_claims(doc: AnalyzedText, mt: MatchText) -> list[ClaimSpan]:
    claims = []
    values = doc.values
    entities = doc.entities
    v_starts = [v.start for v in values]
    e_starts = [e.start for e in entities]
    for sent in doc.sentences:
        vi = bisect_right(v_starts, sent.start - 1)
        vals = []
        while vi < len(values) and values[vi].start < sent.end:
            vals.append(values[vi])
            vi += 1
        ei = bisect_right(e_starts, sent.start - 1)
        ents = []
        while ei < len(entities) and entities[ei].start < sent.end:
            ents.append(entities[ei])
            ei += 1
        vs, ve = mt.view(sent.start), mt.view(sent.end)
        attribution = find_attribution(mt, vs, ve, doc.language, ents)
        comparative = bool(_COMPARATIVE_RE.search(mt.s, vs, ve))
        score = _score(vals, ents, attribution, comparative, sent.is_title)
        if not vals and score < 0.25:
            continue
        claims.append(ClaimSpan(sent.start, sent.end, sent.text, score, vals, attribution, ents))
    return claims


def _sentence_bounds(doc: AnalyzedText, mt: MatchText):
    starts = [mt.view(s.start) for s in doc.sentences]
    ends = [mt.view(s.end) for s in doc.sentences]

    def bounds(i: int) -> tuple[int, int]:
        k = bisect_right(starts, i) - 1
        if k >= 0 and i < ends[k]:
            return starts[k], ends[k]
        return max(0, i - 200), min(len(mt.s), i + 200)

    return bounds


def _enrich(values: list[Value], refs: References) -> None:
    for v in values:
        if v.type == "un_resolution":
            known = refs.resolution(v.fields["number"])
            if known and known.adopted_on:
                v.fields.setdefault("adopted_on", known.adopted_on.isoformat())


def build_doc(
    text: str,
    language: str | None = None,
    published: date | None = None,
    refs: References | None = None,
) -> tuple[AnalyzedText, MatchText]:
    refs = refs if refs is not None else References.empty()
    language = language if language in ("ar", "en") else detect_language(text)
    mt = MatchText(text)
    doc = AnalyzedText(text=text, language=language, published=published)
    doc.tokens = tokenize(text, mt)
    doc.sentences = split_sentences(text)
    doc.entities = find_entities(mt, refs)
    counts: dict[str, int] = {}
    for e in doc.entities:
        if e.slug in _DINAR_BY_COUNTRY:
            counts[e.slug] = counts.get(e.slug, 0) + 1
    dinar = _DINAR_BY_COUNTRY[max(counts, key=counts.get)] if counts else None
    doc.values = extract_values(mt, language, published, _sentence_bounds(doc, mt), dinar)
    _enrich(doc.values, refs)
    doc.claims = _build_claims(doc, mt)
    return doc, mt


def analyze(
    text: str,
    language: str | None = None,
    published: date | None = None,
    refs: References | None = None,
    disabled_checks: frozenset[str] = frozenset(),
) -> AnalysisResult:
    """Analyse ``text``; never raises on any str. Offsets index ``text`` exactly as given."""
    from claims.checks.registry import enabled_checks

    if not isinstance(text, str):
        text = str(text or "")
    refs = refs if refs is not None else References.empty()
    try:
        doc, _ = build_doc(text, language, published, refs)
    except Exception:  # the analysis must not take the workbench down with it
        logger.exception("analysis failed; returning an empty result")
        lang = language if language in ("ar", "en") else detect_language(text)
        doc = AnalyzedText(text=text, language=lang, published=published)
    flags = []
    seen = set()
    for check in enabled_checks(disabled_checks):
        try:
            found = check.run(doc, refs)
        except Exception:
            logger.exception("check %s failed; skipped", getattr(check, "code", check))
            continue
        for f in found:
            if f.fingerprint in seen:
                continue
            seen.add(f.fingerprint)
            flags.append(f)
    flags.sort(key=lambda f: (f.start, f.end, f.code))
    return AnalysisResult(doc.language, doc.claims, flags, doc, version=ANALYSIS_VERSION)


__all__ = ["ANALYSIS_VERSION", "analyze", "build_doc", "fold", "Sentence"]
