"""Meeting materials drawn from the desk: its opening, operator and contacts (資料3 of the seed)."""

from __future__ import annotations

from consultations.models import Desk
from dxportal.lib import materials


def desk_material(meeting) -> dict:
    """The desk as recorded (the desk keeps no history; the published edition freezes it)."""
    desk = Desk.objects.order_by("id").first()
    return {"desk": desk, "support_items": desk.support_items.active()}


def register_all() -> None:
    materials.register(
        materials.Generator(
            key="desk",
            label="DX総合窓口（開設要旨・窓口概要・支援内容・所管課）",
            template="consultations/desk_body.html",
            context=desk_material,
        )
    )
