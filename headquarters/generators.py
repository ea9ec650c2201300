"""Meeting materials the headquarters draws from its own data: the charter with its 別表."""

from __future__ import annotations

from dxportal.lib import materials
from headquarters.models import Charter
from headquarters.selectors import charter_context


def charter_material(meeting) -> dict:
    """The charter and its 別表 as in force on the meeting's day (資料1 of the seed meeting)."""
    return charter_context(Charter.objects.order_by("id").first(), meeting.date)


def register_all() -> None:
    materials.register(
        materials.Generator(
            key="charter",
            label="設置要綱（条文と別表第1・第2）",
            template="headquarters/charter_body.html",
            context=charter_material,
        )
    )
