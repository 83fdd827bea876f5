from claims.analysis.entities import find_entities, nisba_forms
from claims.analysis.text import MatchText


def mentions(text, refs):
    found = find_entities(MatchText(text), refs)
    for m in found:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.slug, m.kind, m.exact) for m in found]


def test_names_with_attached_clitics_are_found(refs):
    found = mentions("سافر الوفد وبليبيا ثم لروسيا", refs)
    assert ("ليبيا", "country-ly", "country", True) in found
    assert ("روسيا", "country-ru", "country", True) in found


def test_nisba_adjectives_are_nationality_mentions(refs):
    found = mentions("رحب الجانب الليبي بالموقف الروسي والتركي", refs)
    kinds = {(slug, kind) for _, slug, kind, _ in found}
    assert {
        ("country-ly", "nationality"),
        ("country-ru", "nationality"),
        ("country-tr", "nationality"),
    } <= kinds


def test_hamza_and_ya_variants_match_by_folding(refs):
    found = mentions("التقى فائز السراج نظيره في اسطنبول", refs)
    slugs = {slug for _, slug, _, _ in found}
    assert {"fayez-al-sarraj", "istanbul"} <= slugs


def test_a_one_letter_misspelling_of_a_two_word_name_is_not_exact(refs):
    found = mentions("استقبل فايذ السراج الوفد", refs)
    assert ("فايذ السراج", "fayez-al-sarraj", "person", False) in found


def test_english_names_need_word_boundaries(refs):
    found = mentions("Libya's envoy met Putin; Libyans voted.", refs)
    slugs = [slug for _, slug, _, _ in found]
    assert slugs.count("country-ly") == 2
    assert "vladimir-putin" in slugs


def test_the_longest_name_wins(refs):
    found = mentions("أعلن الجيش الوطني الليبي", refs)
    assert found[0][1] == "libyan-national-army"


def test_nisba_forms():
    assert nisba_forms("ليبيا")[0] == "ليبي"
    assert nisba_forms("اليمن")[0] == "يمني"
    assert nisba_forms("السعودية")[0] == "سعودي"
    assert nisba_forms("كوريا الشمالية") == []


def test_accents_typed_either_way_match(refs):
    for text in ("Ghassan Salamé spoke.", "Ghassan Salame\u0301 spoke.", "Ghassan Salame spoke."):
        found = mentions(text, refs)
        assert found and found[0][1] == "ghassan-salame"


def test_arabic_presentation_forms_match(refs):
    # ﻟﻴﺒﻴﺎ: "ليبيا" in presentation forms, as some PDFs and old sites deliver it.
    found = mentions("زار الوفد \ufedf\ufef4\ufe92\ufef4\ufe8e اليوم", refs)
    assert found and found[0][1] == "country-ly"
