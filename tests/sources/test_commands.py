from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sources.models import Snapshot

pytestmark = pytest.mark.django_db


def test_fetch_source_archives_and_reports(open_site):
    out = StringIO()
    call_command("fetch_source", open_site.url("/en"), stdout=out)
    assert "new snapshot" in out.getvalue()
    assert "Harbour reopens after three-week closure" in out.getvalue()
    out = StringIO()
    call_command("fetch_source", open_site.url("/en"), stdout=out)
    assert "unchanged" in out.getvalue()
    assert Snapshot.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "message"), [("/404", "HTTP 404"), ("/down", "temporary: try again later")]
)
def test_fetch_source_failures_are_clear(open_site, path, message):
    with pytest.raises(CommandError, match=message):
        call_command("fetch_source", open_site.url(path))


def test_fetch_source_refuses_loopback_without_the_allowlist(site, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    with pytest.raises(CommandError, match="loopback"):
        call_command("fetch_source", site.url("/en"))
    assert site.requests == []
