"""Documents for the check tests, built without the ``analyze()`` pipeline or a database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claims.analysis.refs import seed_references
from claims.analysis.tokenize import tokenize
from claims.analysis.types import AnalyzedText, Sentence

SEED_ARTICLE = Path(__file__).resolve().parents[3] / "seeds" / "articles"
_SENTENCE_END = re.compile(r"[.!?؟]+|\n+")


def make_doc(text: str, language: str = "ar") -> AnalyzedText:
    sentences, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start : m.end()].strip():
            sentences.append(Sentence(start, m.end(), text[start : m.end()]))
        start = m.end()
    if text[start:].strip():
        sentences.append(Sentence(start, len(text), text[start:]))
    return AnalyzedText(
        text=text, language=language, published=None, tokens=tokenize(text), sentences=sentences
    )


@pytest.fixture
def refs():
    return seed_references()


@pytest.fixture
def seed_doc():
    text = (SEED_ARTICLE / "libya-ceasefire-2020.ar.txt").read_text(encoding="utf-8")
    return make_doc(text, "ar")
