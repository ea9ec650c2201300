"""Read-side queries of the plan, shaped for its pages at a constant query count."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from dxportal.lib.fiscal import fiscal_months
from headquarters.selectors import structure_bodies
from plan.models import (
    ActionPolicy,
    CommentPeriod,
    Event,
    FiscalSchedule,
    Initiative,
    Kpi,
    KpiValue,
    Pillar,
    Plan,
    Section,
    Track,
    Version,
)


def pillars_with_points(plan: Plan) -> QuerySet[Pillar]:
    return plan.pillars.prefetch_related("points")


def schedules_with_events(plan: Plan) -> QuerySet[FiscalSchedule]:
    events = Event.objects.select_related("meeting")
    tracks = Track.objects.select_related("body").prefetch_related(
        Prefetch("events", queryset=events)
    )
    return plan.schedules.prefetch_related(Prefetch("tracks", queryset=tracks))


def action_policies(plan: Plan) -> QuerySet[ActionPolicy]:
    return plan.action_policies.all()


@dataclass
class GridCell:
    """A cell of the month grid: the events of one month, or one period across its months."""

    months: list[datetime.date]
    events: list[Event]

    @property
    def span(self) -> int:
        return len(self.months)

    @property
    def range_label(self) -> str:
        """「6月〜8月」 for a cell across months (the bar's text equivalent), else empty."""
        if self.span < 2:
            return ""
        return f"{self.months[0].month}月〜{self.months[-1].month}月"


@dataclass
class GridRow:
    """One track of the month grid.

    `cells` holds, per month, the events falling in it. `lanes` is how the grid draws them: one
    table row per lane, a period as one cell across its months; a track needs a second lane
    only where a period overlaps another event.
    """

    track: Track
    cells: list[list[Event]]
    lanes: list[list[GridCell]]


@dataclass
class MonthGrid:
    """A fiscal-year schedule laid out April to March."""

    schedule: FiscalSchedule
    months: list[datetime.date]
    rows: list[GridRow]


def month_grid(schedule: FiscalSchedule) -> MonthGrid:
    """Lay a schedule out as the packet prints it: a row per track, a column per month."""
    months = fiscal_months(schedule.fiscal_year)
    rows = []
    for track in schedule.tracks.all():
        events = list(track.events.all())
        rows.append(
            GridRow(
                track=track,
                cells=[[e for e in events if e.covers_month(m)] for m in months],
                lanes=grid_lanes(events, months),
            )
        )
    return MonthGrid(schedule=schedule, months=months, rows=rows)


def grid_lanes(events: list[Event], months: list[datetime.date]) -> list[list[GridCell]]:
    """The lanes of one track: each a full row of cells covering every month once.

    Events of one month share its cell. Single-month events are placed first, so they stay on
    the first lane; a period goes on the first lane where all its months are still free.
    """
    spans = [(event, [m for m in months if event.covers_month(m)]) for event in events]
    placed = sorted((pair for pair in spans if pair[1]), key=lambda pair: len(pair[1]) > 1)
    lanes: list[list[GridCell | None]] = []
    for event, covered in placed:
        first = months.index(covered[0])
        lane = next((lane for lane in lanes if lane_has_room(lane, first, len(covered))), None)
        if lane is None:
            lane = [None] * len(months)
            lanes.append(lane)
        if lane[first] is None:
            cell = GridCell(months=covered, events=[])
            lane[first : first + len(covered)] = [cell] * len(covered)
        lane[first].events.append(event)
    return [lane_cells(lane, months) for lane in lanes or [[None] * len(months)]]


def lane_has_room(lane: list[GridCell | None], first: int, span: int) -> bool:
    """Whether an event over `span` months from month `first` fits the lane."""
    taken = lane[first : first + span]
    if span == 1:
        return taken[0] is None or taken[0].span == 1
    return all(cell is None for cell in taken)


def lane_cells(lane: list[GridCell | None], months: list[datetime.date]) -> list[GridCell]:
    """The lane's cells left to right, with an empty cell for each free month."""
    cells = []
    index = 0
    while index < len(months):
        cell = lane[index] or GridCell(months=[months[index]], events=[])
        cells.append(cell)
        index += cell.span
    return cells


def initiatives_with_kpis(plan: Plan) -> QuerySet[Initiative]:
    """Every initiative of the plan with its department and KPIs (values prefetched)."""
    values = KpiValue.objects.order_by("fiscal_year")
    kpis = Kpi.objects.prefetch_related(Prefetch("values", queryset=values))
    return (
        Initiative.objects.filter(pillar__plan=plan)
        .select_related("pillar", "department", "department__parent")
        .prefetch_related(Prefetch("kpis", queryset=kpis))
    )


def published_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(versions__published_on__isnull=False).distinct()


def current_plan() -> Plan | None:
    """The newest published plan: the one /plan/ and the home page show."""
    return published_plans().order_by("-first_fiscal_year", "-id").first()


def commentable_sections(period: CommentPeriod) -> QuerySet[Section]:
    """The sections of the version the period asks about, as published (none added since)."""
    headings = {section["heading"] for section in period.version.snapshot}
    plan = period.version.plan
    return plan.sections.filter(
        pk__in=[section.pk for section in plan.sections.all() if str(section) in headings]
    )


def current_version(plan: Plan, *, on: datetime.date | None = None) -> Version | None:
    """The version of the plan the public reads on the day (today by default), if any."""
    return plan.versions.published_by(on or timezone.localdate()).first()


def version_on(day: datetime.date) -> Version | None:
    """The version current on the day of the newest plan published by then (for meetings)."""
    return (
        Version.objects.published_by(day)
        .select_related("plan")
        .order_by("-plan__first_fiscal_year", "-plan_id", "-published_on", "-number")
        .first()
    )


def plan_context(plan: Plan) -> dict:
    """What the plan's body template needs: the live (draft) sections and the data they draw."""
    sections = list(plan.sections.all())
    kinds = {section.kind for section in sections}
    return {
        "plan": plan,
        "sections": sections,
        "outline": plan.outline.all() if Section.Kind.OUTLINE in kinds else [],
        "trends": plan.trends.all() if Section.Kind.TRENDS in kinds else [],
        "philosophy": getattr(plan, "philosophy", None),
        "pillars": pillars_with_points(plan),
        "policies": action_policies(plan),
        "grids": [month_grid(s) for s in schedules_with_events(plan)],
        "bodies": structure_bodies() if Section.Kind.STRUCTURE in kinds else [],
    }
