"""Fixtures for the check tests: the real pipeline, and bare documents for one check alone."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from claims.analysis import analyze
from claims.analysis.refs import seed_references
from claims.analysis.tokenize import tokenize
from claims.analysis.types import AnalyzedText, Sentence

SEED_ARTICLE = Path(__file__).resolve().parents[3] / "seeds" / "articles"
_SENTENCE_END = re.compile(r"[.!?؟]+|\n+")


def make_doc(text: str, language: str = "ar") -> AnalyzedText:
    """A document with tokens and naive sentences only, to test a check on its own."""
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


@pytest.fixture(scope="session")
def refs():
    return seed_references()


@pytest.fixture
def seed_doc():
    text = (SEED_ARTICLE / "libya-ceasefire-2020.ar.txt").read_text(encoding="utf-8")
    return make_doc(text, "ar")


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
