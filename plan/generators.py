"""Meeting materials drawn from the plan: its text, schedule and 推進体制 (資料2 of the seed)."""

from __future__ import annotations

from dxportal.lib import materials
from plan.bodies import version_body
from plan.selectors import version_on


def plan_material(meeting) -> dict:
    """The plan as published by the meeting's date: the body its version froze then.

    Drafts edited since, and versions published after the meeting, do not change the material.
    """
    version = version_on(meeting.date)
    return {
        "meeting": meeting,
        "version": version,
        "body": version_body(version) if version else "",
    }


def register_all() -> None:
    materials.register(
        materials.Generator(
            key="plan",
            label="DX推進プラン（策定方針・理念・基本方針・スケジュール）",
            template="plan/plan_material.html",
            context=plan_material,
        )
    )
