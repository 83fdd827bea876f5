from claims.analysis.segment import detect_language, split_sentences


def texts(text):
    return [s.text for s in split_sentences(text)]


def test_it_detects_the_language_by_script_share():
    assert detect_language("قال الوزير إن الاتفاق قريب. UN") == "ar"
    assert detect_language("The minister said the deal was close, «قريب».") == "en"
    assert detect_language("12345 !!!") == "ar"  # nothing to go on: the newsroom default


def test_arabic_question_marks_and_full_stops_end_sentences():
    assert texts("هل انتهت الأزمة؟ لا، لم تنته. الحوار مستمر") == [
        "هل انتهت الأزمة؟",
        "لا، لم تنته.",
        "الحوار مستمر",
    ]


def test_commas_and_semicolons_do_not_end_an_arabic_sentence():
    assert len(texts("وصل الوفد، ثم بدأ الاجتماع؛ واستمر ساعتين.")) == 1


def test_abbreviations_and_decimals_do_not_end_an_english_sentence():
    text = "Mr. Smith met U.N. officials on Jan. 8 in the capital. Growth was 2.5 percent."
    assert texts(text) == [
        "Mr. Smith met U.N. officials on Jan. 8 in the capital.",
        "Growth was 2.5 percent.",
    ]


def test_a_full_stop_inside_guillemets_does_not_cut_the_quotation():
    text = "قال المتحدث «انتهى الأمر. لن نعود» ثم غادر. وبقي الصحفيون."
    assert texts(text) == ["قال المتحدث «انتهى الأمر. لن نعود» ثم غادر.", "وبقي الصحفيون."]


def test_the_first_line_is_the_title():
    sentences = split_sentences("عنوان الخبر هنا\n\nالفقرة الأولى. الفقرة الثانية.")
    assert [s.is_title for s in sentences] == [True, False, False]


def test_a_single_paragraph_has_no_title():
    assert not any(s.is_title for s in split_sentences("Just one line of text."))


def test_offsets_point_into_the_text():
    text = "  أولا.  ثانيا؟\n\n ثالثا "
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
