"""The seed article through the whole pipeline: exactly its real faults are flagged."""

from datetime import date
from pathlib import Path

from claims.analysis import analyze

SEED = Path(__file__).resolve().parents[3] / "seeds" / "articles" / "libya-ceasefire-2020.ar.txt"


def test_exactly_the_seed_articles_real_faults_are_flagged(refs):
    text = SEED.read_text(encoding="utf-8")
    result = analyze(text, published=date(2020, 1, 9), refs=refs)
    found = {(f.code, f.text, f.suggestion, f.severity) for f in result.flags}
    assert found == {
        ("grammar.ordinal", "الرباع", "الرابع", "warning"),
        ("grammar.confusion", "التركيا", "التركي", "warning"),
        ("grammar.confusion", "إلى", "إلا", "warning"),
        ("spelling.orthographic", "انتاج", "إنتاج", "info"),
        ("attribution.vague", "بعض الدبلوماسيين", None, "info"),
        ("attribution.vague", "بعض الخبراء والمحللين السياسيين", None, "info"),
    }
    # The إلى that is flagged is the one after «في الوقت الذي», not «أشار البيان إلى».
    illa = next(f for f in result.flags if f.suggestion == "إلا")
    assert text[illa.start : illa.start + 7] == "إلى أنه"
    assert "في الوقت الذي" in text[illa.start - 80 : illa.start]
    # Proper names are not spelling errors; resolution 2259 (on Libya, 2015) is not flagged.
    assert not [
        f for f in result.flags if f.category in ("spelling",) and f.code != "spelling.orthographic"
    ]
    assert not [f for f in result.flags if f.category in ("resolution", "date", "number")]
    resolutions = [v for c in result.claims for v in c.values if v.type == "un_resolution"]
    assert [(v.fields["number"], v.fields.get("adopted_on")) for v in resolutions] == [
        (2259, "2015-12-23")
    ]
