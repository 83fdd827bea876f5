def test_unnamed_sources_get_an_info_flag_on_the_speaker(flags):
    (f,) = flags("وتسلمت الفصائل 300 صاروخ، بحسب مصادر مطلعة.", "attribution.vague")
    assert f.text.startswith("مصادر مطلعة")
    assert f.severity == "info"


def test_officials_said(flags):
    (f,) = flags("Officials said 300 rockets were delivered.", "attribution.vague")
    assert f.text == "Officials"


def test_a_named_speaker_is_not_vague(flags):
    assert not flags("وقال فايز السراج إن 300 صاروخ وصلت.", "attribution.vague")
