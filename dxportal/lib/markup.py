"""A light line markup for prose staff type in the admin, parsed into blocks and rendered as HTML.

- a bullet            ⇒ a conclusion        ※ a note
▶ a summary           (1) a sub-heading     ① a numbered item
anything else is a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BULLET = "bullet"
CONCLUSION = "conclusion"
NOTE = "note"
SUMMARY = "summary"
SUBHEADING = "subheading"
NUMBERED = "numbered"
PARAGRAPH = "paragraph"

# Marks that start a line, and the kind of block each makes. Order matters: first match wins.
LINE_MARKS = [
    (re.compile(r"^-\s*"), BULLET),
    (re.compile(r"^⇒\s*"), CONCLUSION),
    (re.compile(r"^※\s*"), NOTE),
    (re.compile(r"^▶\s*"), SUMMARY),
    (re.compile(r"^(?=\(\d+\)\s)"), SUBHEADING),
    (re.compile(r"^(?=[①-⑳]\s?)"), NUMBERED),
]
# What each kind shows in front of its text (the mark the markup consumed).
PREFIXES = {CONCLUSION: "⇒ ", NOTE: "※ ", SUMMARY: "▶ "}


@dataclass(frozen=True)
class Block:
    """One line of prose and what it is."""

    kind: str
    text: str

    @property
    def plain(self) -> str:
        """The line as a reader sees it, marks included (for snapshots and diffs)."""
        prefix = "・" if self.kind == BULLET else PREFIXES.get(self.kind, "")
        return prefix + self.text


def parse(text: str) -> list[Block]:
    """Split a section's text into blocks, one per non-empty line."""
    blocks = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        for pattern, kind in LINE_MARKS:
            match = pattern.match(line)
            if match:
                blocks.append(Block(kind, line[match.end() :]))
                break
        else:
            blocks.append(Block(PARAGRAPH, line))
    return blocks


def render(text: str) -> SafeString:
    """HTML for a section's text: consecutive bullets or numbered items become one list."""
    parts: list[SafeString] = []
    blocks = parse(text)
    i = 0
    while i < len(blocks):
        kind = blocks[i].kind
        if kind in (BULLET, NUMBERED):
            run = []
            while i < len(blocks) and blocks[i].kind == kind:
                run.append(blocks[i].text)
                i += 1
            items = format_html_join("", "<li>{}</li>", ((item,) for item in run))
            parts.append(format_html('<ul class="prose-{}">{}</ul>', kind, items))
            continue
        block = blocks[i]
        if kind == SUBHEADING:
            parts.append(format_html('<p class="prose-subheading">{}</p>', block.text))
        else:
            parts.append(
                format_html(
                    '<p class="prose-{}">{}{}</p>', kind, PREFIXES.get(kind, ""), block.text
                )
            )
        i += 1
    return SafeString("".join(parts))
