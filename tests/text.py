"""Text as a reader sees it: pages without markup, text with width and spaces folded."""

from __future__ import annotations

import re
import unicodedata


def page_text(response) -> str:
    """The visible text of a page, tags removed and whitespace folded."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def squeeze(text: str) -> str:
    """Text compared without layout: NFKC, no whitespace, no bullet marks."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s・]", "", text)
