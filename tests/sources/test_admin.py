"""What a fact-checker sees and does in the sources admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import ClaimValue, Verdict
from sources import services
from sources.models import Evidence, Publisher, Snapshot, Source
from tests.factories import (
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    UserFactory,
    VerdictFactory,
    editor,
    fact_checker,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def checker_client(client, roles):
    user = fact_checker()
    client.force_login(user)
    client.user = user
    return client


def test_adding_a_source_by_url_fetches_it(
    checker_client, open_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = checker_client.post(
            reverse("admin:sources_source_add"),
            {"url": open_site.url("/en"), "kind": "news_report", "title": ""},
        )
    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:sources_source_change", args=[source.pk])
    page = checker_client.get(response["Location"]).content.decode()
    assert "Harbour reopens after three-week closure" in page
    assert "Fetched" in page
    assert source.snapshots.count() == 1


def test_a_bad_url_is_shown_back_with_the_reason(checker_client):
    response = checker_client.post(
        reverse("admin:sources_source_add"), {"url": "file:///etc/passwd", "kind": "news_report"}
    )
    assert response.status_code == 200
    assert "Only http:// and https:// addresses can be fetched." in response.content.decode()
    assert not Source.objects.exists()


def test_a_refused_address_shows_on_the_source(
    checker_client, site, settings, django_capture_on_commit_callbacks
):
    settings.FETCH_ALLOWED_HOSTS = []
    with django_capture_on_commit_callbacks(execute=True):
        response = checker_client.post(
            reverse("admin:sources_source_add"), {"url": site.url("/en"), "kind": "news_report"}
        )
    page = checker_client.get(response["Location"]).content.decode()
    assert "Failed" in page
    assert "is a loopback address" in page
    assert site.requests == []


def test_fetch_again_action_queues_the_fetch(
    checker_client, open_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        source, _ = services.source_add_by_url(url=open_site.url("/en"))
    with django_capture_on_commit_callbacks(execute=True):
        checker_client.post(
            reverse("admin:sources_source_changelist"),
            {"action": "fetch_again", "_selected_action": [source.pk]},
        )
    assert open_site.requests == ["/en", "/en"]


def _evidence_with_snapshot(text, excerpt, **kwargs):
    source = SourceFactory()
    snapshot = Snapshot.objects.create(source=source, sha256="a" * 64, text=text)
    evidence = EvidenceFactory(source=source, snapshot=snapshot, excerpt=excerpt, **kwargs)
    return services.evidence_verify(evidence=evidence)


def test_unverified_and_vanished_excerpts_are_shown_in_the_changelist(checker_client):
    text = "قال المتحدث إن الاجتماع سيعقد غدا في القاهرة."
    _evidence_with_snapshot(text, "الاجتماع سيعقد غداً")
    _evidence_with_snapshot(text, "الاجتماع ألغي")
    gone = _evidence_with_snapshot(text, "في القاهرة")
    newer = Snapshot.objects.create(source=gone.source, sha256="b" * 64, text="نص جديد")
    Evidence.objects.filter(pk=gone.pk).update(missing_from=newer)

    page = checker_client.get(reverse("admin:sources_evidence_changelist")).content.decode()
    assert page.count("✓ Found in snapshot") == 1
    assert page.count("✗ Unverified: not found in the snapshot") == 1
    assert page.count("⚠ No longer on the page") == 1

    unverified = checker_client.get(
        reverse("admin:sources_evidence_changelist") + "?excerpt=unverified"
    ).content.decode()
    assert "✗ Unverified" in unverified and "✓ Found" not in unverified


def test_evidence_changelist_query_count_does_not_grow(checker_client):
    url = reverse("admin:sources_evidence_changelist")
    _evidence_with_snapshot("نص", "نص")
    with CaptureQueriesContext(connection) as one:
        checker_client.get(url)
    for _ in range(5):
        _evidence_with_snapshot("نص آخر", "آخر")
    with CaptureQueriesContext(connection) as six:
        assert checker_client.get(url).status_code == 200
    assert len(six) == len(one)


def test_source_changelist_query_count_does_not_grow(checker_client):
    url = reverse("admin:sources_source_changelist")
    SourceFactory(publisher_org=Publisher.objects.create(name="A", domain="a.example"))
    with CaptureQueriesContext(connection) as one:
        checker_client.get(url)
    for i in range(5):
        SourceFactory(publisher_org=Publisher.objects.create(name=f"P{i}", domain=f"{i}.example"))
    with CaptureQueriesContext(connection) as six:
        assert checker_client.get(url).status_code == 200
    assert len(six) == len(one)


def test_evidence_added_in_the_admin_is_located_and_owned(checker_client):
    source = SourceFactory()
    Snapshot.objects.create(
        source=source, sha256="c" * 64, text="The minister said the talks will resume in Geneva."
    )
    claim = ClaimFactory()
    response = checker_client.post(
        reverse("admin:sources_evidence_add"),
        {
            "claim": claim.pk,
            "source": source.pk,
            "snapshot": "",
            "stance": "supports",
            "excerpt": "talks  will resume",
            "note": "",
            "added_by": UserFactory().pk,  # not a form field: ignored
            "origin": "reference",
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.added_by == checker_client.user
    assert evidence.origin == Evidence.Origin.MANUAL
    assert evidence.verified


def test_hostile_article_text_is_escaped_in_the_evidence_page(checker_client):
    text = 'Evil <script>alert(1)</script> <img src=x onerror="alert(2)"> \u202eevil'
    evidence = _evidence_with_snapshot(text, "<script>alert(1)</script>")
    page = checker_client.get(
        reverse("admin:sources_evidence_change", args=[evidence.pk])
    ).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x onerror" not in page


def test_snapshot_page_escapes_and_the_archive_downloads_sandboxed(checker_client):
    source = SourceFactory()
    snapshot = Snapshot.objects.create(
        source=source,
        sha256="d" * 64,
        text="<script>alert(1)</script>",
        content=b"<html><script>alert(1)</script></html>",
        content_type="text/html",
    )
    page = checker_client.get(reverse("admin:sources_snapshot_change", args=[snapshot.pk]))
    assert "&lt;script&gt;" in page.content.decode()
    download = checker_client.get(reverse("admin:sources_snapshot_content", args=[snapshot.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Security-Policy"] == "sandbox"
    assert download.content == b"<html><script>alert(1)</script></html>"


def test_resolution_suggested_and_attached_in_one_click(checker_client, seeded):
    claim = ClaimFactory()
    ClaimValue.objects.create(
        claim=claim, type="un_resolution", start=0, end=4, text="2259", value={"number": 2259}
    )
    url = reverse("admin:sources_evidence_suggest", args=[claim.pk])
    page = checker_client.get(url).content.decode()
    assert "S/RES/2259 (2015)" in page
    assert "Attach as evidence" in page

    response = checker_client.post(url, {"resolution": "2259"})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.origin == Evidence.Origin.REFERENCE
    assert evidence.source.kind == Source.Kind.UN_DOCUMENT
    assert evidence.source.title.startswith("S/RES/2259 (2015)")
    page = checker_client.get(url).content.decode()
    assert "Attach as evidence" not in page
    changelist = checker_client.get(reverse("admin:sources_evidence_changelist"))
    assert "From the reference registry" in changelist.content.decode()

    checker_client.post(url, {"resolution": "2259"})
    assert Evidence.objects.count() == 1


def test_source_track_record_lists_the_verdicts_that_rested_on_it(checker_client):
    source = SourceFactory(title="Ministry statement")
    published = VerdictFactory(rationale="x", state=Verdict.State.PUBLISHED, approved_by=editor())
    draft = VerdictFactory(rationale="y")
    EvidenceFactory(claim=published.claim, source=source, stance="refutes")
    EvidenceFactory(claim=draft.claim, source=source)
    EvidenceFactory(claim=VerdictFactory(state="published", approved_by=editor()).claim)

    page = checker_client.get(
        reverse("admin:sources_source_track_record", args=[source.pk])
    ).content.decode()
    assert "1 verdict rested on it." in page
    assert published.claim.text[:40] in page
    assert "Refutes" in page


def test_publisher_track_record_and_rating(client, roles):
    user = editor()
    client.force_login(user)
    response = client.post(
        reverse("admin:sources_publisher_add"),
        {"name": "وكالة الأنباء", "domain": "agency.example", "reliability": 3, "note": ""},
    )
    assert response.status_code == 302
    publisher = Publisher.objects.get()
    source = SourceFactory(publisher_org=publisher)
    verdict = VerdictFactory(state="published", approved_by=UserFactory())
    EvidenceFactory(claim=verdict.claim, source=source)
    page = client.get(
        reverse("admin:sources_publisher_track_record", args=[publisher.pk])
    ).content.decode()
    assert "Reliability: <strong>High</strong>" in page
    assert "1 verdict rested on it." in page


def test_fact_checkers_cannot_rate_publishers(checker_client):
    response = checker_client.post(
        reverse("admin:sources_publisher_add"), {"name": "X", "domain": "", "reliability": 4}
    )
    assert response.status_code == 403
    assert not Publisher.objects.exists()


def test_only_editors_rate_a_source(client, checker_client):
    source = SourceFactory(title="Old title")
    url = reverse("admin:sources_source_change", args=[source.pk])
    form = {
        "kind": "news_report",
        "title": "New title",
        "publisher": "",
        "language": "",
        "reliability": 4,
        "snapshots-TOTAL_FORMS": 0,
        "snapshots-INITIAL_FORMS": 0,
    }
    assert checker_client.post(url, form).status_code == 302
    source.refresh_from_db()
    assert (source.title, source.reliability) == ("New title", 0)

    client.force_login(editor())
    assert client.post(url, form).status_code == 302
    source.refresh_from_db()
    assert source.reliability == 4


def test_an_article_is_submitted_by_url_from_the_admin(checker_client, open_site):
    response = checker_client.post(
        reverse("admin:sources_article_by_url"), {"url": open_site.url("/en")}
    )
    from claims.models import Article

    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:claims_article_change", args=[article.pk])
    assert article.title == "Harbour reopens after three-week closure"
    assert article.language == "en"


def test_an_article_url_that_fails_is_shown_back(checker_client, open_site):
    response = checker_client.post(
        reverse("admin:sources_article_by_url"), {"url": open_site.url("/image")}
    )
    assert response.status_code == 200
    assert "The page is image/png" in response.content.decode()
