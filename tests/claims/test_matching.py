"""Claim matching: the matcher itself and the match_claims command.

No test here has database access (pytest-django refuses it without the db mark), so these
tests also show that the command never touches the database.
"""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.matching import ClaimMatcher, Match, MatcherConfig, analyze_terms, stem

ROOT = Path(__file__).resolve().parents[2]

EARLIER = [
    "وزارة الصحة تعلن تسجيل 120 إصابة جديدة بفيروس كورونا في الأردن",
    "البنك المركزي المصري يرفع أسعار الفائدة بمقدار نقطتين مئويتين",
    "الأمم المتحدة: أكثر من مليوني نازح في السودان منذ بداية الحرب",
    "الرئيس التونسي يقيل رئيس الحكومة ويجمد عمل البرلمان",
    "ارتفاع أسعار الذهب إلى أعلى مستوى في ستة أشهر",
    "السلطات اللبنانية تمنع تصدير الدقيق بسبب نقص القمح",
    "منتخب المغرب يتأهل إلى نصف نهائي كأس العالم لأول مرة",
    "الحكومة العراقية تقرر تعطيل الدوام الرسمي بسبب موجة الحر",
    "شركة أرامكو تعلن عن اكتشاف حقل غاز جديد في المنطقة الشرقية",
    "مجلس الأمن يعقد جلسة طارئة لبحث الأوضاع في ليبيا",
    "The central bank raised interest rates by two percentage points on Thursday",
    "Floods displaced more than 50,000 people in northern Pakistan",
    "The ministry of health reported 120 new coronavirus cases in Jordan",
    "Oil prices fell sharply after OPEC agreed to increase production",
]


@pytest.fixture(scope="module")
def matcher() -> ClaimMatcher:
    return ClaimMatcher(enumerate(EARLIER))


def ids(matches: list[Match]) -> list:
    return [m.id for m in matches]


@pytest.mark.parametrize(
    ("new_claim", "earlier"),
    [
        ("تسجيل 120 إصابة جديدة بكورونا في الأردن بحسب وزارة الصحة", 0),
        ("رفع البنك المركزي في مصر سعر الفائدة نقطتين مئويتين", 1),
        ("أسعار الذهب تصعد لأعلى مستوى منذ ستة أشهر", 4),
        ("لبنان: السلطات تحظر تصدير الطحين بسبب نقص في القمح", 5),
        # Fully vowelled text matches the bare spelling.
        ("مجلسُ الأمنِ يعقِدُ جلسةً طارئةً لبحثِ الأوضاعِ في ليبيا", 9),
        ("Jordan's health ministry reports 120 new cases of coronavirus", 12),
        ("Interest rates were raised by the central bank on Thursday", 10),
    ],
)
def test_it_ranks_a_restatement_first(matcher, new_claim, earlier):
    found = matcher.search(new_claim)
    assert found[0].id == earlier
    assert found[0].score > 0.5


@pytest.mark.parametrize(
    ("altered", "earlier"),
    [
        ("وزارة الصحة تعلن تسجيل 450 إصابة جديدة بفيروس كورونا في الأردن", 0),
        ("الأمم المتحدة: أقل من مئة ألف نازح في السودان", 2),
        ("منتخب المغرب لم يتأهل إلى نصف نهائي كأس العالم", 6),
        ("الرئيس الجزائري يقيل رئيس الحكومة ويجمد عمل البرلمان", 3),
        ("الحكومة العراقية ترفض تعطيل الدوام الرسمي رغم موجة الحر", 7),
        ("The central bank did not raise interest rates on Thursday", 10),
        ("Floods displaced 3,000 people in northern Pakistan", 11),
        ("Oil prices rose after OPEC agreed to cut production", 13),
    ],
)
def test_it_finds_an_altered_version_in_the_top_five(matcher, altered, earlier):
    assert earlier in ids(matcher.search(altered, top=5))


