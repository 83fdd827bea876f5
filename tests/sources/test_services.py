"""Sources by URL, snapshots, evidence and its verification, against the loopback site."""

import pytest

from factcheck.errors import PermissionDenied, ValidationFailed
from sources import services
from sources.models import Evidence, Publisher, Reliability, Snapshot, Source
from tests.factories import ClaimFactory, SourceFactory, UserFactory, fact_checker
from tests.sources.conftest import CHANGED_ENGLISH_PAGE

pytestmark = pytest.mark.django_db


def add_and_fetch(site, path, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        source, created = services.source_add_by_url(url=site.url(path), **kwargs)
    source.refresh_from_db()
    return source, created


def test_adding_a_url_fetches_and_archives_it(open_site, django_capture_on_commit_callbacks):
    user = fact_checker()
    source, created = add_and_fetch(
        open_site, "/ar", django_capture_on_commit_callbacks, added_by=user
    )
    assert created
    assert source.fetch_status == Source.FetchStatus.OK
    assert source.title == "وزير الخارجية: المفاوضات تستأنف في جنيف"
    assert source.publisher == "صحيفة الاختبار"
    assert source.language == "ar"
    assert source.created_by == user
    snapshot = source.snapshots.get()
    assert "القرار 2259" in snapshot.text
    assert bytes(snapshot.content).startswith(b"<!doctype html>")
    assert snapshot.status_code == 200
    assert len(snapshot.sha256) == 64


def test_the_same_url_twice_is_one_source(open_site, django_capture_on_commit_callbacks):
    first, _ = add_and_fetch(open_site, "/en", django_capture_on_commit_callbacks)
    second, created = add_and_fetch(open_site, "/en#section", django_capture_on_commit_callbacks)
    assert not created
    assert second == first
    assert Source.objects.count() == 1
    assert open_site.requests == ["/en"]  # fetched once: it was already fetched


def test_refetching_an_unchanged_page_adds_nothing(open_site, django_capture_on_commit_callbacks):
    source, _ = add_and_fetch(open_site, "/en", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.source_fetch_queue(source=source)
    assert len(open_site.requests) == 2
    assert Snapshot.objects.count() == 1


def test_a_changed_page_adds_a_snapshot_and_flags_vanished_excerpts(
    open_site, django_capture_on_commit_callbacks
):
    user = fact_checker()
    source, _ = add_and_fetch(open_site, "/en", django_capture_on_commit_callbacks)
    claim = ClaimFactory()
    kept = services.evidence_add(
        claim=claim, source=source, excerpt="the northern harbour would reopen", added_by=user
    )
    vanished = services.evidence_add(
        claim=claim, source=source, excerpt="about 40 ships to call", added_by=user
    )
    assert kept.verified and vanished.verified

    page = open_site.pages["/en"]
    open_site.pages["/en"] = (page[0], page[1], CHANGED_ENGLISH_PAGE.encode())
    with django_capture_on_commit_callbacks(execute=True):
        services.source_fetch_queue(source=source)

    assert source.snapshots.count() == 2
    newest = services.source_latest_snapshot(source)
    kept.refresh_from_db()
    vanished.refresh_from_db()
    assert kept.missing_from is None
    assert vanished.missing_from == newest
    # The quote still stands in the snapshot the fact-checker read.
    assert vanished.verified and vanished.snapshot != newest


def test_a_page_that_changes_back_reuses_its_snapshot(
    open_site, django_capture_on_commit_callbacks
):
    source, _ = add_and_fetch(open_site, "/en", django_capture_on_commit_callbacks)
    original = open_site.pages["/en"]
    for body in (CHANGED_ENGLISH_PAGE.encode(), original[2]):
        open_site.pages["/en"] = (200, original[1], body)
        with django_capture_on_commit_callbacks(execute=True):
            services.source_fetch_queue(source=source)
    assert source.snapshots.count() == 2
    assert "about 40 ships" in services.source_latest_snapshot(source).text


def test_a_404_is_recorded_on_the_source_without_retrying(
    open_site, django_capture_on_commit_callbacks
):
    source, _ = add_and_fetch(open_site, "/404", django_capture_on_commit_callbacks)
    assert source.fetch_status == Source.FetchStatus.FAILED
    assert "HTTP 404" in source.fetch_error
    assert open_site.requests == ["/404"]
    assert not source.snapshots.exists()


def test_a_503_then_200_is_retried_until_it_is_archived(
    open_site, django_capture_on_commit_callbacks
):
    source, _ = add_and_fetch(open_site, "/flaky", django_capture_on_commit_callbacks)
    assert open_site.requests == ["/flaky", "/flaky"]
    assert source.fetch_status == Source.FetchStatus.OK
    assert source.snapshots.count() == 1


def test_a_page_down_for_good_fails_after_the_retries(
    open_site, settings, django_capture_on_commit_callbacks
):
    settings.FETCH_MAX_RETRIES = 2
    source, _ = add_and_fetch(open_site, "/down", django_capture_on_commit_callbacks)
    assert len(open_site.requests) == 3
    assert source.fetch_status == Source.FetchStatus.FAILED
    assert "HTTP 503" in source.fetch_error


def test_the_guard_refuses_loopback_through_the_whole_pipeline(
    site, settings, django_capture_on_commit_callbacks
):
    settings.FETCH_ALLOWED_HOSTS = []
    source, _ = add_and_fetch(site, "/en", django_capture_on_commit_callbacks)
    assert source.fetch_status == Source.FetchStatus.FAILED
    assert "loopback" in source.fetch_error
    assert site.requests == []


@pytest.mark.parametrize(
    ("url", "message"),
    [("ftp://x.example/a", "Only http"), ("not a url", "spaces"), ("", "Give the address")],
)
def test_bad_urls_are_refused_and_nothing_is_written(url, message):
    with pytest.raises(ValidationFailed, match=message):
        services.source_add_by_url(url=url)
    assert not Source.objects.exists()


def test_a_source_is_attached_to_its_rated_publisher(open_site, django_capture_on_commit_callbacks):
    un = Publisher.objects.create(name="United Nations", domain="un.org", reliability=4)
    with django_capture_on_commit_callbacks(execute=False):
        source, _ = services.source_add_by_url(url="https://press.un.org/en/2015/sc12185.doc.htm")
    assert source.publisher_org == un
    assert source.effective_reliability == Reliability.AUTHORITATIVE
    source.reliability = Reliability.MIXED
    assert source.effective_reliability == Reliability.MIXED


def test_evidence_excerpt_is_located_despite_spelling_and_spacing(
    open_site, django_capture_on_commit_callbacks
):
    source, _ = add_and_fetch(open_site, "/ar", django_capture_on_commit_callbacks)
    typed = "ان المفاوضات  ستستأنف الاسبوع المقبل"  # no hamza, no shadda, double space
    evidence = services.evidence_add(
        claim=ClaimFactory(), source=source, excerpt=typed, added_by=fact_checker()
    )
    text = evidence.snapshot.text
    assert text[evidence.excerpt_start : evidence.excerpt_end] == (
        "إنّ المفاوضات ستُستأنف الأسبوع المقبل"
    )


def test_an_excerpt_not_on_the_page_is_kept_as_unverified(
    open_site, django_capture_on_commit_callbacks
):
    source, _ = add_and_fetch(open_site, "/ar", django_capture_on_commit_callbacks)
    evidence = services.evidence_add(
        claim=ClaimFactory(),
        source=source,
        excerpt="قال الوزير إن الهدنة انهارت",
        added_by=fact_checker(),
    )
    assert evidence.pk and not evidence.verified


def test_evidence_before_the_first_fetch_is_verified_when_the_snapshot_arrives(
    open_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        source, _ = services.source_add_by_url(url=open_site.url("/en"))
    evidence = services.evidence_add(
        claim=ClaimFactory(),
        source=source,
        excerpt="Local traders welcomed",
        added_by=fact_checker(),
    )
    assert not evidence.verified
    for callback in queued:
        callback()
    evidence.refresh_from_db()
    assert evidence.verified and evidence.snapshot is not None


def test_evidence_needs_the_permission_and_writes_nothing_without_it():
    outsider = UserFactory(is_staff=False)
    with pytest.raises(PermissionDenied):
        services.evidence_add(
            claim=ClaimFactory(), source=SourceFactory(), excerpt="x", added_by=outsider
        )
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"stance": "maybe"}, "Unknown stance"), ({"excerpt": "ع" * 5001}, "at most 5000")],
)
def test_bad_evidence_is_refused(kwargs, message):
    args = {"claim": ClaimFactory(), "source": SourceFactory(), "excerpt": "نص", **kwargs}
    with pytest.raises(ValidationFailed, match=message):
        services.evidence_add(added_by=fact_checker(), **args)
    assert not Evidence.objects.exists()


