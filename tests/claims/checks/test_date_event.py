def test_a_wrong_date_for_a_known_event_cites_the_event(flags):
    (f,) = flags("وبدأ هجوم قوات الجيش الوطني الليبي على طرابلس في 14 أبريل 2019.", "date.event")
    assert f.suggestion == "2019-04-04"
    assert "4 April 2019" in f.message


def test_the_right_date_is_not_flagged(flags):
    assert not flags("وبدأ هجوم قوات الجيش الوطني الليبي على طرابلس في 4 أبريل 2019.", "date.event")


def test_a_date_far_from_the_event_is_another_story(flags):
    assert not flags("وشنت القوات هجوما على طرابلس في 14 أبريل 2011.", "date.event")


def test_english_event_date(flags):
    (f,) = flags(
        "Haftar's offensive on Tripoli began on 14 April 2019, officials said.", "date.event"
    )
    assert f.suggestion == "2019-04-04"
