"""The admin's import and export pages (django-import-export) in Japanese, under the site's
Content-Security-Policy: forms with Japanese labels and limits, problems named by their line in
the spreadsheet, a summary before confirming, changed rows only, Japanese file names, and the
admin's history in Japanese. Files and resources: dxportal/lib/spreadsheets.py.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.encoding import force_str
from import_export.formats import base_formats
from import_export.forms import ImportForm, SelectableFieldsExportForm
from import_export.results import RowResult

from dxportal.lib.params import without_control_characters
from dxportal.lib.spreadsheets import (
    LIMITS_TEXT,
    MAX_UPLOAD_BYTES,
    SPREADSHEET_FORMATS,
    SpreadsheetError,
    too_large,
)

logger = logging.getLogger(__name__)

FORMAT_LABELS = {"csv": "CSV", "xlsx": "XLSX"}  # the upper-case title still matches the extension
IMPORT_KINDS = {
    RowResult.IMPORT_TYPE_NEW: "新規",
    RowResult.IMPORT_TYPE_UPDATE: "更新",
    RowResult.IMPORT_TYPE_SKIP: "変更なし",
    RowResult.IMPORT_TYPE_DELETE: "削除",
}
LOG_VERBS = {
    RowResult.IMPORT_TYPE_NEW: (ADDITION, "追加"),
    RowResult.IMPORT_TYPE_UPDATE: (CHANGE, "変更"),
    RowResult.IMPORT_TYPE_DELETE: (DELETION, "削除"),
}
UNEXPECTED = "この行を取り込めませんでした。内容を確かめても直らないときは、システム管理者に連絡してください。"
# A file wrong in every row would list thousands of problems; the first ones tell what to fix.
PROBLEMS_SHOWN = 100
UPLOAD_HELP = f"CSV（UTF-8 または Shift_JIS）か XLSX のファイル。{LIMITS_TEXT}。"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def japanese_labels(form) -> None:
    form.fields["resource"].label = "データの種類"
    form.fields["format"].label = "ファイルの形式"
    form.fields["format"].choices = [
        (value, FORMAT_LABELS.get(label, label)) for value, label in form.fields["format"].choices
    ]


class SpreadsheetImportForm(ImportForm):
    """The upload form in Japanese; a file past MAX_UPLOAD_BYTES is refused before it is read."""

    def __init__(self, formats, resources, **kwargs) -> None:
        super().__init__(formats, resources, **kwargs)
        japanese_labels(self)
        self.fields["import_file"].label = "取り込むファイル"
        self.fields["import_file"].help_text = UPLOAD_HELP

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(str(too_large(upload.size)), code="too_large")
        return upload


class SpreadsheetExportForm(SelectableFieldsExportForm):
    """The export form in Japanese: each column's box labelled with its header (受付番号), not
    with its field name title-cased (Receipt Number)."""

    def __init__(self, formats, resources, **kwargs) -> None:
        super().__init__(formats, resources, **kwargs)
        japanese_labels(self)

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name

    def clean(self):
        try:
            return super().clean()
        except ValidationError:  # the library's only one: no column chosen, in English
            raise ValidationError("書き出す列を1つ以上選んでください。", code="invalid") from None


@dataclass
class Problem:
    """One thing that stops the import: where (line and column, when known) and what."""

    line: int | None
    column: str
    message: str


@dataclass
class PreviewRow:
    line: int | None
    kind: str
    label: str
    cells: list[tuple[str, bool]]  # the cell's HTML, and whether the import changes it


def readable(text: str, cause: Exception | None = None) -> str:
    """The message if staff can act on it; else a generic one, and the real one in the log.

    Our widgets and services, and Django's translated validators, speak Japanese; a message
    without a single Japanese character comes from code that does not (the library, the
    database driver) and would only put English, or a server's paths, on the page.
    """
    if JAPANESE.search(text):
        return text
    logger.error("import failed: %s", text, exc_info=cause)
    return UNEXPECTED


def error_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return readable(" ".join(error.messages), error)
    if isinstance(error, ValueError):
        return readable(str(error), error)
    return readable("", error)


def problems_of(result) -> list[Problem]:
    """Everything that stops the import, the file's own problems first, then by line."""
    names = getattr(result, "column_names", {})
    problems = []
    for row in result.invalid_rows:
        line = getattr(row, "line", row.number + 1)
        for field, errors in row.error_dict.items():
            column = "" if field == NON_FIELD_ERRORS else names.get(field, "")
            problems += [Problem(line, column, readable(force_str(error))) for error in errors]
    for row in result.error_rows:
        line = getattr(row, "line", row.number + 1)
        problems += [Problem(line, "", error_message(error.error)) for error in row.errors]
    problems.sort(key=lambda problem: problem.line)
    base = [Problem(None, "", error_message(error.error)) for error in result.base_errors]
    return base + problems


def preview_row(row: RowResult) -> PreviewRow:
    cells = [(html, "<ins" in html or "<del" in html) for html in row.diff or []]
    kind = row.import_type
    return PreviewRow(getattr(row, "line", None), kind, IMPORT_KINDS.get(kind, kind), cells)


