"""Meeting materials drawn from the plan: its text, schedule and 推進体制 (資料2 of the seed)."""

from __future__ import annotations

from dxportal.lib import materials
from plan.selectors import current_plan, plan_context


def plan_material(meeting) -> dict:
    """The plan as it reads now (its versions keep what earlier meetings saw)."""
    return plan_context(current_plan())


def register_all() -> None:
    materials.register(
        materials.Generator(
            key="plan",
            label="DX推進プラン（策定方針・理念・基本方針・スケジュール）",
            template="plan/plan_body.html",
            context=plan_material,
        )
    )
