def test_the_same_payment_stated_twice_differently(flags):
    text = (
        "يحصل كل مقاتل مرتزق على 2000 دولار في الشهر. "
        "ويؤكد التقرير أن كل مقاتل مرتزق يتقاضى 1500 دولار في الشهر."
    )
    assert not flags(text, "number.inconsistent")  # different verbs: different subjects
    text = "يحصل المقاتل المرتزق 2000 دولار في الشهر. ويحصل المقاتل المرتزق 3000 دولار في الشهر."
    (f,) = flags(text, "number.inconsistent")
    assert f.text.startswith("3000")
    assert f.suggestion.startswith("2000")


def test_figures_that_compare_are_not_inconsistent(flags):
    text = (
        "ارتفع الإنتاج من 300 ألف برميل يوميا إلى 400 ألف برميل يوميا. وبلغ الإنتاج 400 ألف برميل."
    )
    assert not flags(text, "number.inconsistent")
