"""Admin search that finds Japanese text however it was typed.

Staff type ＤＸ or DX, 第２回 or 第2回, ｱｵﾓﾘ, アオモリ or あおもり, and the rows hold whichever
form someone else typed. The search term is tried in each form the same text can take: as typed,
NFKC (half-width kana to full-width, full-width letters and digits to ASCII), letters and digits
full-width, and katakana and hiragana each way; a row matching any of them is found. The rows
themselves are left as staff saved them.
"""

from __future__ import annotations

import unicodedata

HIRAGANA_START, HIRAGANA_END = ord("ぁ"), ord("ゖ")
KANA_OFFSET = ord("ァ") - ord("ぁ")
FULL_WIDTH_OFFSET = 0xFEE0  # "A" → "Ａ"


def to_katakana(text: str) -> str:
    return "".join(
        chr(ord(char) + KANA_OFFSET) if HIRAGANA_START <= ord(char) <= HIRAGANA_END else char
        for char in text
    )


def to_hiragana(text: str) -> str:
    katakana_start, katakana_end = HIRAGANA_START + KANA_OFFSET, HIRAGANA_END + KANA_OFFSET
    return "".join(
        chr(ord(char) - KANA_OFFSET) if katakana_start <= ord(char) <= katakana_end else char
        for char in text
    )


def to_full_width(text: str) -> str:
    """ASCII letters and digits as full-width (Ｄ, ２); everything else as it is."""
    return "".join(
        chr(ord(char) + FULL_WIDTH_OFFSET) if char.isascii() and char.isalnum() else char
        for char in text
    )


def search_variants(term: str) -> list[str]:
    """The forms of the term to look for, the term as typed first, without repeats."""
    folded = unicodedata.normalize("NFKC", term)
    candidates = [
        term,
        folded,
        to_full_width(folded),
        to_katakana(folded),
        to_hiragana(folded),
    ]
    return list(dict.fromkeys(candidates))


class JapaneseSearchMixin:
    """For a ModelAdmin with search_fields: search in every form of the term (see above)."""

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return super().get_search_results(request, queryset, search_term)
        found, may_have_duplicates = None, False
        for variant in search_variants(search_term):
            matches, duplicates = super().get_search_results(request, queryset, variant)
            found = matches if found is None else found | matches
            may_have_duplicates = may_have_duplicates or duplicates
        return found, may_have_duplicates
