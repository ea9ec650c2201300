"""Reading PDFs with poppler, and small real PDFs to upload."""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
from pathlib import Path

from weasyprint import HTML

_texts: dict[tuple[str, tuple[str, ...]], str] = {}


def poppler(tool: str, data: bytes, *args: str) -> str:
    """The output of a poppler tool on the PDF, cached for the module by content (renders are
    slow, reading is not, but the same seed packet is read by many tests)."""
    key = (hashlib.sha256(data).hexdigest(), (tool, *args))
    if key not in _texts:
        with tempfile.TemporaryDirectory() as folder:
            file = Path(folder) / "document.pdf"
            file.write_bytes(data)
            _texts[key] = subprocess.run(
                [tool, *args, str(file), *(["-"] if tool == "pdftotext" else [])],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
    return _texts[key]


def pdftotext(data: bytes, *args: str) -> str:
    return poppler("pdftotext", data, "-enc", "UTF-8", *args)


def small_pdf(word: str, pages: int = 2, size: str = "A5") -> bytes:
    """A real PDF of a few pages, each saying `word` (what a department would upload)."""
    body = "".join(
        f'<p style="break-before: page">{word} {i + 1}</p>' if i else f"<p>{word} {i + 1}</p>"
        for i in range(pages)
    )
    return HTML(string=f"<style>@page {{ size: {size} }}</style>{body}").write_pdf()
