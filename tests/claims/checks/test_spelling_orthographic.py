from claims.checks.registry import enabled_checks
from claims.checks.spelling_nonword import SpellingNonword
from claims.checks.spelling_orthographic import SpellingOrthographic
from tests.claims.checks.conftest import make_doc


def flags(text, refs):
    return SpellingOrthographic().run(make_doc(text), refs)


def pairs(found):
    return [(f.text, f.suggestion) for f in found]


def test_it_flags_the_seed_articles_missing_hamza(seed_doc, refs):
    found = SpellingOrthographic().run(seed_doc, refs)
    assert pairs(found) == [("انتاج", "إنتاج")]
    f = found[0]
    assert (f.code, f.category, f.severity) == ("spelling.orthographic", "spelling", "info")
    assert seed_doc.text[f.start : f.end] == "انتاج"


def test_it_flags_a_missing_hamza_in_an_article_that_writes_hamzas(refs):
    text = "أكدت الوزارة أن الحكومة ستصدر اعلان جديد لإنعاش الاقتصاد وأكدت أهمية الإصلاح."
    assert pairs(flags(text, refs)) == [("اعلان", "إعلان")]


def test_it_flags_ha_for_ta_marbuta_and_ya_for_alef_maqsura(refs):
    text = "قال المتحدث باسم الوزارة إن الحكومه ستشهد تعديلا أكبر مع الشركاء."
    assert pairs(flags(text, refs)) == [("الحكومه", "الحكومة")]
    text = "وأكد الوزير أن الوفد سيصل الى العاصمة غدا لإجراء محادثات."
    assert pairs(flags(text, refs)) == [("الى", "إلى")]


def test_it_keeps_the_hamza_seat_after_a_proclitic(refs):
    text = "وأكد الوزير أن الحكومة ستعمل على منع تهريب الاسلحة في المنطقة الحدودية."
    assert pairs(flags(text, refs)) == [("الاسلحة", "الأسلحة")]


def test_the_same_slip_throughout_an_article_is_its_house_style(refs):
    # Outlets that never write the hamza on alef are not flagged word by word.
    text = (
        "اعلنت الوزارة ان الحكومة اقرت اعلان جديد. واكد الوزير ان الاقتصاد سيتحسن "
        "وان الاسعار ستنخفض."
    )
    assert flags(text, refs) == []


def test_slips_are_reported_once_not_also_as_nonwords(refs):
    text = "أكدت الوزارة أن الحكومة ستصدر اعلان جديد لإنعاش الاقتصاد."
    assert SpellingNonword().run(make_doc(text), refs) == []


def test_it_leaves_well_spelt_text_and_variant_spellings_of_names(refs):
    text = "التقى الرئيسان في اسطنبول وأكدا أن الاتفاق يمثل خطوة مهمة نحو الاستقرار."
    assert flags(text, refs) == []


def test_a_desk_can_switch_it_off(refs):
    codes = [c.code for c in enabled_checks(disabled=frozenset({"spelling.orthographic"}))]
    assert "spelling.orthographic" not in codes
    assert "spelling.nonword" in codes


def test_a_dotless_ta_marbuta_the_dictionary_reads_as_a_pronoun_is_still_a_slip(refs):
    # hunspell takes مسؤوليه for مسؤولي + ه; the ة form is far commoner.
    text = "وأكد الوزير أن الحكومة تتحمل مسؤوليه كاملة عن الأمن."
    assert pairs(flags(text, refs)) == [("مسؤوليه", "مسؤولية")]
    # A real possessive is left alone.
    assert flags("وقدم الكاتب كتابه الجديد إلى القراء.", refs) == []
