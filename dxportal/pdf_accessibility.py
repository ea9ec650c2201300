"""PDF/UA-1 checks by an independent checker: the `pdfua` package (pikepdf-based; the
machine-checkable part of PDF/UA-1 and the WCAG 2.1 criteria a PDF alone decides).

Used by the test suite (tests/headquarters/test_pdf_ua.py: every PDF the public site links to,
and a packet with an uploaded PDF stamped in) and by `record_accessibility_results`, which
publishes the results beside the web pages' on the accessibility policy page.

pdfua is a development requirement (requirements-dev.txt), imported when a check runs.
"""

from __future__ import annotations

import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

TOOL = "pdfua"
# A link to a PDF on a public page (the site's own downloads end in .pdf), and its text.
PDF_LINK = re.compile(r'<a [^>]*href="(/[^"#?]+\.pdf)"[^>]*>(.*?)</a>', re.S)
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class PdfFinding:
    rule: str
    severity: str  # ERROR, WARNING or INFO, as pdfua names them
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule} {self.severity} {self.where}: {self.message}"


@dataclass(frozen=True)
class PdfCheck:
    findings: tuple[PdfFinding, ...]
    # Rules the checker could not run on this file (a crash inside a rule is reported so).
    skipped: tuple[str, ...]

    @property
    def errors(self) -> list[PdfFinding]:
        return [f for f in self.findings if f.severity == "ERROR"]

    @property
    def warnings(self) -> list[PdfFinding]:
        return [f for f in self.findings if f.severity == "WARNING"]


def safe_as_integer(value: object) -> int | None:
    """pdfua's as_integer, without its crash: pdfua 0.1.3 asks any object for `is_integer`, and
    a pikepdf Array answers with ValueError (not AttributeError), so rule UA-14-001 (empty
    headings) stopped on every heading whose /K is an array, which is every heading WeasyPrint
    writes, and the rule was reported as skipped. Same answer for everything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    try:
        numeric = value.is_integer is True  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return None
    return int(value) if numeric else None  # type: ignore[call-overload]


def run_every_rule() -> None:
    """Put safe_as_integer where pdfua's rules look it up."""
    import pdfua.document
    import pdfua.rules.structure

    pdfua.document.as_integer = safe_as_integer
    pdfua.rules.structure.as_integer = safe_as_integer


def tool_version() -> str:
    from pdfua import __version__

    return __version__


def check_pdf(data: bytes) -> PdfCheck:
    """What pdfua finds in a PDF."""
    from pdfua import validate

    run_every_rule()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        report = validate(str(path))
    findings = tuple(
        PdfFinding(
            rule=finding.rule_id,
            severity=finding.severity.name,
            where=finding.location.describe() if finding.location else "",
            message=finding.message,
        )
        for finding in report.findings
    )
    skipped = tuple(f"{outcome.rule_id}: {outcome.skipped_reason}" for outcome in report.skipped)
    return PdfCheck(findings=findings, skipped=skipped)


def linked_pdfs(pages: dict[str, str]) -> dict[str, str]:
    """The PDFs the given pages (path → HTML) link to, each once, in the order first met, with
    the text of the first link to it (its title on the accessibility page)."""
    found: dict[str, str] = {}
    for html in pages.values():
        for path, text in PDF_LINK.findall(html):
            found.setdefault(path, " ".join(TAG.sub(" ", text).split()) or path)
    return found


def document_title(data: bytes) -> str:
    """The title a PDF reader shows for the document (its /Title), or ""."""
    from pypdf import PdfReader

    metadata = PdfReader(io.BytesIO(data)).metadata
    return str(metadata.title or "") if metadata else ""


def problem_lines(check: PdfCheck) -> list[str]:
    """What the accessibility page lists for a PDF: errors, warnings, rules not run."""
    return [str(finding) for finding in check.errors + check.warnings] + [
        f"rule not run: {skipped}" for skipped in check.skipped
    ]
