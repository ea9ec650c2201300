"""KPI values import and export (CSV/XLSX) with Japanese column headers.

Staff fill in targets and actuals in a spreadsheet; a row is one KPI in one fiscal year, matched on
the KPI's name and the year, so an exported file imported again changes nothing.
"""

from __future__ import annotations

from import_export import fields, resources, widgets

from dxportal.lib.spreadsheets import (
    JapaneseDecimalWidget,
    SpreadsheetResourceMixin,
    WholeNumberWidget,
    cell_text,
)
from plan.models import Kpi, KpiValue


class KpiWidget(widgets.ForeignKeyWidget):
    """A KPI by its name, with a Japanese message when there is none."""

    def __init__(self) -> None:
        super().__init__(Kpi, field="name")

    def clean(self, value, row=None, **kwargs):
        name = cell_text(value)
        matches = list(Kpi.objects.filter(name=name)[:2])
        if len(matches) != 1:
            problem = "が登録されていません" if not matches else "が複数あります"
            raise ValueError(f"指標「{name}」{problem}。")
        return matches[0]


class KpiValueResource(SpreadsheetResourceMixin, resources.ModelResource):
    """Targets and actuals, one KPI in one fiscal year a row."""

    export_name = "KPI年度値一覧"
    kpi = fields.Field(attribute="kpi", column_name="指標", widget=KpiWidget())
    unit = fields.Field(attribute="kpi__unit", column_name="単位", readonly=True)
    fiscal_year = fields.Field(
        attribute="fiscal_year", column_name="年度", widget=WholeNumberWidget()
    )
    target = fields.Field(attribute="target", column_name="目標値", widget=JapaneseDecimalWidget())
    actual = fields.Field(attribute="actual", column_name="実績値", widget=JapaneseDecimalWidget())

    class Meta:
        model = KpiValue
        fields = ("kpi", "unit", "fiscal_year", "target", "actual")
        import_id_fields = ("kpi", "fiscal_year")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return KpiValue.objects.select_related("kpi").order_by("kpi__id", "fiscal_year")
