"""The checks registry: adding a check is one module, one line here, one test file."""

from __future__ import annotations

from claims.checks.base import Check
from claims.checks.grammar_confusion import GrammarConfusion
from claims.checks.spelling_nonword import SpellingNonword
from claims.checks.spelling_orthographic import SpellingOrthographic

# Filled in as checks land; order is the order findings are reported in.
CHECKS: list[type[Check]] = []
CHECKS.append(SpellingNonword)
CHECKS.append(SpellingOrthographic)
CHECKS.append(GrammarConfusion)


def enabled_checks(disabled: frozenset[str] = frozenset()) -> list[Check]:
    """Instances of the checks that run; ``disabled`` holds codes or code prefixes."""
    out = []
    for cls in CHECKS:
        if any(cls.code == d or cls.code.startswith(d.rstrip(".") + ".") for d in disabled):
            continue
        out.append(cls())
    return out
