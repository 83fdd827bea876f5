import pytest


@pytest.mark.parametrize(
    "text",
    [
        "افتتح السوق يوم الأحد 31 نوفمبر 2021 وسط إقبال.",
        "افتتح السوق يوم ٣٠ شباط/فبراير ٢٠١٩ وسط إقبال.",
        "The bridge was inaugurated on 31 June 2014.",
        "The bridge was inaugurated on February 29, 2019.",
    ],
)
def test_an_impossible_day_is_flagged(flags, text):
    (f,) = flags(text, "date.invalid")
    assert f.severity == "error"
    assert "does not exist" in f.message


def test_a_leap_day_is_fine(flags):
    assert not flags("The bridge was inaugurated on February 29, 2020.", "date.invalid")
