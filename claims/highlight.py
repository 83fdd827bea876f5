"""The article body as HTML with claims and flags marked at their offsets.

Spans are widened to whole words before marking: a tag boundary inside an Arabic word
would break the joining of its letters. Every piece of text is escaped (claims.display).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.display import inert_html


@dataclass
class Span:
    start: int
    end: int
    kind: str  # "claim" or "flag"
    ident: int
    href: str
    title: str = ""
    css: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def _word_char(ch: str) -> bool:
    # Letters, digits and combining marks (Arabic harakat) belong to the word; so does tatweel.
    return ch.isalnum() or unicodedata.category(ch).startswith("M") or ch == "\u0640"


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while (
        start > 0 and _word_char(text[start - 1]) and start < len(text) and _word_char(text[start])
    ):
        start -= 1
    while end < len(text) and end > 0 and _word_char(text[end]) and _word_char(text[end - 1]):
        end += 1
    return start, end


def _mark(span: Span, inner: str, *, first: bool) -> str:
    attrs = [f'class="{escape(" ".join(filter(None, ["hl", span.kind, span.css])))}"']
    if first:
        attrs.append(f'id="hl-{span.kind}-{span.ident}"')
    attrs.append(f'data-{span.kind}="{span.ident}"')
    if span.title:
        attrs.append(f'title="{escape(span.title)}"')
    attrs += [f'data-{escape(k)}="{escape(v)}"' for k, v in span.extra.items()]
    return f'<mark {" ".join(attrs)}><a href="{escape(span.href)}">{inner}</a></mark>'


def highlight(text: str, spans: list[Span]) -> SafeString:
    """HTML of ``text`` with each span as a <mark> linking to its claim or flag.

    Claims and flags may overlap. The text is cut at every (widened) boundary; each piece is
    marked by its innermost span (the shortest), so marks never nest and links never nest.
    """
    widened: list[Span] = []
    for s in spans:
        if not (0 <= s.start < s.end <= len(text)):
            continue
        start, end = widen_to_words(text, s.start, s.end)
        widened.append(Span(start, end, s.kind, s.ident, s.href, s.title, s.css, s.extra))
    cuts = sorted({0, len(text), *(s.start for s in widened), *(s.end for s in widened)})
    out: list[str] = []
    marked: set[tuple[str, int]] = set()
    # Flags before claims, then shortest first: a flag inside a claim is what the reader needs.
    rank = {id(s): (s.kind != "flag", s.end - s.start, s.start) for s in widened}
    by_start = sorted(widened, key=lambda s: s.start)
    active: list[Span] = []
    nxt = 0
    for a, b in zip(cuts, cuts[1:], strict=False):
        while nxt < len(by_start) and by_start[nxt].start <= a:
            active.append(by_start[nxt])
            nxt += 1
        active = [s for s in active if s.end > a]
        piece = inert_html(text[a:b])
        covering = [s for s in active if s.start <= a and b <= s.end]
        if not covering:
            out.append(piece)
            continue
        owner = min(covering, key=lambda s: rank[id(s)])
        key = (owner.kind, owner.ident)
        out.append(_mark(owner, piece, first=key not in marked))
        marked.add(key)
    return mark_safe("".join(out))  # noqa: S308 — pieces are escaped by inert_html and _mark
