def test_a_zero_width_space_inside_a_word(flags):
    (f,) = flags("The minis\u200bter resigned.", "encoding.invisible")
    assert f.text == "\u200b"
    assert "U+200B" in f.message


def test_a_byte_order_mark_inside_the_text(flags):
    (f,) = flags("First line.\ufeff Second line.", "encoding.invisible")
    assert f.text == "\ufeff"


def test_a_leading_bom_and_a_persian_zwnj_are_fine(flags):
    assert not flags("\ufeffمی\u200cخواهم", "encoding.invisible")


def test_tag_characters_are_flagged(flags):
    (f,) = flags("flag\U000e0067\U000e0062 here", "encoding.invisible")
    assert f.text == "\U000e0067\U000e0062"
