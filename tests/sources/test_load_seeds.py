from datetime import date

import pytest
from django.core.management import call_command

from claims.models import Article, Rating
from sources.models import Country, Entity, ReferenceEvent, UNResolution

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (UNResolution, Country, Entity, ReferenceEvent, Rating, Article)
    }


def test_load_seeds_loads_the_registry_and_is_idempotent(capsys):
    call_command("load_seeds", "--no-articles")
    first = _counts()
    assert first["UNResolution"] == 2813
    assert first["Country"] == 250
    assert first["ReferenceEvent"] >= 4
    assert first["Entity"] >= 50
    assert first["Rating"] >= 5
    snapshot = list(UNResolution.objects.order_by("number").values())

    call_command("load_seeds", "--no-articles")
    out = capsys.readouterr().out
    assert _counts() == first
    assert "UN resolutions: 0 created, 0 updated, 2813 unchanged" in out
    assert list(UNResolution.objects.order_by("number").values()) == snapshot


def test_resolution_2259_is_on_libya_adopted_23_december_2015():
    call_command("load_seeds", "--no-articles")
    r = UNResolution.objects.get(number=2259)
    assert r.symbol == "S/RES/2259 (2015)"
    assert r.adopted_on == date(2015, 12, 23)
    assert r.year == 2015
    assert "Libya" in r.agenda
    assert r.countries == ["LBY"]
    assert r.url.startswith("https://") and "S/RES/2259" in r.url


def test_reference_events_and_names_in_both_languages():
    call_command("load_seeds", "--no-articles")
    events = dict(ReferenceEvent.objects.values_list("slug", "occurred_on"))
    assert events["libyan-political-agreement"] == date(2015, 12, 17)
    assert events["lna-tripoli-offensive-2019"] == date(2019, 4, 4)
    assert events["putin-erdogan-istanbul-statement-2020"] == date(2020, 1, 8)
    assert events["turkish-parliament-libya-deployment-vote-2020"] == date(2020, 1, 2)
    haftar = Entity.objects.get(slug="khalifa-haftar")
    assert haftar.name_ar == "خليفة حفتر" and "Haftar" in haftar.aliases_en
    sarraj = Entity.objects.get(slug="fayez-al-sarraj")
    assert "فائز السراج" in sarraj.aliases_ar
    libya = Country.objects.get(iso2="LY")
    assert (libya.name_en, libya.name_ar) == ("Libya", "ليبيا")
    rating = Rating.objects.get(slug="false")
    assert (rating.label_en, rating.label_ar) == ("False", "خاطئ")


def test_load_seeds_imports_the_seed_article_once():
    call_command("load_seeds")
    call_command("load_seeds")
    article = Article.objects.get()
    assert article.language == "ar"
    assert article.published_at.date() == date(2020, 1, 9)
    assert article.title.startswith("خليفة حفتر يرفض وقف إطلاق النار")
    assert "قرار مجلس الأمن الدولي رقم 2259" in article.body
