"""analyze() never raises, and every offset it reports slices the input to the reported text."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.analysis import analyze
from claims.analysis.refs import seed_references

REFS = seed_references()
# Pieces that exercise every grammar, mixed with arbitrary text and awkward characters.
PIECES = [
    "قرار مجلس الأمن الدولي رقم 2259",
    "القرار 2254 (2015)",
    "٢٢١٦",
    "الرباع من نيسان 2019",
    "يوم السبت 31 أبريل 2009",
    "مساء الأربعاء الماضي",
    "2000 دولار في الشهر",
    "المئات",
    "بحسب بعض الدبلوماسيين",
    "وبليبيا",
    "الليبي",
    "فائز السراج",
    "، ",
    "؟ ",
    ". ",
    "\n",
    "«",
    "»",
    "resolution 1973 of 2011",
    "Wednesday, 8 January 2020",
    "$2,000 a month",
    "officials said",
    "25%",
    "\u202e",
    "\u2066",
    "\u200f",
    "\u200b",
    "\ufeff",
    "\u0640",
    "\u064e",
    "é",
    "e\u0301",
    "İ",
    "ﷺ",
    "٫",
    "U.N.",
    "Jan. 8",
]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=30).map("".join)


def spans(result):
    for c in result.claims:
        yield c.start, c.end, c.text
        for v in c.values:
            yield v.start, v.end, v.text
            for a, b in v.parts.values():
                assert 0 <= a <= b <= len(result.doc.text)
        if c.attribution:
            yield c.attribution.start, c.attribution.end, c.attribution.speaker
        for e in c.entities:
            yield e.start, e.end, e.text
    for f in result.flags:
        yield f.start, f.end, f.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, published=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 1, 1))))
def test_analyze_never_raises_and_offsets_slice_the_input(text, published):
    result = analyze(text, published=published, refs=REFS)
    assert result.language in ("ar", "en")
    for start, end, reported in spans(result):
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == reported


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_analyze_never_raises_on_any_text(text):
    result = analyze(text, refs=REFS)
    for start, end, reported in spans(result):
        assert text[start:end] == reported


def test_it_survives_a_megabyte_and_junk():
    junk = bytes(range(256)).decode("latin-1") * 4
    big = ("قال مسؤولون إن 2000 دولار تدفع شهريا. " * 30000)[:1_000_000]
    for text in ("", " ", junk, big, "\x00\ud7ff\ue000"):
        analyze(text, refs=REFS)
