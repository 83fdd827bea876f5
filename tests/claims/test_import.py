"""Submitting articles: one service behind the command and the admin form."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from claims.models import Article, Claim, Flag
from claims.services import article_submit
from factcheck.errors import ValidationFailed

pytestmark = pytest.mark.django_db

TEXT = "Officials said on Monday that the talks would resume in Geneva next week.\n"


def _no_rows():
    return not (Article.objects.exists() or Claim.objects.exists() or Flag.objects.exists())


def test_submit_stores_the_text_exactly_as_given():
    text = "  عنوان الخبر\r\n\r\nقال المتحدث إن الاجتماع عقد أمس.\u200f  \n"
    article, created = article_submit(text=text, published=date(2020, 1, 9))
    assert created
    article.refresh_from_db()
    assert article.body == text
    assert article.language == "ar"
    assert article.title == "عنوان الخبر"
    assert article.published_at.date() == date(2020, 1, 9)


def test_the_same_text_twice_is_one_article():
    first, created = article_submit(text=TEXT, title="First")
    again, created_again = article_submit(text=TEXT.encode("utf-8"), title="Second")
    assert created and not created_again
    assert again.pk == first.pk
    assert Article.objects.get().title == "First"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("", "The article is empty"),
        (" \n\t\u3000 \n", "The article is empty"),
        (b"", "The article is empty"),
        (b"\xff\xfe\xfa not utf-8", "not valid UTF-8 text (invalid byte at position 0)"),
        (b"caf\xe9 au lait", "not valid UTF-8 text (invalid byte at position 3)"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00", "binary file"),
        ("text with a NUL\x00byte", "binary file"),
        ("".join(chr(i % 31 + 1) for i in range(500)), "binary file"),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_writes_nothing(data, message):
    with pytest.raises(ValidationFailed) as exc:
        article_submit(text=data)
    assert message in exc.value.message
    assert _no_rows()


def test_more_than_2_mb_of_text_is_refused(settings):
    big = "كلمة " * (2 * 1024 * 1024 // 9 + 1000)
    with pytest.raises(ValidationFailed, match=r"MB; the limit is 2 MB of text"):
        article_submit(text=big)
    with pytest.raises(ValidationFailed, match=r"the limit is 2 MB"):
        article_submit(text=big.encode("utf-8"))
    assert _no_rows()


def test_an_unknown_language_is_refused():
    with pytest.raises(ValidationFailed, match="Unknown language 'fr'"):
        article_submit(text=TEXT, language="fr")
    assert _no_rows()


def test_import_article_command(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    call_command(
        "import_article",
        str(path),
        "--title",
        "Talks",
        "--published",
        "2024-03-04",
        "--url",
        "https://news.example/talks",
        "--language",
        "en",
    )
    article = Article.objects.get()
    assert (article.title, article.url, article.language) == (
        "Talks",
        "https://news.example/talks",
        "en",
    )
    assert article.published_at.date() == date(2024, 3, 4)
    assert f"Article {article.pk} created: Talks" in capsys.readouterr().out

    call_command("import_article", str(path))
    assert "already exists with the same text" in capsys.readouterr().out
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The article is empty"),
        (b"\x00\x01\x02\x03binary", "binary file"),
        (b"\xc3\x28 broken", "not valid UTF-8"),
    ],
)
def test_import_article_command_refuses_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_article", str(path))
    assert _no_rows()


def test_import_article_command_errors(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_article", str(tmp_path / "missing.txt"))
    path = tmp_path / "ok.txt"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("import_article", str(path), "--published", "9 Jan 2020")
    assert _no_rows()


@pytest.mark.django_db(transaction=True)
def test_import_article_in_a_fresh_process_analyses_the_article(tmp_path):
    # What `make run` does with the seed article: a new manage.py process, tasks run in it
    # (no broker). Its task must be registered there, not only where a worker imported it.
    import os
    import subprocess
    import sys

    from django.db import connection

    from tests.celery_worker import ROOT, database_url

    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_article", str(path), "--language", "en"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "DATABASE_URL": database_url(connection.settings_dict),
            "CELERY_BROKER_URL": "",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Could not queue" not in result.stderr
    assert "Analysis: Done" in result.stdout
    article = Article.objects.get()
    assert article.analysis_status == Article.AnalysisStatus.DONE, result.stderr[-2000:]
