"""The Arabic interface is Arabic: every message of the project's code has its translation."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.celery_worker import ROOT

# Strings of Django's admin templates that the project's copies of them keep; Django's own
# Arabic catalogue translates them.
FROM_DJANGO = {
    "%(counter)s result",
    "Click here to select the objects across all pages",
    "Clear selection",
    "Show all",
    "Search",
    "%(full_result_count)s total",
}


def _entries(po: str) -> list[tuple[str, list[str], bool]]:
    """(msgid, its translations, fuzzy) for each entry of a .po file, the header left out."""
    entries = []
    for block in po.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            start = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?|msgctxt) "(.*)"$', line)
            if start:
                key = start.group(1)
                fields[key] = start.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if fields.get("msgid"):
            translations = [v for k, v in fields.items() if k.startswith("msgstr")]
            entries.append((fields["msgid"], translations, fuzzy))
    return entries


def test_every_message_of_the_interface_has_its_arabic_translation(tmp_path):
    # makemessages on a copy of the project: the messages the code has now, against the
    # translations committed.
    for name in ("claims", "sources", "factcheck", "locale"):
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
        )
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ar", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    po = (tmp_path / "locale" / "ar" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = _entries(po)
    assert len(entries) > 300
    missing = [
        msgid
        for msgid, translations, fuzzy in entries
        if msgid not in FROM_DJANGO and (fuzzy or not all(translations))
    ]
    assert not missing, f"{len(missing)} messages without an Arabic translation: {missing[:20]}"


@pytest.mark.django_db
def test_the_arabic_admin_names_every_model_in_arabic(admin_client):
    from django.apps import apps
    from django.utils import translation

    response = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="ar"' in page and "الناشرون" in page
    with translation.override("en"):
        names = [
            str(model._meta.verbose_name_plural).capitalize()
            for model in apps.get_models()
            if model._meta.app_label in ("claims", "sources")
        ]
    assert "Publishers" in names
    assert not [name for name in names if f">{name}<" in page]


def test_every_field_label_of_claims_and_sources_reads_in_arabic():
    # The admin's column headers, filters and form labels come from the fields' names.
    from django.apps import apps
    from django.utils import translation

    english, missing = {}, []
    for model in apps.get_models():
        if model._meta.app_label not in ("claims", "sources"):
            continue
        for field in model._meta.get_fields():
            # django-simple-history's own columns (history_date…) come with that library.
            if field.concrete and not field.auto_created and not field.name.startswith("history_"):
                with translation.override("en"):
                    english[(model.__name__, field.name)] = str(field.verbose_name)
                with translation.override("ar"):
                    if str(field.verbose_name) == english[(model.__name__, field.name)]:
                        missing.append((model.__name__, field.name))
    assert len(english) > 200
    assert not missing, missing
