"""The fetch task: thin, retried with growing delays on temporary failures only."""

import pytest
from celery.exceptions import Retry

from sources import services
from sources.fetching import FetchError
from sources.models import Source
from sources.tasks import source_fetch, source_fetch_sweep
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def delays(monkeypatch):
    asked = []

    def fake_retry(*args, countdown=None, **kwargs):
        asked.append(countdown)
        return Retry("retrying", when=countdown)

    monkeypatch.setattr(source_fetch, "retry", fake_retry)
    return asked


def test_temporary_failures_are_retried_with_growing_delays(monkeypatch, settings, delays):
    settings.FETCH_RETRY_BACKOFF_SECONDS = 30

    def unavailable(*, source_id):
        raise FetchError("The server answered HTTP 503.", temporary=True, status=503)

    monkeypatch.setattr(services, "source_fetch_run", unavailable)
    source = SourceFactory()
    for retries in range(3):
        source_fetch.apply(args=[source.pk], retries=retries)
    assert delays == [30, 60, 120]
    source.refresh_from_db()
    assert source.fetch_status != Source.FetchStatus.FAILED


def test_after_the_last_retry_the_failure_is_recorded(monkeypatch, settings, delays):
    settings.FETCH_MAX_RETRIES = 3

    def timeout(*, source_id):
        raise FetchError("news.example did not answer in time.", temporary=True)

    monkeypatch.setattr(services, "source_fetch_run", timeout)
    source = SourceFactory()
    result = source_fetch.apply(args=[source.pk], retries=3).get()
    assert result.startswith("failed after 3 retries")
    assert delays == []
    source.refresh_from_db()
    assert source.fetch_status == Source.FetchStatus.FAILED
    assert source.fetch_error == "news.example did not answer in time."


def test_a_missing_source_is_a_no_op():
    assert source_fetch.apply(args=[987654]).get() == "not stored"


def test_running_twice_stores_one_snapshot(open_site):
    source = SourceFactory(url=open_site.url("/en"))
    assert source_fetch.apply(args=[source.pk]).get().startswith("new snapshot")
    assert source_fetch.apply(args=[source.pk]).get().startswith("unchanged")
    assert source.snapshots.count() == 1


def test_a_fetch_whose_message_was_lost_is_queued_again_by_the_sweep(open_site, settings):
    # The broker was down when the fact-checker added the URL: the task queued on commit
    # never ran (here: the commit hooks of the test's transaction do not run).
    source, _ = services.source_add_by_url(url=open_site.url("/ar"))
    source.refresh_from_db()
    assert source.fetch_status == Source.FetchStatus.QUEUED
    assert source_fetch_sweep() == 0  # queued moments ago: its task may be on its way

    settings.FETCH_STUCK_AFTER_SECONDS = 0
    assert source_fetch_sweep() == 1  # eager here: the fetch runs now
    source.refresh_from_db()
    assert source.fetch_status == Source.FetchStatus.OK
    assert "القرار 2259" in source.snapshots.get().text
    assert source_fetch_sweep() == 0
    assert open_site.requests == ["/ar"]


def test_the_sweep_waits_for_the_retry_a_temporary_failure_scheduled(open_site, settings, delays):
    settings.FETCH_RETRY_BACKOFF_SECONDS = 600
    open_site.pages["/busy"] = (503, "text/html", b"<h1>Busy</h1>")
    source, _ = services.source_add_by_url(url=open_site.url("/busy"))
    settings.FETCH_STUCK_AFTER_SECONDS = 0

    source_fetch.apply(args=[source.pk])  # 503: the task will come back in 10 minutes

    assert delays == [600]
    source.refresh_from_db()
    assert source.fetch_status == Source.FetchStatus.FETCHING
    assert source_fetch_sweep() == 0  # not due yet: the retry is scheduled
    assert open_site.requests == ["/busy"]