@pytest.mark.parametrize(
    "unrelated",
    [
        "افتتاح متحف جديد للفنون الإسلامية في الدوحة",
        "فوز فريق الهلال بلقب الدوري بعد مباراة مثيرة",
        "Scientists discover a new species of frog in the Amazon",
    ],
)
def test_it_scores_unrelated_claims_low(matcher, unrelated):
    assert all(m.score < 0.3 for m in matcher.search(unrelated, top=5))
    assert matcher.search(unrelated, min_score=0.4) == []


def test_it_returns_best_first_with_scores_between_zero_and_one(matcher):
    found = matcher.search("ارتفاع أسعار الذهب", top=len(EARLIER))
    scores = [m.score for m in found]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert len(matcher.search("ارتفاع أسعار الذهب", top=2)) == 2


def test_an_identical_claim_scores_one(matcher):
    assert matcher.search(EARLIER[3], top=1) == [Match(3, 1.0)]


def test_add_replace_remove_and_exclude():
    m = ClaimMatcher([("a", "Wildfires destroyed hundreds of homes near Athens")])
    m.add("b", "Earthquake hits southern Turkey")
    assert ids(m.search("earthquake in Turkey", top=1)) == ["b"]
    # Adding under an existing id replaces the text, as when a claim is edited.
    m.add("b", "Wildfires spread across Greece")
    assert m.search("earthquake in Turkey", min_score=0.3) == []
    assert ids(m.search("wildfires in Greece", top=1)) == ["b"]
    # The claim's own entry is left out when it is matched against the rest.
    assert ids(m.search("wildfires in Greece", exclude={"b"})) == ["a"]
    m.remove("b")
    assert len(m) == 1 and "b" not in m
    assert ids(m.search("wildfires in Greece")) == ["a"]


def test_scores_stay_consistent_as_the_corpus_grows():
    m = ClaimMatcher([(0, "البنك المركزي يرفع أسعار الفائدة")])
    for i, text in enumerate(EARLIER, start=1):
        m.add(i, text)
    fresh = ClaimMatcher([(0, "البنك المركزي يرفع أسعار الفائدة")] + list(enumerate(EARLIER, 1)))
    query = "رفع سعر الفائدة في البنك المركزي"
    assert ids(m.search(query)) == ids(fresh.search(query))
    assert m.search(query)[0].score == pytest.approx(fresh.search(query)[0].score, abs=0.02)


def test_an_empty_index_or_query_finds_nothing():
    assert ClaimMatcher().search("أي شيء") == []
    assert ClaimMatcher([(1, "نص")]).search("") == []


def test_weights_are_configurable():
    config = MatcherConfig(weight_bm25=1.0, weight_ngram=0.0, weight_fuzzy=0.0)
    m = ClaimMatcher(enumerate(EARLIER), config=config)
    assert m.search(EARLIER[4], top=1)[0].id == 4


@pytest.mark.parametrize(
    ("word", "same_as"),
    [
        ("والحكومة", "حكومه"),
        ("بالسعودية", "السعودية"),
        ("للمواطنين", "مواطن"),
        ("إيران", "ايران"),
        ("الإيرانية", "إيران"),
    ],
)
def test_arabic_words_fold_and_stem_together(word, same_as):
    assert analyze_terms(word) == analyze_terms(same_as)


def test_english_inflections_share_a_stem():
    assert len({stem(w) for w in ("raise", "raised", "raises", "raising")}) == 1
    assert stem("countries") == stem("country")


def test_function_words_and_negations_do_not_count():
    assert analyze_terms("المنتخب لم يتأهل إلى النهائي") == analyze_terms("المنتخب يتأهل النهائي")
    assert analyze_terms("the bank did not raise rates") == analyze_terms("bank raise rates")


# -- the management command ------------------------------------------------------------------


