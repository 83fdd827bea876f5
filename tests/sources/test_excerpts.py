"""Locating excerpts: tolerant of Arabic spelling variants and spacing, exact offsets back."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sources.excerpts import excerpt_locate

PAGE = "أكّد الوزير، يوم الأحد، أنّ «الاتفاق» سيُوقَّع في مدينة جدة\nخلال أيام.  Talks RESUME soon."


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ان الاتفاق سيوقع", "أنّ «الاتفاق» سيُوقَّع"),  # hamza, shadda, harakat, quotes
        ("الاتفاق سيوقع في مدينه جده", "الاتفاق» سيُوقَّع في مدينة جدة"),  # ta marbuta
        ("جدة خلال أيام", "جدة\nخلال أيام"),  # a line break where the excerpt has a space
        ("الوزير يوم الاحد", "الوزير، يوم الأحد"),  # punctuation left out
        ("talks resume", "Talks RESUME"),
        ("أكد الوزير", "أكّد الوزير"),
        ("ـالوزيـر", "الوزير"),  # tatweel
    ],
)
def test_variants_are_found_and_shown_as_the_page_has_them(typed, expected):
    start, end = excerpt_locate(typed, PAGE)
    assert PAGE[start:end] == expected


@pytest.mark.parametrize("typed", ["الاتفاق لن يوقع", "talks failed", "", "   ", "،،،"])
def test_what_the_page_does_not_say_is_not_found(typed):
    assert excerpt_locate(typed, PAGE) is None


def test_arabic_indic_digits_match_western_ones():
    text = "صدر القرار ٢٢٥٩ عام ٢٠١٥."
    start, end = excerpt_locate("القرار 2259 عام 2015", text)
    assert text[start:end] == "القرار ٢٢٥٩ عام ٢٠١٥"


def test_bidi_controls_and_zero_width_characters_are_ignored():
    text = "قال \u202bالمتحدث\u202c إن\u200c الهدنة صامدة"
    start, end = excerpt_locate("المتحدث إن الهدنة", text)
    assert text[start:end] == "المتحدث\u202c إن\u200c الهدنة"


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200), st.data())
def test_any_slice_of_a_text_is_found_within_the_text(text, data):
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    found = excerpt_locate(text[i:j], text)
    if any(ch.isalnum() for ch in text[i:j]):
        assert found is not None
    if found is not None:
        start, end = found
        assert 0 <= start < end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ابتةىيأإآؤئ ءَُِّـ\n\t ,.،"), min_size=1, max_size=80))
def test_locate_never_raises_and_offsets_stay_in_the_text(text):
    for needle in (text, text[: len(text) // 2], text.strip()):
        found = excerpt_locate(needle, text)
        if found:
            assert 0 <= found[0] < found[1] <= len(text)
