"""Spreadsheets in and out of the admin (django-import-export), as Japanese offices exchange them.

Formats: Excel in Japan saves CSV as Shift_JIS (CP932) unless told otherwise, and as UTF-8 with a
BOM when it is. The CSV format reads the raw bytes (so the upload is stored untouched between the
preview and the confirmation) and decodes them itself; it writes UTF-8 with a BOM so that Excel
opens the export without garbling it. XLSX goes out typed: numbers as numbers, dates as dates.
Both read at most MAX_ROWS rows and stop reading a file that has more.

Widgets read what staff type by hand; SpreadsheetResourceMixin checks a file's headers before any
row and names rows by their line in the spreadsheet. The admin's import and export pages, which say
all of it in Japanese, are in dxportal/lib/spreadsheet_admin.py.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable

import openpyxl
import tablib
from diff_match_patch import diff_match_patch
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.html import escape
from django.utils.safestring import mark_safe
from import_export import widgets
from import_export.formats import base_formats
from import_export.resources import Diff
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from dxportal.lib.japanese_dates import parse_japanese_date

# What one import may hold: past these a file is refused with a message, before it is read whole.
# A 5 MB file once took 110 s to preview and made a 38 MB page.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
# An XLSX is a zip: 2 MB of it may unpack to gigabytes. Checked before openpyxl opens it.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Excel keeps rows that were once formatted, at times a million of them: after this many blank
# rows in a row the data has ended.
BLANK_RUN_LIMIT = 1_000
MEGABYTE = 1024 * 1024
LIMITS_TEXT = f"{MAX_UPLOAD_BYTES // MEGABYTE} MB・{MAX_ROWS:,} 行まで"

BOM = "\ufeff"
ENCODINGS = ("utf-8-sig", "cp932")
# A cell a spreadsheet could run as a formula (CSV injection). Every text cell starting so is
# escaped, numbers like -5 too: an importer reads them back (cell_text drops the apostrophe).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
# Characters an XLSX cell cannot hold (XML 1.0 refuses them; openpyxl raises IllegalCharacterError,
# which would make every export holding the row fail): C0 controls but tab, line feed and carriage
# return, DEL, and the noncharacters U+FFFE/U+FFFF. Text pasted from PowerPoint brings vertical
# tabs (its line break within a paragraph) and form feeds: those become line breaks, so the text
# reads as it did; the rest are dropped. CSV gets the same, so both formats say the same.
KEPT = "\t\n\r"
LINE_BREAKS = "\x0b\x0c"
UNWRITABLE = {
    **{chr(code): None for code in range(0x20) if chr(code) not in KEPT + LINE_BREAKS},
    **{char: "\n" for char in LINE_BREAKS},
    "\x7f": None,
    "\ufffe": None,
    "\uffff": None,
}
UNWRITABLE_TABLE = str.maketrans(UNWRITABLE)
# How Excel shows the typed cells; Japan time, to the minute, as the admin shows it.
XLSX_DATE = "yyyy-mm-dd"
XLSX_DATETIME = "yyyy-mm-dd hh:mm"
XLSX_MAX_WIDTH = 60
SHEET_TITLE_UNSAFE = re.compile(r"[\\*?:/\[\]]")


def writable_text(value):
    """Text without the characters a spreadsheet cell cannot hold; other values as they are."""
    if isinstance(value, str):
        return value.translate(UNWRITABLE_TABLE)
    return value


def escape_formula(value):
    """Prefix text a spreadsheet would take for a formula with an apostrophe, as OWASP advises."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return ESCAPE + value
    return value


