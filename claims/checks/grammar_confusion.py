"""``grammar.confusion``: real words in the wrong place.

- «إلى أنه» where the clause has nothing that governs إلى (أشار، لفت، دعا، بالإضافة …),
  above all after a concessive opener («في الوقت الذي …، إلى أنه رفض»): the writer meant
  the exceptive «إلا أنه».
- «التدخل التركيا» — the article on a country name, which takes none, where the nisba
  adjective belongs («التركي»).
"""

from __future__ import annotations

import logging
import re

from claims.analysis import dictionary as lexicon
from claims.analysis.nisba import definite_forms
from claims.analysis.refs import References
from claims.analysis.types import AnalyzedText, Finding, Token
from claims.checks.base import Check

logger = logging.getLogger(__name__)

ILA = frozenset({"إلى", "الى"})
# «أنّ» with a pronoun: always a that-clause, never «until».
ANNA_PRONOUN = frozenset(
    {"أنه", "أنها", "أنهم", "أنهن", "أنهما", "أننا", "أنني", "أني", "أنك", "أنكم", "أنكما"}
)
ANNA = frozenset({"أن", "ان", "أنّ"})
# After bare «أن», a noun phrase makes it «أنّ» (that-clause); a verb makes «إلى أن» «until».
NOUN_STARTERS = frozenset(
    "هذا هذه ذلك تلك هؤلاء أولئك هناك ثمة كل بعض معظم أغلب عددا عدد جميع كثيرا".split()  # noqa: SIM905
)

# Verbs, verbal nouns and participles that take «إلى» (so «إلى أن» is right after them).
_GOVERNORS_TEXT = (
    "أشار أشارت أشاروا يشير تشير يشيرون نشير أشير مشيرا مشيرة مشيرين الإشارة إشارة "
    "لفت لفتت لفتوا يلفت تلفت لافتا لافتة نوه نوهت ينوه تنوه منوها منوهة "
    "ذهب ذهبت ذهبوا يذهب تذهب يذهبون ذاهبا خلص خلصت خلصوا يخلص تخلص "
    "توصل توصلت توصلوا يتوصل تتوصل التوصل دعا دعت دعوا يدعو تدعو يدعون داعيا داعية الدعوة "
    "دعوة أدى أدت يؤدي تؤدي مؤديا عاد عادت يعود تعود رجع يرجع ترجع أرجع أرجعت يرجعون "
    "عزا عزت يعزو تعزو إضافة بالإضافة اضافة بالاضافة نظرا بالنظر استنادا استند يستند "
    "ألمح ألمحت يلمح تلمح ملمحا نبه نبهت ينبه تنبه منبها أومأ أوحى انتهى انتهت ينتهي "
    "تنتهي مال يميل تميل اتجه اتجهت يتجه هدف يهدف تهدف يرمي ترمي سعى سعت يسعى تسعى "
    "أفضى أفضت يفضي لجأ يلجأ حاجة بحاجة الحاجة يحتاج تحتاج وصل وصلت يصل تصل الوصول "
    "تطرق تطرقت يتطرق أوعز دفع دفعت يدفع تدفع يعزى يشار أشير التنبيه التنويه الانتباه "
    "انتبه ينتبه أضف خلاصة مرد يعود وصولا سعيا تطور تطورت يتطور آل اضطر اضطرت يضطر "
    "تضطر مضطرا يضطرون أدعو يحث حث حثت تحث إشارته"
)
GOVERNORS = frozenset(lexicon.strip_diacritics(w) for w in _GOVERNORS_TEXT.split())
# Openers of a concessive clause: its main clause starts with «إلا أن».
CONCESSIVE_PHRASES = ("في الوقت الذي", "مع أن", "وإن كان")
CONCESSIVE_WORDS = frozenset(
    p + w for p in ("", "و", "ف") for w in ("رغم", "برغم", "بالرغم", "الرغم")
)
GOVERNOR_WINDOW = 30
_CLAUSE_BREAK = re.compile(r"[،,؛;:.!?؟\n]")


def _bare(tok: Token) -> str:
    return lexicon.strip_diacritics(tok.text)


def _noun_like(word: str) -> bool:
    """Surely not a verb: the article, a demonstrative, a participle, a noun ending."""
    return word.startswith(("ال", "م")) or word in NOUN_STARTERS or word.endswith(("ة", "ات"))


_GOVERNOR_PREFIXES = ("", "و", "ف", "ب", "وب", "ل", "ول")
_GOVERNOR_SUFFIXES = ("", "ه", "ها", "هم", "هن", "هما", "ني", "نا", "كم", "ك")


def _governor(word: str) -> bool:
    # Conjunctions and prepositions glue on (وأشار، بالإشارة), object pronouns too (دفعه).
    for p in _GOVERNOR_PREFIXES:
        if not word.startswith(p):
            continue
        rest = word[len(p) :]
        for s in _GOVERNOR_SUFFIXES:
            if rest.endswith(s) and len(rest) - len(s) >= 3:
                stem = rest[: len(rest) - len(s)] if s else rest
                if stem in GOVERNORS:
                    return True
    return False


