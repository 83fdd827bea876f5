"""factory_boy factories shared by the tests."""

import hashlib

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.analysis.normalize import fold
from claims.models import Article, Claim, Flag, Rating, Verdict
from claims.roles import EDITOR, FACT_CHECKER
from claims.services import article_content_hash
from sources.models import Evidence, Source

ARABIC_SAMPLE = (
    "أعلنت الحكومة يوم الاثنين 6 كانون الثاني 2020 عن خطة جديدة للإسكان.\n\n"
    "وقال وزير الإسكان إن الخطة ستوفر ألفي وحدة سكنية بحلول عام 2021."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@newsroom.test")
    password = factory.django.Password("correct-horse-battery-staple")
    is_staff = True

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))


def fact_checker(**kwargs):
    return UserFactory(roles=[FACT_CHECKER], **kwargs)


def editor(**kwargs):
    return UserFactory(roles=[EDITOR], **kwargs)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    body = factory.Sequence(lambda n: f"{ARABIC_SAMPLE}\n\n({n})")
    language = "ar"
    content_hash = factory.LazyAttribute(lambda a: article_content_hash(a.body))
    analysis_status = Article.AnalysisStatus.DONE


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = factory.LazyAttribute(lambda c: c.article.body.index("\n"))
    text = factory.LazyAttribute(lambda c: c.article.body[c.start : c.end])
    text_folded = factory.LazyAttribute(lambda c: fold(c.text))
    checkworthiness = 0.7
    fingerprint = factory.LazyAttribute(
        lambda c: hashlib.sha256(f"{c.start}:{c.end}:{c.text}".encode()).hexdigest()[:40]
    )


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flag

    article = factory.SubFactory(ArticleFactory)
    code = "spelling.nonword"
    category = "spelling"
    severity = "warning"
    start = 0
    end = 5
    text = factory.LazyAttribute(lambda f: f.article.body[f.start : f.end])
    suggestion = "أعلنت"
    message = "Not in the dictionary."
    fingerprint = factory.Sequence(lambda n: f"fp{n:038d}")


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating
        django_get_or_create = ["slug"]

    slug = "false"
    label_en = "False"
    label_ar = "خاطئ"
    value = 1
    order = 5
    claimreview_name = "False"


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    rating = factory.SubFactory(RatingFactory)
    rationale = "The registry says otherwise."
    author = factory.SubFactory(UserFactory)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    kind = Source.Kind.NEWS_REPORT
    url = factory.Sequence(lambda n: f"https://news.example/{n}")
    title = factory.Sequence(lambda n: f"Report {n}")


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    stance = Evidence.Stance.SUPPORTS
    excerpt = "…"


def approved_verdict(
    claim: Claim,
    *,
    author,
    approver,
    rating: str = "true",
    rationale: str = "The council's records say otherwise.",
) -> Verdict:
    """A verdict written, submitted and approved through the workflow, ready to publish."""
    from claims import workflow

    verdict = workflow.verdict_create(
        claim=claim, rating=Rating.objects.get(slug=rating), rationale=rationale, author=author
    )
    verdict = workflow.verdict_submit(verdict=verdict, actor=author)
    return workflow.verdict_approve(verdict=verdict, approver=approver)
