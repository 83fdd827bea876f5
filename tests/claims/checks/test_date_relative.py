from datetime import date


def test_last_wednesday_that_disagrees_with_the_date_beside_it(flags):
    # Published Thursday 9 January 2020: last Wednesday is the 8th, not the 1st.
    (f,) = flags("The talks collapsed last Wednesday, 1 January 2020, in Geneva.", "date.relative")
    assert f.text == "last Wednesday"
    assert "8 January 2020" in f.message


def test_a_consistent_restatement_is_fine(flags):
    assert not flags(
        "The talks collapsed last Wednesday, 8 January 2020, in Geneva.", "date.relative"
    )


def test_a_future_date_described_as_past(flags):
    (f,) = flags(
        "وانتهت المهلة في 20 يناير 2020 الماضي دون اتفاق.",
        "date.relative",
        published=date(2020, 1, 9),
    )
    assert "described as past" in f.message


def test_nothing_without_a_publication_date(flags):
    assert not flags(
        "The talks collapsed last Wednesday, 1 January 2020, in Geneva.",
        "date.relative",
        published=None,
    )
