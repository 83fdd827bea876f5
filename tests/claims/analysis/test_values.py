from datetime import date

import pytest

from claims.analysis.analyze import build_doc


def extract(text, published=None, refs=None):
    doc, _ = build_doc(text, published=published, refs=refs)
    for v in doc.values:
        assert text[v.start : v.end] == v.text
    return doc.values


def only(text, type_, **kw):
    found = [v for v in extract(text, **kw) if v.type == type_]
    assert len(found) == 1, found
    return found[0]


# ---- UN resolutions


@pytest.mark.parametrize(
    ("text", "number", "year"),
    [
        ("رحّب الوفد بقرار مجلس الأمن الدولي رقم 2259 وطالب بتطبيقه.", 2259, None),
        ("وتحدث الوسيط عن القرار 2254 (2015) بوصفه أساس الحل.", 2254, 2015),
        ("استند التحالف إلى القرار الأممي ٢٢١٦ لعام 2015 في عملياته.", 2216, 2015),
        ("وذكّر بقرار مجلس الأمن الدولي رقم 950 الصادر عام 1994 حول الأزمة.", 950, 1994),
        ("Envoys discussed Resolution 2254 (2015) at length.", 2254, 2015),
        ("The no-fly zone rested on UNSCR 1973 alone.", 1973, None),
        ("Security Council resolution 1973 of 2011 authorised it.", 1973, 2011),
        ("They cited resolution 2216, adopted in 2015, as binding.", 2216, 2015),
        # Another body named earlier in the sentence does not hide a named Security Council.
        (
            "وقال المتحدث باسم الوزارة إن الوفد يدعم قرار مجلس الأمن الدولي رقم 2259 لعام 2015.",
            2259,
            2015,
        ),
    ],
)
def test_it_reads_resolution_numbers_and_stated_years(text, number, year):
    v = only(text, "un_resolution")
    assert v.fields["number"] == number
    assert v.fields.get("year") == year
    assert str(number) in v.text or "٢٢١٦" in v.text


def test_a_domestic_decree_number_is_not_a_un_resolution():
    assert not [
        v
        for v in extract("وأصدر الوزير القرار رقم 45 لسنة 2019 بتنظيم الأسواق.")
        if v.type == "un_resolution"
    ]


def test_a_general_assembly_resolution_is_not_a_security_council_one():
    text = "وأشار إلى قرار الجمعية العامة رقم 194 الخاص بعودة اللاجئين."
    assert not [v for v in extract(text) if v.type == "un_resolution"]


# ---- dates


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("انطلقت الحملة في الرابع من نيسان 2019 وسط ترقب.", "2019-04-04"),
        ("وصل الوفد في الحادي والعشرين من أيار 2018 إلى العاصمة.", "2018-05-21"),
        ("بدأ التسجيل في الأول من يوليو 2020 عبر الموقع.", "2020-07-01"),
        ("تأجلت القمة إلى الثاني عشر من شباط/فبراير 2021.", "2021-02-12"),
        ("افتتح المعرض يوم السبت ١٤ مارس ٢٠٢٠ بحضور الوزير.", "2020-03-14"),
        ("انتهت المهلة في 3 تشرين الثاني/نوفمبر 2016.", "2016-11-03"),
        ("أقيم الحفل يوم 9 جويلية 2017 في الساحة.", "2017-07-09"),
        ("سلّمت الشركة المشروع في 20 أفريل 2022.", "2022-04-20"),
        ("The ferry sank on 4 April 2019 near the port.", "2019-04-04"),
        ("Ballots were counted on April 4, 2019, officials said.", "2019-04-04"),
        ("The strike started on Wednesday, 8 January 2020.", "2020-01-08"),
        ("Trading resumed on the 4th of April 2019.", "2019-04-04"),
    ],
)
def test_it_reads_dates_to_iso(text, iso):
    v = only(text, "date")
    assert v.fields["date"] == iso
    assert v.fields["valid"] is True


def test_a_date_without_a_year_takes_it_from_the_publication_date():
    v = only("The envoy arrived on Jan. 8 for talks.", "date", published=date(2020, 1, 9))
    assert v.fields["date"] == "2020-01-08"


def test_a_month_and_year_is_a_partial_date():
    v = only("ارتفعت الأسعار في شهر أغسطس 2014 بشكل حاد.", "date")
    assert v.fields["date"] == "2014-08"


@pytest.mark.parametrize(
    ("text", "day", "month"),
    [
        ("عقدت الجلسة يوم السبت 31 أبريل 2009 في القاعة.", 31, 4),
        ("The audit closed on 30 February 2015.", 30, 2),
    ],
)
def test_an_impossible_date_is_still_a_date_value(text, day, month):
    v = only(text, "date")
    assert v.fields["date"] is None
    assert v.fields["valid"] is False
    assert (v.fields["day"], v.fields["month"]) == (day, month)


def test_a_stated_weekday_is_kept():
    v = only("عقدت الجلسة يوم الاثنين 2 مارس 2020.", "date")
    assert v.fields["weekday"] == "monday"


