from datetime import date

import pytest

from claims.analysis import analyze
from claims.analysis.refs import seed_references


@pytest.fixture(scope="session")
def refs():
    return seed_references()


@pytest.fixture
def flags(refs):
    """The findings of one check code on a text, each checked to point at its own text."""

    def run(text, code, published=date(2020, 1, 9)):
        result = analyze(text, published=published, refs=refs)
        found = [f for f in result.flags if f.code == code]
        for f in found:
            assert text[f.start : f.end] == f.text
            assert f.fingerprint
        return found

    return run
