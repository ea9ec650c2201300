"""Driving the admin's import and export pages with the files Japanese offices exchange."""

from __future__ import annotations

import csv
import datetime
import io
import re
from html.parser import HTMLParser

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()


def row_for(header: list[str], **cells: str) -> list[str]:
    """A roster row by column name: one seat, and other columns not named left empty."""
    cells = {"定員": "1", **cells}
    return [cells.get(column, "") for column in header]


CSV, XLSX = 0, 1  # indexes into SPREADSHEET_FORMATS, as the admin's format <select> has them


HEADQUARTERS = "青森県DX推進本部"


# The export form has one check box per field, named "<resource class, lower case>_<field>".
EXPORT_FIELDS = {
    "post": "id body title role schedule order department ex_officio seats amendment_on".split(),
    "appointment": "id body post person kind start end note".split(),
}


def export(client, model: str = "post", file_format: int = CSV):
    data = {"resource": "0", "format": str(file_format)}
    data |= {f"{model}resource_{field}": "on" for field in EXPORT_FIELDS[model]}
    return client.post(reverse(f"admin:headquarters_{model}_export"), data)


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def headquarters_rows(client) -> tuple[list[str], list[list[str]]]:
    """The header and the 本部's rows of a CSV export.

    Only the 本部's: the 幹事会's 地域支援チームリーダー rows cannot be imported back at all
    (see test_importing_an_export_unchanged_changes_nothing), which is not what these tests
    are about.
    """
    response = export(client)
    assert response.status_code == 200
    header, *rows = read_csv(response.content)
    return header, [row for row in rows if row[1] == HEADQUARTERS]


def write_csv(rows: list[list], encoding: str = "cp932") -> bytes:
    """A CSV as Excel in Japan saves it: Shift_JIS (CP932), CRLF line endings, no BOM."""
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode(encoding)


def write_xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


class ConfirmFormFields(HTMLParser):
    """The hidden fields of the form that posts to process_import (the 'インポート実行' button)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = "process_import" in (attrs.get("action") or "")
        elif tag == "input" and self.inside and attrs.get("type") == "hidden":
            self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def text_of(response) -> str:
    """The page as staff read it: markup gone, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def has_confirm_button(response) -> bool:
    return "process_import" in response.content.decode()


def upload(client, model: str, data: bytes, filename: str, file_format: int):
    """Upload a file on the import page; the response is the dry-run preview (or the errors)."""
    upload = SimpleUploadedFile(filename, data)
    url = reverse(f"admin:headquarters_{model}_import")
    return client.post(url, {"resource": "0", "format": str(file_format), "import_file": upload})


def confirm(client, model: str, preview):
    """Press 'インポート実行' on the preview; the response is the change list it redirects to."""
    parser = ConfirmFormFields()
    parser.feed(preview.content.decode())
    assert "import_file_name" in parser.fields, f"no confirm form: {text_of(preview)[-2000:]}"
    url = reverse(f"admin:headquarters_{model}_process_import")
    return client.post(url, parser.fields, follow=True)


def admin_import(client, model: str, data: bytes, filename: str, file_format: int):
    """Upload, then confirm; the response is the change list with the outcome message."""
    preview = upload(client, model, data, filename, file_format)
    assert preview.status_code == 200
    return confirm(client, model, preview)


def preview_rows(response) -> list[str]:
    """The rows of the import preview, changed and unchanged alike (the page folds the unchanged
    ones away), cells after the line number joined by spaces; each starts with 新規/更新/変更なし.

    A changed cell shows the old and the new value marked up as a diff; only its text is kept.
    """
    html = response.content.decode()
    tables = re.findall(r'<table class="import-preview">(.*?)</table>', html, re.S)
    assert tables, f"no import preview: {text_of(response)[-2000:]}"
    rows = [row for table in tables for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]]
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[1:] for row in rows]
    return [" ".join(re.sub(r"<[^>]+>|\s+", "", cell) for cell in row) for row in cells]


def outcome(new: int, updated: int, skipped: int) -> str:
    return f"新規 {new} 件、更新 {updated} 件、変更なし {skipped} 件"


def error_on_row(response, number: int) -> bool:
    """Whether the page ties an error to data row `number`, which the page names by its line in
    the spreadsheet: line number + 1, as line 1 is the header ("3行目" for data row 2)."""
    line = rf'<strong class="import-line">{number + 1}行目</strong>'
    return bool(re.search(line, response.content.decode()))