@pytest.fixture()
def files(tmp_path):
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("\n".join(EARLIER[:6]) + "\n", encoding="utf-8")
    queries = tmp_path / "queries.txt"
    queries.write_text(
        "أسعار الذهب تصعد لأعلى مستوى منذ ستة أشهر\n\nالسلطات في لبنان لا تمنع تصدير الدقيق\n",
        encoding="utf-8",
    )
    return corpus, queries


def test_command_prints_one_json_line_per_query(files):
    out = StringIO()
    call_command("match_claims", *map(str, files), "--top", "3", "--format", "json", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["query"] for line in lines] == [0, 1, 2]
    assert lines[0]["top"][0] == 4 and len(lines[0]["top"]) == 3
    assert lines[1]["top"] == []  # an empty line keeps its number but matches nothing
    assert lines[2]["top"][0] == 5


def test_command_numbers_lines_like_the_file_does(tmp_path):
    corpus = tmp_path / "c.txt"
    # A line separator inside a line must not shift the numbering.
    corpus.write_text("عنوان أول\u2028تابع\nالذهب يرتفع\r\n", encoding="utf-8")
    queries = tmp_path / "q.txt"
    queries.write_text("ارتفاع الذهب", encoding="utf-8")
    out = StringIO()
    call_command("match_claims", str(corpus), str(queries), stdout=out)
    assert json.loads(out.getvalue()) == {"query": 0, "top": [1]}


def test_command_text_format_is_a_readable_table(files):
    out = StringIO()
    call_command("match_claims", *map(str, files), "--format", "text", stdout=out)
    text = out.getvalue()
    assert "[0] أسعار الذهب تصعد" in text
    assert f"[4] {EARLIER[4]}" in text
    assert "ms per new claim" in text


def test_command_can_skip_the_new_claims_own_lines(tmp_path):
    corpus = tmp_path / "c.txt"
    corpus.write_text(f"{EARLIER[4]}\nأسعار الذهب تصعد لأعلى مستوى\n", encoding="utf-8")
    queries = tmp_path / "q.txt"
    queries.write_text("أسعار الذهب تصعد لأعلى مستوى\n", encoding="utf-8")
    out = StringIO()
    call_command("match_claims", str(corpus), str(queries), "--exclude-identical", stdout=out)
    assert json.loads(out.getvalue())["top"] == [0]


def test_command_refuses_a_missing_file(files, tmp_path):
    with pytest.raises(CommandError, match="no such file") as caught:
        call_command("match_claims", str(tmp_path / "missing.txt"), str(files[1]))
    assert caught.value.returncode == 2


