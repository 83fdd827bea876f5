from __future__ import annotations

import re

from claims.analysis.entities import find_entities, gazetteer_index
from claims.analysis.lexicon import alt, fa
from claims.analysis.normalize import fold
from claims.analysis.refs import CountryRef, References
from claims.analysis.text import MatchText
from claims.analysis.types import AnalyzedText, Finding
from claims.checks._util import human_date
from claims.checks.base import Check

# "the resolution on X": the words that tie a subject to the resolution named just before.
_MARKER_AR = alt(
    [
        "الخاص",
        "الخاصة",
        "المتعلق",
        "المتعلقة",
        "بشأن",
        "حول",
        "المعني",
        "بخصوص",
        "حيال",
        "إزاء",
        "الصادر بشأن",
        "المتعلق بالوضع في",
        "الخاص بالوضع في",
        "بشأن الوضع في",
        "حول الوضع في",
    ]
)
# A head noun may come between the marker and the country: "on the situation in Yemen",
# «الخاص بالأزمة السورية».
_HEAD_AR = alt(
    ["الوضع", "الأزمة", "النزاع", "الصراع", "الحرب", "القضية", "الملف", "الشأن", "الحالة"]
)
MARKER_RE = re.compile(
    fa(r"(?<!\w)(?:" + _MARKER_AR + r")(?!\w)\s*(?:(?:ب|ل)?" + _HEAD_AR + r"\s+(?:في\s+)?)?")
    + r"|(?<!\w)(?:on|concerning|about|regarding|relating\s+to|related\s+to|for)\s+"
    r"(?:the\s+)?(?:(?:situation|conflict|crisis|war|question|peace\s+process)\s+"
    r"(?:in|of|on)\s+(?:the\s+)?)?"
)
_NEXT_RESOLUTION_GAP = 120  # a subject further than this from the number is another clause's


class ResolutionTopic(Check):
    """The country a sentence ties to a resolution is not what the resolution is about."""

    code = "resolution.topic"
    category = "resolution"
    severity = "warning"

    def run(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        values = doc.values_of("un_resolution")
        if not values:
            return []
        index = gazetteer_index(refs)
        by_iso3 = {c.iso3: c for c in refs.countries}
        findings = []
        for i, value in enumerate(values):
            known = refs.resolution(value.fields["number"])
            if known is None or not known.countries:
                continue  # no country tags: nothing solid to compare with
            sent = doc.sentence_at(value.start)
            end = sent.end if sent else min(len(doc.text), value.end + _NEXT_RESOLUTION_GAP)
            end = min(end, value.end + _NEXT_RESOLUTION_GAP)
            if i + 1 < len(values) and values[i + 1].start < end:
                end = values[i + 1].start
            clause = doc.text[value.end : end]
            mt = MatchText(clause)
            marker = MARKER_RE.search(mt.s)
            if not marker:
                continue
            mentions = [
                m
                for m in find_entities(mt, refs, include_ambiguous=True)
                if m.slug in index.country_iso3 and m.kind in ("country", "nationality")
            ]
            named = next((m for m in mentions if 0 <= m.start - mt.pos(marker.end()) <= 3), None)
            if named is None:
                continue
            iso3 = index.country_iso3[named.slug]
            if iso3 in known.countries or self._in_agenda(by_iso3.get(iso3), known.agenda):
                continue
            if any(self._same_family(by_iso3.get(iso3), by_iso3.get(c)) for c in known.countries):
                continue
            start, stop = value.end + named.start, value.end + named.end
            subject = ", ".join(self._name(by_iso3.get(c), doc.language) for c in known.countries)
            when = human_date(known.adopted_on) if known.adopted_on else str(known.year)
            findings.append(
                self.finding(
                    doc,
                    start,
                    stop,
                    suggestion=subject or None,
                    message=f"Resolution {known.number} ({when}) is about {known.agenda!r} "
                    f"({subject}), not {named.text}.",
                    details={
                        "number": known.number,
                        "countries": list(known.countries),
                        "agenda": known.agenda,
                        "stated": iso3,
                        "url": known.url,
                    },
                )
            )
        return findings

    @staticmethod
    def _in_agenda(country: CountryRef | None, agenda: str) -> bool:
        if country is None:
            return True  # unknown country: stay quiet
        agenda = agenda.lower()
        names = [country.name_en, country.demonym_en, *country.aliases_en]
        return any(n and len(n) > 3 and n.lower() in agenda for n in names)

    @staticmethod
    def _same_family(a: CountryRef | None, b: CountryRef | None) -> bool:
        """Congo / DR Congo, Sudan / South Sudan, Korea / North Korea: too close to call."""
        if a is None or b is None:
            return True
        for x, y in ((a.name_en, b.name_en), (fold(a.name_ar), fold(b.name_ar))):
            x, y = x.lower(), y.lower()
            if x and y and (x in y or y in x):
                return True
        return False

    @staticmethod
    def _name(country: CountryRef | None, language: str) -> str:
        if country is None:
            return ""
        return country.name_ar if language == "ar" else country.name_en
