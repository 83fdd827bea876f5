def test_a_number_beyond_the_last_resolution_is_flagged_with_the_last_one(flags):
    (f,) = flags(
        "وطالبت الحكومة بتنفيذ قرار مجلس الأمن الدولي رقم 3100 فورا.", "resolution.unknown"
    )
    assert f.text == "3100"
    assert f.severity == "error"
    assert "2813" in f.message and "27 January 2026" in f.message


def test_english_unknown_resolution(flags):
    (f,) = flags(
        "Diplomats invoked Security Council resolution 4012 during the debate.",
        "resolution.unknown",
    )
    assert f.text == "4012"


def test_a_known_resolution_is_not_flagged(flags):
    assert not flags(
        "Diplomats invoked Security Council resolution 1973 during the debate.",
        "resolution.unknown",
    )