class GrammarConfusion(Check):
    code = "grammar.confusion"
    category = "grammar"
    severity = "warning"

    def run(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        if doc.language != "ar":
            return []
        findings = self._ila_for_illa(doc)
        try:
            findings += self._country_for_nisba(doc, refs)
        except lexicon.DictionaryMissing as exc:
            logger.warning("country/nisba check skipped: %s", exc)
        return findings

    # --- إلى / إلا -------------------------------------------------------------------

    def _ila_for_illa(self, doc: AnalyzedText) -> list[Finding]:
        findings = []
        tokens = doc.tokens
        for i, tok in enumerate(tokens):
            if tok.norm != "الي" or _bare(tok) not in ILA or i + 1 >= len(tokens):
                continue
            nxt = _bare(tokens[i + 1])
            pronoun = nxt in ANNA_PRONOUN
            if not pronoun and nxt not in ANNA:
                continue
            if not pronoun:
                after = _bare(tokens[i + 2]) if i + 2 < len(tokens) else ""
                if not _noun_like(after):
                    continue  # «إلى أن + verb»: «until», which is right
            if self._governed(doc, i):
                continue
            clause_start = self._clause_opens_here(doc, i)
            concessive = self._concessive_before(doc, i)
            if not (pronoun or clause_start or concessive):
                continue
            why = "after a concessive clause" if concessive else "with no verb that takes «إلى»"
            findings.append(
                self.finding(
                    doc,
                    tok.start,
                    tok.end,
                    suggestion="إلا",
                    message=f"«إلى {tokens[i + 1].text}» {why}: the exceptive «إلا» is meant.",
                    details={"rule": "ila_illa", "concessive": concessive},
                )
            )
        return findings

    def _sentence_start(self, doc: AnalyzedText, offset: int) -> int:
        sentence = doc.sentence_at(offset)
        return sentence.start if sentence else 0

    def _governed(self, doc: AnalyzedText, i: int) -> bool:
        start = self._sentence_start(doc, doc.tokens[i].start)
        for j in range(i - 1, max(-1, i - 1 - GOVERNOR_WINDOW), -1):
            tok = doc.tokens[j]
            if tok.start < start:
                break
            word = _bare(tok)
            if word in CONCESSIVE_WORDS:
                return False  # the concessive opener is closer than any governor
            if _governor(word):
                return True
        return False

    def _clause_opens_here(self, doc: AnalyzedText, i: int) -> bool:
        """Nothing but punctuation between the previous word (or sentence start) and إلى."""
        tok = doc.tokens[i]
        prev_end = doc.tokens[i - 1].end if i > 0 else 0
        return i == 0 or bool(_CLAUSE_BREAK.search(doc.text[prev_end : tok.start]))

    def _concessive_before(self, doc: AnalyzedText, i: int) -> bool:
        start = self._sentence_start(doc, doc.tokens[i].start)
        for tok in doc.tokens[max(0, i - GOVERNOR_WINDOW) : i]:
            if tok.start >= start and _bare(tok) in CONCESSIVE_WORDS:
                return True
        before = lexicon.strip_diacritics(doc.text[start : doc.tokens[i].start])
        return any(
            re.search(rf"(?<!\w)[وف]?{re.escape(c)}(?!\w)", before) for c in CONCESSIVE_PHRASES
        )

    # --- «التركيا» for «التركي» -------------------------------------------------------

    def _country_for_nisba(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        findings = []
        tokens = doc.tokens
        forms = definite_forms(refs)
        for i, tok in enumerate(tokens):
            hit = forms.get(tok.norm)
            if hit is None:
                continue
            proclitic, name, nisba = hit
            if lexicon.hunspell_ok(_bare(tok), "ar") and not self._beside_nisba(tokens, i):
                continue  # a real word that happens to look so (القطر)
            feminine = self._feminine_head(tokens, i, refs)
            adjective = proclitic + "ال" + nisba + ("ة" if feminine else "")
            findings.append(
                self.finding(
                    doc,
                    tok.start,
                    tok.end,
                    suggestion=adjective,
                    message=(
                        f"«{tok.text}» puts the article on the country name «{name}»; "
                        f"the adjective «{adjective}» is meant."
                    ),
                    details={"rule": "country_nisba", "country": name},
                )
            )
        return findings

    @staticmethod
    def _feminine_head(tokens: list[Token], i: int, refs: References) -> bool:
        """The noun the adjective agrees with, past coordinated adjectives, is feminine."""
        for j in range(i - 1, max(-1, i - 4), -1):
            word = _bare(tokens[j])
            if tokens[j].norm in definite_forms(refs):
                continue
            if j < i - 1 and re.match(r"^[وف]?ال\w+ي$", word):
                continue
            return word.endswith("ة") and word.startswith(("ال", "وال", "بال", "لل"))
        return False

    @staticmethod
    def _beside_nisba(tokens: list[Token], i: int) -> bool:
        for j in (i - 1, i + 1):
            if 0 <= j < len(tokens):
                word = _bare(tokens[j])
                if re.match(r"^[وف]?ال\w+ي(?:ة)?$", word) and lexicon.hunspell_ok(word, "ar"):
                    return True
        return False