def escaped(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of the dataset fit for any spreadsheet: unwritable characters out of every text
    cell and header, then formula-like text escaped (a removed control character may have hidden
    a leading "="); numbers, dates and empty cells as they are."""
    headers = [writable_text(header) for header in dataset.headers or []] or None
    copy = tablib.Dataset(headers=headers, title=dataset.title)
    for row in dataset:
        copy.append([escape_formula(writable_text(cell)) for cell in row])
    return copy


class SpreadsheetError(ValueError):
    """A file staff can fix; the message says how, in Japanese, and is shown as it is."""


class UndecodableFile(SpreadsheetError):
    """The bytes are neither UTF-8 nor Shift_JIS text."""


def too_large(size: int) -> SpreadsheetError:
    return SpreadsheetError(
        f"ファイルが大きすぎます（{size / MEGABYTE:.1f} MB）。一度に取り込めるのは"
        f" {MAX_UPLOAD_BYTES // MEGABYTE} MB までです。ファイルを分けて取り込んでください。"
    )


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or Shift_JIS/CP932, whichever the bytes are."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UndecodableFile("文字コードを判別できません。UTF-8 または Shift_JIS で保存してください。")


def dataset_from_rows(rows: Iterable) -> tablib.Dataset:
    """The first row as headers, the others as data, read only as far as MAX_ROWS.

    Blank rows are left out, but `dataset.lines` keeps each row's line in the spreadsheet (the
    header is line 1), so that an error names the line staff see in Excel.
    """
    rows = iter(rows)
    headers = [cell_text(cell) for cell in next(rows, ())]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise SpreadsheetError("ファイルが空です。1行目に見出し、2行目からデータを入れてください。")
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    dataset.lines = []
    blank_run = 0
    for line, row in enumerate(rows, start=2):
        cells = list(row)[:width]
        if not any(cell_text(cell) for cell in cells):
            blank_run += 1
            if blank_run > BLANK_RUN_LIMIT:
                break
            continue
        blank_run = 0
        if len(dataset) == MAX_ROWS:
            raise SpreadsheetError(
                f"データの行が多すぎます。一度に取り込めるのは {MAX_ROWS:,} 行までです。"
                "ファイルを分けて取り込んでください。"
            )
        dataset.append(cells + [""] * (width - len(cells)))
        dataset.lines.append(line)
    if not dataset:
        raise SpreadsheetError(
            "見出しの行の下にデータの行がありません。2行目からデータを入れてください。"
        )
    return dataset


class JapaneseCSV(base_formats.CSV):
    """CSV in UTF-8 (with or without BOM) or Shift_JIS in; UTF-8 with BOM out."""

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream, **kwargs) -> tablib.Dataset:
        if isinstance(in_stream, bytes):
            in_stream = decode_text(in_stream)
        return dataset_from_rows(csv.reader(io.StringIO(in_stream, newline="")))

    def export_data(self, dataset, **kwargs) -> str:
        return BOM + super().export_data(escaped(dataset), **kwargs)


def check_unpacked_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return  # not an XLSX at all: openpyxl says so
    if unpacked > MAX_UNPACKED_BYTES:
        raise too_large(unpacked)


def display_width(value) -> int:
    """About how many half-width characters wide a value shows (a kanji is two)."""
    if isinstance(value, datetime.date):
        return 16 if isinstance(value, datetime.datetime) else 10
    lines = ("" if value is None else str(value)).split("\n")
    return max(
        len(line) * 2
        if len(line) > XLSX_MAX_WIDTH
        else sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)
        for line in lines
    )


def xlsx_cell(sheet, value) -> WriteOnlyCell:
    """A cell of its own type, a date or date-time shown as Japanese offices write it."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = XLSX_DATETIME
    elif isinstance(value, datetime.date):
        cell.number_format = XLSX_DATE
    elif isinstance(value, str) and "\n" in value:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def header_cell(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell


class SafeXLSX(base_formats.XLSX):
    """XLSX with formula-like text escaped, and numbers, dates and date-times as Excel's own
    (the resource's widgets hand them over untouched for it: SpreadsheetAdminMixin asks so)."""

    def create_dataset(self, in_stream) -> tablib.Dataset:
        check_unpacked_size(in_stream)
        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        try:
            return dataset_from_rows(book.active.iter_rows(values_only=True))
        finally:
            book.close()

    def export_data(self, dataset, **kwargs) -> bytes:
        dataset = escaped(dataset)
        book = openpyxl.Workbook(write_only=True)
        title = SHEET_TITLE_UNSAFE.sub("-", dataset.title or "一覧")[:31]
        sheet = book.create_sheet(title)
        headers = dataset.headers or []
        for index, column in enumerate(zip(headers, *dataset, strict=False), start=1):
            width = max(display_width(value) for value in column) + 2
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = min(max(width, 8), XLSX_MAX_WIDTH)
        if headers:
            sheet.freeze_panes = "A2"
            sheet.append([header_cell(sheet, header) for header in headers])
        for row in dataset:
            sheet.append([xlsx_cell(sheet, value) for value in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


SPREADSHEET_FORMATS = [JapaneseCSV, SafeXLSX]


# Widgets for columns that Japanese staff fill in by hand: what they type, messages they can act on.


def cell_text(value) -> str:
    """A cell as trimmed text, without the apostrophe our exports put before formula-like text."""
    text = "" if value is None else str(value).strip()
    if text.startswith(ESCAPE) and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


class ChoiceLabelWidget(widgets.Widget):
    """Reads and writes a choice by its Japanese label (本部員), not its stored value."""

    def __init__(self, choices) -> None:
        self.label_to_value = {str(label): value for value, label in choices}
        self.value_to_label = {value: str(label) for value, label in choices}
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        value = cell_text(value)
        if not value and "" in self.value_to_label:
            return ""
        if value in self.label_to_value:
            return self.label_to_value[value]
        allowed = "、".join(label for label in self.label_to_value if label)
        raise ValueError(f"「{value}」は選べません。次のいずれかを入力してください: {allowed}")

    def render(self, value, obj=None, **kwargs):
        return self.value_to_label.get(value, "")


class WholeNumberWidget(widgets.IntegerWidget):
    """An integer, with a Japanese message for anything else."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = cell_text(value)
        try:
            return super().clean(value, row=row, **kwargs)
        except (ValueError, ArithmeticError):
            raise ValueError(
                f"「{value}」は整数ではありません。半角数字で入力してください。"
            ) from None


class JapaneseDecimalWidget(widgets.DecimalWidget):
    """A number; empty means not known yet; anything else gets a Japanese message."""

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        try:
            return super().clean(cell_text(value).replace(",", ""), row=row, **kwargs)
        except (ValueError, ArithmeticError):
            raise ValueError(
                f"「{value}」は数値ではありません。半角数字で入力してください。"
            ) from None


class JapaneseDateWidget(widgets.DateWidget):
    """ISO dates out (Excel dates in XLSX); in, what the admin's date fields read as well:
    2023/6/2, 令和5年6月2日, R5.6.2 and the rest (dxportal/lib/japanese_dates.py)."""

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):  # an XLSX date cell
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        return parse_japanese_date(text) if text else None


class JapanTimeWidget(widgets.DateTimeWidget):
    """A moment as the admin shows it: Japan time, to the minute ("2026-11-29 20:49"), never
    UTC with microseconds; in XLSX an Excel date-time (seconds kept, shown to the minute)."""

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d %H:%M")

    def render(self, value, obj=None, **kwargs):
        native = kwargs.get("force_native_type")
        if not isinstance(value, datetime.datetime):
            return None if native else ""
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.replace(tzinfo=None, microsecond=0)
        return value if native else value.strftime(self.formats[0])


# Resources: the file's headers checked first, rows named by their line, changes marked by class.

DIFF_TAGS = {
    diff_match_patch.DIFF_DELETE: '<del class="diff-removed">{}</del>',
    diff_match_patch.DIFF_INSERT: '<ins class="diff-added">{}</ins>',
    diff_match_patch.DIFF_EQUAL: "{}",
}


def text_html(text: str) -> str:
    return escape(text).replace("\n", "<br>")


class MarkedDiff(Diff):
    """The preview's cells: a changed value as its old text struck out and its new text inserted.

    The library marks them with inline styles, which the Content-Security-Policy refuses (the
    colours were lost); here classes do it (static/css/admin-import.css). A new row shows its
    values plain: its row says it is new.
    """

    def as_html(self) -> list[str]:
        differ = diff_match_patch()
        cells = []
        for old, new in zip(self.left, self.right, strict=False):
            old, new = force_str(old), force_str(new)
            if self.new or old == new:
                cells.append(mark_safe(text_html(new)))
                continue
            pieces = differ.diff_main(old, new)
            differ.diff_cleanupSemantic(pieces)
            html = "".join(DIFF_TAGS[op].format(text_html(text)) for op, text in pieces)
            cells.append(mark_safe(html))
        return cells


def quoted(names: Iterable[str]) -> str:
    return "".join(f"「{name}」" for name in names)


class SpreadsheetResourceMixin:
    """For a resource staff import or export through the admin.

    A file whose headers do not match is refused before any row is read, with the headers it
    lacks and the ones it should have (the library raised FieldError, shown with a traceback);
    rows carry their line in the spreadsheet (`line`); a key column that cannot be read (ID, 指標)
    is an error of that column, not of the row; and the export names its sheet and file.
    """

    export_name = ""  # the sheet and the start of the file name, e.g. 相談一覧

    @classmethod
    def get_display_name(cls) -> str:
        return cls.export_name or super().get_display_name()

    def get_diff_class(self):
        return MarkedDiff

    def after_export(self, queryset, dataset, **kwargs) -> None:
        dataset.title = self.export_name or None
        super().after_export(queryset, dataset, **kwargs)

    def header_problem(self, headers: list) -> str:
        """What is wrong with the file's headers, in Japanese; empty when nothing is."""
        present = [cell_text(header) for header in headers]
        fields = self.get_import_fields()
        expected = [field.column_name for field in fields]
        required = [f.column_name for f in fields if f.attribute and not f.readonly]
        missing = [name for name in required if name not in present]
        doubled = [name for name in expected if present.count(name) > 1]
        if not missing and not doubled:
            return ""
        problem = f"1行目の見出しに{quoted(missing)}がありません。" if missing else ""
        if doubled:
            problem += f"1行目に同じ見出し{quoted(doubled)}が2つ以上あります。"
        unused = [name for name in present if name and name not in expected][:10]
        if unused:
            problem += f"使わない見出し: {quoted(unused)}。"
        return (
            f"{problem}1行目には次の見出しを並べてください（エクスポートしたファイルの1行目と同じです）:"
            f" {'、'.join(expected)}"
        )

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        problem = self.header_problem(dataset.headers or [])
        if problem:
            if raise_errors:
                raise SpreadsheetError(problem)
            result = self.get_result_class()()
            result.append_base_error(self.get_error_result_class()(SpreadsheetError(problem)))
            return result
        self.source_lines = getattr(dataset, "lines", None)
        result = super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)
        for row in (*result.invalid_rows, *result.error_rows):
            row.line = self.line_of(row.number)
        result.column_names = self.column_names()
        result.notices = self.import_notices()
        return result

    def line_of(self, number: int) -> int:
        """The spreadsheet line of the dataset's row `number` (from 1); the header is line 1."""
        lines = getattr(self, "source_lines", None)
        if lines and 0 < number <= len(lines):
            return lines[number - 1]
        return number + 1

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.line = self.line_of(kwargs.get("row_number") or 0)
        return row_result

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError as error:
            raise ValidationError(self.key_errors(row) or str(error)) from None

    def key_errors(self, row) -> dict:
        """The errors of the columns rows are matched on, by field, as the rest are."""
        errors = {}
        for name in self.get_import_id_fields():
            field = self.fields[name]
            try:
                field.clean(row)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        return errors

    def column_names(self) -> dict[str, str]:
        """The Japanese name of each field an error may name: its column, else the model's."""
        names = {
            field.name: str(field.verbose_name)
            for field in self._meta.model._meta.get_fields()
            if hasattr(field, "verbose_name")
        }
        names.update({f.attribute: f.column_name for f in self.fields.values() if f.attribute})
        return names

    def import_notices(self) -> list[str]:
        """What the preview should point out though nothing is wrong (a resource says)."""
        return []


class NewRowsWithoutIdMixin:
    """For a resource keyed on an "ID" column: a row with an empty ID is new, without a query.

    Widgets that look rows up once per import (they have a `forget` method) start afresh with
    each import, so one import never sees another's stale rows.
    """

    def before_import(self, dataset, **kwargs) -> None:
        for field in self.get_import_fields():
            forget = getattr(field.widget, "forget", None)
            if forget:
                forget()
        super().before_import(dataset, **kwargs)

    def get_instance(self, instance_loader, row):
        if not cell_text(row.get("ID")):
            return None
        return super().get_instance(instance_loader, row)


# The admin: its import and export pages in Japanese, and what an import did, on the page.
