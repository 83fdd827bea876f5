def test_a_wrong_weekday_is_flagged_with_the_right_one_in_arabic(flags):
    # 2 March 2020 was a Monday.
    (f,) = flags("انطلق المؤتمر يوم الخميس 2 مارس 2020 في القاهرة.", "date.weekday")
    assert f.text == "الخميس"
    assert f.suggestion == "الاثنين"
    assert "Monday" in f.message


def test_a_wrong_weekday_in_english(flags):
    (f,) = flags("The summit opened on Friday, March 2, 2020, in Cairo.", "date.weekday")
    assert f.text == "Friday"
    assert f.suggestion == "Monday"


def test_the_right_weekday_is_not_flagged(flags):
    assert not flags("انطلق المؤتمر يوم الاثنين 2 آذار/مارس 2020 في القاهرة.", "date.weekday")
    assert not flags("The summit opened on Monday 2 March 2020 in Cairo.", "date.weekday")
