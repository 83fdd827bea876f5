"""Every item of the bad-input corpus through the import command and the admin form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.models import Article, Claim, ClaimValue, Flag
from tests.bad_input import ACCEPTED, REFUSED
from tests.factories import fact_checker

pytestmark = pytest.mark.django_db


def _rows():
    return [m.objects.count() for m in (Article, Claim, ClaimValue, Flag)]


@pytest.mark.parametrize("name", REFUSED)
def test_import_command_refuses_with_a_clear_message(tmp_path, name):
    data, message = REFUSED[name]
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    with pytest.raises(CommandError) as exc:
        call_command("import_article", str(path))
    assert message in str(exc.value)
    assert "Traceback" not in str(exc.value)
    assert _rows() == [0, 0, 0, 0]


@pytest.mark.parametrize("name", ACCEPTED)
def test_import_command_accepts_and_keeps_the_text_exactly(tmp_path, name):
    path = tmp_path / "article.txt"
    path.write_bytes(ACCEPTED[name])
    call_command("import_article", str(path))
    article = Article.objects.get()
    assert article.body == ACCEPTED[name].decode("utf-8")
    assert article.analysis_status in ("done", "pending")


@pytest.mark.parametrize("name", REFUSED)
def test_admin_form_refuses_with_a_clear_message(client, roles, name):
    data, message = REFUSED[name]
    client.force_login(fact_checker(username="amal"))
    response = client.post(
        reverse("admin:claims_article_add"), {"file": SimpleUploadedFile("a.txt", data)}
    )
    body = response.content.decode()
    assert response.status_code in (200, 400, 413)
    if message != "The article is empty" or data:
        assert message in body or "Paste the article" in body
    assert _rows() == [0, 0, 0, 0]


@pytest.mark.parametrize("name", ACCEPTED)
def test_admin_form_accepts_and_shows_it_inert(client, roles, name):
    client.force_login(fact_checker(username="amal"))
    response = client.post(
        reverse("admin:claims_article_add"),
        {"file": SimpleUploadedFile("a.txt", ACCEPTED[name])},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert" not in page
    assert 'onerror="alert' not in page
    assert Article.objects.count() == 1
