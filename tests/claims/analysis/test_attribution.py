from claims.analysis import analyze


def attribution(text, refs):
    (claim,) = [c for c in analyze(text, refs=refs).claims if c.attribution]
    a = claim.attribution
    assert text[a.start : a.end] == a.speaker
    return a


def test_an_arabic_reporting_verb_names_the_speaker_after_it(refs):
    a = attribution("وأكد الجيش الوطني الليبي في بيان أن القوات تقدمت 10 كيلومترات.", refs)
    assert a.speaker == "الجيش الوطني الليبي"
    assert a.entity == "libyan-national-army"
    assert not a.vague


def test_according_to_unnamed_sources_is_vague(refs):
    a = attribution("ارتفع عدد النازحين إلى 3000 شخص، وفقا لمصادر مطلعة.", refs)
    assert a.vague


def test_experts_are_vague(refs):
    a = attribution("ويرى خبراء أن التضخم سيبلغ 12% العام المقبل.", refs)
    assert a.vague


def test_english_speaker_before_said(refs):
    a = attribution("Prime Minister Ali Hassan said 40 people were hurt.", refs)
    assert a.speaker.endswith("Ali Hassan")
    assert not a.vague


def test_english_officials_said_is_vague(refs):
    a = attribution("Officials said 40 people were hurt in the blast.", refs)
    assert a.vague


def test_according_to_in_english(refs):
    a = attribution("Prices rose 8 percent, according to the central bank.", refs)
    assert a.speaker == "the central bank"
    assert a.verb == "according to"


def test_a_weekday_or_a_bare_verb_is_no_speaker(refs):
    result = analyze("On Saturday said 40 people were hurt.", refs=refs)
    assert all(c.attribution is None for c in result.claims)
    result = analyze("Diplomats could not confirm reports that 40 people were hurt.", refs=refs)
    assert all(c.attribution is None or c.attribution.speaker != "confirm" for c in result.claims)


def test_unnamed_officers_are_vague(refs):
    a = attribution("British intelligence officers estimate 40 fighters crossed.", refs)
    assert a.vague
