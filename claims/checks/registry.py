"""The checks registry: adding a check is one module, one line here, one test file."""

from __future__ import annotations

from claims.checks.attribution_vague import AttributionVague
from claims.checks.base import Check
from claims.checks.date_event import DateEvent
from claims.checks.date_invalid import DateInvalid
from claims.checks.date_relative import DateRelative
from claims.checks.date_weekday import DateWeekday
from claims.checks.encoding_bidi import EncodingBidi
from claims.checks.encoding_invisible import EncodingInvisible
from claims.checks.grammar_confusion import GrammarConfusion
from claims.checks.grammar_ordinal import GrammarOrdinal
from claims.checks.number_inconsistent import NumberInconsistent
from claims.checks.resolution_topic import ResolutionTopic
from claims.checks.resolution_unknown import ResolutionUnknown
from claims.checks.resolution_year import ResolutionYear
from claims.checks.spelling_nonword import SpellingNonword
from claims.checks.spelling_orthographic import SpellingOrthographic

# Order is the order findings are reported in (before sorting by offset).
CHECKS: list[type[Check]] = [
    ResolutionUnknown,
    ResolutionYear,
    ResolutionTopic,
    DateInvalid,
    DateWeekday,
    DateRelative,
    DateEvent,
    GrammarOrdinal,
    GrammarConfusion,
    SpellingNonword,
    SpellingOrthographic,
    NumberInconsistent,
    AttributionVague,
    EncodingBidi,
    EncodingInvisible,
]


def enabled_checks(disabled: frozenset[str] = frozenset()) -> list[Check]:
    """Instances of the checks that run; ``disabled`` holds codes or code prefixes."""
    out = []
    for cls in CHECKS:
        if any(cls.code == d or cls.code.startswith(d.rstrip(".") + ".") for d in disabled):
            continue
        out.append(cls())
    return out
