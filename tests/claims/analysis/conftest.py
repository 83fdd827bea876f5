from datetime import date
from pathlib import Path

import pytest

from claims.analysis import analyze
from claims.analysis.refs import seed_references

SEED = Path(__file__).resolve().parents[3] / "seeds" / "articles" / "libya-ceasefire-2020.ar.txt"


@pytest.fixture(scope="session")
def refs():
    return seed_references()


@pytest.fixture(scope="session")
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_result(seed_text, refs):
    return analyze(seed_text, published=date(2020, 1, 9), refs=refs)