@pytest.mark.parametrize(
    ("text", "written", "expected", "iso"),
    [
        ("تعطلت الرحلات منذ الرباع من نيسان 2019 بسبب العاصفة.", "الرباع", "الرابع", "2019-04-04"),
        (
            "أغلق المعبر في التاعس من تشرين الأول 2015 دون سابق إنذار.",
            "التاعس",
            "التاسع",
            "2015-10-09",
        ),
        ("صدرت اللائحة في الوأل من يوليو 2020 بعد نقاش.", "الوأل", "الأول", "2020-07-01"),
    ],
)
def test_a_misspelt_ordinal_day_still_gives_the_date(text, written, expected, iso):
    v = only(text, "date")
    assert v.fields["date"] == iso
    assert v.fields["ordinal_text"] == written
    assert v.fields["ordinal_expected"] == expected


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("التقى الطرفان مساء الأربعاء الماضي في الدوحة.", "2020-01-08"),
        ("وكان الوزير قد صرح أمس بأن الاتفاق قريب.", "2020-01-08"),
        ("The minister resigned last Wednesday after the vote.", "2020-01-08"),
        ("Protesters gathered yesterday outside parliament.", "2020-01-08"),
    ],
)
def test_relative_dates_resolve_against_the_publication_date(text, iso):
    v = only(text, "date", published=date(2020, 1, 9))
    assert v.fields["date"] == iso
    assert v.fields["relative"] is True


def test_last_week_is_a_relative_date():
    v = only("وصادق البرلمان الأسبوع الماضي على الميزانية.", "date", published=date(2020, 1, 9))
    assert v.fields["relative"] is True
    assert v.fields["date"] == "2020-01-02"


# ---- years, money, quantities, percentages


@pytest.mark.parametrize(
    "text",
    [
        "تأسست الشركة عام 2015 في جدة.",
        "وقّعت المذكرة في 2015 بين البلدين.",
        "The port reopened in 2015 after repairs.",
    ],
)
def test_a_year_alone_is_a_year_value(text):
    assert only(text, "year").fields == {"year": 2015}


@pytest.mark.parametrize(
    ("text", "amount", "currency", "period"),
    [
        ("يتقاضى المتطوع 2000 دولار في الشهر تقريبا.", 2000, "USD", "month"),
        ("رصدت البلدية مليون دولار للمشروع.", 1_000_000, "USD", None),
        ("خصصت الجمعية ألفي دولار لكل أسرة.", 2000, "USD", None),
        ("بلغت الغرامة 500 دينار ليبي عن كل مخالفة.", 500, "LYD", None),
        ("Each driver earns $2,000 a month in the city.", 2000, "USD", "month"),
        ("The fund raised €5 million last year.", 5_000_000, "EUR", None),
    ],
)
def test_it_reads_money(text, amount, currency, period):
    v = only(text, "money")
    assert v.fields["amount"] == amount
    assert v.fields["currency"] == currency
    assert v.fields.get("period") == period


@pytest.mark.parametrize(
    ("text", "amount", "approximate"),
    [
        ("شارك المئات في المسيرة السلمية.", 100, True),
        ("وصل ثلاثة آلاف زائر إلى المعرض.", 3000, False),
        ("Hundreds of volunteers cleaned the beach.", 100, True),
        ("The farm employs 350 workers.", 350, False),
    ],
)
def test_it_reads_quantities(text, amount, approximate):
    v = only(text, "quantity")
    assert v.fields["amount"] == amount
    assert bool(v.fields.get("approximate")) is approximate


@pytest.mark.parametrize(
    "text",
    [
        "تراجعت البطالة إلى 25% هذا العام.",
        "تراجعت البطالة إلى 25 في المئة هذا العام.",
        "Unemployment fell to 25 percent this year.",
    ],
)
def test_it_reads_percentages(text):
    assert only(text, "percentage").fields == {"amount": 25}


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("ذكّر المندوب بالقرار 2216 الصادر عن مجلس الأمن عام 2015 في جلسة الأمس.", 2015),
        ("ذكّر المندوب بقرار مجلس الأمن رقم 2216 الصادر في نيسان 2015 بشأن الحرب.", 2015),
        ("Delegates recalled Security Council resolution 2254, adopted in December 2015.", 2015),
        ("Delegates recalled resolution 2254 from 2015 in their statement.", 2015),
    ],
)
def test_resolution_years_after_adoption_phrases(text, year):
    assert only(text, "un_resolution").fields["year"] == year


def test_numeric_day_month_year_in_arabic_text():
    v = only("وُقّع العقد يوم الأحد 12/04/2015 في الرياض.", "date")
    assert v.fields["date"] == "2015-04-12"
    assert v.fields["weekday"] == "sunday"
    bad = only("وُقّع العقد بتاريخ 31/04/2015 في الرياض.", "date")
    assert bad.fields["valid"] is False


def test_numeric_dates_are_not_read_in_english_text():
    assert not [
        v for v in extract("The contract was signed on 04/05/2015 in Riyadh.") if v.type == "date"
    ]


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("أرسلت الحكومة ألفي جندي إلى الحدود.", 2000, "جندي"),
        ("The ministry sent two thousand soldiers north.", 2000, "soldiers"),
    ],
)
def test_number_words_with_their_unit(text, amount, unit):
    v = only(text, "quantity")
    assert (v.fields["amount"], v.fields["unit"]) == (amount, unit)
