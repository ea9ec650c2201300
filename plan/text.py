"""The plan as plain text, section by section: what a version freezes and what a diff compares."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from dxportal.lib import markup
from headquarters.selectors import structure_bodies
from plan import selectors
from plan.models import Plan, Section


def section_lines(section: Section, plan: Plan) -> list[str]:
    """The lines a reader sees in one section, data-drawn parts included."""
    lines = [block.plain for block in markup.parse(section.body)]
    lines += generated_lines(section.kind, plan)
    lines += [block.plain for block in markup.parse(section.closing)]
    return lines


def generated_lines(kind: str, plan: Plan) -> list[str]:
    """The text of the part of a section drawn from data."""
    if kind == Section.Kind.OUTLINE:
        return [
            f"{item.marker} {item.title}" + (f"({item.detail})" if item.detail else "")
            for item in plan.outline.all()
        ]
    if kind == Section.Kind.TRENDS:
        return [f"・({trend.area}) {trend.text}" for trend in plan.trends.all()]
    if kind == Section.Kind.PHILOSOPHY and hasattr(plan, "philosophy"):
        return [*plan.philosophy.lines, f"～{plan.philosophy.slogan}～"]
    if kind == Section.Kind.PILLARS:
        lines = []
        for pillar in selectors.pillars_with_points(plan):
            lines.append(pillar.title)
            lines += [f"・{point.text}" for point in pillar.points.all()]
            lines.append(f"⇒ {pillar.conclusion}")
        return lines
    if kind == Section.Kind.POLICIES:
        lines = []
        for policy in selectors.action_policies(plan):
            lines.append(f"取組方針{policy.number} {policy.title}")
            lines += [policy.description] if policy.description else []
            lines += [f"(例) {policy.examples}"] if policy.examples else []
        return lines
    if kind == Section.Kind.SCHEDULE:
        lines = []
        for schedule in selectors.schedules_with_events(plan):
            lines.append(schedule.title)
            for track in schedule.tracks.all():
                lines += [
                    f"{track.name}: {event.symbol} {event.label}" for event in track.events.all()
                ]
            lines += [f"※ {schedule.note}"] if schedule.note else []
        return lines
    if kind == Section.Kind.STRUCTURE:
        lines = []
        for body in structure_bodies():
            lines.append(body.name)
            lines += [
                f"・{child.name}（{child.get_relation_display()}）" for child in body.children.all()
            ]
        return lines
    return []


def plan_text(plan: Plan) -> list[dict]:
    """The whole plan as [{"heading": …, "lines": […]}], in section order."""
    return [
        {"heading": str(section), "lines": section_lines(section, plan)}
        for section in plan.sections.all()
    ]


def flatten(snapshot: list[dict]) -> list[str]:
    """A snapshot as one list of lines, each section's heading marked with ■."""
    lines = []
    for section in snapshot:
        lines.append(f"■ {section['heading']}")
        lines += section["lines"]
    return lines


@dataclass(frozen=True)
class DiffLine:
    """A line of a comparison: kept, removed (only in the older) or added (only in the newer)."""

    change: str
    text: str


def compare(older: list[dict], newer: list[dict]) -> list[DiffLine]:
    """What changed between two snapshots, line by line."""
    old_lines, new_lines = flatten(older), flatten(newer)
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    result = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            result += [DiffLine("kept", line) for line in old_lines[a1:a2]]
            continue
        result += [DiffLine("removed", line) for line in old_lines[a1:a2]]
        result += [DiffLine("added", line) for line in new_lines[b1:b2]]
    return result


def changed_lines(older: list[dict], newer: list[dict]) -> int:
    """How many lines were removed or added between two snapshots."""
    return sum(1 for line in compare(older, newer) if line.change != "kept")
