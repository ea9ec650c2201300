"""試験結果 of the ウェブアクセシビリティ方針: stored runs of the automated checks, shaped for the
page, and written from (or exported to) what `record_accessibility_results` measured."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.core import serializers
from django.db import transaction

from dxportal.models import AccessibilityResult, AccessibilityTestRun
from dxportal.public_content import content_changed

TARGET = "JIS X 8341-3:2016 適合レベルAA"
# What each checker looks at, as the page explains it.
TOOL_NOTES = {
    "axe-core": "WCAG 2.0・2.1 のレベルA・AAの規則による自動検査（ブラウザで表示したページ）",
    "Nu Html Checker": "HTMLの文法の検査（W3C の HTML チェッカー。エラーと警告を数えます）",
    "pdfua": "PDF/UA-1（ISO 14289-1）とWCAG 2.1のうちPDFから機械的に判定できる項目の検査"
    "（エラーと警告を数えます）",
}


@dataclass(frozen=True)
class Tool:
    name: str
    version: str

    @property
    def note(self) -> str:
        return TOOL_NOTES.get(self.name, "")


@dataclass(frozen=True)
class Check:
    """What one checker found on one page (or PDF), before it is stored."""

    kind: str
    path: str
    title: str
    tool: str
    tool_version: str
    problems: int
    details: str = ""


@dataclass
class Row:
    """A tested page (or PDF) with one result per tool, in the order of the run's tools."""

    path: str
    title: str
    results: list[AccessibilityResult | None]

    @property
    def problems(self) -> int:
        return sum(result.problems for result in self.results if result)


@dataclass
class Table:
    """The results of one kind (web pages or PDFs): a column per tool, a row per page."""

    kind: str
    tools: list[Tool]
    rows: list[Row]

    @property
    def rows_with_problems(self) -> int:
        return sum(1 for row in self.rows if row.problems)


def table(kind: str, results: list[AccessibilityResult]) -> Table:
    results = [result for result in results if result.kind == kind]
    tools = list(dict.fromkeys(Tool(result.tool, result.tool_version) for result in results))
    by_page: dict[str, dict[str, AccessibilityResult]] = {}
    titles: dict[str, str] = {}
    for result in results:
        by_page.setdefault(result.path, {})[result.tool] = result
        titles.setdefault(result.path, result.title)
    rows = [
        Row(path=path, title=titles[path], results=[found.get(tool.name) for tool in tools])
        for path, found in by_page.items()
    ]
    return Table(kind=kind, tools=tools, rows=rows)


def latest_results() -> dict:
    """The latest published run, with a table for web pages and one for PDFs (two queries)."""
    run = AccessibilityTestRun.objects.filter(is_published=True).first()
    if run is None:
        return {"run": None, "web": None, "pdf": None}
    results = list(run.results.all())
    return {
        "run": run,
        "web": table(AccessibilityResult.Kind.WEB, results),
        "pdf": table(AccessibilityResult.Kind.PDF, results),
    }


def save_run(
    *, tested_at: datetime.datetime, browser: str, checks: list[Check]
) -> AccessibilityTestRun:
    """Store a run and what it found, as one change of public data."""
    with transaction.atomic():
        run = AccessibilityTestRun.objects.create(
            tested_at=tested_at, browser=browser, target=TARGET
        )
        AccessibilityResult.objects.bulk_create(
            [
                AccessibilityResult(
                    run=run,
                    kind=check.kind,
                    path=check.path,
                    title=check.title,
                    tool=check.tool,
                    tool_version=check.tool_version,
                    problems=check.problems,
                    details=check.details,
                )
                for check in checks
            ]
        )
        content_changed(sender=AccessibilityResult)  # bulk_create sends no save signal
    return run


def export_fixture(run: AccessibilityTestRun, path: Path) -> int:
    """Write the run and its results as a fixture load_seed reads; return how many rows."""
    rows = [run, *run.results.order_by("pk")]
    text = serializers.serialize("json", rows, indent=1, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return len(rows)
