"""The registry of meeting materials generated from portal data.

An app that owns data a meeting may present registers a generator from its AppConfig.ready:
headquarters the charter (資料1), plan the plan (資料2), consultations the desk (資料3). The meeting
pages and the PDF packet ask this registry, so a new kind of material is one new function in the
app that owns the data, and nothing else changes. This module imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Generator:
    """How to draw one kind of material: a template fragment and the data it needs.

    `context` is given the meeting the material belongs to, and draws its data as it stood on
    the meeting's date (the charter and 別表 in force that day, the plan version published by
    then), so a material published with a meeting never shows what was changed afterwards.
    """

    key: str
    label: str
    template: str
    context: Callable[[Any], dict]


_generators: dict[str, Generator] = {}


def register(generator: Generator) -> None:
    _generators[generator.key] = generator


def get(key: str) -> Generator | None:
    return _generators.get(key)


def choices() -> list[tuple[str, str]]:
    """(key, label) of every generator, for the admin's choice of what to generate."""
    return [(g.key, g.label) for g in sorted(_generators.values(), key=lambda g: g.key)]


def render(key: str, meeting: Any) -> SafeString:
    """The material's body as an HTML fragment, as of the meeting (its web page and its PDF)."""
    generator = _generators[key]
    return SafeString(render_to_string(generator.template, generator.context(meeting)))