def test_command_refuses_a_file_that_is_not_utf8(files, tmp_path):
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("café crème".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8") as caught:
        call_command("match_claims", str(files[0]), str(latin))
    assert caught.value.returncode == 2


def test_command_exits_2_without_a_traceback(files, tmp_path):
    proc = subprocess.run(
        [sys.executable, "manage.py", "match_claims", str(files[0]), str(tmp_path / "nope.txt")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "nope.txt: no such file" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_search_never_raises_and_stays_in_range(matcher, text):
    for m in matcher.search(text, top=5):
        assert 0 <= m.id < len(EARLIER)
        assert 0.0 <= m.score <= 1.0


def test_identical_text_still_scores_one_in_a_large_index():
    # Many claims share the commonest n-grams, which the index then leaves out of the vectors.
    subjects = ["أسعار النفط", "أسعار الذهب", "سعر الدولار", "الليرة", "البورصة", "الأسهم"]
    places = ["مصر", "الأردن", "لبنان", "العراق", "تونس", "المغرب", "قطر", "الكويت"]
    verbs = ["ترتفع", "تنخفض", "تستقر", "تتراجع", "تقفز", "تهبط"]
    corpus = [
        f"{s} {v} في {p} خلال {n} أيام"
        for n, (s, p, v) in enumerate((s, p, v) for s in subjects for p in places for v in verbs)
    ]
    matcher = ClaimMatcher(enumerate(corpus))
    for i in (0, 57, len(corpus) - 1):
        assert matcher.search(corpus[i], top=1) == [Match(i, 1.0)]
    matcher.add("new", "أسعار القمح ترتفع في السودان")
    assert matcher.search("أسعار القمح ترتفع في السودان", top=1)[0] == Match("new", 1.0)


# -- roots and places ---------------------------------------------------------------------------


def test_a_noun_restating_an_earlier_verb_is_found_through_its_root():
    earlier = [
        "الحكومة تنفي تأخر صرف رواتب المعلمين",
        "الحكومة تعترف بتأخر صرف رواتب المعلمين",
    ]
    query = "اعتراف حكومي بتأخر صرف رواتب المعلمين"
    # «اعتراف» and «تعترف» share no stem, only the root عرف: on words alone, only the roots
    # tell the two earlier claims apart.
    stems_only = MatcherConfig(weight_bm25=1.0, weight_root=0.0, weight_ngram=0.0, weight_fuzzy=0.0)
    roots_only = MatcherConfig(weight_bm25=0.0, weight_root=1.0, weight_ngram=0.0, weight_fuzzy=0.0)
    by_stem = ClaimMatcher(enumerate(earlier), stems_only).search(query, top=2)
    assert by_stem[0].score == by_stem[1].score
    assert ids(ClaimMatcher(enumerate(earlier), roots_only).search(query, top=2)) == [1, 0]
    assert ids(ClaimMatcher(enumerate(earlier)).search(query, top=2)) == [1, 0]


@pytest.mark.parametrize(
    ("new_claim", "country"),
    [
        ("أنقرة تفرض رسوما جمركية جديدة على واردات الصلب", 1),  # capital
        ("رسوم جمركية تركية جديدة على واردات الصلب", 1),  # adjective
        ("Ankara imposes new steel import tariffs", 3),  # English capital
        ("New Turkish tariffs on steel imports", 3),  # English demonym
    ],
)
def test_a_country_named_by_its_capital_or_adjective_matches_its_name(new_claim, country):
    # Each pair differs only by the country, and the earlier claim of the other country comes
    # first, so that a tie would rank the wrong one first.
    earlier = [
        "اليابان تفرض رسوما جمركية على واردات الصلب",
        "تركيا تفرض رسوما جمركية على واردات الصلب",
        "Japan imposes tariffs on steel imports",
        "Turkey imposes tariffs on steel imports",
    ]
    m = ClaimMatcher(enumerate(earlier))
    assert ids(m.search(new_claim, top=1)) == [country]
    if "Ankara" in new_claim or "أنقرة" in new_claim:
        # Without the gazetteer a capital is just an unknown word.
        blind = ClaimMatcher(enumerate(earlier), MatcherConfig(places=False))
        assert ids(blind.search(new_claim, top=1)) != [country]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("واشنطن وبكين تتبادلان الاتهامات", ["US", "CN"]),
        ("الحرب التجارية الأميركية الصينية", ["US", "CN"]),
        ("قال مسؤول أمريكي", ["US"]),
        ("بالولايات المتحدة الأمريكية", ["US"]),
        ("وفد سعودي في القاهرة", ["SA", "EG"]),
        ("the British government in London", ["GB", "GB"]),
        ("وزارة الصحة تعلن", []),
        # ل before the article drops its alef.
        ("دعم للسعودية وللعراق", ["SA", "IQ"]),
        # A name that starts like the article keeps it: ألمانيا, الألمانية, الألمان.
        ("ألمانيا والحكومة الألمانية وللألمان", ["DE", "DE", "DE"]),
        # A people's broken plural names its country.
        ("الأتراك والروس يتفقون", ["TR", "RU"]),
        ("الله والآلام", []),
    ],
)
def test_the_gazetteer_names_countries_by_name_adjective_and_capital(text, codes):
    from claims.analysis.normalize import fold
    from claims.analysis.tokenize import WORD_RE
    from claims.matching_places import seed_gazetteer

    assert seed_gazetteer().codes(WORD_RE.findall(fold(text))) == codes
