def test_the_misspelt_ordinal_alone_is_flagged_with_the_right_word(flags):
    (f,) = flags("تأخر الإطلاق منذ السباع من يناير 2023 لأسباب فنية.", "grammar.ordinal")
    assert f.text == "السباع"
    assert f.suggestion == "السابع"
    assert f.category == "grammar"


def test_a_correct_ordinal_is_not_flagged(flags):
    assert not flags("تأخر الإطلاق منذ السابع من يناير 2023 لأسباب فنية.", "grammar.ordinal")


def test_a_word_outside_a_date_slot_is_not_flagged(flags):
    assert not flags("شاهدنا الرباع في الحديقة.", "grammar.ordinal")


def test_nominative_tens_are_correct_ordinals(flags):
    assert not flags("حلّ الحادي والعشرون من أيار 2018 دون جديد.", "grammar.ordinal")
    assert not flags("خرجت الجموع في الثلاثون من يونيو 2013 إلى الميادين.", "grammar.ordinal")


def test_a_half_of_the_month_is_no_day(flags):
    result_flags = flags("تراجعت الأسعار في النصف الثاني من مارس 2019.", "grammar.ordinal")
    assert not result_flags
