"""`manage.py analyze`: JSON Lines per file, no database, clear errors for unreadable files."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

SEED = Path(__file__).resolve().parents[2] / "seeds" / "articles" / "libya-ceasefire-2020.ar.txt"


def run(*args):
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("analyze", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_it_prints_one_json_object_per_file(tmp_path):
    en = tmp_path / "en.txt"
    en.write_text("Officials said resolution 2259 (2016) was ignored.", encoding="utf-8")
    code, out, err = run("--format", "json", "--published", "2020-01-09", str(SEED), str(en))
    assert code == 0 and err == ""
    lines = [json.loads(line) for line in out.splitlines()]
    assert [o["path"] for o in lines] == [str(SEED), str(en)]
    assert [o["language"] for o in lines] == ["ar", "en"]
    seed = lines[0]
    assert {"claims", "flags"} <= set(seed)
    text = SEED.read_text(encoding="utf-8")
    for claim in seed["claims"]:
        assert text[claim["start"] : claim["end"]] == claim["text"]
    assert "الرباع" in out  # ensure_ascii=False: Arabic is written as is
    assert any(f["code"] == "resolution.year" for f in lines[1]["flags"])


def test_an_unreadable_file_is_reported_and_the_others_still_run(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa not utf-8")
    code, out, err = run(str(tmp_path / "missing.txt"), str(bad), str(SEED))
    assert code == 1
    assert "missing.txt" in err and "bad.txt" in err
    assert "Traceback" not in err
    assert len(out.splitlines()) == 1


def test_text_format_lists_claims_and_flags():
    code, out, _ = run("--format", "text", "--published", "2020-01-09", str(SEED))
    assert code == 0
    assert "grammar.ordinal" in out and "un_resolution" in out


def test_a_bad_publication_date_is_a_usage_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("analyze", "--published", "09/01/2020", str(SEED))
