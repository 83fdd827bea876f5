"""Highlighting: escaped, whole words, never nested, offsets from the original text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.highlight import Span, highlight, widen_to_words


def test_a_flag_inside_a_claim_is_its_own_mark_and_the_claim_continues_after_it():
    text = "قال الوزير إن الرباع من نيسان موعد."
    start = text.index("الرباع")
    html = highlight(
        text,
        [
            Span(0, len(text), "claim", 1, "/claim/1/"),
            Span(start, start + 6, "flag", 2, "#flag-2", title="→ الرابع"),
        ],
    )
    assert html.count("<mark") == 3
    assert '<a href="#flag-2">الرباع</a>' in html
    assert 'id="hl-claim-1"' in html and html.count('data-claim="1"') == 2
    assert html.count('id="hl-claim-1"') == 1


def test_part_of_a_word_widens_to_the_whole_word_with_its_diacritics():
    text = "إنّ الاتِّفاقَ وُقِّعَ"
    start = text.index("فا")
    assert text[slice(*widen_to_words(text, start, start + 2))] == "الاتِّفاقَ"


def test_markup_and_bidi_controls_in_the_text_are_inert():
    text = 'a <script>x()</script> \u202eb" onerror="y'
    html = highlight(text, [Span(0, len(text), "claim", 1, '/c/"1')])
    assert "<script>" not in html and "\u202e" not in html
    assert "&lt;script&gt;" in html and "[U+202E]" in html
    assert 'href="/c/&quot;1"' in html


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ابتثجحخ ٌَُِّ <>&\"'\u202e\n."), max_size=60),
    st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)), max_size=6),
)
def test_highlighting_never_loses_or_reorders_text(text, pairs):
    import html as html_lib
    import re

    spans = [
        Span(min(a, b), max(a, b), "flag" if i % 2 else "claim", i, "#x")
        for i, (a, b) in enumerate(pairs)
    ]
    out = highlight(text, spans)
    assert "<mark" not in re.sub(r"<mark[^>]*>.*?</mark>", "", out, flags=re.S)
    visible = html_lib.unescape(re.sub(r"<[^>]+>", "", out))
    assert visible == text.replace("\u202e", "[U+202E]")
