"""Typed values (resolutions, dates, years, money, quantities, percentages) with offsets.

Every grammar runs on the folded view (``MatchText.s``); spans are mapped back to the text
as given. Candidates are then chosen by priority so one stretch of text is one value.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from claims.analysis import lexicon as lx
from claims.analysis.lexicon import alt, fa
from claims.analysis.normalize import fold
from claims.analysis.text import MatchText
from claims.analysis.types import Value

B = r"(?<!\w)"  # no letter or digit before
E = r"(?!\w)"  # none after
NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CL = "(?:[وف]?[بلك]?)"  # Arabic proclitics before a noun without the article

_PRIORITY = {"un_resolution": 0, "date": 1, "money": 2, "percentage": 3, "year": 4, "quantity": 5}


@dataclass(slots=True)
class Candidate:
    type: str
    start: int  # view offsets
    end: int
    fields: dict[str, Any]
    parts: dict[str, tuple[int, int]] = field(default_factory=dict)


def parse_number(raw: str) -> float | None:
    raw = raw.replace(",", "")
    try:
        n = float(raw)
    except ValueError:
        return None
    return int(n) if n.is_integer() else n


# ---------------------------------------------------------------- UN resolutions

_RES_FILLER_AR = alt(
    [
        "مجلس",
        "لمجلس",
        "الأمن",
        "الدولي",
        "الأممي",
        "الأممية",
        "الأمم",
        "للأمم",
        "المتحدة",
        "التابع",
        "الصادر",
        "عن",
        "رقم",
        "ذي",
        "ذو",
        "الرقم",
        "رقمي",
        "رقما",
        "الدولية",
    ]
)
_MONTH_AR_NAMES = alt(lx.MONTHS_AR)
_YEAR_WORD_AR = alt(["عام", "لعام", "العام", "سنة", "لسنة", "للعام", "السنة", "عامي"])
_ADOPT_AR = alt(
    [
        "الصادر",
        "والصادر",
        "الذي صدر",
        "المعتمد",
        "الذي اعتمد",
        "المتخذ",
        "الذي اتخذ",
        "الصادرة",
        "المؤرخ",
        "المؤرخة",
    ]
)
_UN_BODY_AR = r"(?:عن\s+(?:مجلس\s+الأمن|الأمم\s+المتحدة)(?:\s+الدولي)?\s+)?"
RES_AR_RE = re.compile(
    fa(
        B + CL + r"(?:ال)?قرار(?:ي|ات|ين)?(?P<fill>(?:\s+" + _RES_FILLER_AR + r"){0,6})"
        r"\s*[:(]?\s*(?P<num>\d{1,4})(?![\d.,]\d)(?!\s*[%٪])"
        r"(?P<tail>\s*\(\s*(?P<y1>\d{4})\s*\)"
        r"|\s*[،,]?\s*(?:"
        + _ADOPT_AR
        + r"\s+"
        + _UN_BODY_AR
        + r")?(?:(?:في|خلال|منذ)\s+)?"
        + _YEAR_WORD_AR
        + r"\s+(?P<y2>\d{4})"
        r"|\s*[،,]?\s*"
        + _ADOPT_AR
        + r"\s+"
        + _UN_BODY_AR
        + r"(?:(?:في|خلال|بتاريخ|منذ)\s+)?(?:\d{1,2}\s+)?(?:(?:شهر\s+)?"
        + _MONTH_AR_NAMES
        + r"\s+(?:من\s+)?)?(?:"
        + _YEAR_WORD_AR
        + r"\s+)?(?P<y3>\d{4}))?(?!\d)"
    )
)
_MONTHS_EN_ALT = "(?:" + "|".join(sorted(lx.MONTHS_EN, key=len, reverse=True)) + ")"
RES_EN_RE = re.compile(
    B + r"(?:(?:(?:un|u\.n\.|united nations|security council|unsc)\s+){0,3}"
    r"resolutions?\s+(?:no\.?\s*|number\s+|#\s*)?"
    r"|unscr\s*|s/res/)"
    r"(?P<num>\d{1,4})(?![\d.,]\d)(?!\s*%)"
    r"(?P<tail>\s*\(\s*(?P<y1>\d{4})\s*\)"
    r"|\s+(?:of|from)\s+(?P<y2>\d{4})"
    r"|\s*,?\s+(?:which\s+was\s+|that\s+was\s+|was\s+)?(?:unanimously\s+)?"
    r"(?:adopted|passed|approved|issued|voted)(?:\s+unanimously)?"
    r"(?:\s+by\s+the\s+(?:un\s+|u\.n\.\s+)?security\s+council)?\s+(?:in|on)\s+"
    r"(?:(?:"
    + _MONTHS_EN_ALT
    + r"\.?\s+\d{1,2},?|\d{1,2}\s+"
    + _MONTHS_EN_ALT
    + r"\.?,?|"
    + _MONTHS_EN_ALT
    + r"\.?)\s+)?(?P<y3>\d{4}))?(?!\d)"
)
_UN_CONTEXT_AR = re.compile(
    alt(["مجلس الأمن", "الأمم المتحدة", "الأممي", "الأممية", "لمجلس الأمن", "للأمم المتحدة"])
)
_UN_CONTEXT_EN = re.compile(r"security council|united nations|\bu\.?n\.?\b|\bun\b|unsc")
_NOT_SC_AR = re.compile(
    alt(
        [
            "الجمعية العامة",
            "مجلس الوزراء",
            "الوزاري",
            "وزاري",
            "مجلس حقوق الإنسان",
            "الجامعة العربية",
            "البرلمان",
            "مجلس النواب",
            "بقانون",
            "المرسوم",
            "الوزارة",
        ]
    )
)
_NOT_SC_EN = re.compile(
    r"general assembly|human rights council|house|senate|congress|"
    r"parliament|city council|county|board|\bh\.|\bs\.(?!/)|assembly"
)
_LIST_TAIL_RE = re.compile(r"\s*(?:[،,]|و|and)\s*(?:و\s*)?(\d{3,4})(?![\d.,]\d)")


def _resolutions(mt: MatchText, lang: str, sent_bounds) -> list[Candidate]:
    s = mt.s
    out = []
    seen: dict[tuple, bool] = {}

    def in_sentence(rx: re.Pattern, a: int, b: int) -> bool:  # once per sentence
        key = (id(rx), a, b)
        if key not in seen:
            seen[key] = rx.search(s, a, b) is not None
        return seen[key]

    for rx, ar in ((RES_AR_RE, True), (RES_EN_RE, False)):
        for m in _scan(rx, s):
            num = int(m.group("num"))
            if num < 1:
                continue
            a, b = sent_bounds(m.start())
            head = s[m.start() : m.start("num")]
            before = s[max(a, m.start() - 40) : m.start()]
            year = m.group("y1") or m.group("y2") or m.group("y3")
            if ar:
                named = bool(_UN_CONTEXT_AR.search(head))
                # «المتحدث باسم الوزارة … قرار مجلس الأمن»: a body named in the phrase itself
                # outweighs another body mentioned earlier in the sentence.
                if _NOT_SC_AR.search(head) or (not named and _NOT_SC_AR.search(before)):
                    continue
                un = named or bool(m.group("y1"))
                if not un and not (num >= 100 and in_sentence(_UN_CONTEXT_AR, a, b)):
                    continue
            else:
                if _NOT_SC_EN.search(before):
                    continue
                un = bool(re.search(r"un|u\.n\.|security|unscr|s/res", head)) or bool(m.group("y1"))
                if not un and not (num >= 100 or in_sentence(_UN_CONTEXT_EN, a, b)):
                    continue
            fields: dict[str, Any] = {"number": num}
            parts = {"number": (m.start("num"), m.end("num"))}
            end = m.end("num")
            if year:
                fields["year"] = int(year)
                ys = "y1" if m.group("y1") else "y2" if m.group("y2") else "y3"
                parts["year"] = (m.start(ys), m.end(ys))
                end = m.end(ys)
                if m.group("y1"):
                    end = m.end("tail")
            out.append(Candidate("un_resolution", m.start("num"), end, fields, parts))
            # "القرارين 1559 و1701", "resolutions 1325 and 1820"
            pos = m.end("num") if not year else m.end()
            while True:
                lm = _LIST_TAIL_RE.match(s, pos)
                if not lm:
                    break
                n2 = int(lm.group(1))
                out.append(
                    Candidate(
                        "un_resolution",
                        lm.start(1),
                        lm.end(1),
                        {"number": n2},
                        {"number": (lm.start(1), lm.end(1))},
                    )
                )
                pos = lm.end()
    return out


# ---------------------------------------------------------------- dates

_MONTH_AR = alt(lx.MONTHS_AR)
_WD_AR = alt(lx.WEEKDAYS_AR)
_TIME_OF_DAY_AR = alt(
    ["يوم", "ليلة", "صباح", "مساء", "ظهر", "فجر", "عصر", "عشية", "نهار", "صبيحة", "منتصف ليلة"]
)
_ORD_SECOND = alt(["عشر", "عشرة", "والعشرين", "والثلاثين", "والعشرون", "والثلاثون"])
DATE_AR_RE = re.compile(
    fa(
        B
        + r"(?:(?:[وف]?[بل]?"
        + _TIME_OF_DAY_AR
        + r"\s+)?(?P<wd>"
        + _WD_AR
        + r")"
        + E
        + r"\s*[،,]?\s*(?:(?:الموافق|الموافق\s+ل|في|بتاريخ)\s+)?)?"
        r"(?:(?P<day>\d{1,2})(?![\d.,:/]\d)\s*(?:من\s+)?(?:شهر\s+)?"
        r"|(?P<ord>[وفبل]?ال(?P<ordw>[\u0621-\u064a]{2,7})(?:\s+" + _ORD_SECOND + r")?)\s+"
        r"(?:من\s+)(?:شهر\s+)?)"
        r"(?P<month>"
        + _MONTH_AR
        + r")"
        + E
        + r"(?:\s*(?:/|\(|-|–)\s*(?P<month2>"
        + _MONTH_AR
        + r")\s*\)?)?"
        r"(?:\s*[،,]?\s*(?:(?:من\s+)?"
        + _YEAR_WORD_AR
        + r"\s+)?(?P<year>\d{4})(?!\d)(?:\s*م"
        + E
        + ")?)?"
    )
)
# Day/month/year in digits: Arabic newsrooms write the day first. Only read in Arabic text,
# where 04/05/2019 is never American month-first.
NUMERIC_DATE_AR_RE = re.compile(
    fa(
        B
        + r"(?:(?:[وف]?[بل]?"
        + _TIME_OF_DAY_AR
        + r"\s+)?(?P<wd>"
        + _WD_AR
        + r")"
        + E
        + r"\s*[،,]?\s*(?:(?:الموافق|في|بتاريخ)\s+)?)?"
        r"(?P<day>\d{1,2})(?P<sep>[/\-.])(?P<month>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d\d)"
        r"(?![\d/\-])"
    )
)
MONTH_YEAR_AR_RE = re.compile(
    fa(
        B + r"(?:[وفبل]?(?:شهر|الشهر|مطلع|منتصف|أواخر|اواخر|نهاية|بداية|أوائل|اوائل)\s+)?"
        r"(?P<month>"
        + _MONTH_AR
        + r")"
        + E
        + r"(?:\s*(?:/|\(|-|–)\s*(?P<month2>"
        + _MONTH_AR
        + r")\s*\)?)?"
        r"\s*[،,]?\s*(?:(?:من\s+)?" + _YEAR_WORD_AR + r"\s+)?(?P<year>\d{4})(?!\d)"
    )
)
_MONTH_EN = r"(?:" + "|".join(sorted(lx.MONTHS_EN, key=len, reverse=True)) + r")"
_WD_EN = r"(?:" + "|".join(sorted(lx.WEEKDAYS_EN, key=len, reverse=True)) + r")"
DATE_EN_RE = re.compile(
    B + r"(?:(?P<wd>" + _WD_EN + r")\.?" + E + r",?\s+(?:the\s+)?)?"
    r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>"
    + _MONTH_EN
    + r")"
    + E
    + r"\.?(?:,?\s+(?P<year>\d{4})(?!\d))?"
    r"|(?P<month_b>" + _MONTH_EN + r")" + E + r"\.?\s+(?P<day_b>\d{1,2})(?:st|nd|rd|th)?"
    r"(?![\d.,:]\d)" + E + r"(?:,?\s+(?P<year_b>\d{4})(?!\d))?)"
)
_LAST_BEFORE_EN = re.compile(r"(?:last|this\s+past)\s+$")
MONTH_YEAR_EN_RE = re.compile(
    B + r"(?P<month>" + _MONTH_EN + r")" + E + r"\.?,?\s+(?:of\s+)?(?P<year>\d{4})(?!\d)"
)
_PAST_AR = alt(["الماضي", "المنصرم", "الفائت", "الماضية"])
_NEXT_AR = alt(["المقبل", "القادم", "المقبلة"])
# No leading look-behind: the scan can then skip ahead on the first letters; the word
# boundary and a time of day before the weekday are checked in code.
REL_AR_RE = re.compile(
    fa(
        r"(?P<wd>"
        + _WD_AR
        + r")\s+(?:(?P<past>"
        + _PAST_AR
        + r")|(?P<next>"
        + _NEXT_AR
        + r"))"
        + E
        + r"|(?P<week>(?:ال)?(?:أسبوع|اسبوع)\s+(?:"
        + _PAST_AR
        + r"))"
        + E
        + r"|(?P<daybefore>(?:أول|اول)\s+(?:أمس|امس)|(?:أمس|امس)\s+الأول)"
        + E
        + r"|(?P<yesterday>أمس|امس|البارحة)"
        + E
    )
)
_TOD_BEFORE_AR = re.compile(fa(r"(?<!\w)[وف]?[بل]?" + _TIME_OF_DAY_AR + r"\s+$"))
_REL_PROCLITICS = frozenset({"", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", "وال", "ال"})
REL_EN_RE = re.compile(
    B
    + r"(?:(?:last|this\s+past)\s+(?P<wd>"
    + _WD_EN
    + r"))"
    + E
    + r"|"
    + B
    + r"(?P<nextwd>next\s+(?P<wd2>"
    + _WD_EN
    + r"))"
    + E
    + r"|"
    + B
    + r"(?P<week>last\s+week)"
    + E
    + r"|"
    + B
    + r"(?P<daybefore>the\s+day\s+before\s+yesterday)"
    + E
    + r"|"
    + B
    + r"(?P<yesterday>yesterday)"
    + E
)


_PART_OF_MONTH_RE = re.compile(
    fa(
        r"(?<!\w)"
        + alt(
            [
                "النصف",
                "الأسبوع",
                "الربع",
                "الثلث",
                "الجزء",
                "العقد",
                "الشطر",
                "الأسبوعين",
                "الأيام",
                "الأسابيع",
            ]
        )
        + r"\s+$"
    )
)


def _ordinal_day(ordw: str, second: str) -> tuple[int | None, str | None]:
    """The day an ordinal names, and the expected stem when the word is misspelt."""
    stem = ordw
    expected = None
    if stem not in lx.ORDINAL_STEMS:
        expected = closest_ordinal(stem)
        if expected is None:
            return None, None
        stem = expected
    base = lx.ORDINAL_STEMS[stem]
    if second:
        tens = lx.ORDINAL_TENS.get(second, 0)
        if lx.ORDINAL_STEMS[stem] in (20, 30):
            return None, None
        if tens == 10 and stem == "حادي":
            return 11, expected
        if tens == 10:
            return (base + 10 if base < 10 else None), expected
        return base + tens if base < 10 else None, expected
    if stem == "حادي":  # «الحادي» needs «عشر» or a tens word after it
        return None, None
    return base, expected


def closest_ordinal(word: str) -> str | None:
    """The ordinal stem a misspelt word in an ordinal-day slot stands for, if any."""
    word = word.removeprefix("ال") if word.startswith("ال") and len(word) > 4 else word
    if len(word) < 3:
        return None
    same_letters = [k for k in lx.ORDINAL_STEMS if sorted(k) == sorted(word)]
    if same_letters:
        return same_letters[0]
    if len(word) >= 4:
        near = [k for k in lx.ORDINAL_STEMS if len(k) >= 4 and _edit1(k, word)]
        if len(near) == 1:
            return near[0]
    return None


def _edit1(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))


def _date_fields(year: int | None, month: int, day: int | None, published: date | None):
    fields: dict[str, Any] = {}
    if year is None and day is not None and published is not None:
        year = published.year
        try:
            if date(year, month, day) > published + timedelta(days=60):
                year -= 1
        except ValueError:
            pass
        fields["year_inferred"] = True
    if day is None:
        fields.update(
            date=f"{year:04d}-{month:02d}" if year else None, year=year, month=month, valid=True
        )
        return fields
    fields.update(year=year, month=month, day=day)
    if year is None:
        fields["date"] = None
        fields["valid"] = day <= calendar.monthrange(2000, month)[1]
        return fields
    try:
        fields["date"] = date(year, month, day).isoformat()
        fields["valid"] = True
    except ValueError:
        fields["date"] = None
        fields["valid"] = False
    return fields


def _dates(mt: MatchText, lang: str, published: date | None) -> list[Candidate]:
    s = mt.s
    out = []
    for m in _scan(DATE_AR_RE, s):
        month = lx.MONTHS_AR[re.sub(r"\s+", " ", m.group("month"))]
        m2 = m.group("month2")
        if m2 and lx.MONTHS_AR.get(re.sub(r"\s+", " ", m2)) not in (None, month):
            continue  # "نيسان/مايو" is no date we can trust
        parts = {"month": (m.start("month"), m.end("month"))}
        start = m.start()
        fields: dict[str, Any]
        if m.group("day"):
            day: int | None = int(m.group("day"))
            if not 1 <= day <= 31:
                continue
            parts["day"] = (m.start("day"), m.end("day"))
            start = m.start("day")
            extra: dict[str, Any] = {}
        else:
            if _PART_OF_MONTH_RE.search(s, max(0, m.start() - 12), m.start()):
                continue  # «النصف الثاني من مارس» is a half, not the 2nd
            ord_text = m.group("ord")
            word = m.group("ordw")
            rest = ord_text[ord_text.index(word) + len(word) :].strip()
            day, expected = _ordinal_day(word, rest)
            if day is None:
                continue
            ostart = m.start("ordw") - 2  # the article ال belongs to the word
            oend = m.end("ordw")
            parts["day"] = (ostart, m.end("ord"))
            start = m.start("ord")
            extra = {}
            if expected:
                parts["ordinal"] = (ostart, oend)
                a, b = mt.span(ostart, oend)
                extra = {
                    "ordinal_text": mt.original[a:b],
                    "ordinal_expected": "ال" + lx.ORDINAL_DISPLAY[expected],
                }
        year = int(m.group("year")) if m.group("year") else None
        fields = _date_fields(year, month, day, published)
        fields.update(extra)
        if m.group("wd"):
            fields["weekday"] = lx.WEEKDAY_NAMES_EN[lx.WEEKDAYS_AR[m.group("wd")]]
            parts["weekday"] = (m.start("wd"), m.end("wd"))
            start = min(start, m.start("wd"))
        if year:
            parts["year"] = (m.start("year"), m.end("year"))
        out.append(Candidate("date", start, m.end(), fields, parts))
    for m in _scan(DATE_EN_RE, s):
        if m.group("month"):
            day, mon, yr, dk, yk = m.group("day"), m.group("month"), m.group("year"), "day", "year"
            mk = "month"
        else:
            day, mon, yr, dk, yk = (
                m.group("day_b"),
                m.group("month_b"),
                m.group("year_b"),
                "day_b",
                "year_b",
            )
            mk = "month_b"
        if mon == "may" and not yr and not m.group("wd"):
            # "may 5" is far more often the verb before a number than a date.
            continue
        d = int(day)
        if not 1 <= d <= 31:
            continue
        month = lx.MONTHS_EN[mon]
        fields = _date_fields(int(yr) if yr else None, month, d, published)
        parts = {"day": (m.start(dk), m.end(dk)), "month": (m.start(mk), m.end(mk))}
        if yr:
            parts["year"] = (m.start(yk), m.end(yk))
        start = m.start()
        if m.group("wd") and _LAST_BEFORE_EN.search(s, max(0, start - 12), start):
            # "last Wednesday, 8 January": the weekday belongs to the relative date.
            start = min(a for a, _ in parts.values())
        elif m.group("wd"):
            fields["weekday"] = lx.WEEKDAY_NAMES_EN[lx.WEEKDAYS_EN[m.group("wd")]]
            parts["weekday"] = (m.start("wd"), m.end("wd"))
        out.append(Candidate("date", start, m.end(), fields, parts))
    for rx, table in ((MONTH_YEAR_AR_RE, lx.MONTHS_AR), (MONTH_YEAR_EN_RE, lx.MONTHS_EN)):
        for m in _scan(rx, s):
            month = table[re.sub(r"\s+", " ", m.group("month"))]
            if rx is MONTH_YEAR_EN_RE and m.group("month") in ("may", "mar"):
                continue
            fields = _date_fields(int(m.group("year")), month, None, published)
            parts = {
                "month": (m.start("month"), m.end("month")),
                "year": (m.start("year"), m.end("year")),
            }
            out.append(Candidate("date", m.start("month"), m.end(), fields, parts))
    if lang == "ar":
        for m in NUMERIC_DATE_AR_RE.finditer(s):
            day, month = int(m.group("day")), int(m.group("month"))
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            fields = _date_fields(int(m.group("year")), month, day, published)
            parts = {
                "day": (m.start("day"), m.end("day")),
                "month": (m.start("month"), m.end("month")),
                "year": (m.start("year"), m.end("year")),
            }
            if m.group("wd"):
                fields["weekday"] = lx.WEEKDAY_NAMES_EN[lx.WEEKDAYS_AR[m.group("wd")]]
                parts["weekday"] = (m.start("wd"), m.end("wd"))
            out.append(Candidate("date", m.start(), m.end(), fields, parts))
    out.extend(_relative_dates(mt, published))
    return out


def _relative_dates(mt: MatchText, published: date | None) -> list[Candidate]:
    s = mt.s
    out = []
    for rx, wds in ((REL_AR_RE, lx.WEEKDAYS_AR), (REL_EN_RE, lx.WEEKDAYS_EN)):
        for m in _scan(rx, s):
            g = m.groupdict()
            start = m.start()
            if rx is REL_AR_RE:
                ws = start
                while ws > 0 and s[ws - 1].isalnum():
                    ws -= 1
                if s[ws:start] not in _REL_PROCLITICS:
                    continue
                tod = _TOD_BEFORE_AR.search(s, max(0, ws - 20), ws) if g.get("wd") else None
                start = tod.start() if tod else m.start()
            fields: dict[str, Any] = {"relative": True}
            resolved: date | None = None
            wd_name = g.get("wd") or g.get("wd2")
            if wd_name:
                wd = wds[wd_name]
                fields["weekday"] = lx.WEEKDAY_NAMES_EN[wd]
                forward = bool(g.get("next") or g.get("nextwd"))
                fields["direction"] = "next" if forward else "past"
                if published:
                    if forward:
                        resolved = published + timedelta(days=(wd - published.weekday()) % 7 or 7)
                    else:
                        resolved = published - timedelta(days=(published.weekday() - wd) % 7 or 7)
            elif g.get("week"):
                fields.update(direction="past", precision="week")
                resolved = published - timedelta(days=7) if published else None
            elif g.get("daybefore"):
                fields["direction"] = "past"
                resolved = published - timedelta(days=2) if published else None
            elif g.get("yesterday"):
                fields["direction"] = "past"
                resolved = published - timedelta(days=1) if published else None
            else:
                continue
            fields["date"] = resolved.isoformat() if resolved else None
            out.append(Candidate("date", start, m.end(), fields))
    return out


# ---------------------------------------------------------------- years

_YEAR_CUE_AR = alt(
    [
        "عام",
        "العام",
        "لعام",
        "سنة",
        "لسنة",
        "السنة",
        "في",
        "منذ",
        "حتى",
        "خلال",
        "مطلع",
        "بداية",
        "نهاية",
        "أواخر",
        "أوائل",
        "للعام",
        "عامي",
        "بعام",
        "وعام",
        "ومنذ",
        "وفي",
        "وحتى",
    ]
)
YEAR_AR_RE = re.compile(B + _YEAR_CUE_AR + r"\s+(?P<year>1[89]\d\d|20\d\d)(?![\d.,]\d)(?!\s*[%٪])")
YEAR_EN_RE = re.compile(
    B + r"(?:in|since|by|until|till|during|of|early|late|mid-|year|throughout|from|before|after)"
    r"\s+(?P<year>1[89]\d\d|20\d\d)(?![\d.,]\d)(?!\s*%)"
)


def _years(mt: MatchText) -> list[Candidate]:
    s = mt.s
    out = []
    for rx in (YEAR_AR_RE, YEAR_EN_RE):
        for m in _scan(rx, s):
            y = int(m.group("year"))
            out.append(Candidate("year", m.start("year"), m.end("year"), {"year": y}))
    return out


# ---------------------------------------------------------------- numbers, money, %

_NUMWORD_AR = alt(list(lx.NUMBER_WORDS_AR) + list(lx.SCALE_WORDS_AR))
_SCALE_AR = alt(lx.SCALE_WORDS_AR)
NUMPHRASE_AR = (
    r"(?:(?P<digits>" + NUM + r")(?:\s*(?P<dscale>" + _SCALE_AR + r")" + E + r")?"
    r"|(?P<words>[وبل]?" + _NUMWORD_AR + E + r"(?:\s+و?" + _NUMWORD_AR + E + r"){0,4}))"
)
_SCALE_EN = r"(?:thousand|million|billion|trillion|bn|m|k)"
_NUMWORD_EN = (
    r"(?:"
    + "|".join(
        sorted(
            list(lx.NUMBER_WORDS_EN) + ["thousand", "million", "billion", "trillion"],
            key=len,
            reverse=True,
        )
    )
    + r")"
)
NUMPHRASE_EN = (
    r"(?:(?P<digits>" + NUM + r")(?:\s*(?P<dscale>" + _SCALE_EN + r")" + E + r")?"
    r"|(?P<words>(?:a\s+)?"
    + _NUMWORD_EN
    + E
    + r"(?:[\s-]+(?:and\s+)?"
    + _NUMWORD_EN
    + E
    + r"){0,4}))"
)


def words_value(words: str, ar: bool) -> int | None:
    units = lx.NUMBER_WORDS_AR if ar else lx.NUMBER_WORDS_EN
    scales = lx.SCALE_WORDS_AR if ar else {k: v for k, v in lx.SCALE_WORDS_EN.items() if len(k) > 2}
    total = current = 0
    seen = False
    for w in re.split(r"[\s-]+", words):
        if not w or w in ("a", "and"):
            continue
        if ar and w[0] in "وبل" and w not in units and w not in scales:
            w = w[1:]
        if w in units:
            n = units[w]
            if not ar and n == 100:
                current = (current or 1) * 100
            else:
                current += n
            seen = True
        elif w in scales:
            n = scales[w]
            if ar and w in lx.SCALE_DUAL_AR:
                total += current + n if current else n
            else:
                total += (current or 1) * n
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def _phrase_amount(m: re.Match, ar: bool) -> int | float | None:
    if m.group("digits"):
        n = parse_number(m.group("digits"))
        if n is None:
            return None
        sc = m.group("dscale")
        if sc:
            table = lx.SCALE_WORDS_AR if ar else lx.SCALE_WORDS_EN
            mult = table.get(sc, 1)
            if ar and sc in lx.SCALE_DUAL_AR:
                mult //= 2
            n = n * mult
            n = int(n) if float(n).is_integer() else n
        return n
    return words_value(m.group("words"), ar)


_CUR_AR = alt(lx.CURRENCIES_AR)
_QUAL_AR = alt(lx.CURRENCY_QUALIFIERS_AR)
_PERIOD_AR = {
    fold(k): v
    for k, v in {
        "شهريا": "month",
        "سنويا": "year",
        "يوميا": "day",
        "أسبوعيا": "week",
        "اسبوعيا": "week",
    }.items()
}
_PERIOD_AR_RE = (
    r"(?:\s+(?P<period>(?:(?:في|كل|ب)\s*)(?:ال)?(?:شهر|سنة|عام|يوم|أسبوع)(?:\s+الواحد)?"
    r"|شهريا|سنويا|يوميا|أسبوعيا|اسبوعيا))"
)
MONEY_AR_RE = re.compile(
    fa(
        B
        + r"(?:"
        + NUMPHRASE_AR
        + r"\s*)?(?P<cur>[وبل]?"
        + _CUR_AR
        + r")"
        + E
        + r"(?:\s+(?P<qual>(?:ال)?"
        + _QUAL_AR
        + r"(?:ة)?)"
        + E
        + r")?"
        + _PERIOD_AR_RE
        + "?"
        + E
    )
)
MONEY_AR_SYM_RE = re.compile(
    B + r"(?P<digits>" + NUM + r")(?:\s*(?P<dscale>" + _SCALE_AR + r"))?\s*(?P<sym>\$|€|£)"
)
_CUR_EN = r"(?:" + "|".join(sorted(lx.CURRENCIES_EN, key=len, reverse=True)) + r")"
_PERIOD_EN_RE = (
    r"(?:\s+(?:a|per|each|every|an)\s+(?P<period>month|year|day|week)|\s+"
    r"(?P<period2>monthly|annually|a\s+year|yearly|daily|weekly))"
)
MONEY_EN_RE = re.compile(
    r"(?:(?P<sym>us\$|\$|€|£|¥|(?<!\w)usd|(?<!\w)eur|(?<!\w)gbp)\s*(?P<digits>" + NUM + r")"
    r"(?:\s*(?P<dscale>" + _SCALE_EN + r")" + E + r")?"
    r"|"
    + B
    + NUMPHRASE_EN.replace("(?P<digits>", "(?P<digits2>").replace("(?P<dscale>", "(?P<dscale2>")
    + r"\s+(?:(?:us|u\.s\.|american|canadian|australian)\s+)?"
    r"(?P<cur>" + _CUR_EN + r")" + E + r")" + _PERIOD_EN_RE + "?"
)
PERCENT_AR_RE = re.compile(
    fa(B + NUMPHRASE_AR + r"\s*(?:%|٪|(?:في|ب)\s*ال(?:مئة|مائة|مية)" + E + r")")
)
PERCENT_EN_RE = re.compile(
    B + NUMPHRASE_EN + r"\s*(?:%|per\s*cent" + E + r"|pc" + E + r"|percentage\s+points?" + E + r")"
)
APPROX_AR_RE = re.compile(B + r"(?:[وفبل]?(?:ال|لل)?)(?P<w>" + alt(lx.APPROX_AR) + r")" + E)
APPROX_EN_RE = re.compile(
    B + r"(?P<w>(?:tens|hundreds)\s+of\s+thousands|" + "|".join(lx.APPROX_EN) + r")" + E
)
QUANT_AR_RE = re.compile(B + NUMPHRASE_AR + r"(?:\s+(?P<unit>[\u0621-\u064a]{2,}))?")
QUANT_EN_RE = re.compile(B + NUMPHRASE_EN + r"(?:\s+(?P<unit>[a-z]{2,}))?")


def _money(mt: MatchText, lang: str, default_dinar: str) -> list[Candidate]:
    s = mt.s
    out = []
    for m in _scan(MONEY_AR_RE, s):
        cur_word = m.group("cur")
        if cur_word[0] in "وبل" and cur_word not in lx.CURRENCIES_AR:
            cur_word = cur_word[1:]
        currency = lx.CURRENCIES_AR.get(cur_word, "")
        qual = m.group("qual")
        if qual:
            q = qual.removeprefix("ال")
            currency = (
                lx.CURRENCY_QUALIFIERS_AR.get(q)
                or lx.CURRENCY_QUALIFIERS_AR.get(q.rstrip("ه"))
                or currency
            )
        currency = currency or default_dinar
        has_num = m.group("digits") or m.group("words")
        amount = _phrase_amount(m, True) if has_num else None
        if amount is None:
            if has_num:
                continue
            # "ملايين الدولارات" is caught by the approximate grammar; a bare currency word
            # ("الدولار") is no amount.
            continue
        fields: dict[str, Any] = {"amount": amount, "currency": currency}
        if m.group("period"):
            p = m.group("period")
            fields["period"] = next(
                (
                    v
                    for k, v in (
                        ("شهر", "month"),
                        ("سنه", "year"),
                        ("عام", "year"),
                        ("يوم", "day"),
                        ("اسبوع", "week"),
                    )
                    if k in p
                ),
                None,
            )
            fields["period"] = fields["period"] or _PERIOD_AR.get(p)
        out.append(Candidate("money", m.start(), m.end(), fields))
    for m in _scan(MONEY_AR_SYM_RE, s):
        amount = _phrase_amount(m, True)
        if amount is not None:
            out.append(
                Candidate(
                    "money",
                    m.start(),
                    m.end(),
                    {"amount": amount, "currency": lx.CURRENCY_SYMBOLS[m["sym"]]},
                )
            )
    for m in _scan(MONEY_EN_RE, s):
        if m.group("sym"):
            n = parse_number(m.group("digits"))
            if n is None:
                continue
            sc = m.group("dscale")
            amount = n * lx.SCALE_WORDS_EN[sc] if sc else n
            currency = lx.CURRENCY_SYMBOLS[m.group("sym")]
        else:
            g = {
                "digits": m.group("digits2"),
                "dscale": m.group("dscale2"),
                "words": m.group("words"),
            }
            amount = _phrase_amount(_Groups(g), False)
            if amount is None:
                continue
            currency = lx.CURRENCIES_EN[m.group("cur")] or default_dinar
        if isinstance(amount, float) and amount.is_integer():
            amount = int(amount)
        fields = {"amount": amount, "currency": currency}
        period = m.group("period") or m.group("period2")
        if period:
            fields["period"] = {
                "monthly": "month",
                "annually": "year",
                "yearly": "year",
                "daily": "day",
                "weekly": "week",
            }.get(period, period)
            if period.startswith("a") and "year" in period:
                fields["period"] = "year"
        out.append(Candidate("money", m.start(), m.end(), fields))
    return out


class _Groups:
    """Lets _phrase_amount read renamed groups."""

    def __init__(self, groups: dict):
        self._g = groups

    def group(self, name: str):
        return self._g.get(name)


def _percentages(mt: MatchText) -> list[Candidate]:
    s = mt.s
    out = []
    for rx, ar in ((PERCENT_AR_RE, True), (PERCENT_EN_RE, False)):
        for m in _scan(rx, s):
            amount = _phrase_amount(m, ar)
            if amount is not None:
                out.append(Candidate("percentage", m.start(), m.end(), {"amount": amount}))
    return out


_UNIT_STOP = frozenset(
    fold(w)
    for w in (
        "في",
        "من",
        "إلى",
        "على",
        "عن",
        "و",
        "أو",
        "ما",
        "التي",
        "الذي",
        "مع",
        "قد",
        "لا",
        "هو",
        "هي",
        "أن",
        "إن",
        "كان",
        "the",
        "and",
        "of",
        "in",
        "to",
        "a",
        "on",
        "for",
        "or",
        "at",
        "by",
        "is",
        "was",
        "with",
        "that",
        "from",
    )
)


def _quantities(mt: MatchText) -> list[Candidate]:
    s = mt.s
    out = []
    for m in _scan(APPROX_AR_RE, s):
        w = m.group("w")
        nxt = re.match(r"\s+(?:من\s+)?(?:ال)?([\u0621-\u064a]{2,})", s[m.end() : m.end() + 30])
        fields = {"amount": lx.APPROX_AR[w], "approximate": True}
        if nxt:
            fields["unit"] = nxt.group(1)
        start = m.start("w") - 2 if s[m.start() : m.start("w")].endswith("ال") else m.start("w")
        out.append(Candidate("quantity", start, m.end(), fields))
    for m in _scan(APPROX_EN_RE, s):
        w = m.group("w")
        amount = (
            10_000
            if w.startswith("tens")
            else 100_000
            if w.startswith("hundreds of")
            else lx.APPROX_EN[w]
        )
        nxt = re.match(r"\s+of\s+([a-z]{2,})", s[m.end() : m.end() + 30])
        fields = {"amount": amount, "approximate": True}
        if nxt:
            fields["unit"] = nxt.group(1)
        out.append(Candidate("quantity", m.start(), m.end(), fields))
    for rx, ar in ((QUANT_AR_RE, True), (QUANT_EN_RE, False)):
        for m in _scan(rx, s):
            if m.group("digits") and (
                s[m.start() - 1 : m.start()] in (":", "/", ".", "-", "+")
                or s[m.end("digits") : m.end("digits") + 1] in (":", "/")
            ):
                continue  # times, fractions, phone numbers, codes
            amount = _phrase_amount(m, ar)
            if amount is None:
                continue
            unit = m.group("unit")
            if unit and unit in _UNIT_STOP:
                unit = None
            words_only = not m.group("digits")
            if words_only and not unit and not m.group("words").strip().count(" "):
                continue  # a lone number word is too often something else
            if (
                m.group("digits")
                and not unit
                and isinstance(amount, int)
                and 1800 <= amount <= 2100
            ):
                continue  # a bare year, not a quantity
            fields = {"amount": amount}
            end = m.end("digits") if m.group("digits") else m.end("words")
            if m.group("dscale"):
                end = m.end("dscale")
            if unit:
                fields["unit"] = unit.removeprefix("ال") if ar else unit
            out.append(Candidate("quantity", m.start(), end, fields))
    return out


# ---------------------------------------------------------------- gates

# A grammar only runs when the text holds a word it cannot match without (cheap ``in``
# tests), which keeps a typical article at a few milliseconds.
_MONTH_TRIGGERS_EN = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_GATES = {
    id(RES_AR_RE): ("قرار",),
    id(RES_EN_RE): ("resolution", "unscr", "s/res"),
    id(DATE_AR_RE): tuple(k.split()[0] for k in lx.MONTHS_AR),
    id(MONTH_YEAR_AR_RE): tuple(k.split()[0] for k in lx.MONTHS_AR),
    id(DATE_EN_RE): _MONTH_TRIGGERS_EN,
    id(MONTH_YEAR_EN_RE): _MONTH_TRIGGERS_EN,
    id(REL_AR_RE): tuple(
        fold(w) for w in ("الماضي", "المنصرم", "الفائت", "المقبل", "القادم", "أمس", "البارحة")
    ),
    id(REL_EN_RE): ("last", "yesterday", "next", "past"),
    id(YEAR_AR_RE): ("19", "20"),
    id(YEAR_EN_RE): ("19", "20"),
    id(MONEY_AR_RE): tuple(
        fold(w)
        for w in (
            "دولار",
            "يورو",
            "دينار",
            "دنانير",
            "ريال",
            "جنيه",
            "درهم",
            "دراهم",
            "ليرة",
            "ليرات",
            "روبل",
            "يوان",
            "استرليني",
        )
    ),
    id(MONEY_AR_SYM_RE): ("$", "€", "£"),
    id(MONEY_EN_RE): ("$", "€", "£", "¥", "usd", "eur", "gbp", *lx.CURRENCIES_EN),
    id(PERCENT_AR_RE): ("%", "٪", fold("المئة"), fold("المائة"), "الميه"),
    id(PERCENT_EN_RE): ("%", "percent", "per cent", "pc", "percentage"),
    id(APPROX_AR_RE): tuple(lx.APPROX_AR),
    id(APPROX_EN_RE): tuple(lx.APPROX_EN),
}


def _scan(rx: re.Pattern, s: str):
    triggers = _GATES.get(id(rx))
    if triggers is not None and not any(t in s for t in triggers):
        return iter(())
    return rx.finditer(s)


# ---------------------------------------------------------------- all together


def extract_values(
    mt: MatchText,
    language: str,
    published: date | None,
    sent_bounds,
    default_dinar: str | None = None,
) -> list[Value]:
    cands: list[Candidate] = []
    cands += _resolutions(mt, language, sent_bounds)
    cands += _dates(mt, language, published)
    cands += _money(mt, language, default_dinar)
    cands += _percentages(mt)
    cands += _years(mt)
    cands += _quantities(mt)
    cands.sort(key=lambda c: (_PRIORITY[c.type], -(c.end - c.start), c.start))
    taken = bytearray(len(mt.s) + 1)
    chosen: list[Candidate] = []
    for c in cands:
        if c.end <= c.start or any(taken[c.start : c.end]):
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    out = []
    text = mt.original
    for c in chosen:
        # Leading clitics and spaces are not part of a value.
        a, b = mt.span(c.start, c.end)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        v = Value(c.type, a, b, text[a:b], dict(c.fields))
        v.parts = {k: mt.span(i, j) for k, (i, j) in c.parts.items()}
        out.append(v)
    return out
