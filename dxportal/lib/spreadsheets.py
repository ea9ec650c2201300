"""Spreadsheet formats for django-import-export that read what Japanese offices actually send.

Excel in Japan saves CSV as Shift_JIS (CP932) unless told otherwise, and as UTF-8 with a BOM when
it is. The CSV format here reads the raw bytes (so the upload is stored untouched between the
preview and the confirmation) and decodes them itself; it writes UTF-8 with a BOM so that Excel
opens the export without garbling it.
"""

from __future__ import annotations

import datetime

import tablib
from import_export import widgets
from import_export.formats import base_formats

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


class UndecodableFile(ValueError):
    """The bytes are neither UTF-8 nor Shift_JIS text."""


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or Shift_JIS/CP932, whichever the bytes are."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UndecodableFile("文字コードを判別できません。UTF-8 または Shift_JIS で保存してください。")


class JapaneseCSV(base_formats.CSV):
    """CSV in UTF-8 (with or without BOM) or Shift_JIS in; UTF-8 with BOM out."""

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream, **kwargs) -> tablib.Dataset:
        if isinstance(in_stream, bytes):
            in_stream = decode_text(in_stream)
        return tablib.import_set(in_stream, format="csv", **kwargs)

    def export_data(self, dataset, **kwargs) -> str:
        return BOM + super().export_data(escaped(dataset), **kwargs)


class SafeXLSX(base_formats.XLSX):
    """XLSX out with formula-like text escaped and numbers, dates and empty cells kept native."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(escaped(dataset), **kwargs)


SPREADSHEET_FORMATS = [JapaneseCSV, SafeXLSX]


class SpreadsheetAdminMixin:
    """For ImportExportModelAdmin: the formats above and upload errors staff can act on."""

    formats = SPREADSHEET_FORMATS

    def add_data_read_fail_error_to_form(self, form, e: Exception) -> None:
        if isinstance(e, UndecodableFile):
            message = str(e)
        else:
            message = (
                "ファイルを読み込めませんでした。選んだ形式（CSV または XLSX）と"
                "ファイルの種類が合っているか、ファイルが壊れていないかを確認してください。"
            )
        form.add_error("import_file", message)


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
    """ISO dates out; ISO or 2024/4/1 (what Excel in Japan writes) in."""

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")
        self.formats = ("%Y-%m-%d", "%Y/%m/%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):  # an XLSX date cell
            return value.date()
        try:
            return super().clean(value, row=row, **kwargs)
        except ValueError:
            raise ValueError(
                f"「{value}」は日付として読めません。2024-04-01 の形で入力してください。"
            ) from None


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
