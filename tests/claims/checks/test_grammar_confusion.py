from claims.checks.grammar_confusion import GrammarConfusion
from tests.claims.checks.conftest import make_doc


def flags(text, refs):
    return GrammarConfusion().run(make_doc(text), refs)


def pairs(found):
    return [(f.text, f.suggestion) for f in found]


def test_it_flags_the_seed_articles_two_confusions(seed_doc, refs):
    found = GrammarConfusion().run(seed_doc, refs)
    assert pairs(found) == [("إلى", "إلا"), ("التركيا", "التركي")]
    assert {f.code for f in found} == {"grammar.confusion"}
    assert {f.category for f in found} == {"grammar"}
    ila = found[0]
    assert "في الوقت الذي" in seed_doc.text[ila.start - 120 : ila.start]
    assert seed_doc.text[ila.end : ila.end + 5] == " أنه "


def test_it_leaves_ila_after_a_verb_that_governs_it(refs):
    for text in (
        "وأشار البيان إلى جهات خارجية تدخلت في الأزمة.",
        "وأشار المتحدث باسم الوزارة في مؤتمر صحفي عقده أمس إلى أنه لم يتلق أي رد.",
        "ولفت الوزير إلى أن الحكومة ستواصل دعمها للقطاع.",
        "وذهب بعض المحللين إلى أن الاتفاق لن يصمد طويلا.",
        "بالإضافة إلى أن الأسعار ارتفعت خلال الشهر الماضي.",
        "ونظرا إلى أن الطرق مغلقة، تأجل الاجتماع.",
        "ودعت المنظمة إلى أن تتوقف العمليات العسكرية فورا.",
        "وتجدر الإشارة إلى أن الاجتماع المقبل سيعقد في القاهرة.",
        "ويعود السبب في ذلك، بحسب الخبراء، إلى أن الطلب تراجع.",
        "وهو ما دفعه إلى أن يقدم استقالته.",
        "وتطور الخلاف بين الطرفين إلى أن الوساطة أصبحت ضرورية.",
    ):
        assert flags(text, refs) == [], text


def test_it_leaves_ila_an_meaning_until(refs):
    assert flags("وظل في منصبه إلى أن توفي عام 2010.", refs) == []


def test_it_flags_ila_after_a_concessive_opener(refs):
    text = "ورغم الجهود الكبيرة التي بذلتها الوزارة خلال العام، إلى أن النتائج جاءت مخيبة."
    assert pairs(flags(text, refs)) == [("إلى", "إلا")]


def test_it_flags_ila_anna_with_a_pronoun_and_no_governor(refs):
    text = "قدم الفريق أداء جيدا طوال المباراة إلى أنه خسر في الدقائق الأخيرة."
    assert pairs(flags(text, refs)) == [("إلى", "إلا")]


def test_it_suggests_the_nisba_for_an_article_on_a_country_name(refs):
    assert pairs(flags("وانتقد الوزير التدخل الروسيا والإيراني في المنطقة.", refs)) == [
        ("الروسيا", "الروسي")
    ]


def test_a_country_name_that_is_also_a_word_needs_a_nisba_beside_it(refs):
    # «المصرّ» (the one who insists) is a word; only «والسعودي» beside it shows the slip.
    assert flags("وقال إنه المصر على موقفه.", refs) == []
    assert pairs(flags("وأكد الموقف المصر والسعودي من الأزمة.", refs)) == [("المصر", "المصري")]


def test_the_nisba_agrees_with_a_feminine_noun_and_keeps_the_conjunction(refs):
    assert pairs(flags("ورحبت الحكومة الليبيا والتونس بالاتفاق.", refs)) == [
        ("الليبيا", "الليبية"),
        ("والتونس", "والتونسية"),
    ]


def test_it_leaves_country_names_that_take_the_article(refs):
    text = "زار الرئيس العراق والأردن والسودان واليمن، والتقى بوفد من المغرب والجزائر."
    assert flags(text, refs) == []


def test_it_ignores_english_documents(refs):
    assert GrammarConfusion().run(make_doc("He said he will go to.", "en"), refs) == []
