"""The bad-input corpus through the API: a clear 4xx for each refusal, never a 500 or a row."""

import pytest

from claims.models import Article, Claim, Flag
from tests.bad_input import ACCEPTED, REFUSED

pytestmark = pytest.mark.django_db

URL = "/api/v1/articles/"


def _rows():
    return [m.objects.count() for m in (Article, Claim, Flag)]


@pytest.mark.parametrize("name", REFUSED)
def test_refused_as_a_file_with_a_clear_error(checker_api, name):
    data, message = REFUSED[name]
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = checker_api.post(
        URL, {"file": SimpleUploadedFile("article.txt", data)}, format="multipart"
    )
    assert 400 <= response.status_code < 500, response.content[:300]
    body = response.json()
    assert body["status"] == response.status_code and body["detail"]
    if response.status_code == 400:
        assert message.lower()[:12] in str(body).lower() or "empty" in str(body).lower()
    assert _rows() == [0, 0, 0]


@pytest.mark.parametrize("name", [n for n, (d, _) in REFUSED.items() if len(d) < 100_000])
def test_refused_as_json_text_with_a_clear_error(checker_api, name):
    data, _message = REFUSED[name]
    text = data.decode("utf-8", errors="surrogateescape")
    response = checker_api.generic(
        "POST",
        URL,
        data=('{"text": ' + __import__("json").dumps(text) + "}").encode(
            "utf-8", errors="surrogatepass"
        ),
        content_type="application/json",
    )
    assert 400 <= response.status_code < 500, response.content[:300]
    assert response.json()["detail"]
    assert _rows() == [0, 0, 0]


def test_ten_megabytes_of_json_is_a_413(checker_api):
    data, _ = REFUSED["10 MB"]
    response = checker_api.generic(
        "POST", URL, data=b'{"text": "' + data + b'"}', content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["status"] == 413
    assert _rows() == [0, 0, 0]


@pytest.mark.parametrize("name", ACCEPTED)
def test_accepted_text_is_stored_exactly_and_served_back_as_data(checker_api, name):
    text = ACCEPTED[name].decode("utf-8")
    response = checker_api.post(URL, {"text": text}, format="json")
    assert response.status_code == 202, response.content[:300]
    article = Article.objects.get(pk=response.json()["id"])
    assert article.body == text
    detail = checker_api.get(f"{URL}{article.pk}/")
    assert detail.status_code == 200
    assert detail["Content-Type"].startswith("application/json")
    assert detail.json()["body"] == text
