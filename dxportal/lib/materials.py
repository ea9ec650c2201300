"""The registry of meeting materials generated from portal data.

An app that owns data a meeting may present registers a generator from its AppConfig.ready:
headquarters the charter (資料1), plan the plan (資料2), consultations the desk (資料3). The meeting
pages and the PDF packet ask this registry, so a new kind of material is one new function in the
app that owns the data, and nothing else changes. This module imports no app.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Generator:
    """How to draw one kind of material: a template fragment and the data it needs.

    `context` is given the meeting's date, so data kept with history (the charter) is shown as
    it stood at the meeting.
    """

    key: str
    label: str
    template: str
    context: Callable[[datetime.date], dict]


_generators: dict[str, Generator] = {}


def register(generator: Generator) -> None:
    _generators[generator.key] = generator


def get(key: str) -> Generator | None:
    return _generators.get(key)


def choices() -> list[tuple[str, str]]:
    """(key, label) of every generator, for the admin's choice of what to generate."""
    return [(g.key, g.label) for g in sorted(_generators.values(), key=lambda g: g.key)]


def render(key: str, as_of: datetime.date) -> SafeString:
    """The material's body as an HTML fragment (shared by its web page and the PDF)."""
    generator = _generators[key]
    return SafeString(render_to_string(generator.template, generator.context(as_of)))
