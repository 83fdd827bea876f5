def test_a_right_to_left_override_is_flagged(flags):
    text = "Invoice total: \u202e0051\u202c dollars."
    found = flags(text, "encoding.bidi")
    assert [f.text for f in found] == ["\u202e", "\u202c"]
    assert all(f.suggestion == "" for f in found)


def test_a_mark_inside_a_number_is_flagged(flags):
    (f,) = flags("بلغت القيمة 343.\u200f2 مليون.", "encoding.bidi")
    assert f.text == "\u200f"


def test_a_mark_between_scripts_is_normal(flags):
    assert not flags("قال \u200fUN\u200f إن", "encoding.bidi")