def test_evidence_verify_relocates_an_edited_excerpt(open_site, django_capture_on_commit_callbacks):
    source, _ = add_and_fetch(open_site, "/en", django_capture_on_commit_callbacks)
    evidence = services.evidence_add(
        claim=ClaimFactory(), source=source, excerpt="harbour will close", added_by=fact_checker()
    )
    assert not evidence.verified
    Evidence.objects.filter(pk=evidence.pk).update(excerpt="harbour would reopen")
    evidence = services.evidence_verify(evidence=evidence)
    assert evidence.verified


def test_an_article_can_be_submitted_by_url(open_site):
    article, created = services.article_submit_from_url(url=open_site.url("/ar"))
    assert created
    assert article.language == "ar"
    assert article.title == "وزير الخارجية: المفاوضات تستأنف في جنيف"
    assert article.outlet == "صحيفة الاختبار"
    assert article.url == open_site.url("/ar")
    assert "إنتاج النفط" in article.body


def test_an_article_url_that_fails_says_why(open_site):
    with pytest.raises(ValidationFailed, match="HTTP 404"):
        services.article_submit_from_url(url=open_site.url("/404"))


def test_a_failed_source_added_again_is_fetched_again(
    open_site, django_capture_on_commit_callbacks
):
    source, _ = add_and_fetch(open_site, "/404", django_capture_on_commit_callbacks)
    assert source.fetch_status == Source.FetchStatus.FAILED
    open_site.pages["/404"] = open_site.pages["/en"]  # the page is back
    again, created = add_and_fetch(open_site, "/404", django_capture_on_commit_callbacks)
    assert not created and again == source
    assert again.fetch_status == Source.FetchStatus.OK
    assert again.snapshots.count() == 1


def test_urls_differing_only_in_host_case_are_one_source(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first, _ = services.source_add_by_url(url="https://News.Example/Story?id=1")
        second, created = services.source_add_by_url(url="https://news.example/Story?id=1")
    assert not created and second == first
    assert first.url == "https://news.example/Story?id=1"
