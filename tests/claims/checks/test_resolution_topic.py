import pytest


@pytest.mark.parametrize(
    "text",
    [
        "ونوّه السفير بقرار مجلس الأمن 2216 الخاص باليمن وبمخرجات الحوار.",
        "وتمسك المبعوث بالقرار 2254 (2015) بشأن سوريا أساسا للتسوية.",
        "Ministers welcomed resolution 1973 of 2011 on Libya at the summit.",
        "The envoy referred to resolution 2216 concerning Yemen.",
    ],
)
def test_correct_subjects_are_not_flagged(flags, text):
    assert not flags(text, "resolution.topic")


def test_a_resolution_tied_to_another_country_is_flagged_on_that_country(flags):
    (f,) = flags(
        "ونوّه السفير بقرار مجلس الأمن 2216 الخاص بلبنان وبمخرجات الحوار.", "resolution.topic"
    )
    assert f.text == "لبنان"
    assert f.suggestion == "اليمن"
    assert "2216" in f.message


def test_english_wrong_subject(flags):
    (f,) = flags(
        "Ministers welcomed resolution 1973 of 2011 on Somalia at the summit.", "resolution.topic"
    )
    assert f.text == "Somalia"
    assert f.suggestion == "Libya"


def test_a_country_elsewhere_in_the_sentence_is_not_a_subject(flags):
    text = "وفي لبنان، ذكّر الوزير بقرار مجلس الأمن 2216 في كلمته أمام البرلمان."
    assert not flags(text, "resolution.topic")


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Envoys recalled resolution 2216 of 2015 concerning the situation in Yemen.", None),
        ("Envoys recalled resolution 2216 of 2015 concerning the situation in Sudan.", "Sudan"),
        ("وأشار إلى القرار الأممي 2254 لعام 2015 الخاص بالأزمة السورية.", None),
        ("وأشار إلى القرار الأممي 2254 لعام 2015 الخاص بالأزمة الليبية.", "ليبية"),
    ],
)
def test_a_head_noun_between_the_marker_and_the_country(flags, text, flagged):
    found = flags(text, "resolution.topic")
    assert [f.text for f in found] == ([flagged] if flagged else [])


def test_a_neighbouring_name_of_the_same_family_is_not_flagged(flags):
    # 1925 (2010) is on the Democratic Republic of the Congo; "Congo" alone is too close to call.
    assert not flags("Envoys recalled resolution 1925 of 2010 on the Congo.", "resolution.topic")
