"""Diacritic-free text for search, slugs and highlighting.

Vietnamese readers often type without diacritics ("hai phong" for "Hải Phòng").
`fold` maps every character to one lowercase character without its marks, so a
folded string has the same length as the original: a match found in the folded
text can be highlighted at the same position in the original. Unicode NFD does
not decompose đ/Đ (a letter of its own, not d with a mark), so it is mapped
explicitly.
"""

import html
import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import slugify

SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l"}
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
MAX_TERM_LENGTH = 40
TERM_RE = re.compile(r"\w+", re.UNICODE)
# Where a block ends, a word ends: "<p>thật.</p><p>Nội</p>" reads "thật. Nội", not "thật.Nội".
BLOCK_END = re.compile(
    r"<(?:br|/(?:p|div|h[1-6]|li|blockquote|figure|figcaption|tr|td|th|pre))\b[^>]*>", re.I
)


def fold_char(char):
    if char in SPECIAL:
        return SPECIAL[char]
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


class _FoldTable(dict):
    """str.translate's table, filled as characters are first met (search results fold
    whole article bodies: translate does it in C, a character at a time in Python did not)."""

    def __missing__(self, code):
        self[code] = folded = fold_char(chr(code))
        return folded


FOLD_TABLE = _FoldTable()


def fold(text):
    """Lowercase, without diacritics, same length as `text`."""
    return (text or "").translate(FOLD_TABLE)


def plain_text(markup):
    """Rich text as a reader sees it: no tags, entities decoded, one space between words."""
    return " ".join(html.unescape(strip_tags(BLOCK_END.sub(" ", markup or ""))).split())


def search_text(*parts):
    """The folded, tag-free text stored in an article's search columns."""
    return fold(" ".join(plain_text(p) for p in parts)).strip()


def slug_from(text, max_length=200):
    return slugify(fold(text))[:max_length].strip("-")


def query_terms(query):
    """The words of a reader's query, folded; absurd parts (too long, too many) dropped."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    terms = []
    for term in TERM_RE.findall(fold(query)):
        term = term.strip("_")
        if term and len(term) <= MAX_TERM_LENGTH and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


@lru_cache(maxsize=256)
def _terms_pattern(terms):
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))


def highlight(text, terms):
    """`text` escaped, with every occurrence of a (folded) term wrapped in <mark>."""
    text = text or ""
    if not terms:
        return escape(text)
    # html.escape, not Django's escape: the same characters, without its lazy-string wrapper
    # (called for every piece of every result).
    out, last = [], 0
    for match in _terms_pattern(tuple(terms)).finditer(fold(text)):
        start, end = match.span()
        out.append(html.escape(text[last:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        last = end
    out.append(html.escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def excerpt(markup, terms, length=240):
    """A window of whole words of the plain text around the first match, highlighted."""
    text = plain_text(markup)
    if not text:
        return ""
    folded = fold(text)
    start = 0
    for term in terms:
        found = folded.find(term)
        if found >= 0:
            start = max(0, found - length // 3)
            if start > 0:  # begin at a word, not inside one
                start = text.find(" ", start - 1, found) + 1 or start
            break
    end = min(len(text), start + length)
    if end < len(text):  # end after a word, not inside one
        space = text.rfind(" ", start, end + 1)
        end = space if space > start else end
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{escape(prefix)}{highlight(text[start:end], terms)}{escape(suffix)}")  # noqa: S308
