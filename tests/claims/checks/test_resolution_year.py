def test_a_wrong_year_is_flagged_on_the_year_with_the_adoption_date(flags):
    (f,) = flags("وشدد الوفد على احترام القرار الأممي 2259 لعام 2016 دون تأخير.", "resolution.year")
    assert f.text == "2016"
    assert f.suggestion == "2015"
    assert f.message.startswith("Resolution 2259 was adopted on 23 December 2015")


def test_english_wrong_year(flags):
    (f,) = flags(
        "Negotiators returned to Resolution 2254 (2014) as the framework.", "resolution.year"
    )
    assert f.suggestion == "2015"


def test_the_right_year_is_not_flagged(flags):
    assert not flags(
        "Negotiators returned to Resolution 2254 (2015) as the framework.", "resolution.year"
    )


def test_no_stated_year_is_not_flagged(flags):
    assert not flags("Negotiators returned to UNSCR 2254 as the framework.", "resolution.year")
