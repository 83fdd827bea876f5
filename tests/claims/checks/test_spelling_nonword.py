from hypothesis import given, settings
from hypothesis import strategies as st

from claims.analysis.refs import seed_references
from claims.checks.registry import enabled_checks
from claims.checks.spelling_nonword import SpellingNonword
from tests.claims.checks.conftest import make_doc


def flags(text, refs, language="ar"):
    return SpellingNonword().run(make_doc(text, language), refs)


def only(found):
    assert len(found) == 1, [(f.text, f.suggestion) for f in found]
    return found[0]


def test_it_flags_swapped_letters_with_the_intended_word(refs):
    f = only(flags("أعلنت الحكومة عن خطة جديدة لدعم المدراس الحكومية.", refs))
    assert (f.text, f.suggestion) == ("المدراس", "المدارس")
    assert f.code == "spelling.nonword" and f.category == "spelling"


def test_it_flags_a_doubled_letter(refs):
    f = only(flags("قال المتحدث إن الاجتماع سيعقد في العاصمة غدا لبحث الأزممة.", refs))
    assert (f.text, f.suggestion) == ("الأزممة", "الأزمة")


def test_it_flags_a_dropped_letter(refs):
    f = only(flags("وقال الوزير إن الحكومة ستواصل دعم المشروعت الصغيرة.", refs))
    assert (f.text, f.suggestion) == ("المشروعت", "المشروعات")


def test_it_leaves_the_seed_articles_names_alone(seed_doc, refs):
    found = SpellingNonword().run(seed_doc, refs)
    named = {"حفتر", "أردوغان", "داعش", "فلاديمير", "السراج", "فائز", "اسطنبول"}
    assert not [f for f in found if f.text in named and f.severity != "info"]
    assert not found, [(f.text, f.suggestion) for f in found]


def test_it_flags_english_typos_with_the_intended_word(refs):
    found = flags(
        "The minister said the goverment would publish the report on Tuesday.", refs, "en"
    )
    f = only(found)
    assert (f.text, f.suggestion) == ("goverment", "government")


def test_it_keeps_the_case_of_a_capitalised_typo(refs):
    f = only(flags("Teh report was published on Tuesday.", refs, "en"))
    assert f.suggestion == "The"


def test_it_does_not_flag_clean_sentences_names_or_acronyms(refs):
    text = (
        "The UN envoy, Ghassan Salame, met officials in Tripoli on Monday. "
        "Salame said the colour of the talks was positive, and NATO's role was discussed. "
        "She emailed @press_office and posted https://example.org/statement-2020."
    )
    assert flags(text, refs, "en") == []


def test_it_does_not_flag_clean_arabic_or_names_after_a_title(refs):
    text = (
        "وقال المتحدث باسم الوزارة السيد كوفلانسكي إن المفاوضات ستستأنف الأسبوع المقبل "
        "في مدينة زوارة، وأكد أن الحكومة ملتزمة بالاتفاق."
    )
    assert flags(text, refs) == []


def test_gazetteer_names_with_clitics_are_not_typos(refs):
    text = "والتقى وفد من الأمم المتحدة بحفتر ثم بأردوغان، وقال لحفتر إن الحل سياسي."
    assert flags(text, refs) == []


def test_a_name_the_article_repeats_is_not_a_typo(refs):
    text = "وصل المبعوث كريستوفيتش إلى المدينة. وقال كريستوفيتش إن المحادثات ستستمر."
    assert flags(text, refs) == []


def test_latin_words_in_arabic_text_and_numbers_are_skipped(refs):
    assert flags("وقالت وكالة Reuters إن 2019 شهد تراجعا بنسبة 5%.", refs) == []


def test_english_names_compounds_possessives_and_british_spellings(refs):
    text = (
        "Officials in Ouagadougou said the well-known programme would continue. "
        "The minister's office confirmed the organisation's plans."
    )
    assert flags(text, refs, "en") == []


def test_it_reports_only_the_misspelt_part_of_a_compound(refs):
    text = "It was a well-knwon fact in the town."
    f = only(flags(text, refs, "en"))
    assert (f.text, f.suggestion) == ("knwon", "known")
    assert text[f.start : f.end] == "knwon"


def test_offsets_point_into_the_original_text(refs):
    text = "قال\u00a0المتحدث إن الأزممة ستنتهي قريبا."
    f = only(flags(text, refs))
    assert text[f.start : f.end] == f.text == "الأزممة"


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةىؤئ abcdeXYZ-'’.،\n0١")),
        max_size=80,
    ),
    language=st.sampled_from(["ar", "en"]),
)
def test_the_spelling_and_grammar_checks_never_raise_and_keep_offsets(text, language):
    doc = make_doc(text, language)
    for check in enabled_checks():
        if check.category not in ("spelling", "grammar"):
            continue
        for f in check.run(doc, seed_references()):
            assert 0 <= f.start < f.end <= len(text)
            assert text[f.start : f.end] == f.text


def test_it_works_without_reference_data():
    from claims.analysis.refs import References

    f = only(SpellingNonword().run(make_doc("قال المتحدث إن الأزممة ستنتهي."), References.empty()))
    assert f.suggestion == "الأزمة"


def test_a_missing_dictionary_is_a_clear_error(monkeypatch, tmp_path):
    import pytest

    from claims.analysis import dictionary as lexicon

    monkeypatch.setattr(lexicon, "HUNSPELL_DIR", str(tmp_path))
    with pytest.raises(lexicon.DictionaryMissing):
        lexicon._Hunspell("ar").spell("كتب")


def test_a_doubled_letter_is_a_typo_even_after_a_title(refs):
    f = only(flags("وصل الوفد إلى مدينة القاهررة مساء أمس.", refs))
    assert (f.text, f.suggestion) == ("القاهررة", "القاهرة")
