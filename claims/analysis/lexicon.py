"""Word lists for the value grammars, written naturally and folded once at import.

Everything here is matched against ``MatchText.s`` (folded, lower-cased), so each list is
passed through ``fold`` before it becomes part of a pattern.
"""

from __future__ import annotations

import re

from claims.analysis.normalize import _LETTERS, fold


def alt(words) -> str:
    """A regex alternation of folded words, longest first so a prefix never wins early."""
    folded = sorted({fold(w) for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in folded) + ")"


def fa(pattern: str) -> str:
    """Fold the Arabic letters of a regex pattern, leaving its syntax alone."""
    return pattern.translate(_LETTERS)


def folded_map(pairs: dict) -> dict:
    return {fold(k): v for k, v in pairs.items()}


MONTHS_AR = folded_map(
    {
        # Modern Standard (Egypt, Gulf)
        "يناير": 1,
        "فبراير": 2,
        "مارس": 3,
        "أبريل": 4,
        "ابريل": 4,
        "إبريل": 4,
        "مايو": 5,
        "يونيو": 6,
        "يونيه": 6,
        "يوليو": 7,
        "يوليه": 7,
        "أغسطس": 8,
        "اغسطس": 8,
        "سبتمبر": 9,
        "أكتوبر": 10,
        "اكتوبر": 10,
        "نوفمبر": 11,
        "ديسمبر": 12,
        # Levant and Iraq
        "كانون الثاني": 1,
        "كانون ثاني": 1,
        "شباط": 2,
        "آذار": 3,
        "نيسان": 4,
        "أيار": 5,
        "حزيران": 6,
        "تموز": 7,
        "آب": 8,
        "أيلول": 9,
        "تشرين الأول": 10,
        "تشرين أول": 10,
        "تشرين الثاني": 11,
        "تشرين ثاني": 11,
        "كانون الأول": 12,
        "كانون أول": 12,
        # Maghreb
        "جانفي": 1,
        "جانفييه": 1,
        "فيفري": 2,
        "أفريل": 4,
        "ماي": 5,
        "جوان": 6,
        "جويلية": 7,
        "جويلة": 7,
        "أوت": 8,
        "يوليوز": 7,
        "غشت": 8,
        "شتنبر": 9,
        "نونبر": 11,
        "دجنبر": 12,
    }
)
MONTHS_EN = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
MONTH_NAMES_EN = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Monday = 0 as in date.weekday().
WEEKDAYS_AR = folded_map(
    {
        "الاثنين": 0,
        "الإثنين": 0,
        "الثلاثاء": 1,
        "الأربعاء": 2,
        "الاربعاء": 2,
        "الخميس": 3,
        "الجمعة": 4,
        "السبت": 5,
        "الأحد": 6,
        "الاحد": 6,
    }
)
WEEKDAY_NAMES_AR = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
WEEKDAYS_EN = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
WEEKDAY_NAMES_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Ordinal day words: the first word's stem (after ال) and its day number.
ORDINAL_STEMS = folded_map(
    {
        "أول": 1,
        "ثاني": 2,
        "ثالث": 3,
        "رابع": 4,
        "خامس": 5,
        "سادس": 6,
        "سابع": 7,
        "ثامن": 8,
        "تاسع": 9,
        "عاشر": 10,
        "حادي": 1,
        "واحد": 1,
        "عشرين": 20,
        "ثلاثين": 30,
        "عشرون": 20,  # nominative: «حلّ العشرون من»
        "ثلاثون": 30,
    }
)
ORDINAL_DISPLAY = {
    fold(k): k
    for k in (
        "أول",
        "ثاني",
        "ثالث",
        "رابع",
        "خامس",
        "سادس",
        "سابع",
        "ثامن",
        "تاسع",
        "عاشر",
        "حادي",
        "واحد",
        "عشرين",
        "ثلاثين",
        "عشرون",
        "ثلاثون",
    )
}
ORDINAL_TENS = {
    fold(w): n
    for w, n in (
        ("عشر", 10),
        ("عشرة", 10),
        ("والعشرين", 20),
        ("والثلاثين", 30),
        ("والعشرون", 20),
        ("والثلاثون", 30),
    )
}

# Number words. Units and tens add; scales multiply what came before (or 1).
NUMBER_WORDS_AR = folded_map(
    {
        "واحد": 1,
        "واحدة": 1,
        "اثنان": 2,
        "اثنين": 2,
        "اثنتان": 2,
        "اثنتين": 2,
        "ثلاث": 3,
        "ثلاثة": 3,
        "أربع": 4,
        "أربعة": 4,
        "خمس": 5,
        "خمسة": 5,
        "ستة": 6,
        "سبعة": 7,
        "ثماني": 8,
        "ثمانية": 8,
        "تسعة": 9,
        "عشرة": 10,
        "عشرون": 20,
        "عشرين": 20,
        "ثلاثون": 30,
        "ثلاثين": 30,
        "أربعون": 40,
        "أربعين": 40,
        "خمسون": 50,
        "خمسين": 50,
        "ستون": 60,
        "ستين": 60,
        "سبعون": 70,
        "سبعين": 70,
        "ثمانون": 80,
        "ثمانين": 80,
        "تسعون": 90,
        "تسعين": 90,
        "مئة": 100,
        "مائة": 100,
        "مئتان": 200,
        "مئتين": 200,
        "مئتي": 200,
        "مائتان": 200,
        "مائتين": 200,
        "مائتي": 200,
        "ثلاثمئة": 300,
        "ثلاثمائة": 300,
        "أربعمئة": 400,
        "أربعمائة": 400,
        "خمسمئة": 500,
        "خمسمائة": 500,
        "ستمئة": 600,
        "ستمائة": 600,
        "سبعمئة": 700,
        "سبعمائة": 700,
        "ثمانمئة": 800,
        "ثمانمائة": 800,
        "تسعمئة": 900,
        "تسعمائة": 900,
    }
)
SCALE_WORDS_AR = folded_map(
    {
        "ألف": 1000,
        "آلاف": 1000,
        "ألفا": 1000,
        "ألفان": 2000,
        "ألفين": 2000,
        "ألفي": 2000,
        "مليون": 10**6,
        "ملايين": 10**6,
        "مليونا": 10**6,
        "مليونان": 2 * 10**6,
        "مليونين": 2 * 10**6,
        "مليوني": 2 * 10**6,
        "مليار": 10**9,
        "مليارات": 10**9,
        "مليارا": 10**9,
        "ملياري": 2 * 10**9,
        "مليارين": 2 * 10**9,
        "بليون": 10**9,
        "تريليون": 10**12,
    }
)
# Scale words that already carry their count ("ألفي" is two thousand, not thousand × n).
SCALE_DUAL_AR = {
    fold(w) for w in ("ألفان", "ألفين", "ألفي", "مليونان", "مليونين", "مليوني", "ملياري", "مليارين")
}
APPROX_AR = folded_map({"عشرات": 10, "مئات": 100, "آلاف": 1000, "ملايين": 10**6, "مليارات": 10**9})

NUMBER_WORDS_EN = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
SCALE_WORDS_EN = {
    "thousand": 1000,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "bn": 10**9,
    "m": 10**6,
    "k": 1000,
}
APPROX_EN = {"dozens": 12, "hundreds": 100, "thousands": 1000, "millions": 10**6, "billions": 10**9}

CURRENCIES_AR = folded_map(
    {
        "دولار": "USD",
        "دولارا": "USD",
        "دولارات": "USD",
        "الدولارات": "USD",
        "الدولار": "USD",
        "يورو": "EUR",
        "اليورو": "EUR",
        "دينار": "",
        "دينارا": "",
        "دنانير": "",
        "الدنانير": "",
        "ريال": "SAR",
        "ريالا": "SAR",
        "ريالات": "SAR",
        "الريالات": "SAR",
        "جنيه": "EGP",
        "جنيها": "EGP",
        "جنيهات": "EGP",
        "الجنيهات": "EGP",
        "درهم": "AED",
        "درهما": "AED",
        "دراهم": "AED",
        "ليرة": "TRY",
        "ليرات": "TRY",
        "روبل": "RUB",
        "يوان": "CNY",
        "إسترليني": "GBP",
        "استرليني": "GBP",
    }
)
# The nationality after دينار/ريال/جنيه/درهم/ليرة names the currency.
CURRENCY_QUALIFIERS_AR = folded_map(
    {
        "أمريكي": "USD",
        "أميركي": "USD",
        "ليبي": "LYD",
        "كويتي": "KWD",
        "أردني": "JOD",
        "بحريني": "BHD",
        "عراقي": "IQD",
        "تونسي": "TND",
        "جزائري": "DZD",
        "سعودي": "SAR",
        "قطري": "QAR",
        "عماني": "OMR",
        "يمني": "YER",
        "إيراني": "IRR",
        "مصري": "EGP",
        "سوداني": "SDG",
        "إسترليني": "GBP",
        "استرليني": "GBP",
        "إماراتي": "AED",
        "مغربي": "MAD",
        "تركية": "TRY",
        "تركي": "TRY",
        "لبنانية": "LBP",
        "لبناني": "LBP",
        "سورية": "SYP",
        "سوري": "SYP",
        "كندي": "CAD",
        "أسترالي": "AUD",
        "روسي": "RUB",
        "صيني": "CNY",
    }
)
CURRENCY_DEFAULT_AR = {"دينار": "KWD"}  # unqualified dinar: a guess, refined by country
CURRENCIES_EN = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "dinar": "",
    "dinars": "",
    "riyal": "SAR",
    "riyals": "SAR",
    "rial": "SAR",
    "rials": "SAR",
    "dirham": "AED",
    "dirhams": "AED",
    "lira": "TRY",
    "liras": "TRY",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "yuan": "CNY",
    "yen": "JPY",
    "shekel": "ILS",
    "shekels": "ILS",
}
CURRENCY_SYMBOLS = {
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "£": "GBP",
    "usd": "USD",
    "eur": "EUR",
    "gbp": "GBP",
    "¥": "JPY",
}