def counts(result) -> list[tuple[str, int, str]]:
    """(新規, 3, "new") and so on; 削除 only when a row deletes (no import of ours does)."""
    return [
        (label, result.totals[kind], kind)
        for kind, label in IMPORT_KINDS.items()
        if kind != RowResult.IMPORT_TYPE_DELETE or result.totals[kind]
    ]


def import_report(result) -> dict:
    """What the page shows of a dry run: counts, problems, and the rows, changed ones apart."""
    rows = [preview_row(row) for row in result.valid_rows()]
    failed = len(result.invalid_rows) + len(result.error_rows)
    problems = problems_of(result)
    return {
        "problems": problems[:PROBLEMS_SHOWN],
        "problem_count": len(problems),
        # No counts when the file itself was refused (its headers): no row was read.
        "summary": [] if result.base_errors else [*counts(result), ("エラー", failed, "error")],
        "headers": result.diff_headers,
        "changed": [row for row in rows if row.kind != RowResult.IMPORT_TYPE_SKIP],
        "unchanged": [row for row in rows if row.kind == RowResult.IMPORT_TYPE_SKIP],
        "notices": getattr(result, "notices", []),
    }


def columns_help(resource) -> tuple[list[str], list[str]]:
    """The headers an import needs, and those it reads when they are there."""
    fields = resource.get_import_fields()
    required = [f.column_name for f in fields if f.attribute and not f.readonly]
    return required, [f.column_name for f in fields if f.column_name not in required]


def attachment(filename: str, fallback: str) -> str:
    """Content-Disposition for a Japanese file name (RFC 6266), with an ASCII one for old clients."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


class SpreadsheetAdminMixin:
    """For ImportExportModelAdmin and ExportMixin: the formats above, and pages staff can read.

    Everything the library says on its pages and in its messages is said here in Japanese
    (templates/admin/import_export/ has the pages): the errors of a dry run on the page, each
    with its line in the spreadsheet and its column, counts before the confirmation, and the
    changed rows apart from the unchanged ones.
    """

    formats = SPREADSHEET_FORMATS
    import_form_class = SpreadsheetImportForm
    export_form_class = SpreadsheetExportForm

    def add_data_read_fail_error_to_form(self, form, e: Exception) -> None:
        if isinstance(e, SpreadsheetError):
            message = str(e)
        else:
            message = (
                "ファイルを読み込めませんでした。選んだ形式（CSV または XLSX）と"
                "ファイルの種類が合っているか、ファイルが壊れていないかを確認してください。"
            )
        form.add_error("import_file", message)

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is not None:  # a TemplateResponse, not yet rendered
            resource = self.get_import_resource_classes(request)[0]()
            required, optional = columns_help(resource)
            context["title"] = f"{self.opts.verbose_name_plural}のインポート"
            context["required_columns"] = required
            context["optional_columns"] = optional
            context["limits_text"] = LIMITS_TEXT
            if context.get("result") is not None:
                context["report"] = import_report(context["result"])
        return response

    def add_success_message(self, result, request) -> None:
        done = "、".join(f"{label} {count} 件" for label, count, _kind in counts(result))
        messages.success(
            request, f"{self.opts.verbose_name_plural}をインポートしました（{done}）。"
        )

    def generate_log_entries(self, result, request) -> None:
        """The change history in Japanese, naming the file (the library wrote "new through
        import_export")."""
        if self.get_skip_admin_log():
            return
        source = without_control_characters(request.POST.get("original_file_name", ""))[:100]
        for kind, (flag, verb) in LOG_VERBS.items():
            instances = [row.instance for row in result if row.import_type == kind]
            if instances:
                LogEntry.objects.log_actions(
                    request.user.pk,
                    instances,
                    flag,
                    change_message=f"ファイル「{source}」のインポートで{verb}しました。",
                    single_object=len(instances) == 1,
                )

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # The library hands widgets native values only for its own XLSX class, not a subclass
        # (so every cell was text); for CSV they render text as before.
        if not self.has_export_permission(request):
            raise PermissionDenied
        native = isinstance(file_format, base_formats.XLSX)
        data = self.get_data_for_export(request, queryset, force_native_type=native, **kwargs)
        return file_format.export_data(data)

    def export_name(self, request) -> str:
        resource = self.get_export_resource_classes(request)[0]
        return getattr(resource, "export_name", "") or f"{self.opts.verbose_name_plural}一覧"

    def get_export_filename(self, request, queryset, file_format) -> str:
        """相談一覧_2026-11-29.xlsx: the day in Japan, not in UTC."""
        today = timezone.localdate()
        return f"{self.export_name(request)}_{today:%Y-%m-%d}.{file_format.get_extension()}"

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        # The library quotes the name as it is, which browsers may garble or drop.
        response = super()._do_file_export(file_format, request, queryset, export_form=export_form)
        today = timezone.localdate()
        fallback = f"{self.opts.model_name}_{today:%Y-%m-%d}.{file_format.get_extension()}"
        filename = self.get_export_filename(request, queryset, file_format)
        response["Content-Disposition"] = attachment(filename, fallback)
        return response

    def init_request_context_data(self, request, form):
        context = super().init_request_context_data(request, form)
        context["title"] = f"{self.opts.verbose_name_plural}のエクスポート"
        return context
