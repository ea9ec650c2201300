"""Text as a reader sees it: pages without markup, text with width and spaces folded."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser


def page_text(response) -> str:
    """The visible text of a page, tags removed and whitespace folded."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def squeeze(text: str) -> str:
    """Text compared without layout: NFKC, no whitespace, no bullet marks."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s・]", "", text)


class ReaderText(HTMLParser):
    """What a reader (or a screen reader) meets: text, titles, labels and button captions."""

    SAID = {"title", "aria-label", "placeholder", "alt"}
    SKIPPED = {"script", "style", "svg"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        attributes = dict(attrs)
        self.parts += [value or "" for name, value in attrs if name in self.SAID]
        if tag == "input" and attributes.get("type") in {"submit", "button", "reset"}:
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def english_words(response, *, allow: tuple[str, ...] = ()) -> list[str]:
    """Words in Latin letters on the page, but for abbreviations in capitals (DX, KPI, NPO),
    addresses and `allow` (the user names a page shows)."""
    reader = ReaderText()
    reader.feed(response.content.decode())
    text = re.sub(r"\S+@\S+|https?://\S+", " ", " ".join(reader.parts))
    words = re.findall(r"[A-Za-z]{2,}", text)
    return [word for word in words if not word.isupper() and word not in allow]
