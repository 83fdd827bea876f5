"""The first real article: what a reviewer must see in it, and nothing wrong besides."""


def values(result, type_):
    return [v for c in result.claims for v in c.values if v.type == type_]


def flags(result, prefix):
    return [f for f in result.flags if f.code.startswith(prefix)]


def test_it_detects_arabic(seed_result):
    assert seed_result.language == "ar"


def test_it_reads_resolution_2259_adopted_in_2015(seed_result):
    (res,) = values(seed_result, "un_resolution")
    assert res.text == "2259"
    assert res.fields["number"] == 2259
    # The article states no year beside the number; the registry gives the adoption date.
    assert "year" not in res.fields
    assert res.fields["adopted_on"] == "2015-12-23"


def test_it_reads_the_year_of_the_political_agreement(seed_result, seed_text):
    (year,) = values(seed_result, "year")
    assert year.fields == {"year": 2015}
    assert seed_text[year.start - 10 : year.end].endswith("الموقع في 2015")


def test_it_reads_the_misspelt_ordinal_as_the_4th_of_april_2019(seed_result):
    dates = {v.text: v.fields for v in values(seed_result, "date")}
    assert dates["الرباع من نيسان 2019"]["date"] == "2019-04-04"
    assert dates["الرباع من نيسان 2019"]["ordinal_expected"] == "الرابع"


def test_it_resolves_last_wednesday_evening_against_the_publication_date(seed_result):
    dates = {v.text: v.fields for v in values(seed_result, "date")}
    assert dates["مساء الأربعاء الماضي"]["date"] == "2020-01-08"
    assert dates["مساء الأربعاء الماضي"]["relative"] is True


def test_it_reads_2000_dollars_a_month(seed_result):
    (money,) = values(seed_result, "money")
    assert money.fields == {"amount": 2000, "currency": "USD", "period": "month"}


def test_it_reads_hundreds_as_an_approximate_quantity(seed_result):
    (q,) = [v for v in values(seed_result, "quantity") if v.text == "المئات"]
    assert q.fields["amount"] == 100
    assert q.fields["approximate"] is True


def test_the_army_statement_has_a_named_attribution(seed_result):
    speakers = {c.attribution.speaker: c.attribution for c in seed_result.claims if c.attribution}
    named = [a for s, a in speakers.items() if "الجيش الوطني الليبي" in s]
    assert named
    assert all(not a.vague and a.entity == "libyan-national-army" for a in named)


def test_unnamed_diplomats_and_experts_are_vague(seed_result):
    vague = [
        c.attribution.speaker for c in seed_result.claims if c.attribution and c.attribution.vague
    ]
    assert vague == ["بعض الدبلوماسيين", "بعض الخبراء والمحللين السياسيين"]


def test_it_flags_the_ordinal_and_the_two_vague_sources_only(seed_result, seed_text):
    assert not flags(seed_result, "resolution.")
    assert not flags(seed_result, "date.")
    assert not flags(seed_result, "number.")
    (ordinal,) = flags(seed_result, "grammar.ordinal")
    assert seed_text[ordinal.start : ordinal.end] == "الرباع"
    assert ordinal.suggestion == "الرابع"
    assert len(flags(seed_result, "attribution.vague")) == 2


def test_the_result_serialises_to_the_contract(seed_result):
    data = seed_result.to_dict()
    assert set(data) == {"language", "version", "claims", "flags"}
    claim = data["claims"][0]
    assert {"start", "end", "text", "checkworthiness", "values", "attribution"} <= set(claim)
    assert all(0 <= c["checkworthiness"] <= 1 for c in data["claims"])
