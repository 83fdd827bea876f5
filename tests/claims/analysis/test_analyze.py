from datetime import date

from claims.analysis import ANALYSIS_VERSION, analyze
from claims.checks import registry
from claims.checks.base import Check


class Exploding(Check):
    code = "test.exploding"
    category = "encoding"

    def run(self, doc, refs):
        raise RuntimeError("boom")


def test_a_failing_check_is_skipped_and_the_others_still_report(refs, monkeypatch, caplog):
    monkeypatch.setattr(registry, "CHECKS", [Exploding, *registry.CHECKS])
    result = analyze("عقدت الجلسة يوم 31 أبريل 2009.", refs=refs)
    assert [f.code for f in result.flags] == ["date.invalid"]
    assert "test.exploding" in caplog.text


def test_disabled_checks_by_code_or_prefix(refs):
    text = "عقدت الجلسة يوم الخميس 31 أبريل 2009 بحسب مصادر مطلعة."
    assert {f.code for f in analyze(text, refs=refs).flags} == {"date.invalid", "attribution.vague"}
    assert {
        f.code for f in analyze(text, refs=refs, disabled_checks=frozenset({"date"})).flags
    } == {"attribution.vague"}
    only_vague = analyze(text, refs=refs, disabled_checks=frozenset({"date.invalid"})).flags
    assert [f.code for f in only_vague] == ["attribution.vague"]


def test_flags_are_sorted_by_offset_and_carry_the_version(refs):
    text = "Officials said the summit opened on Friday, March 2, 2020. Resolution 9999 was cited."
    result = analyze(text, refs=refs)
    starts = [f.start for f in result.flags]
    assert starts == sorted(starts)
    assert len({f.fingerprint for f in result.flags}) == len(result.flags)
    assert result.version == ANALYSIS_VERSION


def test_fingerprints_are_stable_across_runs(refs):
    text = "Officials said the summit opened on Friday, March 2, 2020."
    first = [f.fingerprint for f in analyze(text, refs=refs).flags]
    assert first == [f.fingerprint for f in analyze(text, refs=refs).flags]


def test_offsets_survive_diacritics_tatweel_and_a_bom(refs):
    text = "\ufeffوأكّـد البيانُ ضرورةَ تطبيقِ قرارِ مجلسِ الأمنِ رقم ٢٢٥٩ لعامِ ٢٠١٦."
    result = analyze(text, refs=refs)
    (value,) = [v for c in result.claims for v in c.values if v.type == "un_resolution"]
    assert text[value.start : value.end] == value.text
    assert value.fields["number"] == 2259 and value.fields["year"] == 2016
    (flag,) = [f for f in result.flags if f.code == "resolution.year"]
    assert flag.text == "٢٠١٦" and flag.suggestion == "2015"


def test_language_can_be_forced(refs):
    assert analyze("Hello there.", language="ar", refs=refs).language == "ar"
    assert analyze("مرحبا", language="auto", refs=refs).language == "ar"


def test_relative_dates_need_a_publication_date(refs):
    (v,) = [v for c in analyze("غادر الوفد أمس العاصمة.", refs=refs).claims for v in c.values]
    assert v.fields["relative"] and v.fields["date"] is None
    (v,) = [
        v
        for c in analyze("غادر الوفد أمس العاصمة.", refs=refs, published=date(2020, 3, 1)).claims
        for v in c.values
    ]
    assert v.fields["date"] == "2020-02-29"


def test_without_references_it_still_works():
    result = analyze("Resolution 2259 (2016) on Libya was cited by officials.")
    assert result.claims
    assert not [f for f in result.flags if f.category == "resolution"]


def test_a_sentence_with_nothing_to_check_is_no_claim(refs):
    assert analyze("كان الجو جميلا والناس سعداء.", refs=refs).claims == []
